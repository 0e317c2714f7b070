// Scenarios for the node:http behaviours that Node's own test-http-*.js files rely on and impl lacked
// (bench/node-tests.ts measures those files): the same code against node:http and impl, traces compared (rfc overrides
// where impl follows a MUST of RFC 9110/9112 and node does not).

import * as asyncHooks from 'node:async_hooks';
import * as net from 'node:net';
import { Writable } from 'node:stream';
import type * as NodeHttp from 'node:http';
import { attempt, later, settle, type Ctx, type Scenario } from './harness';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { kConnectionsCheckingInterval } = require('node:_http_server') as { kConnectionsCheckingInterval: symbol };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { kHighWaterMark } = require('node:_http_outgoing') as { kHighWaterMark: symbol };

type ParseError = Error & { code?: string; reason?: string; bytesParsed?: number; rawPacket?: Buffer };

/** a parse error as node code sees it: every field node's tests compare */
const shape = (e: ParseError): unknown[] =>
  [e.name, e.message, e.code, e.reason, e.bytesParsed, e.rawPacket && Buffer.from(e.rawPacket).toString('latin1'), e instanceof Error];

/** send `data` in one write to a server whose clientError listener logs the error's shape and answers itself */
async function clientErrorShape(c: Ctx, data: string): Promise<void> {
  const server = c.http.createServer((req, res) => res.end('ok'));
  server.on('clientError', (err: ParseError, socket: net.Socket) => {
    c.log('clientError', ...shape(err));
    socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
  });
  await c.listen(server);
  const peer = await c.connect();
  peer.socket.write(data);
  c.log('answer', (await peer.closed).split('\r\n')[0]);
}

