// The one table of round-trip cases shared by the serializer and the parser: each case is a sequence of messages
// (pipelined when more than one) and the exact wire bytes they serialize to; the parser must read those bytes
// back into the same messages. Heads are written with explicit framing fields, so no field is added on the way.

import type { OutgoingRequestHead, OutgoingResponseHead } from '../../impl/core/serializer';

export interface RoundTripMessage {
  readonly head: OutgoingRequestHead | OutgoingResponseHead;
  /** content as written, one piece per write (one chunk each when chunked); latin1 */
  readonly body?: readonly string[];
  /** trailer section, flat [name, value, ...] (chunked only) */
  readonly trailers?: readonly string[];
}

export interface RoundTripCase {
  /** stable slug, never reused */
  readonly id: string;
  readonly spec: string;
  readonly kind: 'request' | 'response';
  /** response cases: the methods of the requests answered, in order (one per final response) */
  readonly methods?: readonly string[];
  readonly messages: readonly RoundTripMessage[];
  /** the exact bytes on the wire, latin1 */
  readonly wire: string;
  /** the peer closes after the bytes (close-delimited content): the parser is finished */
  readonly eof?: boolean;
}

const H = ['Host', 'example.com'];
const HL = 'Host: example.com\r\n';
const big = 'abcdefghijklmnopqrstuvwxyz0123456789'.repeat(9); // 324 octets, chunk-size 144 hex
const binary = '\x00\x01\r\n\r\n0\r\n\x7f\x80\xfe\xff';

