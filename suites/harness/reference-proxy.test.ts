// The reference proxy's rules (harness/subjects/test-proxy.ts, harness/subjects/reference-proxy/*.ts), one table row
// per rule with its RFC section, over real loopback sockets: a raw TCP client in front of the proxy, a raw TCP origin
// behind it that follows a script and records the octets the proxy forwarded. Each row runs on the proxy built on
// the reference implementation and on the same proxy built on node:http.

import test from 'tape';
import * as net from 'node:net';
import * as zlib from 'node:zlib';
import { createTestProxy } from '../../harness/subjects/test-proxy';

/** One scripted write: when the octets received so far (by the origin, or by the client) match `after`, write `write`
 *  (and with `end`, half-close afterwards: the end of a close-delimited response). */
interface Step { readonly after?: RegExp; readonly write: string; readonly end?: boolean }

interface Row {
  readonly name: string;
  /** the row holds for the proxy on this implementation only (their servers differ in what reaches the proxy) */
  readonly only?: 'reference' | 'node';
  /** what the client sends, step by step (a step's `after` is matched on what the client has received) */
  readonly client: readonly Step[];
  /** what the origin answers (a step's `after` is matched on what it has received) */
  readonly origin: readonly Step[];
  /** the client stops reading when its received octets match this (or the connection closes) */
  readonly until: RegExp;
  /** octets the forwarded request must contain / must not contain; `nothing`: no octet reaches the origin */
  readonly forwarded?: readonly (string | RegExp)[];
  readonly notForwarded?: readonly (string | RegExp)[];
  readonly nothingForwarded?: true;
  /** octets the response the client receives must contain / must not contain */
  readonly response: readonly (string | RegExp)[];
  readonly notResponse?: readonly (string | RegExp)[];
  /** the proxy must close the client connection after the response */
  readonly closes?: true;
}

const OK = 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok';
const HEAD_END = /\r\n\r\n/;
/** the end of the proxy's own error answers: a text/plain reason that ends with its RFC section and a newline */
const ANSWERED = /\)\n$/;
const GZIP_HELLO = zlib.gzipSync('hello').toString('latin1');
const DEFLATE_HELLO = zlib.deflateSync('hello').toString('latin1');

