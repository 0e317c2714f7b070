// No code path of impl/node sends Content-Length together with Transfer-Encoding (RFC 9112 6.2), nor either field in
// a 1xx or 204 response (RFC 9110 8.6, RFC 9112 6.1), nor Transfer-Encoding to an HTTP/1.0 client (RFC 9112 6.1):
// every way the node:http API lets a caller set those fields is tried over loopback, and what impl puts on the wire
// is re-parsed by the strict reference parser. The same code runs against node:http, which sends what the caller
// set; the test checks that node still differs where the README's deliberate-difference rows say it does.

import test from 'tape';
import * as net from 'node:net';
import * as nodeHttp from 'node:http';
import type * as NodeHttp from 'node:http';
import { Parser } from '../../impl/core/parser';
import type { MessageHead } from '../../impl/core/types';
import type { Leniency } from '../../impl/core/leniency';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const impl = require('../../impl') as typeof NodeHttp;
type Http = typeof NodeHttp;
type Handler = (res: NodeHttp.ServerResponse, req: NodeHttp.IncomingMessage) => void;

interface Message { head: string; fields: string[]; body: string; trailers: string[] }

const CL = 'Content-Length';
const TE = 'Transfer-Encoding';
const has = (m: Message, name: string): boolean => m.fields.some((f, i) => i % 2 === 0 && f.toLowerCase() === name.toLowerCase());

/** parse a whole byte stream with the strict reference parser; an error is returned as its code */
function parse(kind: 'request' | 'response', wire: Buffer, methods: string[], lenient?: Leniency): { messages: Message[]; error: string | null } {
  const messages: Message[] = [];
  let cur: Message | null = null;
  const p = new Parser(kind, {
    onHead(h: MessageHead) {
      const head = h.kind === 'request' ? `${h.method} ${h.target}` : String(h.status);
      cur = { head, fields: h.fields, body: '', trailers: [] };
      messages.push(cur);
    },
    onBody(d) { if (cur) cur.body += Buffer.from(d).toString('latin1'); },
    onTrailers(f) { if (cur) cur.trailers = f; },
    onMessageComplete() { cur = null; },
  }, { lenient });
  for (const m of methods) p.pushRequestMethod(m);
  p.execute(wire);
  if (!p.error && !p.upgraded) p.finish();
  return { messages, error: p.error ? p.error.code : null };
}

const LIMIT_MS = 3000;

