// The reference proxy: a small forwarding proxy on the reference implementation (impl/index.ts, the node:http API),
// the in-process proxy subject `reference-proxy`. It forwards every request to one upstream, the origin server at
// 127.0.0.1:upstreamPort, and applies the proxy requirements of RFC 9110 and RFC 9112, each cited where it is
// implemented: the request-target and Host (reference-proxy/target.ts); hop-by-hop fields, Via, Max-Forwards and the
// transfer-coding list (reference-proxy/fields.ts); transfer-coding decoding (reference-proxy/codings.ts); the
// proxy's own answers (reference-proxy/final-recipient.ts). This file is the exchange: 100-continue, interim
// responses, HTTP/1.0 clients, errors. With implementation 'node' the same proxy runs on node:http.

import type * as http from 'node:http';
import type * as net from 'node:net';
import type { Readable, Writable } from 'node:stream';
import { decodersFor, remainingCodings } from './reference-proxy/codings';
import {
  MAX_FORWARDS_SUPPORTED, endToEnd, fieldLines, listElements, maxForwards, replaced, toHeaders, transferCodings,
  valuesOf, viaMember, withVia, without, type FieldLines,
} from './reference-proxy/fields';
import { answer, answerAsFinalRecipient, isHttp10 } from './reference-proxy/final-recipient';
import { outboundTarget } from './reference-proxy/target';

export { endToEnd } from './reference-proxy/fields';

interface HttpApi {
  createServer(): http.Server;
  request(options: http.RequestOptions, cb: (res: http.IncomingMessage) => void): http.ClientRequest;
  Agent: new (options: http.AgentOptions) => http.Agent;
}

/** An interim (1xx) response as the client side reports it ('information' event, node:http and impl alike). */
interface Interim {
  statusCode: number;
  statusMessage: string;
  httpVersionMajor: number;
  httpVersionMinor: number;
  rawHeaders: string[];
}

/** The node:http API has no public call that writes an arbitrary 1xx (writeContinue, writeProcessing and
 *  writeEarlyHints write fixed ones, without the received fields); node:http and impl both write them with
 *  _writeRaw, and writeContinue marks `_sent100` so that the final response may keep the connection. */
interface InterimWriter {
  _writeRaw(data: string, encoding: BufferEncoding): boolean;
  _sent100?: boolean;
}

/** Create (not start) the reference proxy, forwarding every request to 127.0.0.1:upstreamPort, on the reference
 *  implementation or on node:http. */
export function createTestProxy(upstreamPort: number, implementation: 'reference' | 'node' = 'reference'): { server: net.Server; close(): void } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const api = (implementation === 'node' ? require('node:http') : require('../../impl')) as HttpApi;
  const agent = new api.Agent({ keepAlive: true, maxSockets: 1 });
  const server = api.createServer();
  const handle = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    // a proxy bug must never take the harness down: answer 502 instead
    try {
      forward(api, agent, upstreamPort, req, res);
    } catch {
      answer(req, res, 502);
    }
  };
  server.on('request', handle);
  // "Upon receiving an HTTP/1.1 (or later) request that has a method, target URI, and complete header section that
  // contains a 100-continue expectation and indicates a request content will follow, a proxy MUST either: send an
  // immediate response with a final status code ... or forward the request toward the origin server by sending a
  // corresponding request-line and header section to the next inbound server." (RFC 9110 10.1.1). With a
  // 'checkContinue' listener the server sends no 100 of its own: the head is forwarded with the expectation, and
  // the next server's 100 comes back as any 1xx does (RFC 9110 15.2).
  server.on('checkContinue', handle);
  // CONNECT (RFC 9110 9.3.6) asks for a tunnel to the authority in the target; this proxy reaches one upstream only
  // and opens no tunnels: "The 501 (Not Implemented) status code indicates that the server does not support the
  // functionality required to fulfill the request." (RFC 9110 15.6.2). The connection is closed after it, so octets
  // the client already sent for the tunnel are never read as requests (RFC 9112 9.6).
  server.on('connect', (_req: http.IncomingMessage, socket: net.Socket) => {
    socket.on('error', () => socket.destroy());
    socket.end('HTTP/1.1 501 Not Implemented\r\nContent-Length: 0\r\nConnection: close\r\n\r\n', 'latin1');
  });
  return { server, close: () => agent.destroy() };
}