const ROWS: readonly Row[] = [
  {
    name: 'RFC 9110 7.6.3: Via names the received version, as a new line when none was received',
    client: [{ write: 'GET http://a.example/r HTTP/1.1\r\nHost: a.example\r\n\r\n' }],
    origin: [{ after: HEAD_END, write: OK }], until: /ok$/,
    forwarded: ['\r\nVia: 1.1 h1compat\r\n'], response: ['HTTP/1.1 200 OK\r\n', '\r\nVia: 1.1 h1compat\r\n'],
  },
  {
    name: 'RFC 9110 7.6.3: the member is appended to the last Via line, the received members kept in order, no empty element',
    client: [{ write: 'GET http://a.example/r HTTP/1.1\r\nHost: a.example\r\nVia: 1.0 fred,\r\nVia: 1.1 p.example.net\r\n\r\n' }],
    origin: [{ after: HEAD_END, write: 'HTTP/1.1 200 OK\r\nVia: 1.1 o1, ,1.1 o2\r\nContent-Length: 2\r\n\r\nok' }], until: /ok$/,
    forwarded: ['\r\nVia: 1.0 fred,\r\nVia: 1.1 p.example.net, 1.1 h1compat\r\n'], response: ['\r\nVia: 1.1 o1, 1.1 o2, 1.1 h1compat\r\n'],
  },
  {
    name: 'RFC 9110 7.6.3: an HTTP/1.0 request is recorded as 1.0, an HTTP/1.0 response as 1.0',
    client: [{ write: 'GET http://a.example/r HTTP/1.0\r\n\r\n' }],
    origin: [{ after: HEAD_END, write: 'HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok' }], until: /ok$/,
    forwarded: [/^GET \/r HTTP\/1\.1\r\n/, '\r\nVia: 1.0 h1compat\r\n'], response: [/^HTTP\/1\.1 200 OK\r\n/, '\r\nVia: 1.0 h1compat\r\n'],
  },
  {
    name: 'RFC 9110 7.6.2: OPTIONS with Max-Forwards 5 is forwarded with 4',
    client: [{ write: 'OPTIONS http://a.example/o HTTP/1.1\r\nHost: a.example\r\nMax-Forwards: 5\r\n\r\n' }],
    origin: [{ after: HEAD_END, write: 'HTTP/1.1 204 No Content\r\n\r\n' }], until: /204 No Content\r\n[\s\S]*\r\n\r\n$/,
    forwarded: ['\r\nMax-Forwards: 4\r\n'], notForwarded: ['Max-Forwards: 5'], response: ['HTTP/1.1 204 '],
  },
  {
    name: 'RFC 9110 7.6.2: a Max-Forwards above the supported maximum forwards the maximum',
    client: [{ write: 'TRACE http://a.example/t HTTP/1.1\r\nHost: a.example\r\nMax-Forwards: 99999999999999999999\r\n\r\n' }],
    origin: [{ after: HEAD_END, write: OK }], until: /ok$/,
    forwarded: [`\r\nMax-Forwards: ${Number.MAX_SAFE_INTEGER}\r\n`], response: ['HTTP/1.1 200 OK'],
  },
  {
    name: 'RFC 9110 7.6.2, 9.3.8: TRACE with Max-Forwards 0 is answered by the proxy with the request reflected, credentials left out',
    client: [{ write: 'TRACE http://a.example/t HTTP/1.1\r\nHost: a.example\r\nMax-Forwards: 0\r\nAuthorization: Basic c2VjcmV0\r\nX-A: 1\r\n\r\n' }],
    origin: [], until: /X-A: 1\r\n\r\n$/, nothingForwarded: true,
    response: ['HTTP/1.1 200 OK\r\n', /\r\ncontent-type: message\/http\r\n/i, '\r\n\r\nTRACE http://a.example/t HTTP/1.1\r\nHost: a.example\r\nMax-Forwards: 0\r\nX-A: 1\r\n\r\n'],
    notResponse: ['c2VjcmV0'],
  },
  {
    name: 'RFC 9110 7.6.2, 9.3.7: OPTIONS with Max-Forwards 0 is answered by the proxy with Content-Length 0',
    client: [{ write: 'OPTIONS http://a.example/o HTTP/1.1\r\nHost: a.example\r\nMax-Forwards: 0\r\n\r\n' }],
    origin: [], until: HEAD_END, nothingForwarded: true, response: [/^HTTP\/1\.1 200 OK\r\n/, /\r\ncontent-length: 0\r\n/i],
  },
  {
    name: 'RFC 9110 7.6.2: a Max-Forwards that is not 1*DIGIT cannot be checked: 400, nothing forwarded',
    client: [{ write: 'OPTIONS http://a.example/o HTTP/1.1\r\nHost: a.example\r\nMax-Forwards: 1, 2\r\n\r\n' }],
    origin: [], until: ANSWERED, nothingForwarded: true, response: [/^HTTP\/1\.1 400 /, 'RFC 9110 7.6.2'],
  },
  {
    name: 'RFC 9110 7.6.2: Max-Forwards on another method may be ignored: GET with 0 is forwarded unchanged',
    client: [{ write: 'GET http://a.example/g HTTP/1.1\r\nHost: a.example\r\nMax-Forwards: 0\r\n\r\n' }],
    origin: [{ after: HEAD_END, write: OK }], until: /ok$/, forwarded: ['\r\nMax-Forwards: 0\r\n'], response: ['HTTP/1.1 200 OK'],
  },
  {
    name: 'RFC 9112 3.2.2, 3.2: absolute-form: the received Host is replaced by the authority as received (case and port kept)',
    client: [{ write: 'GET http://Origin.Example:8080/p?q=1 HTTP/1.1\r\nHost: other.example\r\n\r\n' }],
    origin: [{ after: HEAD_END, write: OK }], until: /ok$/,
    forwarded: [/^GET \/p\?q=1 HTTP\/1\.1\r\n/, '\r\nHost: Origin.Example:8080\r\n'], notForwarded: ['other.example'], response: ['HTTP/1.1 200 OK'],
  },
  {
    name: 'RFC 9110 7.7: the path and query are forwarded as received (no dot-segment removal, no re-encoding)',
    client: [{ write: 'GET http://a.example/a/./b/../%7Ec%2Fd?q=%41+b&&z HTTP/1.1\r\nHost: a.example\r\n\r\n' }],
    origin: [{ after: HEAD_END, write: OK }], until: /ok$/, forwarded: [/^GET \/a\/\.\/b\/\.\.\/%7Ec%2Fd\?q=%41\+b&&z HTTP\/1\.1\r\n/], response: ['HTTP/1.1 200 OK'],
  },
  {
    name: 'RFC 9110 7.7: an origin-form target is forwarded as received',
    client: [{ write: 'GET //x/../y?%2e HTTP/1.1\r\nHost: a.example\r\n\r\n' }],
    origin: [{ after: HEAD_END, write: OK }], until: /ok$/, forwarded: [/^GET \/\/x\/\.\.\/y\?%2e HTTP\/1\.1\r\n/, '\r\nHost: a.example\r\n'], response: ['HTTP/1.1 200 OK'],
  },
  {
    name: 'RFC 9112 3.2.4: OPTIONS to an absolute-form target with an empty path and no query is forwarded as OPTIONS *',
    client: [{ write: 'OPTIONS http://a.example:8001 HTTP/1.1\r\nHost: a.example:8001\r\n\r\n' }],
    origin: [{ after: HEAD_END, write: 'HTTP/1.1 204 No Content\r\n\r\n' }], until: /204 No Content\r\n[\s\S]*\r\n\r\n$/,
    forwarded: [/^OPTIONS \* HTTP\/1\.1\r\n/, '\r\nHost: a.example:8001\r\n'], response: ['HTTP/1.1 204 '],
  },
  {
    name: 'RFC 9112 3.2.1: an empty path with a query is sent as "/" and the query (OPTIONS too)',
    client: [{ write: 'OPTIONS http://a.example?x=1 HTTP/1.1\r\nHost: a.example\r\n\r\n' }],
    origin: [{ after: HEAD_END, write: OK }], until: /ok$/, forwarded: [/^OPTIONS \/\?x=1 HTTP\/1\.1\r\n/], response: ['HTTP/1.1 200 OK'],
  },
  {
    name: 'RFC 9110 4.2.4: userinfo in the target is an error: 400, nothing forwarded',
    client: [{ write: 'GET http://user:secret@a.example/u HTTP/1.1\r\nHost: a.example\r\n\r\n' }],
    origin: [], until: HEAD_END, nothingForwarded: true, response: [/^HTTP\/1\.1 400 /],
  },
  {
    name: 'RFC 9110 4.2.1: an http URI with an empty host (and a port) is rejected: 400, nothing forwarded',
    client: [{ write: 'GET http://:8080/x HTTP/1.1\r\nHost: a.example\r\n\r\n' }],
    origin: [], until: HEAD_END, nothingForwarded: true, response: [/^HTTP\/1\.1 400 /],
  },
  {
    name: 'RFC 9110 4.2: a scheme other than http and https is not forwarded: 400',
    client: [{ write: 'GET ftp://a.example/f HTTP/1.1\r\nHost: a.example\r\n\r\n' }],
    origin: [], until: ANSWERED, nothingForwarded: true, response: [/^HTTP\/1\.1 400 /],
  },
  {
    name: 'RFC 9112 3.2, 2.3: an HTTP/1.0 request without Host goes on as HTTP/1.1 with a Host, first',
    client: [{ write: 'GET /o HTTP/1.0\r\nX-A: 1\r\n\r\n' }],
    origin: [{ after: HEAD_END, write: OK }], until: /ok$/, forwarded: [/^GET \/o HTTP\/1\.1\r\nHost: 127\.0\.0\.1:\d+\r\nX-A: 1\r\n/], response: ['ok'],
  },
  {
    name: 'RFC 9112 9.3: no persistent connection with an HTTP/1.0 client, even one that asks for keep-alive',
    client: [{ write: 'GET http://a.example/r HTTP/1.0\r\nHost: a.example\r\nConnection: keep-alive\r\n\r\n' }],
    origin: [{ after: HEAD_END, write: 'HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nok' }], until: /(?!)/,
    notForwarded: [/keep-alive/i], response: [/\r\nConnection: close\r\n/i, /ok$/], notResponse: [/keep-alive/i], closes: true,
  },
  {
    name: 'RFC 9110 15.2: a 103 and an unknown 150 are forwarded, with their fields and Via, hop-by-hop fields removed',
    client: [{ write: 'GET http://a.example/e HTTP/1.1\r\nHost: a.example\r\n\r\n' }],
    origin: [{ after: HEAD_END, write: 'HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\nConnection: X-Hop\r\nX-Hop: 1\r\n\r\nHTTP/1.1 150 Custom\r\n\r\n' }, { after: HEAD_END, write: OK }],
    until: /ok$/, response: [/^HTTP\/1\.1 103 Early Hints\r\nLink: <\/a\.css>; rel=preload\r\nVia: 1\.1 h1compat\r\n\r\nHTTP\/1\.1 150 Custom\r\nVia: 1\.1 h1compat\r\n\r\nHTTP\/1\.1 200 OK\r\n/],
    notResponse: ['X-Hop'],
  },
  {
    name: 'RFC 9110 15.2: no 1xx reaches an HTTP/1.0 client',
    client: [{ write: 'GET http://a.example/e HTTP/1.0\r\nHost: a.example\r\n\r\n' }],
    origin: [{ after: HEAD_END, write: 'HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n' }, { after: HEAD_END, write: OK }],
    until: /ok$/, response: [/^HTTP\/1\.1 200 OK\r\n/], notResponse: ['103'],
  },
  {
    name: 'RFC 9110 10.1.1, 15.2: 100-continue: the head goes ahead, the origin\'s 100 is the only one, the connection stays usable',
    client: [
      { write: 'PUT http://a.example/u HTTP/1.1\r\nHost: a.example\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n' },
      { after: /100 Continue\r\n[\s\S]*\r\n\r\n$/, write: 'hello' },
      { after: /Created\r\n[\s\S]*\r\n\r\n$/, write: 'GET http://a.example/2 HTTP/1.1\r\nHost: a.example\r\n\r\n' },
    ],
    origin: [{ after: /Expect: 100-continue\r\n[\s\S]*\r\n\r\n$/, write: 'HTTP/1.1 100 Continue\r\n\r\n' }, { after: /hello$/, write: 'HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n' }, { after: /GET \/2 [\s\S]*\r\n\r\n$/, write: OK }],
    until: /ok$/, forwarded: [/^PUT \/u HTTP\/1\.1\r\n/, /\r\n\r\nhello/, /GET \/2 HTTP\/1\.1\r\n/],
    response: [/^HTTP\/1\.1 100 Continue\r\nVia: 1\.1 h1compat\r\n\r\nHTTP\/1\.1 201 Created\r\n/, /HTTP\/1\.1 200 OK\r\n[\s\S]*ok$/], notResponse: [/100 Continue[\s\S]*100 Continue/],
  },
  {
    name: 'RFC 9112 6.1, 7.2: a gzip-coded close-delimited response is decoded and re-framed with chunked',
    client: [{ write: 'GET http://a.example/gz HTTP/1.1\r\nHost: a.example\r\nTE: gzip\r\nConnection: TE\r\n\r\n' }],
    origin: [{ after: HEAD_END, write: `HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\nConnection: close\r\n\r\n${GZIP_HELLO}`, end: true }],
    until: /0\r\n\r\n$/, notForwarded: [/\r\nTE:/i], response: [/\r\nTransfer-Encoding: chunked\r\n/i, '\r\n\r\n5\r\nhello\r\n0\r\n\r\n'], notResponse: ['gzip'],
  },
  {
    name: 'RFC 9112 6.1: a response with a transfer coding the proxy cannot remove becomes 502',
    client: [{ write: 'GET http://a.example/c HTTP/1.1\r\nHost: a.example\r\n\r\n' }],
    origin: [{ after: HEAD_END, write: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: compress, chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n' }],
    until: HEAD_END, response: [/^HTTP\/1\.1 502 /], notResponse: ['abc'],
  },
  {
    name: 'RFC 9112 7.2: deflate (the zlib format) before chunked is decoded too',
    client: [{ write: 'GET http://a.example/d HTTP/1.1\r\nHost: a.example\r\n\r\n' }],
    origin: [{ after: HEAD_END, write: `HTTP/1.1 200 OK\r\nTransfer-Encoding: deflate, chunked\r\n\r\n${DEFLATE_HELLO.length.toString(16)}\r\n${DEFLATE_HELLO}\r\n0\r\n\r\n` }],
    until: /0\r\n\r\n$/, response: ['\r\n\r\n5\r\nhello\r\n0\r\n\r\n'], notResponse: ['deflate'],
  },
  {
    name: 'RFC 9112 7.2: a compression coding with parameters is treated as an error: 502',
    client: [{ write: 'GET http://a.example/p HTTP/1.1\r\nHost: a.example\r\n\r\n' }],
    origin: [{ after: HEAD_END, write: `HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip;level=1, chunked\r\n\r\n${GZIP_HELLO.length.toString(16)}\r\n${GZIP_HELLO}\r\n0\r\n\r\n` }],
    until: HEAD_END, response: [/^HTTP\/1\.1 502 /], notResponse: ['hello'],
  },
  {
    name: 'RFC 9112 6.1, 7.2: a gzip, chunked request is decoded and forwarded chunked (node:http hands it to the proxy; impl answers 501 itself)',
    only: 'node',
    client: [{ write: `POST http://a.example/p HTTP/1.1\r\nHost: a.example\r\nTransfer-Encoding: gzip, chunked\r\n\r\n${GZIP_HELLO.length.toString(16)}\r\n${GZIP_HELLO}\r\n0\r\n\r\n` }],
    origin: [{ after: /\r\n0\r\n\r\n$/, write: OK }], until: /ok$/,
    forwarded: [/\r\ntransfer-encoding: chunked\r\n/i, '\r\n\r\n5\r\nhello\r\n0\r\n\r\n'], notForwarded: ['gzip'], response: ['HTTP/1.1 200 OK'],
  },
  {
    name: 'RFC 9112 6.1: a request with a transfer coding the proxy does not understand: 501, nothing forwarded',
    client: [{ write: 'POST http://a.example/p HTTP/1.1\r\nHost: a.example\r\nTransfer-Encoding: compress, chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n' }],
    origin: [], until: HEAD_END, nothingForwarded: true, response: [/^HTTP\/1\.1 501 /],
  },
  {
    name: 'RFC 9112 6.1: the reference server answers a gzip, chunked request with 501 itself (the proxy never sees it)',
    only: 'reference',
    client: [{ write: `POST http://a.example/p HTTP/1.1\r\nHost: a.example\r\nTransfer-Encoding: gzip, chunked\r\n\r\n${GZIP_HELLO.length.toString(16)}\r\n${GZIP_HELLO}\r\n0\r\n\r\n` }],
    origin: [], until: HEAD_END, nothingForwarded: true, response: [/^HTTP\/1\.1 501 /],
  },
  {
    name: 'RFC 9112 6.1, 6.3: chunked content of a GET goes on chunked (never unframed, where it would read as a second request)',
    client: [{ write: 'GET http://a.example/a HTTP/1.1\r\nHost: a.example\r\nTransfer-Encoding: chunked\r\n\r\n1c\r\nGET /s HTTP/1.1\r\nHost: a\r\n\r\n\r\n0\r\n\r\n' }],
    origin: [{ after: /\r\n0\r\n\r\n$/, write: OK }], until: /ok$/,
    forwarded: [/^GET \/a HTTP\/1\.1\r\n[\s\S]*\r\nTransfer-Encoding: chunked\r\n(?:[^\r\n]+\r\n)*\r\n1c\r\nGET \/s HTTP\/1\.1\r\nHost: a\r\n\r\n\r\n0\r\n\r\n$/i], response: ['ok'],
  },
  {
    name: 'RFC 9112 3.2: two Host field lines: 400, nothing forwarded',
    client: [{ write: 'GET /h HTTP/1.1\r\nHost: a.example\r\nHost: b.example\r\n\r\n' }],
    origin: [], until: HEAD_END, nothingForwarded: true, response: [/^HTTP\/1\.1 400 /],
  },
  {
    name: 'RFC 9110 8.6: a Content-Length received on a 204 is not passed on',
    client: [{ write: 'DELETE http://a.example/x HTTP/1.1\r\nHost: a.example\r\n\r\n' }],
    origin: [{ after: HEAD_END, write: 'HTTP/1.1 204 No Content\r\nContent-Length: 0\r\nX-A: 1\r\n\r\n' }], until: /\r\n\r\n$/,
    response: [/^HTTP\/1\.1 204 No Content\r\n/, '\r\nX-A: 1\r\n'], notResponse: [/content-length/i],
  },
  {
    name: 'RFC 9110 6.6.1: a response forwarded without Date gets one; a received Date is kept as it is',
    client: [
      { write: 'GET http://a.example/1 HTTP/1.1\r\nHost: a.example\r\n\r\n' },
      { after: /ok$/, write: 'GET http://a.example/2 HTTP/1.1\r\nHost: a.example\r\n\r\n' },
    ],
    origin: [{ after: HEAD_END, write: OK }, { after: /GET \/2 [\s\S]*\r\n\r\n$/, write: 'HTTP/1.1 200 OK\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\nContent-Length: 3\r\n\r\nok2' }],
    until: /ok2$/, response: [/^HTTP\/1\.1 200 OK\r\n(?:[^\r\n]+\r\n)*Date: [A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d GMT\r\n/, /\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\n(?:[^\r\n]+\r\n)*\r\nok2$/],
    notResponse: [/Date: Sun, 06 Nov 1994[^\r]*\r\n(?:[^\r\n]+\r\n)*Date:/],
  },
  {
    name: 'RFC 9110 9.3.6, 15.6.2: CONNECT is not implemented (one upstream, no tunnels): 501, then close, nothing forwarded',
    client: [{ write: 'CONNECT a.example:443 HTTP/1.1\r\nHost: a.example:443\r\n\r\nGET /t HTTP/1.1\r\nHost: a\r\n\r\n' }],
    origin: [], until: /(?!)/, nothingForwarded: true, response: [/^HTTP\/1\.1 501 Not Implemented\r\n[\s\S]*\r\n\r\n$/], closes: true,
  },
  {
    name: 'RFC 9110 7.6.1: Connection and the fields it names are removed, Keep-Alive and Proxy-Connection too',
    client: [{ write: 'GET http://a.example/h HTTP/1.1\r\nHost: a.example\r\nConnection: X-Hop\r\nX-Hop: 1\r\nKeep-Alive: timeout=5\r\nProxy-Connection: keep-alive\r\nX-End: 2\r\n\r\n' }],
    origin: [{ after: HEAD_END, write: OK }], until: /ok$/,
    forwarded: ['\r\nX-End: 2\r\n'], notForwarded: [/connection/i, /x-hop/i, /keep-alive/i], response: ['ok'],
  },
];

const LIMIT_MS = 3000;

/** Run the steps of a script against the octets arriving on `sock`. */
function script(sock: net.Socket, steps: readonly Step[], received: () => string): () => void {
  let next = 0;
  const advance = (): void => {
    while (next < steps.length && (steps[next].after === undefined || steps[next].after!.test(received()))) {
      const s = steps[next++];
      sock.write(s.write, 'latin1');
      if (s.end === true) sock.end();
    }
  };
  return advance;
}

interface Seen { forwarded: string; response: string; closed: boolean }

/** One row through a fresh proxy of `implementation` in front of a fresh scripted origin; all three are closed after. */
async function exchange(row: Row, implementation: 'reference' | 'node'): Promise<Seen> {
  let forwarded = '';
  const originSockets = new Set<net.Socket>();
  const origin = net.createServer((s) => {
    originSockets.add(s);
    let got = '';
    s.on('error', () => {});
    const advance = script(s, row.origin, () => got);
    s.on('data', (d: Buffer) => { got += d.toString('latin1'); forwarded += d.toString('latin1'); advance(); });
  });
  await new Promise<void>((r) => origin.listen(0, '127.0.0.1', () => r()));
  const proxy = createTestProxy((origin.address() as net.AddressInfo).port, implementation);
  const proxySockets = new Set<net.Socket>();
  proxy.server.on('connection', (s: net.Socket) => proxySockets.add(s));
  await new Promise<void>((r) => proxy.server.listen(0, '127.0.0.1', () => r()));
  const client = net.connect((proxy.server.address() as net.AddressInfo).port, '127.0.0.1');
  try {
    let response = '';
    let closed = false;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, LIMIT_MS);
      const done = (): void => { clearTimeout(timer); resolve(); };
      const advance = script(client, row.client, () => response);
      client.on('error', () => {});
      client.on('connect', advance);
      client.on('data', (d: Buffer) => { response += d.toString('latin1'); advance(); if (row.until.test(response)) done(); });
      client.on('close', () => { closed = true; done(); });
    });
    return { forwarded, response, closed };
  } finally {
    client.destroy();
    for (const s of proxySockets) s.destroy();
    for (const s of originSockets) s.destroy();
    proxy.close();
    await Promise.all([new Promise((r) => proxy.server.close(r)), new Promise((r) => origin.close(r))]);
  }
}