export const nodeTestScenarios: Scenario[] = [
  {
    name: 'node-tests: the connections-checking timer is server[kConnectionsCheckingInterval] (node\'s symbol), cleared by close()',
    async run(c) {
      const server = c.http.createServer();
      const timer = (): { _destroyed?: boolean } | undefined => (server as unknown as Record<symbol, { _destroyed?: boolean }>)[kConnectionsCheckingInterval];
      c.log('before listen', typeof timer());
      await c.listen(server);
      c.log('listening', typeof timer(), timer()?._destroyed);
      await new Promise<void>((resolve) => server.close(() => resolve()));
      c.log('closed', typeof timer(), timer()?._destroyed);
    },
  },
  {
    name: 'node-tests: parse error of an unknown method: name Error, llhttp\'s message and reason, bytesParsed at the failing octet',
    async run(c) {
      await clientErrorShape(c, 'Oopsie-doopsie\r\n');
    },
  },
  {
    name: 'node-tests: parse error of a method that is a known one plus more octets: "Expected space after method"',
    async run(c) {
      await clientErrorShape(c, 'GETX /\r\n\r\n');
    },
  },
  {
    name: 'node-tests: parse error of a header value with a control octet: llhttp\'s reason',
    async run(c) {
      await clientErrorShape(c, 'GET / HTTP/1.1\r\nHost: a\r\nX: a\x01b\r\n\r\n');
    },
  },
  {
    name: 'node-tests: header overflow: "Header overflow", bytesParsed to the end of the read',
    async run(c) {
      const server = c.http.createServer({ maxHeaderSize: 1024 } as NodeHttp.ServerOptions, (req, res) => res.end('ok'));
      server.on('clientError', (err: ParseError, socket: net.Socket) => {
        c.log('clientError', err.name, err.message, err.code, err.bytesParsed);
        socket.destroy();
      });
      await c.listen(server);
      const peer = await c.connect();
      peer.socket.write(`GET / HTTP/1.1\r\nCookie: ${'a'.repeat(2000)}`);
      await peer.closed;
    },
  },
  {
    name: 'node-tests: client parse error (Transfer-Encoding with Content-Length): llhttp\'s message, bytesParsed within the read',
    async run(c) {
      const response = 'HTTP/1.1 200 OK\r\nContent-Length: 6\r\nTransfer-Encoding: Chunked\r\n\r\n6\r\nfoobar0\r\n';
      await c.rawServer(async (peer) => { await peer.waitFor((t) => t.includes('\r\n\r\n')); peer.send(response); });
      await new Promise<void>((resolve) => {
        const req = c.http.get({ host: '127.0.0.1', port: c.port, agent: false }, () => { c.log('response'); resolve(); });
        req.on('error', (e: ParseError) => {
          const at = e.bytesParsed ?? -1;
          c.log('error', e.name, e.message, e.code, e.reason, at >= response.indexOf('Transfer-Encoding') && at < response.length);
          resolve();
        });
      });
    },
  },
  {
    name: 'node-tests: an HTTP/1.1 Upgrade request without Host is refused with 400 (node hands it to \'upgrade\')',
    rfc: {
      // RFC 9112 3.2: "A server MUST respond with a 400 (Bad Request) status code to any HTTP/1.1 request message that
      // lacks a Host header field"; node checks Host only after the upgrade hand-off
      section: 'RFC 9112 3.2',
      impl: () => [['answer', 'HTTP/1.1 400 Bad Request']],
    },
    async run(c) {
      const server = c.http.createServer((req, res) => res.end('request'));
      server.on('upgrade', (req: NodeHttp.IncomingMessage, socket: net.Socket) => {
        c.log('upgrade', req.url);
        socket.end('HTTP/1.1 101 Switching Protocols\r\nConnection: upgrade\r\nUpgrade: x\r\n\r\n');
      });
      await c.listen(server);
      c.log('answer', (await c.raw('GET /u HTTP/1.1\r\nUpgrade: x\r\nConnection: upgrade\r\n\r\n')).split('\r\n')[0]);
    },
  },
  {
    name: 'node-tests: argument errors word an anonymous function and an object status code as node does',
    async run(c) {
      const res = new c.http.ServerResponse(new c.http.IncomingMessage(new net.Socket()));
      c.log('setHeader(fn)', attempt(() => res.setHeader((() => 'x') as unknown as string, 'v')));
      c.log('writeHead({})', attempt(() => res.writeHead({} as unknown as number)));
      c.log('writeHead([1])', attempt(() => res.writeHead([1] as unknown as number)));
    },
  },
  {
    name: 'node-tests: a request body a handler began to read (then paused) is not dumped when the response finishes',
    async run(c) {
      const server = c.http.createServer((req, res) => {
        req.once('data', () => {
          req.pause();
          res.end('ok');
          res.on('finish', () => c.log('finish: dumped', (req as unknown as { _dumped: boolean })._dumped));
        });
      });
      await c.listen(server);
      await c.fetch({ method: 'POST', agent: false, headers: { 'content-length': '1024', connection: 'close' } }, 'x'.repeat(1024));
    },
  },
  {
    name: 'node-tests: a request body nobody reads is dumped when the response finishes',
    async run(c) {
      const server = c.http.createServer((req, res) => {
        res.end('ok');
        res.on('finish', () => c.log('finish: dumped', (req as unknown as { _dumped: boolean })._dumped));
      });
      await c.listen(server);
      await c.fetch({ method: 'POST', agent: false, headers: { 'content-length': '1024', connection: 'close' } }, 'x'.repeat(1024));
    },
  },
  {
    name: 'node-tests: the deprecated _headers and _headerNames accessors read and write the header store (DEP0066)',
    async run(c) {
      type Legacy = NodeHttp.OutgoingMessage & { _headers: unknown; _headerNames: unknown; getRawHeaderNames(): string[] };
      const m = new c.http.OutgoingMessage() as Legacy;
      c.log('empty', m._headerNames, JSON.stringify(m._headers));
      m.setHeader('X-Key', 'v');
      c.log('after setHeader', JSON.stringify(m._headerNames), JSON.stringify(m._headers));
      m._headerNames = { 'x-key': 'x-KEY', absent: 'Absent' };
      c.log('names set', JSON.stringify(m.getRawHeaderNames()));
      m._headers = { host: 'example', Origin: 'localhost' };
      c.log('headers set', JSON.stringify(m.getRawHeaderNames()), JSON.stringify(m.getHeaders()));
      m._headers = null;
      c.log('headers null', JSON.stringify(m.getHeaderNames()), m._headerNames);
    },
  },
  {
    name: 'node-tests: Content-Length beside Transfer-Encoding is the error reported, before a missing Host',
    async run(c) {
      await clientErrorShape(c, 'POST / HTTP/1.1\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n');
    },
  },
  {
    name: 'node-tests: Content-Length beside Transfer-Encoding is the error reported, before an unknown coding',
    async run(c) {
      await clientErrorShape(c, 'POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\nTransfer-Encoding: eee, chunked\r\n\r\nHELLOWORLD');
    },
  },
  {
    name: 'node-tests: a Host field value that is not uri-host [ ":" port ] is refused with 400 (node serves it)',
    rfc: {
      // RFC 9112 3.2: "A server MUST respond with a 400 (Bad Request) status code to any HTTP/1.1 request message that
      // lacks a Host header field and to any request message that contains more than one Host header field line or a
      // Host header field with an invalid field value."
      section: 'RFC 9112 3.2',
      impl: () => [['answer', 'HTTP/1.1 400 Bad Request'], ['answer', 'HTTP/1.1 400 Bad Request']],
    },
    async run(c) {
      const server = c.http.createServer((req, res) => { c.log('request', req.headers.host); res.end('ok'); });
      await c.listen(server);
      for (const host of ['foo\tcom', '- - - -']) {
        c.log('answer', (await c.raw(`GET / HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`)).split('\r\n')[0]);
      }
    },
  },
  {
    name: 'node-tests: request(url) takes the own properties a caller added to the URL object (headers)',
    async run(c) {
      const server = c.http.createServer((req, res) => { c.log('request', req.url, req.headers.foo); res.end('pong'); });
      await c.listen(server);
      const url = Object.assign(new URL(`http://127.0.0.1:${c.port}/ping?q=term`), { headers: { foo: 'Bar', connection: 'close' } });
      await new Promise<void>((resolve) => {
        const req = c.http.request(url, (res) => { res.resume(); res.on('end', resolve); });
        req.on('error', (e) => { c.log('error', c.err(e)); resolve(); });
        req.end();
      });
    },
  },
  {
    name: 'node-tests: errored is null before, and undefined after, destroy() without an error',
    async run(c) {
      const server = c.http.createServer((req, res) => {
        c.log('before', res.errored);
        res.end();
        res.destroy();
        c.log('after', res.errored);
      });
      await c.listen(server);
      await c.fetch({ agent: false });
    },
  },
  {
    name: 'node-tests: setMaxIdleHTTPParsers sets the free-list limit that node:http reads (_http_common.parsers.max)',
    async run(c) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const common = require('node:_http_common') as { parsers: { max: number } };
      const before = common.parsers.max;
      (c.http as unknown as { setMaxIdleHTTPParsers(n: number): void }).setMaxIdleHTTPParsers(7);
      c.log('max', common.parsers.max);
      (c.http as unknown as { setMaxIdleHTTPParsers(n: number): void }).setMaxIdleHTTPParsers(before);
    },
  },
  {
    name: 'node-tests: IncomingMessage._addHeaderLine joins one field line into an object by node\'s rules',
    async run(c) {
      for (const [field, value] of [['Content-Type', 'x'], ['set-cookie', 'a'], ['cookie', 'a'], ['x-foo', 'a'], ['', 'a'], ['Host', 'h']]) {
        const msg = new c.http.IncomingMessage(new net.Socket()) as NodeHttp.IncomingMessage & { _addHeaderLine(f: string, v: string | undefined, d: object): void };
        const dest = {};
        msg._addHeaderLine(field, 'first', dest);
        msg._addHeaderLine(field, value, dest);
        msg._addHeaderLine(field.toLowerCase(), undefined, dest);
        c.log(field, JSON.stringify(dest));
      }
    },
  },
  {
    name: 'node-tests: a Content-Disposition value given as a binary string leaves as node sends it, with and without Content-Length',
    async run(c) {
      const binary = Buffer.from('b\u00e5r').toString('latin1');
      const server = c.http.createServer((req, res) => {
        if (req.url === '/cl') res.writeHead(200, ['Content-Length', '5', 'content-disposition', binary]);
        else if (req.url === '/list') res.writeHead(200, ['content-disposition', [binary]]);
        else res.writeHead(200, ['content-disposition', binary]);
        res.end('hello');
      });
      await c.listen(server);
      for (const path of ['/cl', '/list', '/plain']) await c.fetch({ path, agent: false });
    },
  },
  {
    name: 'node-tests: a response on a generic Writable ends with an empty write that carries finish',
    async run(c) {
      const res = new c.http.ServerResponse({ method: 'GET', httpVersionMajor: 1, httpVersionMinor: 1 } as unknown as NodeHttp.IncomingMessage);
      const writes: number[] = [];
      const ws = new Writable({ write(chunk: Buffer, _enc, cb) { writes.push(chunk.length === 0 ? 0 : 1); setImmediate(cb); } });
      res.assignSocket(ws as unknown as net.Socket);
      await new Promise<void>((resolve) => { res.on('finish', () => resolve()); res.end('hello world'); });
      c.log('writes (1 = content, 0 = empty)', writes);
    },
  },
  {
    name: 'node-tests: Server.call(this) initialises an object that inherits from Server (util.inherits style)',
    async run(c) {
      const S = c.http.Server as unknown as (this: unknown, l: NodeHttp.RequestListener) => void;
      function Legacy(this: NodeHttp.Server): void {
        S.call(this, (req, res) => res.end('legacy'));
        this.on('connection', () => c.log('connection'));
      }
      Object.setPrototypeOf(Legacy.prototype, c.http.Server.prototype);
      Object.setPrototypeOf(Legacy, c.http.Server);
      const server = new (Legacy as unknown as new () => NodeHttp.Server)();
      c.log('instanceof', server instanceof c.http.Server, typeof server.listen, server.timeout, server.keepAliveTimeout);
      await c.listen(server);
      await c.fetch({ agent: false });
    },
  },
  {
    name: 'node-tests: request.setTimeout validates its duration and truncates one beyond 32 bits with a TimeoutOverflowWarning',
    async run(c) {
      const warnings: string[] = [];
      const onWarning = (w: Error): void => { warnings.push(`${w.name} ${w.stack?.includes('scenarios-node-tests') ?? false}`); };
      process.on('warning', onWarning);
      try {
        for (const msecs of [2 ** 40, Infinity, -1, NaN, '1']) {
          const req = c.http.request({ host: '127.0.0.1', port: 9, agent: false });
          req.on('error', () => {});
          c.log(String(msecs), attempt(() => req.setTimeout(msecs as number)));
          req.destroy();
        }
        await new Promise((r) => setImmediate(r));
        c.log('warnings', warnings);
      } finally {
        process.removeListener('warning', onWarning);
      }
    },
  },
  {
    name: 'node-tests: socket.parser.incoming is the request until it has ended and been answered; parser.free() runs at close',
    async run(c) {
      type Handle = { incoming: unknown; free(): void };
      const server = c.http.createServer((req, res) => {
        const parser = (req.socket as unknown as { parser: Handle }).parser;
        c.log('at request', parser.incoming === req);
        parser.free = () => c.log('free');
        req.on('end', () => {
          c.log('at end', parser.incoming === req);
          process.nextTick(() => c.log('next tick', parser.incoming === null));
        });
        req.socket.on('close', () => c.log('socket close', (req.socket as unknown as { parser: unknown }).parser));
        res.end('hello world');
      });
      await c.listen(server);
      const peer = await c.connect();
      peer.socket.end('POST / HTTP/1.1\r\nHost: a\r\nConnection: close\r\nContent-Length: 11\r\n\r\nhello world');
      await peer.closed;
      await new Promise((r) => setImmediate(r));
    },
  },
  {
    name: 'node-tests: the highWaterMark server option reaches the request stream and res[kHighWaterMark] (node\'s symbol)',
    async run(c) {
      for (const options of [{ highWaterMark: 32768 }, {}]) {
        const server = c.http.createServer(options as NodeHttp.ServerOptions, (req, res) => {
          c.log('hwm', req.readableHighWaterMark, (res as unknown as Record<symbol, unknown>)[kHighWaterMark], res.writableHighWaterMark);
          res.end();
        });
        await c.listen(server);
        await c.fetch({ agent: false });
      }
    },
  },
  {
    name: 'node-tests: the socket\'s close listeners called with the request as `this` do not throw',
    async run(c) {
      const server = c.http.createServer((req, res) => {
        const listeners = req.socket.listeners('close') as ((this: unknown) => void)[];
        c.log('call', attempt(() => { for (const fn of listeners) fn.call(req); }));
        // (the connection is closed for both now; node's own response then fails on its null socket, so none is sent)
        setImmediate(() => { c.log('request destroyed', req.destroyed, typeof res); req.socket.destroy(); });
      });
      // (not c.listen: node's closeAllConnections throws on a connection whose close listener has already run)
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      server.unref();
      const peer = await c.connect((server.address() as net.AddressInfo).port);
      peer.socket.end('POST / HTTP/1.1\r\nHost: example.com\r\nContent-Length: 11\r\n\r\nhello world');
      await peer.closed;
      // (and no server.close(): node's closeIdleConnections throws on that connection too; the server is unref'd, as
      // in node's own test)
    },
  },
  {
    name: 'node-tests: a response whose status line names HTTP/0.9 is read as node reads it (body to the close)',
    async run(c) {
      await c.rawServer(async (peer) => { await peer.waitFor((t) => t.includes('\r\n\r\n')); peer.send('HTTP/0.9 200 OK\r\n\r\nI AM THE WALRUS'); peer.end(); });
      await new Promise<void>((resolve) => {
        const req = c.http.get({ host: '127.0.0.1', port: c.port, agent: false }, (res) => {
          c.body(res).then((b) => { c.log('response', res.httpVersion, res.statusCode, b, res.complete); resolve(); });
        });
        req.on('error', (e) => { c.log('error', c.err(e)); resolve(); });
      });
    },
  },
  {
    // (test-http-pipeline-socket-parser-typeerror): the octets owed sit in responses queued behind one the handler
    // has not ended; the request that lets it end comes later in the same read, so the whole read must be parsed
    name: 'node-tests: responses queued behind an unended one past the high-water mark: the rest of the read is still parsed (an upgrade there ends the first)',
    async run(c) {
      let first: NodeHttp.ServerResponse | null = null;
      const server = c.http.createServer((req, res) => {
        c.log('request', req.url);
        if (!first) { first = res; return; }
        res.end(Buffer.alloc(10 * 1024, 'x'));
      });
      server.on('upgrade', (req: NodeHttp.IncomingMessage, socket: net.Socket) => {
        c.log('upgrade', req.url);
        first!.end('hello');
        socket.end();
      });
      await c.listen(server);
      const get = (p: string): string => `GET ${p} HTTP/1.1\r\nHost: a\r\n\r\n`;
      const text = await c.raw(get('/1') + get('/2') + get('/3') + get('/4') + get('/5') +
        'GET /u HTTP/1.1\r\nHost: a\r\nConnection: upgrade\r\nUpgrade: ws\r\n\r\n');
      c.log('received', text.split('\r\n')[0], text.endsWith('hello'));
    },
  },
  {
    // (test-http-server-unconsume-consume, with node's client): RFC 9112 3 says only that a recipient of an invalid
    // request-line SHOULD answer 400, so node's reading is kept (leniency connectOriginForm, on in the server)
    name: 'node-tests: CONNECT with an origin-form target (what node\'s client sends without a path) reaches \'connect\'',
    async run(c) {
      const server = c.http.createServer((req, res) => { c.log('request', req.method, req.url); res.end(); });
      server.on('connect', (req: NodeHttp.IncomingMessage, socket: net.Socket, head: Buffer) => {
        c.log('connect', req.method, req.url, req.headers.host, head.toString('latin1'));
        socket.end('HTTP/1.1 200 Connection Established\r\n\r\n');
      });
      await c.listen(server);
      c.log('answer', await c.raw('CONNECT / HTTP/1.1\r\nHost: a\r\n\r\nearly'));
    },
  },
  {
    name: 'node-tests rfc: a CONNECT request without an authority-form path is refused by the client',
    // node sends `CONNECT / HTTP/1.1` when no path is given; RFC 9112 3.2.3: "a client MUST send only the host and port
    // of the tunnel destination as the request-target", so impl throws before anything is sent
    rfc: {
      section: 'RFC 9112 3.2.3',
      impl: (node) => node.filter((e) => !(Array.isArray(e) && e[0] === 'sent' && e[1] === 'CONNECT / HTTP/1.1')).map((e) =>
        (Array.isArray(e) && e[0] === 'request' ? ['request', ['throws', 'TypeError', 'ERR_INVALID_ARG_VALUE',
          'The property \'options.path\' must be the tunnel destination, host:port, for CONNECT (RFC 9112 3.2.3). Received \'/\'']] : e)),
    },
    async run(c) {
      const lines: string[] = [];
      await c.rawServer(async (peer) => {
        const head = await peer.waitFor((t) => t.includes('\r\n\r\n'));
        lines.push(head.split('\r\n')[0]);
        peer.socket.destroy();
      });
      const send = (path?: string): unknown => attempt(() => {
        const req = c.http.request({ host: '127.0.0.1', port: c.port, method: 'CONNECT', path, agent: false });
        req.on('error', () => {});
        req.end();
        return req;
      });
      c.log('request', send());
      await settle(() => lines.length === 1, 200);
      if (lines.length) c.log('sent', lines.shift());
      c.log('with path', send('example.com:443'));
      await settle(() => lines.length === 1, 200);
      if (lines.length) c.log('sent', lines.shift());
    },
  },
  {
    // (test-http-max-http-headers): node's binding counts the request-target, field names and values (not the
    // method, version, colons, leading OWS or CRLFs) and refuses once the sum reaches maxHeaderSize
    name: 'node-tests: maxHeaderSize counted as node counts it (target, names, values): 99 of 100 pass, 100 is 431, whole or split',
    async run(c) {
      const server = c.http.createServer({ maxHeaderSize: 100 } as NodeHttp.ServerOptions, (req, res) => res.end('ok'));
      await c.listen(server);
      const h = (n: number): string => 'h'.repeat(n);
      const cases: [string, string][] = [
        ['counted 99', `GET / HTTP/1.1\r\nHost: ${h(94)}\r\n\r\n`],
        ['counted 100', `GET / HTTP/1.1\r\nHost: ${h(95)}\r\n\r\n`],
        ['long method, counted 99', `PROPFIND / HTTP/1.1\r\nHost: ${h(94)}\r\n\r\n`],
        ['50 OWS before the value, counted 99', `GET / HTTP/1.1\r\nHost:${' '.repeat(50)}${h(94)}\r\n\r\n`],
        ['trailing OWS counts: 99 + 1', `GET / HTTP/1.1\r\nHost: ${h(94)} \r\n\r\n`],
        ['45 short fields, counted 96', `GET / HTTP/1.1\r\nHost: h\r\n${'a:b\r\n'.repeat(45)}\r\n`],
        ['50 short fields, counted 106', `GET / HTTP/1.1\r\nHost: h\r\n${'a:b\r\n'.repeat(50)}\r\n`],
        ['query, counted 99', `GET /?${'q'.repeat(88)} HTTP/1.1\r\nHost: h\r\n\r\n`],
        ['a value that never ends', `GET / HTTP/1.1\r\nHost: h\r\nCookie: ${h(200)}`],
      ];
      for (const [label, data] of cases) {
        for (const split of [0, 30]) {
          const parts = split ? [data.slice(0, split), data.slice(split)] : [data];
          const peer = await c.connect();
          for (const p of parts) { peer.send(p); await later(20); }
          const text = await Promise.race([peer.waitFor((t) => t.includes('\r\n\r\n')), later(500).then(() => 'nothing yet')]);
          c.log(label, split ? 'in two writes' : 'in one write', text.split('\r\n')[0]);
          peer.socket.destroy();
        }
      }
    },
  },
  {
    name: 'node-tests: a client counts a response head as node does (reason, names, values): 99 of 100 pass, 100 is HPE_HEADER_OVERFLOW',
    async run(c) {
      for (const n of [99, 100]) {
        // "OK" (2) + "Content-Length" (14) + "0" (1) + "X" (1) + value
        const port = await c.rawServer(async (peer) => {
          await peer.waitFor((t) => t.includes('\r\n\r\n'));
          peer.send(`HTTP/1.1 200 OK\r\nContent-Length: 0\r\nX: ${'v'.repeat(n - 18)}\r\n\r\n`);
        });
        await new Promise<void>((resolve) => {
          const req = c.http.get({ host: '127.0.0.1', port, agent: false, maxHeaderSize: 100 }, (res) => {
            c.log(n, 'response', res.statusCode); res.resume(); res.on('end', resolve);
          });
          req.on('error', (e) => { c.log(n, 'error', c.err(e)); resolve(); });
        });
      }
    },
  },
  {
    // (test-http-server-multiple-client-error, with an octet no method can start with): the second read reaches the
    // dead parser after the first 'clientError' destroyed the socket, and is reported again, as node does
    name: 'node-tests: a read already buffered when clientError destroyed the socket is reported again',
    async run(c) {
      const httpServer = c.http.createServer(() => c.log('request'));
      httpServer.once('clientError', (err: ParseError, socket: net.Socket) => {
        c.log('clientError', err.code, err.rawPacket?.toString('latin1'));
        socket.destroy();
        httpServer.once('clientError', (e: ParseError) => c.log('clientError again', e.code, e.rawPacket?.toString('latin1')));
      });
      const netServer = net.createServer(function listener(socket: net.Socket): void {
        const first = socket.read(1);
        if (first === null) { socket.once('readable', () => listener(socket)); return; }
        socket.unshift(first);
        httpServer.emit('connection', socket);
      });
      await c.listen(netServer);
      const peer = await c.connect();
      peer.socket.end('(23 http://example.com HTTP/1.1\r\n\r\n');
      await peer.closed;
      await later(50);
    },
  },
  {
    name: 'node-tests rfc: a request whose method is a token outside node\'s list is read and dispatched, not refused',
    // node (llhttp) refuses a method outside its fixed list at the first octet with 400 (HPE_INVALID_METHOD); RFC 9110
    // 2.4: "A recipient MUST interpret a received protocol element according to the semantics defined for it by this
    // specification, including extensions to this specification" (method = token, RFC 9110 9.1; fixtures
    // extension-method-framed-by-*), so impl reads it, frames its content and lets the application answer
    rfc: {
      section: 'RFC 9110 2.4, 9.1',
      impl: (node) => [...node.filter((e) => !(Array.isArray(e) && e[0] === 'clientError')).map((e) =>
        (Array.isArray(e) && e[0] === 'answer' ? ['answer', 'HTTP/1.1 501 Not Implemented', 'HTTP/1.1 200 OK'] : e)),
      ['requests', 'FROBNICATE /x hello', 'get /next ']],
    },
    async run(c) {
      const seen: string[] = [];
      const server = c.http.createServer((req, res) => {
        let body = '';
        req.on('data', (d: Buffer) => { body += d.toString('latin1'); });
        req.on('end', () => {
          seen.push(`${req.method} ${req.url} ${body}`);
          res.statusCode = req.method === 'FROBNICATE' ? 501 : 200;
          res.end();
        });
      });
      server.on('clientError', (err: ParseError, socket: net.Socket) => {
        c.log('clientError', err.code);
        socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
      });
      await c.listen(server);
      const text = await c.raw('FROBNICATE /x HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello' +
        'get /next HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n');
      c.log('answer', ...text.split('\r\n').filter((l) => l.startsWith('HTTP/')));
      if (seen.length) c.log('requests', ...seen);
    },
  },
  {
    // (test-http-outgoing-proto): write() checks its chunk before anything else, also on an object that is not a message
    name: 'node-tests: OutgoingMessage.prototype.write on a plain object throws the chunk\'s error',
    async run(c) {
      const write = c.http.OutgoingMessage.prototype.write as (this: unknown, ...a: unknown[]) => boolean;
      const plain = { _header: 'test', _hasBody: 'test' };
      c.log('no chunk', attempt(() => write.call(plain)));
      c.log('number', attempt(() => write.call(plain, 1)));
      c.log('null', attempt(() => write.call(plain, null)));
    },
  },
  {
    // (test-http-parser-memory-retention): the parser slots node code reads are set while in use and cleared after
    name: 'node-tests: parser slots: server kOnTimeout until the socket closes, client onIncoming/joinDuplicateHeaders until the response ends',
    async run(c) {
      const kOnTimeout = 6; // node's HTTPParser.kOnTimeout
      type Slots = { [k: number]: unknown; onIncoming?: unknown; joinDuplicateHeaders?: unknown };
      let closed!: Promise<void>;
      const server = c.http.createServer((req, res) => {
        const parser = (req.socket as unknown as { parser: Slots }).parser;
        c.log('server kOnTimeout', typeof parser[kOnTimeout]);
        closed = new Promise((resolve) => req.socket.on('close', () => { c.log('server kOnTimeout after close', parser[kOnTimeout]); resolve(); }));
        res.end();
      });
      await c.listen(server);
      await new Promise<void>((resolve) => {
        const req = c.http.get({ host: '127.0.0.1', port: c.port, headers: { Connection: 'close' }, joinDuplicateHeaders: true } as NodeHttp.RequestOptions);
        let parser: Slots;
        req.on('socket', () => {
          parser = (req as unknown as { parser: Slots }).parser;
          c.log('client at socket', typeof parser.onIncoming, parser.joinDuplicateHeaders);
        });
        req.on('response', (res) => {
          res.resume();
          res.on('end', () => { c.log('client at end', parser.onIncoming, parser.joinDuplicateHeaders); resolve(); });
        });
      });
      await closed;
    },
  },
  {
    // (test-http-agent-domain-reused-gc): a pooled socket taken again gets a new async id on its handle, registered
    // with a resource named ReusedHandle (async_hooks and domains see the reuse)
    name: 'node-tests: a reused pooled socket\'s handle is reset with a ReusedHandle resource',
    async run(c) {
      const seen: string[] = [];
      const hook = asyncHooks.createHook({
        init(_id, type, _trigger, resource) { if (resource?.constructor?.name === 'ReusedHandle') seen.push(type); },
      }).enable();
      try {
        const server = c.http.createServer((req, res) => res.end('ok'));
        await c.listen(server);
        const agent = c.agent({ keepAlive: true, maxSockets: 1 });
        for (const path of ['/1', '/2']) {
          await new Promise<void>((resolve) => {
            const req = c.http.get({ host: '127.0.0.1', port: c.port, path, agent }, (res) => {
              c.log(path, 'reusedSocket', (req as unknown as { reusedSocket: boolean }).reusedSocket, 'ReusedHandle inits', seen.length);
              res.resume();
              res.on('end', () => setImmediate(resolve));
            });
            req.on('error', (e) => { c.log('error', c.err(e)); resolve(); });
          });
        }
        c.log('resource types', ...seen);
      } finally {
        hook.disable();
      }
    },
  },
  {
    // (test-http-parser-free): requests that follow one another on a kept-alive socket see the same parser object
    name: 'node-tests: consecutive requests on one pooled socket share req.parser',
    async run(c) {
      const server = c.http.createServer((req, res) => res.end('ok'));
      await c.listen(server);
      const agent = c.agent({ keepAlive: true, maxSockets: 1 });
      const parsers: unknown[] = [];
      await Promise.all([1, 2, 3].map((i) => new Promise<void>((resolve) => {
        const req = c.http.get({ host: '127.0.0.1', port: c.port, path: `/${i}`, agent }, (res) => {
          parsers.push((req as unknown as { parser: unknown }).parser);
          res.resume();
          res.on('end', resolve);
        });
        req.on('error', () => resolve());
      })));
      c.log('parsers', parsers.length, parsers.every((p) => p !== null && p === parsers[0]));
    },
  },
];
