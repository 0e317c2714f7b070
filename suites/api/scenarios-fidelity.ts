// Scenarios for the node:http behaviours of issue 15 (constructors, parse-error codes, generic streams, re-entrancy,
// captureRejections, rejectNonStandardBodyWrites, Host lists, CONNECT listeners, repeated clientError, idle pooled
// connections): the same code against node:http and impl, traces compared (rfc overrides where impl follows a MUST).

import { EventEmitter } from 'node:events';
import * as net from 'node:net';
import { Duplex } from 'node:stream';
import type * as NodeHttp from 'node:http';
import { attempt, later, normalise, settle, type Ctx, type Scenario } from './harness';

const HEAD_END = (t: string): boolean => t.includes('\r\n\r\n');

/** a raw origin that answers each request head with `response` (once per connection) */
async function origin(c: Ctx, response: string): Promise<number> {
  return c.rawServer(async (peer) => {
    await peer.waitFor(HEAD_END);
    peer.send(response);
  });
}

/** one request with agent false; logs the events a caller sees */
function get(c: Ctx, options: NodeHttp.RequestOptions = {}): Promise<void> {
  return new Promise((resolve) => {
    const req = c.http.request({ host: '127.0.0.1', port: c.port, agent: false, ...options }, (res) => {
      c.body(res).then((b) => c.log('response', res.statusCode, b, res.complete));
    });
    req.on('information', (i) => c.log('information', i.statusCode));
    req.on('error', (e) => c.log('error', c.err(e)));
    req.on('close', () => { c.log('close'); resolve(); });
    req.end();
  });
}

/** a raw origin that records the first request head it receives and answers 200; resolves with a getter */
async function headRecorder(c: Ctx): Promise<() => string> {
  let head = '';
  await c.rawServer(async (peer) => {
    head = await peer.waitFor(HEAD_END);
    peer.send('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n');
  });
  return () => head;
}

/** an rfc override: impl adds `Connection: <option>` before node's own Connection line (RFC 9110 7.6.1) */
const addsOption = (section: string, option: string): Scenario['rfc'] => ({
  section,
  impl: (node) => node.map((e) => (typeof e === 'string' ? e.replace(/\r\nConnection: (keep-alive|close)\r\n/, `\r\nConnection: ${option}\r\nConnection: $1\r\n`) : e)),
});

/** send `data` on a fresh connection to the server and log the clientError codes and what came back */
async function clientErrorCode(c: Ctx, data: string): Promise<void> {
  const server = c.http.createServer((req, res) => res.end('ok'));
  server.on('clientError', (err: Error & { code?: string }, socket: net.Socket) => {
    c.log('clientError', err.code, /^Parse Error/.test(err.message));
    socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
  });
  await c.listen(server);
  c.log(JSON.stringify(data.slice(0, 60)), (await c.raw(data)).split('\r\n')[0]);
}

/** two in-memory Duplex streams, each reading what the other writes (no net.Socket methods) */
function duplexPair(): [Duplex, Duplex] {
  const make = (): Duplex & { other?: Duplex } => new Duplex({
    read() {},
    write(chunk: Buffer, _enc, cb) { (this as Duplex & { other?: Duplex }).other?.push(chunk); cb(); },
    final(cb) { (this as Duplex & { other?: Duplex }).other?.push(null); cb(); },
  });
  const a = make();
  const b = make();
  a.other = b;
  b.other = a;
  return [a, b];
}