const has = (octets: string, p: string | RegExp): boolean => (typeof p === 'string' ? octets.includes(p) : p.test(octets));

for (const implementation of ['reference', 'node'] as const) {
  for (const row of ROWS.filter((r) => r.only === undefined || r.only === implementation)) {
    test(`reference proxy on ${implementation}: ${row.name}`, async (t) => {
      const seen = await exchange(row, implementation);
      const show = (s: string): string => JSON.stringify(s.slice(0, 400));
      if (row.nothingForwarded === true) t.equal(seen.forwarded, '', 'nothing reached the origin');
      for (const p of row.forwarded ?? []) t.ok(has(seen.forwarded, p), `forwarded ${String(p)}: ${show(seen.forwarded)}`);
      for (const p of row.notForwarded ?? []) t.notOk(has(seen.forwarded, p), `not forwarded ${String(p)}: ${show(seen.forwarded)}`);
      for (const p of row.response) t.ok(has(seen.response, p), `response ${String(p)}: ${show(seen.response)}`);
      for (const p of row.notResponse ?? []) t.notOk(has(seen.response, p), `not in the response ${String(p)}: ${show(seen.response)}`);
      if (row.closes === true) t.ok(seen.closed, 'the proxy closed the client connection');
      else t.ok(row.until.test(seen.response), `the response was complete: ${show(seen.response)}`);
    });
  }
}