/** serve one request with `handler` and return the response octets, read until the server closes */
async function serverWire(http: Http, handler: Handler, request: string): Promise<Buffer> {
  const server = http.createServer((req, res) => {
    try { handler(res, req); } catch (e) { res.setHeader('X-Threw', String((e as { code?: string }).code)); }
    if (!res.writableEnded) res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  const socket = net.connect(port, '127.0.0.1');
  const chunks: Buffer[] = [];
  socket.on('data', (d: Buffer) => chunks.push(d));
  socket.on('error', () => {});
  socket.write(request);
  await new Promise<void>((resolve) => {
    const t = setTimeout(resolve, LIMIT_MS);
    socket.on('close', () => { clearTimeout(t); resolve(); });
  });
  socket.destroy();
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
  return Buffer.concat(chunks);
}

/** make one request with `make` against a raw origin and return the request octets the client sent */
async function clientWire(http: Http, make: (port: number, agent: NodeHttp.Agent) => NodeHttp.ClientRequest): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const origin = net.createServer((s) => {
    s.on('data', (d: Buffer) => chunks.push(d));
    s.on('error', () => {});
    setTimeout(() => s.end('HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n'), 100);
  });
  await new Promise<void>((r) => origin.listen(0, '127.0.0.1', r));
  const port = (origin.address() as net.AddressInfo).port;
  const agent = new http.Agent();
  await new Promise<void>((resolve) => {
    const t = setTimeout(resolve, LIMIT_MS);
    try {
      const req = make(port, agent);
      req.on('error', () => { clearTimeout(t); resolve(); });
      req.on('response', (res) => { res.resume(); res.on('end', () => { clearTimeout(t); resolve(); }); });
    } catch { clearTimeout(t); resolve(); }
  });
  agent.destroy();
  await new Promise<void>((r) => origin.close(() => r()));
  return Buffer.concat(chunks);
}

const GET11 = 'GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n';

interface ServerWay { name: string; handler: Handler; request?: string; method?: string; body: string; nodeDiffers?: boolean }

// the body is always 'hello' unless the message has none
const serverWays: ServerWay[] = [
  { name: 'setHeader Content-Length then Transfer-Encoding', body: 'hello', nodeDiffers: true,
    handler: (res) => { res.setHeader(CL, '5'); res.setHeader(TE, 'chunked'); res.end('hello'); } },
  { name: 'setHeader Transfer-Encoding then Content-Length', body: 'hello', nodeDiffers: true,
    handler: (res) => { res.setHeader(TE, 'chunked'); res.setHeader(CL, 5); res.end('hello'); } },
  { name: 'writeHead with an object', body: 'hello', nodeDiffers: true,
    handler: (res) => { res.writeHead(200, { [CL]: '5', [TE]: 'chunked' }); res.end('hello'); } },
  { name: 'writeHead with a flat array (raw headers)', body: 'hello', nodeDiffers: true,
    handler: (res) => { res.writeHead(200, [TE, 'chunked', CL, '5']); res.end('hello'); } },
  { name: 'writeHead with an array of pairs', body: 'hello', nodeDiffers: true,
    handler: (res) => { res.writeHead(200, [[CL, '5'], [TE, 'chunked']] as unknown as string[]); res.end('hello'); } },
  { name: 'setHeader Content-Length, writeHead adds Transfer-Encoding', body: 'hello', nodeDiffers: true,
    handler: (res) => { res.setHeader(CL, '5'); res.writeHead(200, 'OK', { [TE]: 'chunked' }); res.end('hello'); } },
  { name: 'setHeaders with a Map', body: 'hello', nodeDiffers: true,
    handler: (res) => { res.setHeaders(new Map([[CL, '5'], [TE, 'chunked']])); res.end('hello'); } },
  { name: 'appendHeader both, lower case', body: 'hello', nodeDiffers: true,
    handler: (res) => { res.appendHeader('content-length', '5'); res.appendHeader('transfer-encoding', 'chunked'); res.end('hello'); } },
  { name: 'Transfer-Encoding as a list of values beside Content-Length', body: 'hello', nodeDiffers: true,
    handler: (res) => { res.setHeader(TE, ['chunked']); res.setHeader(CL, ['5']); res.end('hello'); } },
  { name: 'both, then flushHeaders before the body', body: 'hello', nodeDiffers: true,
    handler: (res) => { res.setHeader(CL, '5'); res.setHeader(TE, 'chunked'); res.flushHeaders(); res.end('hello'); } },
  { name: 'both, body written in pieces', body: 'hello', nodeDiffers: true,
    handler: (res) => { res.setHeader(TE, 'chunked'); res.setHeader(CL, '5'); res.write('he'); res.write('l'); res.end('lo'); } },
  { name: 'Transfer-Encoding, then Content-Length set after the first write (refused: headers sent)', body: 'hello',
    handler: (res) => {
      res.setHeader(TE, 'chunked');
      res.write('he');
      try { res.setHeader(CL, '5'); } catch { /* ERR_HTTP_HEADERS_SENT */ }
      res.end('llo');
    } },
  { name: 'Content-Length, then Transfer-Encoding set after the first write (refused: headers sent)', body: 'hello',
    handler: (res) => {
      res.setHeader(CL, '5');
      res.write('he');
      try { res.setHeader(TE, 'chunked'); } catch { /* ERR_HTTP_HEADERS_SENT */ }
      res.end('llo');
    } },
  { name: 'Content-Length and Transfer-Encoding named as trailers', body: 'hello', nodeDiffers: true,
    handler: (res) => {
      res.writeHead(200, { [TE]: 'chunked', Trailer: 'Content-Length, Transfer-Encoding, X-T' });
      res.write('hello');
      res.addTrailers({ [CL]: '5', [TE]: 'chunked', 'X-T': '1' });
      res.end();
    } },
  { name: 'both in a response to HEAD', body: '', request: 'HEAD / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n', method: 'HEAD',
    nodeDiffers: true, handler: (res) => { res.writeHead(200, { [CL]: '5', [TE]: 'chunked' }); res.end(); } },
  { name: 'both with a final coding other than chunked (gzip): close-delimited', body: 'hello', nodeDiffers: true,
    handler: (res) => { res.writeHead(200, { [CL]: '5', [TE]: 'gzip' }); res.end('hello'); } },
  { name: 'both in a 204', body: '', nodeDiffers: true,
    handler: (res) => { res.writeHead(204, { [CL]: '5', [TE]: 'chunked' }); res.end(); } },
  { name: 'both in a 304', body: '', nodeDiffers: true,
    handler: (res) => { res.writeHead(304, { [CL]: '5', [TE]: 'chunked' }); res.end(); } },
  { name: 'both in a response to an HTTP/1.0 request', body: 'hello', request: 'GET / HTTP/1.0\r\n\r\n', nodeDiffers: true,
    handler: (res) => { res.setHeader(CL, '5'); res.setHeader(TE, 'chunked'); res.end('hello'); } },
  { name: 'implicit framing with a Content-Length set and removed, Transfer-Encoding set', body: 'hello',
    handler: (res) => { res.setHeader(CL, '5'); res.removeHeader(CL); res.setHeader(TE, 'chunked'); res.end('hello'); } },
  { name: 'Content-Length only, then statusCode 204', body: '',
    handler: (res) => { res.setHeader(CL, '5'); res.statusCode = 204; res.end(); } },
  { name: '103 Early Hints carrying Content-Length and Transfer-Encoding, then both', body: 'hello', nodeDiffers: true,
    handler: (res) => {
      res.writeEarlyHints({ link: '</a.css>; rel=preload; as=style', [CL]: '5', [TE]: 'chunked' });
      res.writeHead(200, { [CL]: '5', [TE]: 'chunked' });
      res.end('hello');
    } },
];

interface ClientWay {
  name: string; make: (http: Http, port: number, agent: NodeHttp.Agent) => NodeHttp.ClientRequest; method: string; body: string;
  nodeDiffers?: boolean;
  /** the coding is not one the strict parser decodes (501): read with unknownTransferCoding, content left coded */
  lenient?: Leniency;
}

const opts = (port: number, agent: NodeHttp.Agent, extra: NodeHttp.RequestOptions = {}): NodeHttp.RequestOptions =>
  ({ host: '127.0.0.1', port, agent, method: 'POST', ...extra });

const clientWays: ClientWay[] = [
  { name: 'headers option as an object', method: 'POST', body: 'hello', nodeDiffers: true,
    make: (http, port, agent) => http.request(opts(port, agent, { headers: { [CL]: '5', [TE]: 'chunked' } })).end('hello') as NodeHttp.ClientRequest },
  { name: 'headers option as a flat array (raw headers)', method: 'POST', body: 'hello', nodeDiffers: true,
    make: (http, port, agent) => http.request(opts(port, agent, { headers: ['Host', 'a', TE, 'chunked', CL, '5'] as unknown as NodeHttp.OutgoingHttpHeaders })).end('hello') as NodeHttp.ClientRequest },
  { name: 'setHeader both after creation', method: 'PUT', body: 'hello', nodeDiffers: true,
    make: (http, port, agent) => {
      const req = http.request(opts(port, agent, { method: 'PUT' }));
      req.setHeader(TE, 'chunked');
      req.setHeader(CL, '5');
      return req.end('hello') as NodeHttp.ClientRequest;
    } },
  { name: 'headers option Content-Length, setHeader Transfer-Encoding, flushHeaders, written in pieces', method: 'POST', body: 'hello', nodeDiffers: true,
    make: (http, port, agent) => {
      const req = http.request(opts(port, agent, { headers: { [CL]: 5 } }));
      req.setHeader(TE, 'chunked');
      req.flushHeaders();
      req.write('hel');
      return req.end('lo') as NodeHttp.ClientRequest;
    } },
  { name: 'Expect renders the head in the constructor', method: 'POST', body: 'hello', nodeDiffers: true,
    make: (http, port, agent) => {
      const req = http.request(opts(port, agent, { headers: { [CL]: '5', [TE]: 'chunked', Expect: '100-continue' } }));
      req.on('continue', () => req.end('hello'));
      setTimeout(() => { if (!req.writableEnded) req.end('hello'); }, 50);
      return req;
    } },
  { name: 'Content-Length and Transfer-Encoding as trailers', method: 'POST', body: 'hello', nodeDiffers: true,
    make: (http, port, agent) => {
      const req = http.request(opts(port, agent, { headers: { [TE]: 'chunked', Trailer: 'Content-Length' } }));
      req.write('hello');
      req.addTrailers({ [CL]: '5' });
      return req.end() as NodeHttp.ClientRequest;
    } },
  { name: 'a final coding other than chunked (gzip) beside Content-Length: chunked applied on top', method: 'POST', body: 'hello',
    nodeDiffers: true, lenient: { unknownTransferCoding: true },
    make: (http, port, agent) => http.request(opts(port, agent, { headers: { [TE]: 'gzip', [CL]: '5' } })).end('hello') as NodeHttp.ClientRequest },
  { name: 'GET with a body written in pieces: chunked, never sent unframed', method: 'GET', body: 'hello', nodeDiffers: true,
    make: (http, port, agent) => {
      const req = http.request(opts(port, agent, { method: 'GET' }));
      req.write('hel');
      return req.end('lo') as NodeHttp.ClientRequest;
    } },
  { name: 'GET with a body given to end(): framed, never sent unframed', method: 'GET', body: 'hello', nodeDiffers: true,
    make: (http, port, agent) => http.request(opts(port, agent, { method: 'GET' })).end('hello') as NodeHttp.ClientRequest },
];

/** the RFC rules on one parsed message */
function problems(m: Message, status: number): string[] {
  const out: string[] = [];
  if (has(m, CL) && has(m, TE)) out.push('Content-Length with Transfer-Encoding (RFC 9112 6.2)');
  if (status !== 0 && (status < 200 || status === 204) && (has(m, CL) || has(m, TE))) out.push(`framing field in a ${status} (RFC 9110 8.6, RFC 9112 6.1)`);
  for (let i = 0; i < m.trailers.length; i += 2) if (/^(content-length|transfer-encoding)$/i.test(m.trailers[i])) out.push(`${m.trailers[i]} in trailers (RFC 9110 6.5.1)`);
  return out;
}

/** node's octets break one of the rules above (or do not even parse strictly) */
function breaksRules(kind: 'request' | 'response', wire: Buffer, methods: string[]): boolean {
  const { messages, error } = parse(kind, wire, methods);
  return error !== null || messages.some((m) => problems(m, kind === 'request' ? 0 : +m.head).length !== 0);
}

for (const way of serverWays) {
  test(`framing, server: ${way.name}`, async (t) => {
    const request = way.request ?? GET11;
    const wire = await serverWire(impl, way.handler, request);
    const { messages, error } = parse('response', wire, [way.method ?? 'GET']);
    t.equal(error, null, `impl's response parses strictly (${JSON.stringify(wire.toString('latin1').slice(0, 200))})`);
    const final = messages.filter((m) => +m.head >= 200);
    t.equal(final.length, 1, 'one final response');
    for (const m of messages) t.deepEqual(problems(m, +m.head), [], `${m.head}: nothing the RFC forbids a sender to send`);
    if (final[0]) t.equal(final[0].body, way.body, 'the body the handler wrote arrives whole');
    if (way.nodeDiffers) {
      const nodeWire = await serverWire(nodeHttp as unknown as Http, way.handler, request);
      t.ok(breaksRules('response', nodeWire, [way.method ?? 'GET']), 'node:http still sends what impl leaves out');
    }
  });
}

for (const way of clientWays) {
  test(`framing, client: ${way.name}`, async (t) => {
    const wire = await clientWire(impl, (port, agent) => way.make(impl, port, agent));
    const { messages, error } = parse('request', wire, [], way.lenient);
    t.equal(error, null, `impl's request parses strictly (${JSON.stringify(wire.toString('latin1').slice(0, 200))})`);
    t.equal(messages.length, 1, 'one request');
    for (const m of messages) t.deepEqual(problems(m, 0), [], 'nothing the RFC forbids a sender to send');
    if (messages[0]) t.equal(messages[0].body, way.body, 'the body arrives whole, framed');
    if (way.nodeDiffers) {
      const nodeWire = await clientWire(nodeHttp as unknown as Http, (port, agent) => way.make(nodeHttp as unknown as Http, port, agent));
      const sent = parse('request', nodeWire, [], way.lenient).messages;
      t.ok(breaksRules('request', nodeWire, []) || sent[0]?.body !== way.body, 'node:http still sends what impl leaves out, or leaves the body unframed');
    }
  });
}
