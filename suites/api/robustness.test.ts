// Robustness of impl's node:http layer: disconnects, destroys, 10,000 keep-alive requests, malformed input everywhere.

import test from 'tape';
import * as net from 'node:net';
import type * as NodeHttp from 'node:http';
import type { Http } from './harness';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const http = require('../../impl') as Http;

const warnings: string[] = [];
process.on('warning', (w) => warnings.push(`${w.name}: ${w.message}`));

function listen(server: NodeHttp.Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)));
}

function close(server: NodeHttp.Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** send raw bytes, resolve with everything received when the server closes (bounded by a timer) */
function raw(port: number, data: string): Promise<string> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1', () => s.write(Buffer.from(data, 'latin1')));
    let text = '';
    const timer = setTimeout(() => { s.destroy(); resolve(`${text}<timeout>`); }, 3000);
    s.on('data', (d) => { text += d.toString('latin1'); });
    s.on('error', () => undefined);
    s.on('close', () => { clearTimeout(timer); resolve(text); });
  });
}

function get(port: number, agent: NodeHttp.Agent | false, path = '/'): Promise<{ status?: number; body: string; reused: boolean; error?: string }> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path, agent }, (res) => {
      let body = '';
      res.setEncoding('latin1');
      res.on('data', (d: string) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode, body, reused: req.reusedSocket }));
      res.on('error', (e: Error & { code?: string }) => resolve({ status: res.statusCode, body, reused: req.reusedSocket, error: e.code }));
      res.on('aborted', () => resolve({ status: res.statusCode, body, reused: req.reusedSocket, error: 'aborted' }));
    });
    req.on('error', (e: Error & { code?: string }) => resolve({ body: '', reused: false, error: e.code }));
  });
}

test('robustness: client disconnect mid-body — request aborted, connection state cleaned, server keeps serving', async (t) => {
  const events: string[] = [];
  const CONNECTIONS = 20;
  let closes = 0;
  let aborted!: () => void;
  let midBody: () => void = () => undefined;
  const allClosed = new Promise<void>((r) => { aborted = r; });
  const server = http.createServer((req, res) => {
    if (req.url === '/ok') { res.end('ok'); return; }
    req.on('aborted', () => events.push('aborted'));
    req.on('error', (e: Error & { code?: string }) => events.push(`error ${e.code} ${e.message}`));
    req.on('close', () => { events.push('close'); if (++closes === CONNECTIONS) aborted(); });
    req.once('data', () => midBody());
    req.resume();
  });
  const port = await listen(server);
  for (let i = 0; i < CONNECTIONS; i++) {
    const s = net.connect(port, '127.0.0.1');
    s.on('error', () => undefined);
    const reading = new Promise<void>((r) => { midBody = r; });
    s.write('POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1000000\r\n\r\n' + 'x'.repeat(1000));
    await reading; // disconnect once the server is reading the body, not after a while
    s.destroy();
  }
  await allClosed; // every request closes: waiting for all of them, not for a while
  t.deepEqual(events.slice(0, 3), ['aborted', 'error ECONNRESET aborted', 'close'], 'aborted, ECONNRESET "aborted", close');
  t.equal(events.filter((e) => e === 'close').length, CONNECTIONS, 'every aborted request closed');
  const r = await get(port, false, '/ok');
  t.equal(r.body, 'ok', 'server still serves');
  const count = await new Promise<number>((resolve) => server.getConnections((e, n) => resolve(n)));
  t.ok(count <= 1, `no leaked connections (${count})`);
  await close(server);
});

test('robustness: server destroys mid-response — client sees aborted, no hang, server keeps serving', async (t) => {
  const server = http.createServer((req, res) => {
    if (req.url === '/ok') { res.end('ok'); return; }
    res.writeHead(200, { 'Content-Length': 100 });
    res.write('partial');
    setTimeout(() => res.destroy(), 10);
  });
  const port = await listen(server);
  const results = await Promise.all(Array.from({ length: 10 }, () => get(port, false, '/cut')));
  t.ok(results.every((r) => r.status === 200 && r.body === 'partial' && (r.error === 'aborted' || r.error === 'ECONNRESET')),
    'each client saw the partial body then aborted');
  const chunked = http.createServer((req, res) => { res.write('a'); setTimeout(() => res.socket?.destroy(), 5); });
  const port2 = await listen(chunked);
  const r2 = await get(port2, false);
  t.equal(r2.body, 'a', 'chunked partial body delivered');
  t.ok(r2.error, `chunked response cut is an error (${r2.error})`);
  t.equal((await get(port, false, '/ok')).body, 'ok', 'server still serves');
  await close(server);
  await close(chunked);
});