/** The field lines of the request to forward, or the status the proxy answers instead (and why). */
function requestFields(req: http.IncomingMessage, host: string | undefined, upstreamPort: number): { lines: FieldLines } | { status: 400; reason: string } | { final: true } {
  const method = req.method ?? 'GET';
  let lines = endToEnd(req.rawHeaders);
  // "A server MUST respond with a 400 (Bad Request) status code to any HTTP/1.1 request message that lacks a Host
  // header field and to any request message that contains more than one Host header field line" (RFC 9112 3.2).
  // The reference server does this before the proxy sees the request; said here too for the proxy on node:http.
  const hosts = valuesOf(lines, 'host').length;
  if (hosts > 1) return { status: 400, reason: `${hosts} Host field lines (RFC 9112 3.2)` };
  if (hosts === 0 && !isHttp10(req)) return { status: 400, reason: 'an HTTP/1.1 request without Host (RFC 9112 3.2)' };
  if (method === 'TRACE' || method === 'OPTIONS') {
    // "Each intermediary that receives a TRACE or OPTIONS request containing a Max-Forwards header field MUST check
    // and update its value prior to forwarding the request." (RFC 9110 7.6.2). A value that is not 1*DIGIT cannot
    // be checked: 400. "A recipient MAY ignore a Max-Forwards header field received with any other request methods."
    const mf = maxForwards(lines);
    if (mf.kind === 'invalid') return { status: 400, reason: mf.reason };
    if (mf.kind === 'value') {
      if (mf.value === 0) return { final: true };
      // "the intermediary MUST generate an updated Max-Forwards field in the forwarded message with a field value
      // that is the lesser of a) the received value decremented by one (1) or b) the recipient's maximum supported
      // value for Max-Forwards" (RFC 9110 7.6.2)
      lines = replaced(lines, 'Max-Forwards', String(Math.min(mf.value - 1, MAX_FORWARDS_SUPPORTED)));
    }
  }
  if (host !== undefined) {
    // absolute-form: the Host comes from the target (RFC 9112 3.2.2, reference-proxy/target.ts)
    lines = valuesOf(lines, 'host').length > 0 ? replaced(lines, 'Host', host) : [['Host', host], ...lines];
  } else if (valuesOf(lines, 'host').length === 0) {
    // an HTTP/1.0 request in origin-form without Host (an HTTP/1.1 one was refused with 400 by the server, RFC 9112
    // 3.2): "A client MUST send a Host header field in all HTTP/1.1 request messages" (RFC 9112 3.2), and the
    // proxy sends HTTP/1.1. The target URI's authority is then the proxy's configured default (RFC 9112 3.3): here
    // its upstream. "A user agent that sends Host SHOULD send it as the first field in the header section" (RFC 9110
    // 7.2): first.
    lines = [['Host', `127.0.0.1:${upstreamPort}`], ...lines];
  }
  if (isHttp10(req) && valuesOf(lines, 'expect').length > 0) {
    // "A server that receives a 100-continue expectation in an HTTP/1.0 request MUST ignore that expectation."
    // (RFC 9110 10.1.1): not passed on (the next server would answer it with a 100 this client must not get)
    const others = valuesOf(lines, 'expect').flatMap(listElements).filter((e) => e.toLowerCase() !== '100-continue');
    lines = others.length > 0 ? replaced(lines, 'Expect', others.join(', ')) : without(lines, 'expect');
  }
  // "A proxy MUST send an appropriate Via header field, as described below, in each message that it forwards."
  // (RFC 9110 7.6.3), with the version of the request as received (reference-proxy/fields.ts)
  return { lines: withVia(lines, viaMember(req.httpVersionMajor, req.httpVersionMinor)) };
}

/** Pipe `from` through `decoders` into `to`; a decoding error calls `failed`. */
function pipeDecoded(from: Readable, decoders: readonly (Readable & Writable)[], to: Writable, failed: () => void): void {
  let s: Readable = from;
  for (const d of decoders) {
    d.on('error', failed);
    s = s.pipe(d);
  }
  s.pipe(to);
}

