// ClientRequest scenarios: the module's client against a raw TCP origin; the trace holds request bytes and events.

import type * as NodeHttp from 'node:http';
import { attempt, later, normaliseRaw, type Ctx, type Peer, type Scenario } from './harness';

const HEAD_END = (t: string): boolean => t.includes('\r\n\r\n');

/** raw origin: logs each request head it receives and answers with `response` (a string or per-peer function) */
async function origin(c: Ctx, response: string | ((peer: Peer) => Promise<void> | void), wait = HEAD_END): Promise<number> {
  return c.rawServer(async (peer) => {
    await peer.waitFor(wait);
    c.log('origin got', peer.text);
    if (typeof response === 'string') peer.send(response); else await response(peer);
  });
}

/** make a request with fresh agent false (Connection: close) unless options say otherwise, log events */
function request(c: Ctx, options: NodeHttp.RequestOptions, body?: string | null): Promise<NodeHttp.ClientRequest> {
  return new Promise((resolve) => {
    const req = c.http.request({ host: '127.0.0.1', port: c.port, agent: false, ...options });
    req.on('socket', () => c.log('socket'));
    req.on('response', (res) => {
      c.log('response', res.statusCode, res.statusMessage, res.httpVersion, normaliseRaw(res.rawHeaders, c.port), res.headers);
      res.on('aborted', () => c.log('res aborted'));
      res.on('error', (e) => c.log('res error', c.err(e), e.message));
      c.body(res).then((b) => c.log('body', b, res.complete, res.rawTrailers, res.trailers));
    });
    req.on('information', (info) => c.log('information', info.statusCode, info.statusMessage, normaliseRaw(info.rawHeaders), info.headers));
    req.on('continue', () => c.log('continue'));
    req.on('finish', () => c.log('finish'));
    req.on('error', (e) => c.log('error', ...((e as { code?: string }).code?.startsWith('HPE_') ? [c.err(e)] : [c.err(e), e.message])));
    req.on('close', () => { c.log('close'); resolve(req); });
    if (body !== null) req.end(body);
  });
}

/** raw origin that never answers; resolves with the request head once it has arrived (not logged: the caller logs
 *  it after the client's events have settled, because head arrival and client-side timers race) */
async function silentOrigin(c: Ctx): Promise<{ got: Promise<string> }> {
  let arrived!: (head: string) => void;
  const got = new Promise<string>((resolve) => { arrived = resolve; });
  await c.rawServer((peer) => { void peer.waitFor(HEAD_END).then(arrived); });
  return { got };
}

const OK = (body = 'ok', extra = ''): string => `HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n${extra}\r\n${body}`;