test('robustness: 10,000 sequential keep-alive requests on one socket', async (t) => {
  let served = 0;
  const server = http.createServer((req, res) => { served++; res.end(req.url); });
  const port = await listen(server);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  let bad = 0;
  let reused = 0;
  const ports = new Set<number>();
  for (let i = 0; i < 10000; i++) {
    const r = await new Promise<{ body: string; reused: boolean; port: number }>((resolve) => {
      const req = http.get({ host: '127.0.0.1', port, path: `/${i}`, agent }, (res) => {
        let body = '';
        const lp = res.socket.localPort as number;
        res.setEncoding('latin1');
        res.on('data', (d: string) => { body += d; });
        res.on('end', () => resolve({ body, reused: req.reusedSocket, port: lp }));
      });
      req.on('error', () => resolve({ body: 'error', reused: false, port: 0 }));
    });
    if (r.body !== `/${i}`) bad++;
    if (r.reused) reused++;
    ports.add(r.port);
  }
  t.equal(bad, 0, 'every response matched its request');
  t.equal(served, 10000, 'server saw 10,000 requests');
  t.equal(reused, 9999, 'every request after the first reused the socket');
  t.equal(ports.size, 1, 'one connection');
  const free = Object.values(agent.freeSockets).reduce((n, l) => n + (l?.length ?? 0), 0);
  t.equal(free, 1, 'one idle socket left in the pool');
  const sock = Object.values(agent.freeSockets)[0]?.[0] as net.Socket | undefined;
  // one 'data' listener: the idle guard that closes a pooled connection on unsolicited octets (RFC 9112 9.2)
  t.ok(sock && sock.listenerCount('data') === 1 && sock.listenerCount('close') <= 3, 'no listeners accumulate on the pooled socket');
  agent.destroy();
  await close(server);
  t.deepEqual(warnings.filter((w) => /MaxListeners|leak/i.test(w)), [], 'no listener-leak warnings');
});

const MALFORMED_REQUESTS: [string, string][] = [
  ['method', 'G@T / HTTP/1.1\r\nHost: a\r\n\r\n'],
  ['target', 'GET /a\x7fb HTTP/1.1\r\nHost: a\r\n\r\n'],
  ['version', 'GET / HTTP/1.x\r\nHost: a\r\n\r\n'],
  ['major version', 'GET / HTTP/2.0\r\nHost: a\r\n\r\n'],
  ['request-line CR', 'GET / HTTP/1.1\rHost: a\r\n\r\n'],
  ['field name', 'GET / HTTP/1.1\r\nHost: a\r\nBad(Name): x\r\n\r\n'],
  ['space before colon', 'GET / HTTP/1.1\r\nHost : a\r\n\r\n'],
  ['field value NUL', 'GET / HTTP/1.1\r\nHost: a\r\nX: a\x00b\r\n\r\n'],
  ['field value CTL', 'GET / HTTP/1.1\r\nHost: a\r\nX: a\x01b\r\n\r\n'],
  ['obs-fold', 'GET / HTTP/1.1\r\nHost: a\r\nX: a\r\n b\r\n\r\n'],
  ['bare LF', 'GET / HTTP/1.1\nHost: a\n\n'],
  ['bare CR', 'GET / HTTP/1.1\r\nHost: a\rX: b\r\n\r\n'],
  ['whitespace after start line', 'GET / HTTP/1.1\r\n Host: a\r\n\r\n'],
  ['missing host', 'GET / HTTP/1.1\r\n\r\n'],
  ['duplicate host', 'GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n'],
  ['invalid host', 'GET / HTTP/1.1\r\nHost: a b\r\n\r\n'],
  ['content-length', 'POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1x\r\n\r\n'],
  ['duplicate content-length', 'POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab'],
  ['content-length overflow', 'POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999\r\n\r\n'],
  ['te and cl', 'POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n'],
  ['te not chunked', 'POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, gzip\r\n\r\n'],
  ['te unknown', 'POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: foo, chunked\r\n\r\n'],
  ['te http/1.0', 'POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n'],
  ['chunk size', 'POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'],
  ['chunk size overflow', 'POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffffffffffff\r\n'],
  ['chunk extension', 'POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n1;a=\x01\r\na\r\n0\r\n\r\n'],
  ['chunk extension overflow', `POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n1;${'e'.repeat(20000)}\r\na\r\n0\r\n\r\n`],
  ['chunk data CRLF', 'POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nab\r\n0\r\n\r\n'],
  ['trailer', 'POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nBad Trailer\r\n\r\n'],
  ['header overflow', `GET / HTTP/1.1\r\nHost: a\r\nX: ${'a'.repeat(20000)}\r\n\r\n`],
  ['uri too long', `GET /${'a'.repeat(20000)} HTTP/1.1\r\nHost: a\r\n\r\n`],
  ['binary garbage', '\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03'],
];