function forward(api: HttpApi, agent: http.Agent, upstreamPort: number, req: http.IncomingMessage, res: http.ServerResponse): void {
  const method = req.method ?? 'GET';
  const http10 = isHttp10(req);
  const target = outboundTarget(method, req.url ?? '');
  if (!target.ok) return answer(req, res, target.status, `${target.reason}\n`, { 'Content-Type': 'text/plain' });
  const fields = requestFields(req, target.host, upstreamPort);
  if ('final' in fields) return answerAsFinalRecipient(req, res);
  if ('status' in fields) return answer(req, res, fields.status, `${fields.reason}\n`, { 'Content-Type': 'text/plain' });
  // The request content is re-framed for the next hop (the client library frames it: Content-Length as received,
  // or chunked), after removing the transfer codings this proxy understands: "A server that receives a request
  // message with a transfer coding it does not understand SHOULD respond with 501 (Not Implemented)." (RFC 9112 6.1)
  const requestDecoding = decodersFor(remainingCodings(transferCodings(fieldLines(req.rawHeaders))));
  if (!requestDecoding.ok) return answer(req, res, 501, `transfer coding "${requestDecoding.coding}" is not implemented (RFC 9112 6.1)\n`, { 'Content-Type': 'text/plain' });

  const headers: Record<string, string | string[]> = toHeaders(fields.lines);
  if (valuesOf(fieldLines(req.rawHeaders), 'transfer-encoding').length > 0) {
    // content of unknown length goes on chunked, whatever the method: "If any transfer coding other than chunked is
    // applied to a request's content, the sender MUST apply chunked as the final transfer coding to ensure that the
    // message is properly framed." (RFC 9112 6.1), and a request without Content-Length or Transfer-Encoding has no
    // content (RFC 9112 6.3 rule 6). Said explicitly: node:http's client sends the content of a GET, DELETE or
    // OPTIONS without any framing when it is not told (the content would be read as the next request upstream).
    headers['Transfer-Encoding'] = 'chunked';
  }
  // one Host line goes as a string (node:http and impl refuse options.headers.host as a list)
  for (const k of Object.keys(headers)) if (k.toLowerCase() === 'host') headers[k] = (headers[k] as string[]).join(', ');
  const up = api.request({ host: '127.0.0.1', port: upstreamPort, method, path: target.target, headers, agent, setHost: false }, (ures) => {
    const status = ures.statusCode ?? 502;
    // no content in a response to HEAD, a 1xx, 204 or 304 (RFC 9112 6.3 rule 1): nothing to decode
    const hasContent = method !== 'HEAD' && status !== 204 && status !== 304;
    const decoding = hasContent ? decodersFor(remainingCodings(transferCodings(fieldLines(ures.rawHeaders)))) : { ok: true as const, decoders: [] };
    if (!decoding.ok) {
      // a coding this proxy cannot remove: it can neither re-frame the content nor pass the coding on with its own
      // framing; "The 502 (Bad Gateway) status code indicates that the server, while acting as a gateway or proxy,
      // received an invalid response from the inbound server" (RFC 9110 15.6.3) -- invalid for this proxy
      ures.destroy();
      return answer(req, res, 502);
    }
    // "If any transfer coding other than chunked is applied to a response's content, the sender MUST either apply
    // chunked as the final transfer coding or terminate the message by closing the connection." (RFC 9112 6.1): the
    // codings are removed above, so the content goes without any, re-framed by the server (chunked, or by closing
    // for an HTTP/1.0 client)
    let lines = withVia(endToEnd(ures.rawHeaders), viaMember(ures.httpVersionMajor, ures.httpVersionMinor));
    // "A server MUST NOT send a Content-Length header field in any response with a status code of 1xx
    // (Informational) or 204 (No Content)." (RFC 9110 8.6): one received from the next server is not passed on
    if (status === 204) lines = without(lines, 'content-length');
    const out: Record<string, string | string[]> = toHeaders(lines);
    // "A proxy server MUST NOT maintain a persistent connection with an HTTP/1.0 client" (RFC 9112 9.3): the close
    // option replaces the received Connection (RFC 9110 7.6.1 "or replace it with the intermediary's own control
    // options") and makes the server close after the response (RFC 9112 9.6)
    if (http10) out.Connection = 'close';
    // "A recipient with a clock that receives a response message without a Date header field MUST record the time it
    // was received and append a corresponding Date header field to the message's header section if it is cached or
    // forwarded downstream." (RFC 9110 6.6.1): the server's sendDate adds one exactly when the response has none
    res.sendDate = true;
    res.writeHead(status, ures.statusMessage, out);
    ures.on('error', () => res.destroy());
    pipeDecoded(ures, decoding.decoders, res, () => res.destroy());
  });
  // "A proxy MUST forward 1xx responses unless the proxy itself requested the generation of the 1xx response."
  // (RFC 9110 15.2) -- this proxy never adds an expectation, so every 1xx is forwarded, with its fields (hop-by-hop
  // ones removed, RFC 9110 7.6.1) and Via (a 1xx is a message it forwards, RFC 9110 7.6.3); but "Since HTTP/1.0 did
  // not define any 1xx status codes, a server MUST NOT send a 1xx response to an HTTP/1.0 client." (RFC 9110 15.2)
  up.on('information', (info: Interim) => {
    if (http10 || res.headersSent) return;
    const lines = withVia(endToEnd(info.rawHeaders), viaMember(info.httpVersionMajor, info.httpVersionMinor));
    let head = `HTTP/1.1 ${info.statusCode} ${info.statusMessage}\r\n`;
    for (const [name, value] of lines) head += `${name}: ${value}\r\n`;
    const writer = res as unknown as InterimWriter;
    writer._writeRaw(`${head}\r\n`, 'latin1');
    if (info.statusCode === 100) writer._sent100 = true;
  });
  // the forwarded message carries no connection options of the client's; the client library would add its own
  // (legitimate, but it makes the forwarded message harder to read): none
  if (!up.headersSent) up.removeHeader('connection');
  up.on('error', () => answer(req, res, 502));
  // a client that goes away takes the forwarded request with it
  res.on('close', () => { if (!res.writableFinished) up.destroy(); });
  pipeDecoded(req, requestDecoding.decoders, up, () => { up.destroy(); answer(req, res, 400); });
}