export const roundTripCases: readonly RoundTripCase[] = [
  // ----- requests
  { id: 'get-minimal', spec: 'RFC9112 3', kind: 'request',
    messages: [{ head: { method: 'GET', target: '/', fields: H } }],
    wire: 'GET / HTTP/1.1\r\n' + HL + '\r\n' },
  { id: 'get-fields-as-written', spec: 'RFC9112 5, RFC9110 5.3', kind: 'request',
    messages: [{ head: { method: 'GET', target: '/p?q=1&r', fields: ['hOST', 'example.com', 'X-Dup', '1', 'x-dup', '2', 'X-Empty', '', 'X-Inner', 'a  \t b', 'X-Obs', 'caf\xe9 \xff'] } }],
    wire: 'GET /p?q=1&r HTTP/1.1\r\nhOST: example.com\r\nX-Dup: 1\r\nx-dup: 2\r\nX-Empty: \r\nX-Inner: a  \t b\r\nX-Obs: caf\xe9 \xff\r\n\r\n' },
  { id: 'get-absolute-form', spec: 'RFC9112 3.2.2', kind: 'request',
    messages: [{ head: { method: 'GET', target: 'http://example.com/a', fields: H } }],
    wire: 'GET http://example.com/a HTTP/1.1\r\n' + HL + '\r\n' },
  { id: 'options-asterisk', spec: 'RFC9112 3.2.4', kind: 'request',
    messages: [{ head: { method: 'OPTIONS', target: '*', fields: H } }],
    wire: 'OPTIONS * HTTP/1.1\r\n' + HL + '\r\n' },
  { id: 'http10-get-without-host', spec: 'RFC9112 3.2', kind: 'request',
    messages: [{ head: { method: 'GET', target: '/', versionMajor: 1, versionMinor: 0, fields: [] } }],
    wire: 'GET / HTTP/1.0\r\n\r\n' },
  { id: 'post-content-length', spec: 'RFC9112 6.2', kind: 'request',
    messages: [{ head: { method: 'POST', target: '/f', fields: [...H, 'Content-Length', '11'] }, body: ['hello', ' world'] }],
    wire: 'POST /f HTTP/1.1\r\n' + HL + 'Content-Length: 11\r\n\r\nhello world' },
  { id: 'post-content-length-binary', spec: 'RFC9112 6.2', kind: 'request',
    messages: [{ head: { method: 'POST', target: '/f', fields: [...H, 'Content-Length', String(binary.length)] }, body: [binary] }],
    wire: 'POST /f HTTP/1.1\r\n' + HL + `Content-Length: ${binary.length}\r\n\r\n` + binary },
  { id: 'post-content-length-zero', spec: 'RFC9112 6.2', kind: 'request',
    messages: [{ head: { method: 'POST', target: '/f', fields: [...H, 'Content-Length', '0'] } }],
    wire: 'POST /f HTTP/1.1\r\n' + HL + 'Content-Length: 0\r\n\r\n' },
  { id: 'http10-post-content-length', spec: 'RFC9112 6.3', kind: 'request',
    messages: [{ head: { method: 'POST', target: '/', versionMajor: 1, versionMinor: 0, fields: ['Content-Length', '3'] }, body: ['abc'] }],
    wire: 'POST / HTTP/1.0\r\nContent-Length: 3\r\n\r\nabc' },
  { id: 'post-chunked', spec: 'RFC9112 7.1', kind: 'request',
    messages: [{ head: { method: 'POST', target: '/c', fields: [...H, 'Transfer-Encoding', 'chunked'] }, body: ['hello', ' world'] }],
    wire: 'POST /c HTTP/1.1\r\n' + HL + 'Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n' },
  { id: 'post-chunked-empty', spec: 'RFC9112 7.1', kind: 'request',
    messages: [{ head: { method: 'POST', target: '/c', fields: [...H, 'Transfer-Encoding', 'chunked'] } }],
    wire: 'POST /c HTTP/1.1\r\n' + HL + 'Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n' },
  { id: 'post-chunked-trailers', spec: 'RFC9112 7.1.2', kind: 'request',
    messages: [{ head: { method: 'POST', target: '/c', fields: [...H, 'Transfer-Encoding', 'chunked', 'Trailer', 'X-Sum, x-empty'] },
      body: ['abc', binary], trailers: ['X-Sum', 'f00d', 'x-empty', ''] }],
    wire: 'POST /c HTTP/1.1\r\n' + HL + 'Transfer-Encoding: chunked\r\nTrailer: X-Sum, x-empty\r\n\r\n' +
      `3\r\nabc\r\n${binary.length.toString(16)}\r\n${binary}\r\n0\r\nX-Sum: f00d\r\nx-empty: \r\n\r\n` },
  { id: 'post-chunked-large-chunk', spec: 'RFC9112 7.1', kind: 'request',
    messages: [{ head: { method: 'PUT', target: '/big', fields: [...H, 'Transfer-Encoding', 'chunked'] }, body: [big] }],
    wire: 'PUT /big HTTP/1.1\r\n' + HL + `Transfer-Encoding: chunked\r\n\r\n144\r\n${big}\r\n0\r\n\r\n` },
  { id: 'pipelined-requests', spec: 'RFC9112 9.3.2', kind: 'request',
    messages: [
      { head: { method: 'GET', target: '/1', fields: H } },
      { head: { method: 'POST', target: '/2', fields: [...H, 'Content-Length', '4'] }, body: ['2222'] },
      { head: { method: 'POST', target: '/3', fields: [...H, 'Transfer-Encoding', 'chunked'] }, body: ['33'], trailers: ['T', '3'] },
      { head: { method: 'HEAD', target: '/4', fields: H } },
    ],
    wire: 'GET /1 HTTP/1.1\r\n' + HL + '\r\n' +
      'POST /2 HTTP/1.1\r\n' + HL + 'Content-Length: 4\r\n\r\n2222' +
      'POST /3 HTTP/1.1\r\n' + HL + 'Transfer-Encoding: chunked\r\n\r\n2\r\n33\r\n0\r\nT: 3\r\n\r\n' +
      'HEAD /4 HTTP/1.1\r\n' + HL + '\r\n' },

  // ----- responses
  { id: 'response-content-length', spec: 'RFC9112 4, 6.2', kind: 'response', methods: ['GET'],
    messages: [{ head: { status: 200, reason: 'OK', fields: ['Content-Type', 'text/plain', 'Content-Length', '5'] }, body: ['he', 'llo'] }],
    wire: 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello' },
  { id: 'response-empty-reason', spec: 'RFC9112 4', kind: 'response', methods: ['GET'],
    messages: [{ head: { status: 404, reason: '', fields: ['Content-Length', '0'] } }],
    wire: 'HTTP/1.1 404 \r\nContent-Length: 0\r\n\r\n' },
  { id: 'response-reason-htab-obs-text', spec: 'RFC9112 4', kind: 'response', methods: ['GET'],
    messages: [{ head: { status: 299, reason: 'Tr\xe8s\tbien', fields: ['Content-Length', '1'] }, body: ['!'] }],
    wire: 'HTTP/1.1 299 Tr\xe8s\tbien\r\nContent-Length: 1\r\n\r\n!' },
  { id: 'response-chunked-trailers', spec: 'RFC9112 7.1, 7.1.2', kind: 'response', methods: ['GET'],
    messages: [{ head: { status: 200, reason: 'OK', fields: ['Transfer-Encoding', 'chunked', 'Trailer', 'Server-Timing'] },
      body: ['{"a":', '1}', binary], trailers: ['Server-Timing', 'total;dur=12.5'] }],
    wire: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: Server-Timing\r\n\r\n' +
      `5\r\n{"a":\r\n2\r\n1}\r\n${binary.length.toString(16)}\r\n${binary}\r\n0\r\nServer-Timing: total;dur=12.5\r\n\r\n` },
  { id: 'response-204', spec: 'RFC9110 15.3.5, RFC9112 6.3', kind: 'response', methods: ['DELETE'],
    messages: [{ head: { status: 204, reason: 'No Content', fields: ['Date', 'Thu, 01 Jan 2026 00:00:00 GMT'] } }],
    wire: 'HTTP/1.1 204 No Content\r\nDate: Thu, 01 Jan 2026 00:00:00 GMT\r\n\r\n' },
  { id: 'response-304-with-content-length', spec: 'RFC9110 15.4.5, RFC9112 6.3', kind: 'response', methods: ['GET'],
    messages: [{ head: { status: 304, reason: 'Not Modified', fields: ['ETag', '"x"', 'Content-Length', '5'] } }],
    wire: 'HTTP/1.1 304 Not Modified\r\nETag: "x"\r\nContent-Length: 5\r\n\r\n' },
  { id: 'response-head-content-length', spec: 'RFC9110 9.3.2, RFC9112 6.3', kind: 'response', methods: ['HEAD'],
    messages: [{ head: { status: 200, reason: 'OK', fields: ['Content-Length', '5'] } }],
    wire: 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n' },
  { id: 'response-head-chunked', spec: 'RFC9110 9.3.2, RFC9112 6.3', kind: 'response', methods: ['HEAD'],
    messages: [{ head: { status: 200, reason: 'OK', fields: ['Transfer-Encoding', 'chunked'] } }],
    wire: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n' },
  { id: 'response-http10-close-delimited', spec: 'RFC9112 6.3', kind: 'response', methods: ['GET'], eof: true,
    messages: [{ head: { status: 200, reason: 'OK', versionMajor: 1, versionMinor: 0, fields: ['Content-Type', 'text/plain'] }, body: ['until ', 'close'] }],
    wire: 'HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil close' },
  { id: 'response-100-then-200', spec: 'RFC9110 15.2.1', kind: 'response', methods: ['POST'],
    messages: [
      { head: { status: 100, reason: 'Continue', fields: [] } },
      { head: { status: 200, reason: 'OK', fields: ['Content-Length', '2'] }, body: ['ok'] },
    ],
    wire: 'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok' },
  { id: 'pipelined-responses', spec: 'RFC9112 9.3.2', kind: 'response', methods: ['GET', 'HEAD', 'DELETE', 'GET', 'GET'],
    messages: [
      { head: { status: 200, reason: 'OK', fields: ['Content-Length', '3'] }, body: ['one'] },
      { head: { status: 200, reason: 'OK', fields: ['Content-Length', '3'] } },
      { head: { status: 204, reason: 'No Content', fields: [] } },
      { head: { status: 304, reason: 'Not Modified', fields: [] } },
      { head: { status: 200, reason: 'OK', fields: ['Transfer-Encoding', 'chunked'] }, body: ['five'], trailers: ['T', '5'] },
    ],
    wire: 'HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\none' +
      'HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n' +
      'HTTP/1.1 204 No Content\r\n\r\n' +
      'HTTP/1.1 304 Not Modified\r\n\r\n' +
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nfive\r\n0\r\nT: 5\r\n\r\n' },
];

/** For each message of a response case, the method of the request it answers (interim 1xx responses answer
 *  the same request as the final response after them); undefined for requests. */
export function requestMethods(c: RoundTripCase): (string | undefined)[] {
  let next = 0;
  return c.messages.map((m) => {
    if (!('status' in m.head)) return undefined;
    const method = c.methods?.[next];
    if (m.head.status >= 200) next++;
    return method;
  });
}