test('robustness: malformed requests on every parser path — clientError, coded status, server keeps serving', async (t) => {
  const errors: string[] = [];
  let requests = 0;
  // answer only once the body is complete, so body errors are reported before any response
  const server = http.createServer((req, res) => { req.resume(); req.on('end', () => { requests++; res.end('ok'); }); });
  const port = await listen(server);
  server.on('clientError', (err: Error & { code?: string; status?: number }, socket: net.Socket) => {
    errors.push(String(err.code));
    socket.end(`HTTP/1.1 ${err.status ?? 400} x\r\nConnection: close\r\n\r\n`);
  });
  const keeper = net.connect(port, '127.0.0.1');
  let keeperText = '';
  keeper.on('data', (d) => { keeperText += d.toString('latin1'); });
  await new Promise((r) => keeper.once('connect', r));
  for (const [name, input] of MALFORMED_REQUESTS) {
    const before = errors.length;
    const out = await raw(port, input);
    // a missing Host is answered by the server itself, without clientError, as node does
    const fired = name === 'missing host' ? 0 : 1;
    t.equal(errors.length, before + fired, `${name}: clientError fired ${fired} time(s) (${errors[errors.length - 1]})`);
    t.match(out, /^HTTP\/1\.1 (4\d\d|5\d\d) /, `${name}: answered ${out.slice(9, 12)} then closed`);
  }
  t.equal(requests, 0, 'no malformed message was delivered complete');
  // wait for the answer (or the connection's end), not for a while
  const answered = new Promise<void>((r) => {
    const check = (): void => { if (keeperText.endsWith('ok')) r(); };
    keeper.on('data', check);
    keeper.on('close', () => r());
  });
  keeper.write('GET / HTTP/1.1\r\nHost: a\r\n\r\n');
  await answered;
  t.ok(keeperText.endsWith('ok'), 'an open connection is still served');
  keeper.destroy();
  await close(server);
});

test('robustness: default clientError answers each malformed request with the coded status', async (t) => {
  const server = http.createServer((req, res) => { req.resume(); req.on('end', () => res.end('ok')); });
  const port = await listen(server);
  const statuses: Record<string, string> = {};
  for (const [name, input] of MALFORMED_REQUESTS) statuses[name] = (await raw(port, input)).slice(0, 12);
  t.equal(statuses['header overflow'], 'HTTP/1.1 431', '431 for an oversized head');
  t.equal(statuses['uri too long'], 'HTTP/1.1 414', '414 for an oversized request-target');
  t.equal(statuses['te unknown'], 'HTTP/1.1 501', '501 for an unknown transfer coding');
  t.equal(statuses['major version'], 'HTTP/1.1 505', '505 for HTTP/2.0 in an HTTP/1 request line');
  t.equal(statuses['content-length overflow'], 'HTTP/1.1 413', '413 for an oversized Content-Length');
  t.ok(Object.values(statuses).every((s) => /^HTTP\/1\.1 [45]\d\d$/.test(s)), 'every one answered with an error status');
  await close(server);
});

const MALFORMED_RESPONSES: [string, string][] = [
  ['status', 'HTTP/1.1 2x0 OK\r\n\r\n'],
  ['version', 'HTTX/1.1 200 OK\r\n\r\n'],
  ['field name', 'HTTP/1.1 200 OK\r\nBad Name: x\r\nContent-Length: 0\r\n\r\n'],
  ['field value', 'HTTP/1.1 200 OK\r\nX: a\x00b\r\nContent-Length: 0\r\n\r\n'],
  ['content-length', 'HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n'],
  ['te and cl', 'HTTP/1.1 200 OK\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n'],
  ['chunk size', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'],
  ['truncated chunked', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab'],
  ['truncated length', 'HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nab'],
  ['truncated head', 'HTTP/1.1 200 OK\r\nX: y'],
  ['empty', ''],
  ['garbage', '\x00\x01\x02garbage'],
];

test('robustness: malformed responses — the client reports an error and never crashes or hangs', async (t) => {
  for (const [name, bytes] of MALFORMED_RESPONSES) {
    const origin = net.createServer((s) => { s.on('error', () => undefined); s.once('data', () => s.end(Buffer.from(bytes, 'latin1'))); });
    const port = await new Promise<number>((resolve) => origin.listen(0, '127.0.0.1', () => resolve((origin.address() as net.AddressInfo).port)));
    const r = await get(port, false);
    t.ok(r.error, `${name}: error reported (${r.error})`);
    await new Promise<void>((resolve) => origin.close(() => resolve()));
  }
});