export const fidelityScenarios: Scenario[] = [
  {
    name: 'fidelity: Server and Agent are callable without new; other constructors are not',
    async run(c) {
      // node's Server and Agent are functions; the typings only know `new`
      const http = c.http as unknown as Record<string, (...a: unknown[]) => unknown>;
      const server = http.Server((req: NodeHttp.IncomingMessage, res: NodeHttp.ServerResponse) => res.end('plain call')) as NodeHttp.Server;
      c.log('server', server instanceof c.http.Server, server.constructor === c.http.Server);
      const agent = http.Agent({ keepAlive: true }) as NodeHttp.Agent & { keepAlive: boolean };
      c.log('agent', agent instanceof c.http.Agent, agent.keepAlive, agent.constructor === c.http.Agent);
      agent.destroy();
      class Sub extends c.http.Server { marker = 1; }
      const sub = new Sub();
      c.log('subclass', sub instanceof c.http.Server, sub.marker, typeof sub.listen);
      for (const name of ['IncomingMessage', 'ServerResponse']) {
        const r = attempt(() => http[name]()) as unknown[];
        c.log(name, r[0], r[1]);
      }
      await c.listen(server);
      c.log((await c.raw('GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n')).endsWith('plain call'));
    },
  },
  {
    name: 'fidelity: an HTTP/1.1 request without Host is answered 400 without clientError, byte for byte as node',
    async run(c) {
      const server = c.http.createServer((req, res) => { c.log('request', req.url); res.end(); });
      server.on('clientError', (e: Error & { code?: string }, s: net.Socket) => { c.log('clientError', e.code); s.destroy(); });
      await c.listen(server);
      c.log(await c.raw('GET / HTTP/1.1\r\n\r\n'));
      c.log(await c.raw('GET / HTTP/1.1\r\nConnection: keep-alive\r\n\r\n'));
    },
  },
  {
    name: 'fidelity: setMaxIdleHTTPParsers validates its argument',
    async run(c) {
      const set = (c.http as unknown as { setMaxIdleHTTPParsers: (n: unknown) => void }).setMaxIdleHTTPParsers;
      c.log(typeof set, attempt(() => set(10)), attempt(() => set(0)), attempt(() => set('5')), attempt(() => set(1.5)));
      set(1000);
    },
  },
  {
    name: 'fidelity: parse error codes of the server are node\'s for the same input',
    async run(c) {
      const H = 'Host: a\r\n';
      for (const data of [
        `GET / HTTP/1.1\r\n${H}X : y\r\n\r\n`,
        `GET / HTTP/1.1\r\n${H}X: a\r\n b\r\n\r\n`,
        `GET / HTTP/1.1\r\n${H}X: a\x01b\r\n\r\n`,
        `GET / HTTP/1.1\r\n Host: a\r\n\r\n`,
        `POST / HTTP/1.1\r\n${H}Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
        `POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n`,
        `POST / HTTP/1.1\r\n${H}Content-Length: 3, 3\r\n\r\nabc`,
        `POST / HTTP/1.1\r\n${H}Content-Length: 3\r\nContent-Length: 3\r\n\r\nabc`,
        `POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n3\r\nabcX\r\n0\r\n\r\n`,
        `GET /${'a'.repeat(17000)} HTTP/1.1\r\n${H}\r\n`,
        `POST / HTTP/1.1\r\n${H}Content-Length: 99999999999999999999\r\n\r\n`,
        `POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\nX : y\r\n\r\n`,
      ]) {
        await clientErrorCode(c, data);
        await c.cleanup();
      }
    },
  },
  {
    name: 'fidelity: a response with Content-Length and Transfer-Encoding gives the client node\'s code',
    async run(c) {
      await origin(c, 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n');
      await get(c);
      await c.cleanup();
      await origin(c, 'HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n');
      await get(c);
    },
  },
  {
    name: 'fidelity: an empty line after a complete response is no error for the request it answered',
    async run(c) {
      await origin(c, 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi\r\n');
      await get(c);
      await c.cleanup();
      await origin(c, 'HTTP/1.1 200 OK\r\nHello: foo\x08foo\r\nContent-Length: 0\r\n\r\n\r\n');
      await get(c, { insecureHTTPParser: true });
    },
  },
  {
    name: 'fidelity rfc: octets after a complete response are not reported as an error of the answered request',
    // node reports llhttp's error for the octets that follow the response on the request that already got its
    // response; they are no response to it (RFC 9112 9.2: a client MUST NOT treat them as one), so impl drops the
    // connection without an 'error'
    rfc: { section: 'RFC 9112 9.2', impl: (node) => node.filter((e) => !(Array.isArray(e) && e[0] === 'error')) },
    async run(c) {
      await origin(c, 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhiGARBAGE\r\n\r\n');
      await get(c);
    },
  },
  {
    name: 'fidelity: a generic stream.Duplex serves requests via server.emit(\'connection\') and createConnection',
    async run(c) {
      const server = c.http.createServer((req, res) => {
        c.body(req).then((b) => { c.log('server got', req.method, req.url, b); res.end(`[${req.url}]`); });
      });
      const [clientSide, serverSide] = duplexPair();
      server.emit('connection', serverSide);
      for (const [path, body] of [['/a', ''], ['/b', 'hello']]) {
        await new Promise<void>((resolve) => {
          const req = c.http.request({ path, method: body ? 'POST' : 'GET', createConnection: () => clientSide as unknown as net.Socket, headers: { Connection: 'keep-alive' } }, (res) => {
            c.body(res).then((b) => { c.log('client got', res.statusCode, b); resolve(); });
          });
          (req as unknown as { shouldKeepAlive: boolean }).shouldKeepAlive = true;
          req.on('error', (e) => { c.log('error', c.err(e)); resolve(); });
          req.end(body || undefined);
        });
      }
      clientSide.end();
      await later(20);
      c.log('server side ended', serverSide.writableEnded);
      clientSide.destroy();
      serverSide.destroy();
    },
  },
  {
    name: 'fidelity: the client parser is not re-entered by data emitted from an information listener',
    async run(c) {
      await origin(c, 'HTTP/1.1 102 Processing\r\n\r\n');
      await new Promise<void>((resolve) => {
        const req = c.http.get({ host: '127.0.0.1', port: c.port, agent: false }, (res) => {
          c.body(res).then((b) => { c.log('response', res.statusCode, b); resolve(); });
        });
        req.on('information', (i) => {
          c.log('information', i.statusCode);
          req.socket?.emit('data', Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi'));
          c.log('after emit');
        });
        req.on('error', (e) => { c.log('error', c.err(e)); resolve(); });
      });
    },
  },
  {
    name: 'fidelity: captureRejections destroys the request or response whose async listener rejects',
    async run(c) {
      // the flag is read when an emitter is made: on for the whole scenario (both runs alike), restored after
      const prev = EventEmitter.captureRejections;
      EventEmitter.captureRejections = true;
      try {
        const server = c.http.createServer((req, res) => {
          res.on('error', (e) => c.log('res error', e.message));
          res.on('close', () => c.log('res close', res.destroyed, res.writableFinished));
          res.on('custom', async () => { throw new Error('boom-res'); });
          res.emit('custom');
        });
        await c.listen(server);
        await new Promise<void>((resolve) => {
          const req = c.http.request({ host: '127.0.0.1', port: c.port, agent: false });
          req.on('response', (res) => { c.log('response', res.statusCode); res.resume(); });
          req.on('error', (e) => c.log('req error', c.err(e)));
          req.on('close', () => resolve());
          req.end();
        });
        await later(30);
        const req2 = c.http.request({ host: '127.0.0.1', port: c.port, agent: false });
        req2.on('custom', async () => { throw new Error('boom-req'); });
        await new Promise<void>((resolve) => {
          req2.on('error', (e) => c.log('req2 error', e.message, req2.destroyed));
          req2.on('close', () => resolve());
          req2.emit('custom');
        });
      } finally {
        EventEmitter.captureRejections = prev;
      }
    },
  },
  {
    name: 'fidelity: rejectNonStandardBodyWrites throws ERR_HTTP_BODY_NOT_ALLOWED for HEAD, 204 and 304; off, writes are dropped',
    async run(c) {
      for (const reject of [true, false]) {
        const server = c.http.createServer({ rejectNonStandardBodyWrites: reject } as NodeHttp.ServerOptions, (req, res) => {
          if (req.url !== '/') res.statusCode = +(req.url as string).slice(1);
          c.log(reject, req.method, req.url, 'write', attempt(() => res.write('x')), 'end', attempt(() => res.end('y')));
          if (!res.writableEnded) res.end();
        });
        await c.listen(server);
        const text = await c.raw('HEAD / HTTP/1.1\r\nHost: a\r\n\r\nGET /204 HTTP/1.1\r\nHost: a\r\n\r\nGET /304 HTTP/1.1\r\nHost: a\r\n\r\n'
          + 'GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n');
        c.log(normalise(text));
        await c.cleanup();
      }
    },
  },
  {
    name: 'fidelity: headers.host given as a list is refused with ERR_INVALID_ARG_TYPE',
    async run(c) {
      for (const host of [['a', 'b'], ['a'], 5, null, 'x']) {
        c.log(JSON.stringify(host), attempt(() => {
          const req = c.http.request({ host: '127.0.0.1', port: 9, agent: false, headers: { host: host as string } });
          req.on('error', () => {});
          req.destroy();
        }));
      }
      c.log('Host', attempt(() => c.http.request({ host: '127.0.0.1', port: 9, agent: false, headers: { Host: ['a'] } })));
    },
  },
  {
    name: 'fidelity: no listener of the server or the client is left on a CONNECT socket',
    async run(c) {
      const kinds = ['close', 'end', 'data', 'error', 'timeout', 'drain', 'free', 'agentRemove'];
      const count = (s: net.Socket): string => kinds.map((k) => `${k}:${s.listenerCount(k)}`).join(' ');
      const server = c.http.createServer();
      server.on('connect', (req, socket: net.Socket) => {
        c.log('server', req.url, count(socket));
        socket.end('HTTP/1.1 200 Connection Established\r\n\r\n');
      });
      await c.listen(server);
      await new Promise<void>((resolve) => {
        const req = c.http.request({ host: '127.0.0.1', port: c.port, method: 'CONNECT', path: 'x.test:443', agent: false });
        req.on('connect', (res, socket) => { c.log('client', res.statusCode, count(socket)); socket.destroy(); resolve(); });
        req.on('error', (e) => { c.log('error', c.err(e)); resolve(); });
        req.end();
      });
    },
  },
  {
    name: 'fidelity: clientError is emitted again for more bad octets on a socket the listener kept open',
    async run(c) {
      const server = c.http.createServer((req, res) => res.end('ok'));
      let n = 0;
      server.on('clientError', (err: Error & { code?: string }, socket: net.Socket) => {
        n++;
        c.log('clientError', n, err.code, socket.writable);
        if (n === 1) socket.write('HTTP/1.1 400 Bad Request\r\n\r\n');
        if (n === 3) socket.destroy();
      });
      await c.listen(server);
      const peer = await c.connect();
      peer.send('GET / HTTP/1.1\r\nHost a\r\n\r\n');
      await peer.waitFor(HEAD_END);
      peer.send('more bad octets\r\n');
      await settle(() => n >= 2);
      peer.send('and more\r\n');
      await peer.closed;
      c.log('answers', peer.text.split('\r\n')[0], n);
    },
  },
  {
    name: 'fidelity rfc: a message with Upgrade and no upgrade connection option gets one',
    // node sends Upgrade as given; RFC 9110 7.8: "A sender of Upgrade MUST also send an "Upgrade" connection option in
    // the Connection header field", so impl adds a Connection: upgrade line before its usual Connection line
    rfc: addsOption('RFC 9110 7.8', 'upgrade'),
    async run(c) {
      const head = await headRecorder(c);
      await get(c, { headers: { Upgrade: 'example/1' } });
      c.log(head());
      await c.cleanup();
      await c.listen(c.http.createServer((req, res) => { res.writeHead(426, { Upgrade: 'example/1' }); res.end(); }));
      c.log(await c.raw('GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n'));
    },
  },
  {
    name: 'fidelity rfc: a request with TE and no TE connection option gets one',
    // node sends TE as given; RFC 9110 10.1.4: "A sender of TE MUST also send a "TE" connection option within the
    // Connection header field", so impl adds a Connection: TE line before its usual Connection line
    rfc: addsOption('RFC 9110 10.1.4', 'TE'),
    async run(c) {
      const head = await headRecorder(c);
      await get(c, { headers: { TE: 'trailers' } });
      c.log(head());
    },
  },
  {
    name: 'fidelity rfc: Expect: 100-continue on a request ended at once without content is not sent',
    // node sends the expectation; RFC 9110 10.1.1: "A client MUST NOT generate a 100-continue expectation in a request
    // that does not include content": a request ended without content while its head still waits for the socket
    // leaves without it (once the head has left, as when the caller waits for 'continue' first, it is too late)
    rfc: {
      section: 'RFC 9110 10.1.1',
      impl: (node) => node.map((e) => (typeof e === 'string' ? e.replace(/\r\nExpect: 100-continue\r\n/, '\r\n') : e)),
    },
    async run(c) {
      const head = await headRecorder(c);
      await new Promise<void>((resolve) => {
        const req = c.http.request({ host: '127.0.0.1', port: c.port, agent: false, method: 'POST', headers: { Expect: '100-continue' } });
        req.on('response', (res) => { c.log('response', res.statusCode); res.resume(); });
        req.on('close', () => resolve());
        req.end();
      });
      c.log(head());
    },
  },
  {
    name: 'fidelity rfc: a connection option naming a representation field is not sent',
    // node sends Connection as given; RFC 9110 7.6.1: "A sender MUST NOT send a connection option corresponding to a
    // field that is intended for all recipients of the content": impl drops content-* options (and a Connection line
    // left empty, in which case its usual Connection line is sent)
    rfc: {
      section: 'RFC 9110 7.6.1',
      impl: (node) => node.map((e) => (typeof e !== 'string' ? e
        : e.includes('Connection: Content-Type\r\n')
          ? e.replace('Connection: Content-Type\r\n', '').replace('Content-Length: 5\r\n', 'Connection: close\r\nContent-Length: 5\r\n')
          : e.replace('Connection: close, Content-Type\r\n', 'Connection: close\r\n'))),
    },
    async run(c) {
      const heads: string[] = [];
      await c.rawServer(async (peer) => {
        heads.push(await peer.waitFor(HEAD_END));
        peer.send('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n');
      });
      for (const connection of ['Content-Type', 'close, Content-Type']) {
        await new Promise<void>((resolve) => {
          const req = c.http.request({ host: '127.0.0.1', port: c.port, agent: false, method: 'POST', headers: { 'Content-Type': 'text/plain', Connection: connection } });
          req.on('response', (res) => res.resume());
          req.on('close', () => resolve());
          req.end('hello');
        });
      }
      for (const h of heads) c.log(h);
    },
  },
  {
    name: 'fidelity rfc: octets on an idle pooled connection close it; the next request opens a new one',
    // node keeps the connection pooled and sends the next request on it; RFC 9112 9.2: the client MUST NOT treat the
    // octets as a response and SHOULD close the connection, and impl does
    rfc: {
      section: 'RFC 9112 9.2',
      impl: (node) => node.map((e) => (Array.isArray(e) && e[0] === 'after junk' ? ['after junk', 0, true] : Array.isArray(e) && e[0] === 'second' ? ['second', e[1], e[2], false, 2] : e)),
    },
    async run(c) {
      let connections = 0;
      await c.rawServer(async (peer) => {
        connections++;
        const answered = async (n: number): Promise<void> => {
          await peer.waitFor((t) => t.split('\r\n\r\n').length > n);
          peer.send('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
        };
        await answered(1);
        await later(30);
        peer.send('HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\njunk');
        await answered(2);
      });
      const agent = c.agent({ keepAlive: true, maxSockets: 1 });
      const one = (): Promise<[number | undefined, string, boolean]> => new Promise((resolve) => {
        const req = c.http.get({ host: '127.0.0.1', port: c.port, agent }, (res) => {
          c.body(res).then((b) => resolve([res.statusCode, b, req.reusedSocket]));
        });
        req.on('error', (e) => resolve([0, String((e as { code?: string }).code), req.reusedSocket]));
      });
      c.log('first', ...(await one()));
      await later(80);
      const free = Object.values(agent.freeSockets).reduce((n, l) => n + (l?.length ?? 0), 0);
      const sockets = Object.values(agent.freeSockets).flat();
      c.log('after junk', free, sockets.every((s) => s?.destroyed));
      c.log('second', ...(await one()), connections);
    },
  },
];