for (const implementation of ['reference', 'node'] as const) {
  test(`reference proxy on ${implementation}: a client that goes away mid-content takes the forwarded request with it (the upstream connection is closed)`, async (t) => {
    let forwarded = '';
    let upstreamClosed!: () => void;
    const closed = new Promise<void>((r) => { upstreamClosed = r; });
    const origin = net.createServer((s) => {
      s.on('error', () => {});
      s.on('data', (d: Buffer) => { forwarded += d.toString('latin1'); });
      s.on('close', () => upstreamClosed());
    });
    await new Promise<void>((r) => origin.listen(0, '127.0.0.1', () => r()));
    const proxy = createTestProxy((origin.address() as net.AddressInfo).port, implementation);
    await new Promise<void>((r) => proxy.server.listen(0, '127.0.0.1', () => r()));
    const client = net.connect((proxy.server.address() as net.AddressInfo).port, '127.0.0.1');
    client.on('error', () => {});
    let timer: NodeJS.Timeout | undefined;
    try {
      client.write('POST http://a.example/p HTTP/1.1\r\nHost: a.example\r\nContent-Length: 10\r\n\r\nabc');
      // the head and the first octets reach the origin, then the client is gone
      for (let i = 0; i < 100 && !forwarded.endsWith('abc'); i++) await new Promise((r) => setTimeout(r, 20));
      t.match(forwarded, /^POST \/p HTTP\/1\.1\r\n[\s\S]*\r\n\r\nabc$/, 'the request was under way upstream');
      client.destroy();
      const outcome = await Promise.race([closed.then(() => 'closed'), new Promise((r) => { timer = setTimeout(() => r('still open'), LIMIT_MS); })]);
      t.equal(outcome, 'closed', 'the proxy closed its upstream connection');
    } finally {
      clearTimeout(timer);
      client.destroy();
      proxy.close();
      proxy.server.close();
      await new Promise((r) => origin.close(r));
    }
  });
}
