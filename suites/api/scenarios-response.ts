// ServerResponse / OutgoingMessage scenarios: header store, writeHead forms, write/end, trailers, interim responses.

import type * as NodeHttp from 'node:http';
import { attempt, later, type Ctx, type Scenario } from './harness';

type Handler = (req: NodeHttp.IncomingMessage, res: NodeHttp.ServerResponse) => void;

/** serve one request with `handler` and log the wire response (Connection: close so it ends) */
async function exchange(c: Ctx, handler: Handler, request = 'GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n',
  options: NodeHttp.ServerOptions = {}): Promise<void> {
  await c.listen(c.http.createServer(options, (req, res) => {
    try { handler(req, res); } catch (e) { c.log('handler threw', c.err(e)); if (!res.writableEnded) res.end(); }
  }));
  c.log(await c.raw(request));
  await later(10);
}

export const responseScenarios: Scenario[] = [
  {
    name: 'response: header store — set, get, has, names, raw names, getHeaders, remove',
    async run(c) {
      await exchange(c, (req, res) => {
        res.setHeader('X-One', '1');
        res.setHeader('x-two', ['a', 'b']);
        res.setHeader('X-Num', 42);
        c.log(res.getHeader('x-one'), res.getHeader('X-TWO'), res.getHeader('x-num'), res.getHeader('nope'), res.hasHeader('X-ONE'));
        c.log(res.getHeaderNames(), (res as unknown as { getRawHeaderNames(): string[] }).getRawHeaderNames(), { ...res.getHeaders() });
        res.removeHeader('x-num');
        c.log(res.hasHeader('x-num'), res.getHeaderNames());
        c.log(attempt(() => res.getHeader(5 as unknown as string)), attempt(() => res.hasHeader(undefined as unknown as string)));
        res.end('ok');
      });
    },
  },
  {
    name: 'response: appendHeader accumulates values as separate field lines',
    async run(c) {
      await exchange(c, (req, res) => {
        res.appendHeader('Set-Cookie', 'a=1');
        res.appendHeader('set-cookie', ['b=2', 'c=3']);
        res.appendHeader('X-New', 'v');
        c.log(res.getHeader('set-cookie'), res.getHeader('x-new'));
        res.end();
      });
    },
  },
  {
    name: 'response: setHeaders from a Map and from Headers (set-cookie kept separate)',
    async run(c) {
      await exchange(c, (req, res) => {
        res.setHeaders(new Map<string, string | string[]>([['X-A', '1'], ['x-b', ['2', '3']]]));
        const h = new Headers();
        h.append('set-cookie', 'k=1');
        h.append('set-cookie', 'k=2');
        h.set('x-c', 'c');
        res.setHeaders(h);
        c.log(attempt(() => res.setHeaders([] as unknown as Map<string, string>)));
        c.log(attempt(() => res.setHeaders({} as unknown as Map<string, string>)));
        res.end('m');
      });
    },
  },
  {
    name: 'response: invalid names and values — ERR_INVALID_HTTP_TOKEN, ERR_INVALID_CHAR, ERR_HTTP_INVALID_HEADER_VALUE',
    async run(c) {
      await exchange(c, (req, res) => {
        c.log(attempt(() => res.setHeader('bad name', 'x')));
        c.log(attempt(() => res.setHeader('', 'x')));
        c.log(attempt(() => res.setHeader('x', 'a\r\nInjected: 1')));
        c.log(attempt(() => res.setHeader('x', undefined as unknown as string)));
        c.log(attempt(() => res.setHeader('x', ['ok', 'b\nad'])));
        c.log(attempt(() => res.appendHeader('x y', 'v')));
        c.log(attempt(() => res.writeHead(200, { 'bad key': 'v' })));
        res.end('x');
      });
    },
  },
  {
    name: 'response: ERR_HTTP_HEADERS_SENT after the head is written',
    async run(c) {
      await exchange(c, (req, res) => {
        res.writeHead(200);
        c.log(res.headersSent);
        c.log(attempt(() => res.setHeader('a', 'b')));
        c.log(attempt(() => res.removeHeader('a')));
        c.log(attempt(() => res.appendHeader('a', 'b')));
        c.log(attempt(() => res.writeHead(201)));
        c.log(attempt(() => res.setHeaders(new Map())));
        res.end();
      });
    },
  },
  {
    name: 'response: writeHead with an object merges with setHeader values',
    async run(c) {
      await exchange(c, (req, res) => {
        res.setHeader('X-A', 'set');
        res.setHeader('X-B', 'set');
        res.writeHead(201, { 'x-b': 'head', 'X-C': ['1', '2'] });
        res.end('body');
      });
    },
  },
  {
    name: 'response: writeHead with a flat array, with and without setHeader',
    async run(c) {
      await exchange(c, (req, res) => {
        if (req.url === '/a') res.writeHead(200, ['X-A', '1', 'x-a', '2', 'X-B', '3']);
        else { res.setHeader('X-A', '0'); res.writeHead(200, ['X-A', '1', 'X-B', '3']); }
        res.end(req.url);
      }, 'GET /a HTTP/1.1\r\nHost: a\r\n\r\nGET /b HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n');
    },
  },
  {
    name: 'response: writeHead with an array of pairs',
    async run(c) {
      await exchange(c, (req, res) => {
        res.writeHead(200, 'Fine', [['X-A', '1'], ['X-A', '2'], ['Content-Type', 'text/plain']] as unknown as NodeHttp.OutgoingHttpHeaders);
        c.log(res.statusMessage, res.statusCode);
        res.end('pairs');
      });
    },
  },
  {
    name: 'response: odd-length header array is ERR_INVALID_ARG_VALUE',
    async run(c) {
      await exchange(c, (req, res) => {
        const r = attempt(() => res.writeHead(200, ['a', 'b', 'c'] as unknown as NodeHttp.OutgoingHttpHeaders));
        c.log((r as unknown[]).slice(0, 3));
        res.end();
      });
    },
  },
  {
    name: 'response: statusCode and statusMessage properties, custom reason phrase, unknown status',
    async run(c) {
      await exchange(c, (req, res) => {
        c.log(res.statusCode, res.statusMessage);
        if (req.url === '/1') { res.statusCode = 404; res.statusMessage = 'Gone Fishing'; }
        else if (req.url === '/2') res.statusCode = 599;
        else res.writeHead(418);
        res.end(req.url);
      }, 'GET /1 HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HTTP/1.1\r\nHost: a\r\n\r\nGET /3 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n');
    },
  },
  {
    name: 'response: invalid status code and reason are rejected',
    async run(c) {
      await exchange(c, (req, res) => {
        c.log(attempt(() => res.writeHead(99)));
        c.log(attempt(() => res.writeHead(1000)));
        c.log(attempt(() => res.writeHead(200, 'bad\r\nreason')));
        res.statusMessage = 'OK';
        res.writeHead(200);
        res.end();
      });
    },
  },
  {
    name: 'response: write and end callbacks, finish/prefinish/close order, writable state',
    async run(c) {
      await exchange(c, (req, res) => {
        const state = (tag: string): void => c.log(tag, res.headersSent, res.writableEnded, res.writableFinished, res.finished);
        state('start');
        res.on('prefinish', () => state('prefinish'));
        res.on('finish', () => state('finish'));
        res.on('close', () => state('close'));
        c.log('write ret', res.write('a', () => c.log('write cb')));
        state('after write');
        res.end('b', () => c.log('end cb'));
        state('after end');
      });
    },
  },
  {
    name: 'response: write after end — ERR_STREAM_WRITE_AFTER_END via callback and error event',
    async run(c) {
      await exchange(c, (req, res) => {
        res.on('error', (e) => c.log('error event', c.err(e)));
        res.end('x');
        c.log('ret', res.write('y', (e) => c.log('cb', c.err(e))));
        res.end(() => c.log('second end cb'));
      });
    },
  },
  {
    name: 'response: end(cb) after finished gets ERR_STREAM_ALREADY_FINISHED',
    async run(c) {
      await exchange(c, (req, res) => {
        res.end('x', () => {
          res.end((e?: Error) => c.log('late end cb', c.err(e)));
        });
      });
    },
  },
  {
    name: 'response: write argument errors — null and non-buffer chunks',
    async run(c) {
      await exchange(c, (req, res) => {
        c.log(attempt(() => res.write(null)));
        c.log(attempt(() => res.write(5 as unknown as string)));
        c.log(attempt(() => res.write({} as unknown as string)));
        res.end();
      });
    },
  },
  {
    name: 'response: encodings — hex, base64, latin1, utf8 and Uint8Array',
    async run(c) {
      await exchange(c, (req, res) => {
        res.write('68656c6c6f', 'hex');
        res.write('IHdvcmxk', 'base64');
        res.write(' \xe9', 'latin1');
        res.write(' \u00e9');
        res.end(new Uint8Array([33]));
      });
    },
  },
  {
    name: 'response: end with a Buffer sets Content-Length',
    async run(c) {
      await exchange(c, (req, res) => { res.end(Buffer.from('buffered body')); });
    },
  },
  {
    name: 'response: strictContentLength — too much throws, too little at end throws',
    async run(c) {
      await exchange(c, (req, res) => {
        res.strictContentLength = true;
        res.setHeader('Content-Length', 3);
        c.log(attempt(() => res.write('ab')));
        c.log(attempt(() => res.write('cd')));
        c.log(attempt(() => res.end()));
        res.end('c');
      });
    },
  },
  {
    name: 'response: strictContentLength at end(chunk)',
    async run(c) {
      await exchange(c, (req, res) => {
        res.strictContentLength = true;
        res.setHeader('Content-Length', 5);
        c.log(attempt(() => res.end('toolong')));
        res.destroy();
      });
    },
  },
  {
    name: 'response: addTrailers on a chunked response with a Trailer field',
    async run(c) {
      await exchange(c, (req, res) => {
        res.writeHead(200, { Trailer: 'X-Sum, X-List' });
        res.write('data');
        res.addTrailers({ 'X-Sum': 'abc', 'X-List': ['1', '2'] });
        c.log(attempt(() => res.addTrailers({ 'bad name': 'x' })));
        c.log(attempt(() => res.addTrailers({ ok: 'bad\nvalue' })));
        res.addTrailers([['X-Sum', 'abc'], ['X-List', '3']] as unknown as NodeHttp.OutgoingHttpHeaders);
        res.end();
      });
    },
  },
  {
    name: 'response: a Trailer field on a Content-Length response is ERR_HTTP_TRAILER_INVALID',
    async run(c) {
      await exchange(c, (req, res) => {
        res.setHeader('Trailer', 'X');
        c.log(attempt(() => res.writeHead(200, { 'Content-Length': '1' })));
        res.removeHeader('Trailer');
        res.end();
      });
    },
  },
  {
    name: 'response: flushHeaders sends the head before the body',
    async run(c) {
      let headSeen!: () => void;
      const seen = new Promise<void>((resolve) => { headSeen = resolve; });
      await c.listen(c.http.createServer((req, res) => {
        res.flushHeaders();
        c.log('flushed', res.headersSent);
        // the body follows only once the client has seen the flushed head alone
        void seen.then(() => res.end('later'));
      }));
      const p = await c.connect();
      p.send('GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n');
      c.log(await p.waitFor((t) => t.includes('\r\n\r\n')));
      headSeen();
      c.log(await p.closed);
    },
  },
  {
    name: 'response: writeProcessing sends 102',
    async run(c) {
      await exchange(c, (req, res) => { res.writeProcessing(); res.end('done'); });
    },
  },
  {
    name: 'response: writeEarlyHints sends 103 with Link and extra fields; invalid hints are rejected',
    async run(c) {
      await exchange(c, (req, res) => {
        res.writeEarlyHints({ link: ['</a.css>; rel=preload; as=style', '</b.js>; rel=preload; as=script'], 'x-hint': 'h' });
        res.writeEarlyHints({ link: '</c.css>; rel=preload' }, () => c.log('hints cb'));
        c.log(attempt(() => res.writeEarlyHints({ link: 'no brackets' })));
        c.log(attempt(() => res.writeEarlyHints(null as unknown as Record<string, string>)));
        res.writeEarlyHints({});
        res.end('final');
      });
    },
  },
  {
    name: 'response: writeContinue without Expect still writes 100',
    async run(c) {
      await exchange(c, (req, res) => { res.writeContinue(); res.end('after'); });
    },
  },
  {
    name: 'response: sendDate false and explicit Date',
    async run(c) {
      await exchange(c, (req, res) => {
        if (req.url === '/nodate') res.sendDate = false;
        else res.setHeader('Date', 'Thu, 01 Jan 1970 00:00:00 GMT');
        res.end(req.url);
      }, 'GET /nodate HTTP/1.1\r\nHost: a\r\n\r\nGET /date HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n');
    },
  },
  {
    name: 'response: removing Date, Connection, Content-Length and Transfer-Encoding',
    async run(c) {
      await exchange(c, (req, res) => {
        res.removeHeader('Date');
        res.removeHeader('Content-Length');
        res.removeHeader('Transfer-Encoding');
        res.write('close-delimited');
        res.end();
      }, 'GET / HTTP/1.1\r\nHost: a\r\n\r\n');
    },
  },
  {
    name: 'response: explicit Connection: close, Transfer-Encoding: chunked and Keep-Alive from the handler',
    async run(c) {
      await exchange(c, (req, res) => {
        if (req.url === '/ka') { res.setHeader('Keep-Alive', 'timeout=1'); res.end('ka'); return; }
        res.setHeader('Transfer-Encoding', 'chunked');
        res.setHeader('Connection', 'close');
        res.write('x');
        res.end('y');
      }, 'GET /ka HTTP/1.1\r\nHost: a\r\n\r\nGET /te HTTP/1.1\r\nHost: a\r\n\r\n');
    },
  },
  {
    name: 'response: user Transfer-Encoding chunked on 204 is dropped and the connection closes',
    // node sends the field; impl leaves it out (A server MUST NOT send a Transfer-Encoding header field in any
    // response with a status code of 1xx or 204) and otherwise answers as node does
    rfc: { section: 'RFC 9112 6.1', impl: (node) => node.map((x) => (typeof x === 'string' ? x.replace('Transfer-Encoding: chunked\r\n', '') : x)) },
    async run(c) {
      await exchange(c, (req, res) => {
        res.writeHead(204, { 'Transfer-Encoding': 'chunked' });
        res.end();
      }, 'GET / HTTP/1.1\r\nHost: a\r\n\r\n');
    },
  },
  {
    name: 'response: multiple Set-Cookie values are separate lines; uniqueHeaders joins listed fields',
    async run(c) {
      await exchange(c, (req, res) => {
        res.setHeader('Set-Cookie', ['a=1', 'b=2']);
        res.setHeader('X-Unique', ['u1', 'u2']);
        res.setHeader('X-Multi', ['m1', 'm2']);
        res.end();
      }, undefined, { uniqueHeaders: ['x-unique'] });
    },
  },
  {
    name: 'response: cork and uncork batch writes; writableCorked counts',
    async run(c) {
      await exchange(c, (req, res) => {
        res.cork();
        res.write('a');
        res.write('b');
        c.log('corked', res.writableCorked > 0);
        res.uncork();
        res.end('c');
      });
    },
  },
  {
    name: 'response: empty writes and zero-length chunks send no chunk',
    async run(c) {
      await exchange(c, (req, res) => {
        res.write('');
        res.write(Buffer.alloc(0));
        res.write('z');
        res.end('');
      });
    },
  },
  {
    name: 'response: HTTP/1.0 client asking TE: chunked gets chunked; keep-alive request gets Connection: keep-alive',
    // node sends chunked to an HTTP/1.0 client that named chunked in TE; impl never sends Transfer-Encoding in a
    // response to HTTP/1.0 ("A server MUST NOT send a response containing Transfer-Encoding unless the corresponding
    // request indicates HTTP/1.1"): the body is delimited by closing, as for any HTTP/1.0 client
    rfc: { section: 'RFC 9112 6.1', impl: () => ['HTTP/1.1 200 OK\r\nDate: <date>\r\nConnection: close\r\n\r\n10'] },
    async run(c) {
      await exchange(c, (req, res) => { res.write('1'); res.end('0'); }, 'GET / HTTP/1.0\r\nTE: chunked\r\n\r\n');
    },
  },
  {
    name: 'response: pipe from a response is ERR_STREAM_CANNOT_PIPE',
    async run(c) {
      await exchange(c, (req, res) => {
        res.on('error', (e) => c.log('error', c.err(e)));
        res.pipe(process.stdout);
        res.end('x');
      });
    },
  },
  {
    name: 'response: async request handler that throws does not crash the server when caught',
    async run(c) {
      await exchange(c, async (req, res) => {
        await Promise.resolve();
        res.statusCode = 500;
        res.end('caught');
      });
    },
  },
];