export const clientScenarios: Scenario[] = [
  {
    name: 'client: GET request bytes with the global agent (Connection: keep-alive, Host with port)',
    async run(c) {
      await origin(c, OK());
      await request(c, { path: '/x?y=1', agent: undefined });
    },
  },
  {
    name: 'client: agent false sends Connection: close',
    async run(c) {
      await origin(c, OK());
      await request(c, { path: '/' });
    },
  },
  {
    name: 'client: POST with end(data) sends Content-Length',
    async run(c) {
      await origin(c, OK(), (t) => t.endsWith('payload'));
      await request(c, { method: 'POST', path: '/p' }, 'payload');
    },
  },
  {
    name: 'client: POST with several writes is chunked',
    async run(c) {
      await origin(c, OK(), (t) => t.endsWith('0\r\n\r\n'));
      await new Promise<void>((resolve) => {
        const req = c.http.request({ host: '127.0.0.1', port: c.port, agent: false, method: 'POST' }, (res) => { res.resume(); res.on('end', resolve); });
        req.write('one');
        req.write(Buffer.from('two'));
        req.end();
      });
    },
  },
  {
    name: 'client: lower-case method is upper-cased; invalid method is ERR_INVALID_HTTP_TOKEN',
    async run(c) {
      await origin(c, OK());
      await request(c, { method: 'patch', path: '/m' }, 'x');
      c.log(attempt(() => c.http.request({ port: c.port, method: 'G T' })));
      c.log(attempt(() => c.http.request({ port: c.port, method: 5 as unknown as string })));
    },
  },
  {
    name: 'client: unescaped path is ERR_UNESCAPED_CHARACTERS, wrong protocol is ERR_INVALID_PROTOCOL',
    async run(c) {
      c.log(attempt(() => c.http.request({ port: 1, path: '/a b' })));
      c.log(attempt(() => c.http.request({ port: 1, protocol: 'https:' })));
      c.log(attempt(() => c.http.request({ port: 1, agent: {} as NodeHttp.Agent })));
      c.log(attempt(() => c.http.request({ port: 1, hostname: 5 as unknown as string })));
    },
  },
  {
    name: 'client: headers as an object, as a flat array, setHost false and auth',
    async run(c) {
      let n = 0;
      await c.rawServer(async (peer) => {
        await peer.waitFor(HEAD_END);
        c.log('origin got', n++, peer.text);
        peer.send(OK());
      });
      await request(c, { path: '/obj', headers: { 'X-A': '1', 'x-b': ['2', '3'], Cookie: ['c=1', 'd=2'] }, auth: 'user:pa ss' });
      await request(c, { path: '/arr', headers: ['X-A', '1', 'X-A', '2', 'Host', 'custom'] as unknown as NodeHttp.OutgoingHttpHeaders });
      await request(c, { path: '/nohost', setHost: false });
    },
  },
  {
    name: 'client: request accessors — path, method, host, protocol, getHeader, getHeaderNames, getRawHeaderNames, removeHeader',
    async run(c) {
      await origin(c, OK());
      const req = c.http.request({ host: '127.0.0.1', port: c.port, agent: false, path: '/acc', headers: { 'X-Keep': 'k', 'X-Drop': 'd' } });
      c.log(req.path, req.method, req.host, req.protocol, req.getHeader('x-keep'), req.getHeaderNames(), req.getRawHeaderNames(),
        req.hasHeader('host'), req.reusedSocket, req.headersSent);
      req.removeHeader('X-Drop');
      req.setHeader('X-Late', 'l');
      await new Promise<void>((resolve) => { req.on('response', (res) => { res.resume(); res.on('end', resolve); }); req.end(); });
    },
  },
  {
    name: 'client: flushHeaders sends the head before the body',
    async run(c) {
      let headSeen!: () => void;
      const seen = new Promise<void>((resolve) => { headSeen = resolve; });
      await c.rawServer(async (peer) => {
        await peer.waitFor(HEAD_END);
        c.log('head first', peer.text);
        headSeen();
        await peer.waitFor((t) => t.endsWith('0\r\n\r\n'));
        c.log('then', peer.text.split('\r\n\r\n')[1]);
        peer.send(OK());
      });
      await new Promise<void>((resolve) => {
        const req = c.http.request({ host: '127.0.0.1', port: c.port, agent: false, method: 'PUT' }, (res) => { res.resume(); res.on('end', resolve); });
        req.flushHeaders();
        // the body goes out only after the origin has seen the flushed head alone
        void seen.then(() => req.end('late body'));
      });
    },
  },
  {
    name: 'client: response events, headers maps, duplicate fields and headersDistinct',
    async run(c) {
      await origin(c, 'HTTP/1.1 200 Fine\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\nX-Dup: 1\r\nx-dup: 2\r\nContent-Type: a\r\n' +
        'Content-Type: b\r\nContent-Length: 2\r\n\r\nhi');
      const req = await request(c, {});
      c.log((req as unknown as { res?: NodeHttp.IncomingMessage }).res?.headersDistinct);
    },
  },
  {
    name: 'client: joinDuplicateHeaders joins singleton response fields',
    async run(c) {
      await origin(c, 'HTTP/1.1 200 OK\r\nContent-Type: a\r\nContent-Type: b\r\nContent-Length: 0\r\n\r\n');
      await request(c, { joinDuplicateHeaders: true } as NodeHttp.RequestOptions);
    },
  },
  {
    name: 'client: chunked response with trailers',
    async run(c) {
      await origin(c, 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: X-T\r\n\r\n3\r\nabc\r\n0\r\nX-T: 1\r\nX-T: 2\r\n\r\n');
      const req = await request(c, {});
      c.log((req as unknown as { res?: NodeHttp.IncomingMessage }).res?.trailersDistinct);
    },
  },
  {
    name: 'client: close-delimited response body ends at EOF',
    async run(c) {
      await origin(c, (peer) => { peer.send('HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nuntil the end'); peer.end(); });
      await request(c, {});
    },
  },
  {
    name: 'client: HEAD response with Content-Length has no body',
    async run(c) {
      await origin(c, 'HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n');
      await request(c, { method: 'HEAD' });
    },
  },
  {
    name: 'client: 204 and 304 responses have no body',
    async run(c) {
      await origin(c, 'HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\nETag: "x"\r\n\r\n');
      await request(c, {});
    },
  },
  {
    name: 'client: information events for 102 and 103 with their fields, then the response',
    async run(c) {
      await origin(c, 'HTTP/1.1 102 Processing\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\nLink: </b.js>; rel=preload\r\n\r\n' + OK('final'));
      await request(c, {});
    },
  },
  {
    name: 'client: Expect 100-continue — continue event, then the body is sent',
    async run(c) {
      await c.rawServer(async (peer) => {
        await peer.waitFor(HEAD_END);
        c.log('head', peer.text);
        peer.send('HTTP/1.1 100 Continue\r\n\r\n');
        await peer.waitFor((t) => t.endsWith('body!'));
        c.log('body arrived');
        peer.send(OK('done'));
      });
      await new Promise<void>((resolve) => {
        const req = c.http.request({ host: '127.0.0.1', port: c.port, agent: false, method: 'POST', headers: { Expect: '100-continue', 'Content-Length': 5 } },
          (res) => { res.resume(); res.on('end', resolve); });
        req.on('continue', () => { c.log('continue'); req.end('body!'); });
      });
    },
  },
  {
    name: 'client: upgrade event with the response, socket and bytes after the head',
    async run(c) {
      await origin(c, 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\nFIRST-FRAME');
      await new Promise<void>((resolve) => {
        const req = c.http.request({ host: '127.0.0.1', port: c.port, agent: false, headers: { Connection: 'Upgrade', Upgrade: 'echo' } });
        req.on('upgrade', (res, socket, head: Buffer) => {
          c.log('upgrade', res.statusCode, normaliseRaw(res.rawHeaders), head.toString('latin1'), typeof socket.write);
          socket.destroy();
        });
        req.on('close', () => { c.log('close'); resolve(); });
        req.end();
      });
    },
  },
  {
    name: 'client: 101 with no upgrade listener destroys the socket',
    async run(c) {
      await origin(c, 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\n');
      await request(c, { headers: { Connection: 'Upgrade', Upgrade: 'echo' } });
    },
  },
  {
    name: 'client: CONNECT — connect event on 200 with the tunnel bytes',
    async run(c) {
      await origin(c, 'HTTP/1.1 200 Connection Established\r\n\r\nTUNNEL');
      await new Promise<void>((resolve) => {
        const req = c.http.request({ host: '127.0.0.1', port: c.port, agent: false, method: 'CONNECT', path: 'example.com:443' });
        req.on('connect', (res, socket, head: Buffer) => { c.log('connect', res.statusCode, head.toString('latin1')); socket.destroy(); });
        req.on('close', () => { c.log('close'); resolve(); });
        req.end();
      });
    },
  },
  {
    name: 'client: CONNECT refused with 407 still goes to the connect event',
    async run(c) {
      await origin(c, 'HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 4\r\n\r\ndeny');
      await new Promise<void>((resolve) => {
        const req = c.http.request({ host: '127.0.0.1', port: c.port, agent: false, method: 'CONNECT', path: 'example.com:443' });
        req.on('connect', (res, socket, head: Buffer) => { c.log('connect', res.statusCode, head.toString('latin1')); socket.destroy(); });
        req.on('response', () => c.log('response'));
        req.on('close', () => { c.log('close'); resolve(); });
        req.end();
      });
    },
  },
  {
    name: 'client: server closes before responding — ECONNRESET socket hang up',
    async run(c) {
      await origin(c, (peer) => { peer.socket.end(); });
      await request(c, {});
    },
  },
  {
    name: 'client: server resets before responding',
    async run(c) {
      await origin(c, (peer) => { peer.socket.resetAndDestroy(); });
      await request(c, {});
    },
  },
  {
    name: 'client: server closes mid-body — aborted, ECONNRESET aborted, close',
    async run(c) {
      await origin(c, (peer) => { peer.send('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial'); setTimeout(() => peer.socket.end(), 20); });
      await request(c, {});
      await later(20);
    },
  },
  {
    name: 'client: malformed status line is a coded parse error on the request',
    async run(c) {
      await origin(c, 'HTTP/1.1 2x0 OK\r\n\r\n');
      await request(c, {});
    },
  },
  {
    // refused by both (RFC 9112 6.3 rule 3), with node's code; impl's finer reason is err.rule (see scenarios-fidelity)
    name: 'client: response with both Content-Length and Transfer-Encoding is refused',
    async run(c) {
      await origin(c, 'HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n');
      await request(c, {});
    },
  },
  {
    name: 'client: maxHeaderSize option makes a large response head an error',
    async run(c) {
      await origin(c, `HTTP/1.1 200 OK\r\nX-Big: ${'b'.repeat(500)}\r\nContent-Length: 0\r\n\r\n`);
      const events: unknown[] = [];
      await new Promise<void>((resolve) => {
        const req = c.http.request({ host: '127.0.0.1', port: c.port, agent: false, maxHeaderSize: 100 });
        req.on('error', (e: Error & { code?: string }) => events.push(e.code));
        req.on('close', () => resolve());
        req.end();
      });
      c.log(events);
    },
  },
  {
    name: 'client: insecureHTTPParser admits a control character in a response field',
    async run(c) {
      await origin(c, 'HTTP/1.1 200 OK\r\nX: a\x01b\r\nContent-Length: 0\r\n\r\n');
      await request(c, { insecureHTTPParser: true });
    },
  },
  {
    name: 'client: timeout option emits timeout; destroy then gives socket hang up',
    async run(c) {
      const { got } = await silentOrigin(c);
      const events: unknown[] = [];
      await new Promise<void>((resolve) => {
        const req = c.http.request({ host: '127.0.0.1', port: c.port, agent: false, timeout: 40 });
        // destroy only once the head reached the origin (the timer may fire before the connection is up)
        req.once('timeout', () => { events.push('timeout'); void got.then(() => req.destroy()); });
        req.on('error', (e) => events.push(['error', c.err(e), e.message]));
        req.on('close', () => { events.push(['close', req.destroyed]); resolve(); });
        req.end();
      });
      c.log('origin got', await got);
      for (const e of events) c.log(e);
    },
  },
  {
    name: 'client: setTimeout method with callback',
    async run(c) {
      const { got } = await silentOrigin(c);
      const events: unknown[] = [];
      await new Promise<void>((resolve) => {
        const req = c.http.request({ host: '127.0.0.1', port: c.port, agent: false });
        let fired = false; // a timer that fired before the connection was up fires again after the head is written
        const timeoutCb = (): void => {
          if (fired) return;
          fired = true;
          events.push('timeout cb');
          void got.then(() => req.destroy(new Error('gave up')));
        };
        c.log('returns req', req.setTimeout(40, timeoutCb) === req);
        req.on('error', (e) => events.push(['error', e.message]));
        req.on('close', () => { events.push('close'); resolve(); });
        req.end();
      });
      c.log('origin got', await got);
      for (const e of events) c.log(e);
    },
  },
  {
    name: 'client: AbortSignal aborts with AbortError',
    async run(c) {
      const { got } = await silentOrigin(c);
      const ac = new AbortController();
      await new Promise<void>((resolve) => {
        const req = c.http.request({ host: '127.0.0.1', port: c.port, agent: false, signal: ac.signal });
        req.on('error', (e) => c.log('error', c.err(e)));
        req.on('close', () => { c.log('close'); resolve(); });
        req.end();
        // abort an in-flight request: once its head has reached the origin
        void got.then((head) => { c.log('origin got', head); ac.abort(); });
      });
    },
  },
  {
    name: 'client: destroy before a socket is assigned',
    async run(c) {
      await origin(c, OK());
      await new Promise<void>((resolve) => {
        const req = c.http.request({ host: '127.0.0.1', port: c.port, agent: false });
        req.on('error', (e) => c.log('error', c.err(e), e.message));
        req.on('close', () => { c.log('close', req.destroyed); resolve(); });
        req.destroy();
      });
    },
  },
  {
    name: 'client: abort() emits abort and close, no error',
    async run(c) {
      const { got } = await silentOrigin(c);
      await new Promise<void>((resolve) => {
        const req = c.http.request({ host: '127.0.0.1', port: c.port, agent: false });
        req.on('abort', () => c.log('abort'));
        req.on('error', (e) => c.log('error', c.err(e)));
        req.on('close', () => { c.log('close', req.aborted); resolve(); });
        req.end();
        // abort an in-flight request: once its head has reached the origin
        void got.then((head) => { c.log('origin got', head); req.abort(); });
      });
    },
  },
  {
    name: 'client: createConnection option supplies the socket',
    async run(c) {
      await origin(c, OK('cc'));
      const net = await import('node:net');
      await request(c, { agent: undefined, createConnection: ((opts: { port: number; host: string }) => {
        c.log('createConnection', opts.port === c.port, opts.host);
        return net.createConnection(opts.port, opts.host);
      }) as unknown as NodeHttp.RequestOptions['createConnection'] });
    },
  },
  {
    name: 'client: lookup, family and localAddress options',
    async run(c) {
      await origin(c, OK());
      const lookup = ((host: string, opts: object, cb: (e: null, a: string, f: number) => void) => {
        c.log('lookup', host);
        cb(null, '127.0.0.1', 4);
      }) as unknown as NodeHttp.RequestOptions['lookup'];
      await request(c, { host: 'origin.test', lookup, family: 4, localAddress: '127.0.0.1' });
    },
  },
  {
    name: 'client: setNoDelay and setSocketKeepAlive are deferred until the socket connects',
    async run(c) {
      await origin(c, OK());
      await new Promise<void>((resolve) => {
        const req = c.http.request({ host: '127.0.0.1', port: c.port, agent: false }, (res) => { res.resume(); res.on('end', resolve); });
        c.log(req.setNoDelay(true), req.setSocketKeepAlive(true, 1000));
        req.end();
      });
    },
  },
  {
    name: 'client: get() with a URL string and a callback',
    async run(c) {
      await origin(c, OK('via get'));
      await new Promise<void>((resolve) => {
        c.http.get(`http://127.0.0.1:${c.port}/g?q=1`, { agent: false, headers: { 'X-G': '1' } }, (res) => {
          c.log('status', res.statusCode);
          c.body(res).then((b) => { c.log(b); resolve(); });
        });
      });
    },
  },
  {
    name: 'client: URL object with credentials becomes Authorization',
    async run(c) {
      await origin(c, OK());
      await request(c, new URL(`http://us%40er:p%3Ass@127.0.0.1:${c.port}/u`) as unknown as NodeHttp.RequestOptions);
    },
  },
  {
    name: 'client: uniqueHeaders joins listed request fields',
    async run(c) {
      await origin(c, OK());
      await request(c, { headers: { 'X-U': ['1', '2'], 'X-M': ['1', '2'] }, uniqueHeaders: ['x-u'] } as NodeHttp.RequestOptions);
    },
  },
  {
    name: 'client: response listener absent — the body is dumped and the request still closes',
    async run(c) {
      await origin(c, OK('ignored'));
      await new Promise<void>((resolve) => {
        const req = c.http.request({ host: '127.0.0.1', port: c.port, agent: false });
        req.on('close', () => { c.log('close', (req as unknown as { res?: NodeHttp.IncomingMessage }).res?.complete); resolve(); });
        req.end();
      });
    },
  },
  {
    name: 'client: write after end is ERR_STREAM_WRITE_AFTER_END',
    async run(c) {
      await origin(c, OK());
      await new Promise<void>((resolve) => {
        const req = c.http.request({ host: '127.0.0.1', port: c.port, agent: false, method: 'POST' }, (res) => { res.resume(); });
        req.on('error', (e) => c.log('error', c.err(e)));
        req.on('close', () => resolve());
        req.end('a');
        req.write('b', (e) => c.log('cb', c.err(e)));
      });
    },
  },
  {
    name: 'client: Content-Length mismatch with strictContentLength',
    async run(c) {
      await origin(c, OK());
      const req = c.http.request({ host: '127.0.0.1', port: c.port, agent: false, method: 'POST', headers: { 'Content-Length': 2 } });
      (req as unknown as { strictContentLength: boolean }).strictContentLength = true;
      req.on('error', () => undefined);
      c.log(attempt(() => req.write('abc')));
      req.destroy();
    },
  },
  {
    name: 'client: response setEncoding and custom reason phrase',
    async run(c) {
      await origin(c, 'HTTP/1.1 299 Custom Reason Here\r\nContent-Length: 4\r\n\r\n\xc3\xa9\xc3\xa9');
      await new Promise<void>((resolve) => {
        c.http.get({ host: '127.0.0.1', port: c.port, agent: false }, (res) => {
          res.setEncoding('utf8');
          let s = '';
          res.on('data', (d: string) => { s += d; });
          res.on('end', () => { c.log(res.statusCode, res.statusMessage, s); resolve(); });
        });
      });
    },
  },
];
