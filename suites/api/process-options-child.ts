// Child process of process-options.test.ts: loads node:http or impl (argv[2]) under whatever node options the parent
// gave, then prints one JSON line: http.maxHeaderSize, and what a server and a client of that module do with a head
// just over 150 octets and with a CTL in a field value (both depend on --max-http-header-size / --insecure-http-parser).

import * as net from 'node:net';
import type * as NodeHttp from 'node:http';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const http = (process.argv[2] === 'impl' ? require('../../impl') : require('node:http')) as typeof NodeHttp;
const LIMIT_MS = 3000;

/** what the module's server answers to `data` (status line, or the clientError code) */
function serve(data: string): Promise<string> {
  return new Promise((resolve) => {
    const server = http.createServer((req, res) => res.end(`ok ${JSON.stringify(req.headers['x-ctl'] ?? null)}`));
    let code = '';
    server.on('clientError', (e: Error & { code?: string }, s: net.Socket) => { code = String(e.code); s.destroy(); });
    server.listen(0, '127.0.0.1', () => {
      const c = net.connect((server.address() as net.AddressInfo).port, '127.0.0.1', () => c.write(data));
      let text = '';
      const done = (): void => { server.close(); resolve(code || text.split('\r\n')[0] + ' ' + text.slice(text.indexOf('\r\n\r\n') + 4)); };
      const timer = setTimeout(() => { c.destroy(); }, LIMIT_MS);
      c.on('data', (d) => { text += d.toString('latin1'); });
      c.on('error', () => {});
      c.on('close', () => { clearTimeout(timer); done(); });
    });
  });
}

/** what the module's client makes of `response` */
function fetch(response: string): Promise<string> {
  return new Promise((resolve) => {
    const origin = net.createServer((s) => { s.on('error', () => {}); s.once('data', () => s.end(response)); });
    origin.listen(0, '127.0.0.1', () => {
      const timer = setTimeout(() => { origin.close(); resolve('timeout'); }, LIMIT_MS);
      const finish = (r: string): void => { clearTimeout(timer); origin.close(); resolve(r); };
      const req = http.get({ host: '127.0.0.1', port: (origin.address() as net.AddressInfo).port, agent: false }, (res) => {
        res.resume();
        res.on('end', () => finish(`${res.statusCode} ${JSON.stringify(res.headers['x-ctl'] ?? null)}`));
      });
      req.on('error', (e: Error & { code?: string }) => finish(String(e.code)));
    });
  });
}

(async () => {
  const big = `GET / HTTP/1.1\r\nHost: a\r\nX-Big: ${'b'.repeat(200)}\r\nConnection: close\r\n\r\n`;
  const ctl = 'GET / HTTP/1.1\r\nHost: a\r\nX-Ctl: a\x01b\r\nConnection: close\r\n\r\n';
  const out = {
    maxHeaderSize: http.maxHeaderSize,
    serverBig: await serve(big),
    serverCtl: await serve(ctl),
    clientBig: await fetch(`HTTP/1.1 200 OK\r\nX-Big: ${'b'.repeat(200)}\r\nContent-Length: 0\r\n\r\n`),
    clientCtl: await fetch('HTTP/1.1 200 OK\r\nX-Ctl: a\x01b\r\nContent-Length: 0\r\n\r\n'),
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
  process.exit(0);
})();
