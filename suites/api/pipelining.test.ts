// Write batching in impl's server: the answers to the pipelined requests of one read leave in one socket write, in
// request order (RFC 9112 9.3.2); a lone request is answered at once. Counts the server socket's stream writes.

import test from 'tape';
import * as net from 'node:net';
import type * as NodeHttp from 'node:http';
import type { Http } from './harness';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const http = require('../../impl') as Http;

const GET = (path: string): string => `GET ${path} HTTP/1.1\r\nHost: a\r\n\r\n`;

type Writes = { count: number };

/** a server whose accepted sockets count their stream writes (_write and _writev: one per write syscall attempt) */
async function start(handler: (req: NodeHttp.IncomingMessage, res: NodeHttp.ServerResponse) => void): Promise<{ server: NodeHttp.Server; port: number; writes: Writes }> {
  const writes: Writes = { count: 0 };
  const server = http.createServer(handler);
  server.on('connection', (socket: net.Socket) => {
    const s = socket as net.Socket & { _write: (...a: unknown[]) => void; _writev: (...a: unknown[]) => void };
    const w = s._write;
    const wv = s._writev;
    s._write = function (this: unknown, ...a: unknown[]) { writes.count++; return w.apply(this, a); };
    s._writev = function (this: unknown, ...a: unknown[]) { writes.count++; return wv.apply(this, a); };
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as net.AddressInfo).port, writes };
}

/** a raw client: sends each string as its own write after the previous answer (or all at once), collects bodies */
function client(port: number): { send(d: string): void; until(pred: (t: string) => boolean): Promise<string>; close(): void } {
  const s = net.connect(port, '127.0.0.1');
  s.setNoDelay(true);
  let text = '';
  const waiters: (() => void)[] = [];
  s.on('data', (d) => { text += d.toString('latin1'); for (const w of waiters.splice(0)) w(); });
  s.on('error', () => undefined);
  return {
    send(d) { s.write(Buffer.from(d, 'latin1')); },
    until(pred) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no answer; received ${JSON.stringify(text)}`)), 3000);
        const check = (): void => { if (pred(text)) { clearTimeout(timer); resolve(text); } else waiters.push(check); };
        check();
      });
    },
    close() { s.destroy(); },
  };
}

/** sends `data` at once on a new connection and resolves with everything received when the server closes */
function untilClose(port: number, data: string): Promise<string> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1', () => s.write(Buffer.from(data, 'latin1')));
    let text = '';
    s.on('data', (d) => { text += d.toString('latin1'); });
    s.on('error', () => undefined);
    s.on('close', () => resolve(text));
  });
}

const bodies = (t: string): string[] => t.match(/\[[^\]]*\]/g) ?? [];

test('pipelining: ten requests in one read, answered at once, leave in one write, in order', async (t) => {
  const { server, port, writes } = await start((req, res) => res.end(`[${req.url}]`));
  const c = client(port);
  const paths = Array.from({ length: 10 }, (_, i) => `/${i}`);
  c.send(paths.map(GET).join(''));
  const text = await c.until((x) => x.endsWith('[/9]'));
  t.deepEqual(bodies(text), paths.map((p) => `[${p}]`), 'ten answers in request order');
  t.equal((text.match(/HTTP\/1\.1 200 OK\r\n/g) ?? []).length, 10, 'ten status lines');
  t.equal(writes.count, 1, 'one socket write for the batch');
  c.close();
  server.close();
});

test('pipelining: requests sent one at a time are each answered in their own write, without waiting', async (t) => {
  const { server, port, writes } = await start((req, res) => res.end(`[${req.url}]`));
  const c = client(port);
  for (let i = 0; i < 5; i++) {
    c.send(GET(`/${i}`));
    // the answer arrives before the next request is sent: a lone request is not held back
    await c.until((x) => x.endsWith(`[/${i}]`));
  }
  t.equal(writes.count, 5, 'five writes for five separate requests');
  c.close();
  server.close();
});

test('pipelining: a late answer in the middle holds the ones after it, which then follow in order', async (t) => {
  const { server, port, writes } = await start((req, res) => {
    if (req.url === '/2') setTimeout(() => res.end('[/2]'), 30);
    else res.end(`[${req.url}]`);
  });
  const c = client(port);
  c.send([1, 2, 3, 4, 5].map((i) => GET(`/${i}`)).join(''));
  const text = await c.until((x) => x.endsWith('[/5]'));
  t.deepEqual(bodies(text), ['[/1]', '[/2]', '[/3]', '[/4]', '[/5]'], 'request order kept (RFC 9112 9.3.2)');
  t.ok(writes.count >= 2 && writes.count <= 3, `two or three writes (the batch before /2, then /2 with what waited behind it): ${writes.count}`);
  c.close();
  server.close();
});

test('pipelining: a response that closes the connection ends the batch; nothing after it is answered', async (t) => {
  const { server, port } = await start((req, res) => {
    if (req.url === '/2') res.setHeader('Connection', 'close');
    res.end(`[${req.url}]`);
  });
  const text = await untilClose(port, GET('/1') + GET('/2') + GET('/3'));
  t.deepEqual(bodies(text), ['[/1]', '[/2]'], 'answers up to the closing one (RFC 9112 9.6)');
  server.close();
});

test('pipelining: a handler that destroys the socket mid-batch does not lose the answers written before it', async (t) => {
  const { server, port } = await start((req, res) => {
    if (req.url === '/3') { req.socket.destroy(); return; }
    res.end(`[${req.url}]`);
  });
  const text = await untilClose(port, [1, 2, 3, 4].map((i) => GET(`/${i}`)).join(''));
  // node writes each answer at end(), before the destroy; the batch is flushed first, so the same two arrive
  t.deepEqual(bodies(text), ['[/1]', '[/2]'], 'the answers ended before destroy() arrive');
  server.close();
});

test('pipelining: clientError for a malformed request after pipelined ones: the earlier answers arrive first', async (t) => {
  const { server, port } = await start((req, res) => res.end(`[${req.url}]`));
  server.on('clientError', (_err: Error, socket: net.Socket) => socket.destroy());
  const text = await untilClose(port, GET('/1') + GET('/2') + 'G@T / HTTP/1.1\r\n\r\n');
  t.deepEqual(bodies(text), ['[/1]', '[/2]'], 'both answers, then the connection closes (RFC 9112 9.3.2)');
  server.close();
});
