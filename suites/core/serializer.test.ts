// Tests of the core serializer (impl/core/serializer.ts): exact bytes for good heads, framing decisions and body
// encoders, and one case per refusal asserting its exact error code, so that each refusal removed fails a test.
// The framing decider the serializer calls has its own table in outgoing-framing.test.ts.

import test from 'tape';
import {
  serializeHead, serializeMessage, startMessage, decideFraming, createBodyEncoder,
  HttpSerializeError, SERIALIZER_ERRORS, type SerializerErrorCode, type OutgoingHead, type FramingOptions,
} from '../../impl/core/serializer';
import type { Framing } from '../../impl/core/types';

const bytes = (s: string): Uint8Array => Buffer.from(s, 'latin1');
const text = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');
const wire = (parts: readonly Uint8Array[]): string => parts.map(text).join('');

// ---------------------------------------------------------------------------------------------------------------
// Good heads: exact bytes

const GOOD_HEADS: { name: string; head: OutgoingHead; opts?: FramingOptions; wire: string }[] = [
  { name: 'minimal GET', head: { method: 'GET', target: '/', fields: ['Host', 'a'] },
    wire: 'GET / HTTP/1.1\r\nHost: a\r\n\r\n' },
  { name: 'field order and case kept', head: { method: 'GET', target: '/x?y=1', fields: ['hOsT', 'a', 'X-a', '1', 'x-A', '2'] },
    wire: 'GET /x?y=1 HTTP/1.1\r\nhOsT: a\r\nX-a: 1\r\nx-A: 2\r\n\r\n' },
  { name: 'empty value', head: { method: 'GET', target: '/', fields: ['Host', 'a', 'X-Empty', ''] },
    wire: 'GET / HTTP/1.1\r\nHost: a\r\nX-Empty: \r\n\r\n' },
  { name: 'inner SP/HTAB and obs-text in a value', head: { method: 'GET', target: '/', fields: ['Host', 'a', 'X', 'a \t b\xe9\xff'] },
    wire: 'GET / HTTP/1.1\r\nHost: a\r\nX: a \t b\xe9\xff\r\n\r\n' },
  { name: 'every tchar in a name', head: { method: 'GET', target: '/', fields: ['Host', 'a', "!#$%&'*+-.^_`|~09AZaz", 'v'] },
    wire: "GET / HTTP/1.1\r\nHost: a\r\n!#$%&'*+-.^_`|~09AZaz: v\r\n\r\n" },
  { name: 'HTTP/1.0 request needs no Host', head: { method: 'GET', target: '/', versionMajor: 1, versionMinor: 0, fields: [] },
    wire: 'GET / HTTP/1.0\r\n\r\n' },
  { name: 'absolute-form', head: { method: 'GET', target: 'http://a.example/p', fields: ['Host', 'a.example'] },
    wire: 'GET http://a.example/p HTTP/1.1\r\nHost: a.example\r\n\r\n' },
  { name: 'authority-form for CONNECT', head: { method: 'CONNECT', target: 'a.example:443', fields: ['Host', 'a.example:443'] },
    wire: 'CONNECT a.example:443 HTTP/1.1\r\nHost: a.example:443\r\n\r\n' },
  { name: 'authority-form with an IPv6 literal', head: { method: 'CONNECT', target: '[::1]:8080', fields: ['Host', '[::1]:8080'] },
    wire: 'CONNECT [::1]:8080 HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n' },
  { name: 'asterisk-form for OPTIONS', head: { method: 'OPTIONS', target: '*', fields: ['Host', 'a'] },
    wire: 'OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n' },
  { name: 'extension method', head: { method: 'M-SEARCH', target: '/', fields: ['Host', 'a'] },
    wire: 'M-SEARCH / HTTP/1.1\r\nHost: a\r\n\r\n' },
  { name: 'a parsed RequestHead is accepted as is', head: {
      kind: 'request', method: 'POST', target: '/', targetForm: 'origin', versionMajor: 1, versionMinor: 1,
      fields: ['Host', 'a', 'Content-Length', '3'], framing: { kind: 'length', length: 3 }, keepAlive: true,
      upgrade: false, transferCodings: [], expectContinue: false,
    } as OutgoingHead,
    wire: 'POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\n' },
  { name: 'response 200 OK', head: { status: 200, reason: 'OK', fields: ['Content-Length', '0'] },
    wire: 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n' },
  { name: 'empty reason keeps the SP', head: { status: 204, fields: [] }, wire: 'HTTP/1.1 204 \r\n\r\n' },
  { name: 'reason with SP, HTAB, obs-text', head: { status: 404, reason: 'Not\tFound \xe9', fields: ['Content-Length', '0'] },
    wire: 'HTTP/1.1 404 Not\tFound \xe9\r\nContent-Length: 0\r\n\r\n' },
  { name: 'HTTP/1.0 response', head: { status: 200, reason: 'OK', versionMajor: 1, versionMinor: 0, fields: [] },
    wire: 'HTTP/1.0 200 OK\r\n\r\n' },
  { name: 'status 999 is three digits', head: { status: 999, reason: 'X', fields: ['Content-Length', '0'] },
    wire: 'HTTP/1.1 999 X\r\nContent-Length: 0\r\n\r\n' },
  { name: '101 with Upgrade', head: { status: 101, reason: 'Switching Protocols', fields: ['Connection', 'upgrade', 'Upgrade', 'websocket'] },
    wire: 'HTTP/1.1 101 Switching Protocols\r\nConnection: upgrade\r\nUpgrade: websocket\r\n\r\n' },
  { name: 'HEAD response may carry Content-Length', head: { status: 200, reason: 'OK', fields: ['Content-Length', '5'] },
    opts: { requestMethod: 'HEAD' }, wire: 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n' },
  { name: '304 may carry Content-Length', head: { status: 304, reason: 'Not Modified', fields: ['Content-Length', '5'] },
    wire: 'HTTP/1.1 304 Not Modified\r\nContent-Length: 5\r\n\r\n' },
];

test('serializeHead writes good heads byte-exactly', (t) => {
  for (const c of GOOD_HEADS) t.equal(text(serializeHead(c.head, c.opts)), c.wire, c.name);
  t.end();
});

// ---------------------------------------------------------------------------------------------------------------
// Framing decisions (RFC 9112 6)

const req = (fields: string[], method = 'POST', minor = 1): OutgoingHead =>
  ({ method, target: '/', versionMajor: 1, versionMinor: minor, fields: minor >= 1 ? ['Host', 'a', ...fields] : fields });
const res = (status: number, fields: string[], minor = 1): OutgoingHead =>
  ({ status, reason: 'R', versionMajor: 1, versionMinor: minor, fields });
const L = (length: number): Framing => ({ kind: 'length', length });
const NONE: Framing = { kind: 'none' };
const CHUNKED: Framing = { kind: 'chunked' };
const CLOSE: Framing = { kind: 'close' };
const TUNNEL: Framing = { kind: 'tunnel' };
const TE = ['Transfer-Encoding', 'chunked'];

const FRAMINGS: { name: string; head: OutgoingHead; opts?: FramingOptions; framing: Framing; add?: string[] }[] = [
  { name: 'request without CL or TE has no content', head: req([]), framing: NONE },
  { name: 'request Content-Length', head: req(['Content-Length', '5']), framing: L(5) },
  { name: 'request Content-Length 0', head: req(['Content-Length', '0']), framing: L(0) },
  { name: 'request Content-Length with leading zeros', head: req(['content-length', '007']), framing: L(7) },
  { name: 'request chunked', head: req(TE), framing: CHUNKED },
  { name: 'request gzip, chunked', head: req(['Transfer-Encoding', 'gzip, chunked']), framing: CHUNKED },
  { name: 'request TE over two lines', head: req(['Transfer-Encoding', 'gzip', 'transfer-encoding', 'CHUNKED']), framing: CHUNKED },
  { name: 'request TE with parameters and quoted comma', head: req(['Transfer-Encoding', 'x;a=1 ; b="c,\\"d" ,chunked']), framing: CHUNKED },
  { name: 'request bodyLength 0 stays without content', head: req([]), opts: { bodyLength: 0 }, framing: NONE },
  { name: 'request bodyLength 4 adds Content-Length', head: req([]), opts: { bodyLength: 4 }, framing: L(4), add: ['Content-Length', '4'] },
  { name: 'request unknown length adds chunked', head: req([]), opts: { bodyLength: 'unknown' }, framing: CHUNKED, add: TE },
  { name: 'fields win over bodyLength', head: req(['Content-Length', '2']), opts: { bodyLength: 9 }, framing: L(2) },
  { name: 'HTTP/1.0 request with Content-Length', head: req(['Content-Length', '1'], 'POST', 0), framing: L(1) },
  { name: 'CONNECT request is followed by the tunnel', head: { method: 'CONNECT', target: 'a:1', fields: ['Host', 'a:1'] }, framing: TUNNEL },
  { name: 'TRACE with Content-Length 0', head: req(['Content-Length', '0'], 'TRACE'), framing: L(0) },
  { name: 'response Content-Length', head: res(200, ['Content-Length', '5']), framing: L(5) },
  { name: 'response chunked', head: res(200, TE), framing: CHUNKED },
  { name: 'response gzip without chunked is close-delimited', head: res(200, ['Transfer-Encoding', 'gzip']), framing: CLOSE },
  { name: 'response chunked, gzip is close-delimited', head: res(200, ['Transfer-Encoding', 'chunked, gzip']), framing: CLOSE },
  { name: 'HTTP/1.1 response of unknown length adds chunked', head: res(200, []), framing: CHUNKED, add: TE },
  { name: 'HTTP/1.1 response to HTTP/1.0 request of unknown length closes', head: res(200, []),
    opts: { requestVersionMajor: 1, requestVersionMinor: 0 }, framing: CLOSE },
  { name: 'HTTP/1.0 response of unknown length closes', head: res(200, [], 0), framing: CLOSE },
  { name: 'response bodyLength 3 adds Content-Length', head: res(200, []), opts: { bodyLength: 3 }, framing: L(3), add: ['Content-Length', '3'] },
  { name: 'response bodyLength 0 adds Content-Length: 0', head: res(404, []), opts: { bodyLength: 0 }, framing: L(0), add: ['Content-Length', '0'] },
  { name: 'HEAD response with Content-Length has no content', head: res(200, ['Content-Length', '5']), opts: { requestMethod: 'HEAD' }, framing: NONE },
  { name: 'HEAD response with chunked has no content', head: res(200, TE), opts: { requestMethod: 'HEAD' }, framing: NONE },
  { name: 'HEAD response with no fields adds nothing', head: res(200, []), opts: { requestMethod: 'HEAD' }, framing: NONE },
  { name: '304 with Content-Length has no content', head: res(304, ['Content-Length', '5']), framing: NONE },
  { name: '204 has no content', head: res(204, []), framing: NONE },
  { name: '100 has no content', head: res(100, []), framing: NONE },
  { name: '103 has no content', head: res(103, ['Link', '</a>; rel=preload']), framing: NONE },
  { name: '101 switches protocols', head: res(101, ['Upgrade', 'x', 'Connection', 'upgrade']), framing: TUNNEL },
  { name: '2xx to CONNECT is a tunnel', head: res(200, []), opts: { requestMethod: 'CONNECT' }, framing: TUNNEL },
  { name: '407 to CONNECT is framed normally', head: res(407, ['Content-Length', '0']), opts: { requestMethod: 'CONNECT' }, framing: L(0) },
];

test('decideFraming follows RFC 9112 6', (t) => {
  for (const c of FRAMINGS) {
    t.deepEqual(decideFraming(c.head, c.opts), { framing: c.framing, add: c.add ?? [] }, c.name);
  }
  t.end();
});

test('startMessage writes the added framing field and hands out the matching encoder', (t) => {
  const m = startMessage({ status: 200, reason: 'OK', fields: ['X', '1'] });
  t.equal(text(m.head), 'HTTP/1.1 200 OK\r\nX: 1\r\nTransfer-Encoding: chunked\r\n\r\n');
  t.deepEqual(m.fields, ['X', '1', 'Transfer-Encoding', 'chunked']);
  t.equal(m.body.kind, 'chunked');
  const r = startMessage({ method: 'PUT', target: '/f', fields: ['Host', 'a'] }, { bodyLength: 2 });
  t.equal(text(r.head), 'PUT /f HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\n');
  t.equal(r.body.kind, 'length');
  const h = startMessage({ status: 200, reason: 'OK', fields: [] }, { requestMethod: 'HEAD' });
  t.equal(text(h.head), 'HTTP/1.1 200 OK\r\n\r\n');
  t.equal(h.body.kind, 'none');
  t.end();
});

// ---------------------------------------------------------------------------------------------------------------
// Body encoders: exact bytes

const ENCODINGS: { name: string; framing: Framing; writes: string[]; trailers?: string[]; wire: string }[] = [
  { name: 'length in pieces', framing: L(5), writes: ['hel', '', 'lo'], wire: 'hello' },
  { name: 'length 0', framing: L(0), writes: [''], wire: '' },
  { name: 'chunked, one chunk per write', framing: CHUNKED, writes: ['hello', ' world'], wire: '5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n' },
  { name: 'chunked sizes in hex', framing: CHUNKED, writes: ['x'.repeat(17), 'y'.repeat(256)],
    wire: `11\r\n${'x'.repeat(17)}\r\n100\r\n${'y'.repeat(256)}\r\n0\r\n\r\n` },
  { name: 'chunked empty write is no chunk', framing: CHUNKED, writes: ['', 'a', ''], wire: '1\r\na\r\n0\r\n\r\n' },
  { name: 'chunked with no content', framing: CHUNKED, writes: [], wire: '0\r\n\r\n' },
  { name: 'chunked with trailers', framing: CHUNKED, writes: ['abc'], trailers: ['X-Sum', 'f00', 'x-b', ''],
    wire: '3\r\nabc\r\n0\r\nX-Sum: f00\r\nx-b: \r\n\r\n' },
  { name: 'chunked binary data', framing: CHUNKED, writes: ['\r\n0\r\n\r\n'], wire: '7\r\n\r\n0\r\n\r\n\r\n0\r\n\r\n' },
  { name: 'none accepts empty writes', framing: NONE, writes: ['', ''], wire: '' },
  { name: 'close passes through', framing: CLOSE, writes: ['a', '', '0\r\n\r\n'], wire: 'a0\r\n\r\n' },
  { name: 'tunnel passes through', framing: TUNNEL, writes: ['\x00\xff'], wire: '\x00\xff' },
];

test('body encoders write exact bytes', (t) => {
  for (const c of ENCODINGS) {
    const enc = createBodyEncoder(c.framing);
    const parts: Uint8Array[] = [];
    for (const w of c.writes) parts.push(...enc.write(bytes(w)));
    parts.push(...enc.end(c.trailers));
    t.equal(wire(parts), c.wire, c.name);
    t.equal(enc.ended, true, `${c.name}: ended`);
  }
  t.end();
});

test('length and pass-through encoders do not copy', (t) => {
  const data = bytes('abc');
  t.equal(createBodyEncoder(L(3)).write(data)[0], data, 'length');
  t.equal(createBodyEncoder(CLOSE).write(data)[0], data, 'close');
  t.equal(createBodyEncoder(CHUNKED).write(data)[1], data, 'chunk-data');
  t.end();
});

test('a refused write leaves the encoder as it was', (t) => {
  const enc = createBodyEncoder(L(5));
  t.throws(() => enc.write(bytes('toolong')), /content-length|Content-Length/);
  t.equal(enc.kind === 'length' && enc.remaining, 5, 'nothing counted');
  t.equal(wire(enc.write(bytes('hello'))), 'hello');
  t.deepEqual(enc.end(), []);
  const ch = createBodyEncoder(CHUNKED);
  t.throws(() => ch.end(['Content-Length', '1']));
  t.equal(ch.ended, false, 'not ended by a refused end');
  t.equal(wire(ch.end(['X', '1'])), '0\r\nX: 1\r\n\r\n');
  t.end();
});

test('serializeMessage: whole messages', (t) => {
  t.equal(text(serializeMessage({ method: 'POST', target: '/', fields: ['Host', 'a', 'Content-Length', '5'] }, [bytes('he'), bytes('llo')])),
    'POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello');
  t.equal(text(serializeMessage({ status: 200, reason: 'OK', fields: ['Trailer', 'X'] }, [bytes('ab')], ['X', 'y'])),
    'HTTP/1.1 200 OK\r\nTrailer: X\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n0\r\nX: y\r\n\r\n');
  t.equal(text(serializeMessage({ status: 304, reason: 'Not Modified', fields: ['Content-Length', '5'] })),
    'HTTP/1.1 304 Not Modified\r\nContent-Length: 5\r\n\r\n');
  t.end();
});

// ---------------------------------------------------------------------------------------------------------------
// Refusals: each asserts its exact code

const GET = (fields: string[], over: Partial<{ method: string; target: string; versionMajor: number; versionMinor: number }> = {}): OutgoingHead =>
  ({ method: 'GET', target: '/', fields: ['Host', 'a', ...fields], ...over });
const head = (h: OutgoingHead, opts?: FramingOptions) => () => serializeHead(h, opts);
const write = (framing: Framing, ...pieces: string[]) => () => {
  const enc = createBodyEncoder(framing);
  for (const p of pieces) enc.write(bytes(p));
};
const endWith = (framing: Framing, pieces: string[], trailers?: string[]) => () => {
  const enc = createBodyEncoder(framing);
  for (const p of pieces) enc.write(bytes(p));
  enc.end(trailers);
};
const message = (h: OutgoingHead, content: string[], trailers?: string[], opts?: FramingOptions) =>
  () => serializeMessage(h, content.map(bytes), trailers, opts);

const REFUSALS: { name: string; code: SerializerErrorCode; run: () => unknown }[] = [
  { name: 'name with SP', code: 'ERR_INVALID_HTTP_TOKEN', run: head(GET(['X Y', '1'])) },
  { name: 'empty name', code: 'ERR_INVALID_HTTP_TOKEN', run: head(GET(['', '1'])) },
  { name: 'name with colon', code: 'ERR_INVALID_HTTP_TOKEN', run: head(GET(['a:b', '1'])) },
  { name: 'name with obs-text', code: 'ERR_INVALID_HTTP_TOKEN', run: head(GET(['caf\xe9', '1'])) },
  { name: 'name with CRLF', code: 'ERR_INVALID_HTTP_TOKEN', run: head(GET(['X\r\nY', '1'])) },
  { name: 'response name with "("', code: 'ERR_INVALID_HTTP_TOKEN', run: head({ status: 200, fields: ['(x)', '1'] }) },
  { name: 'trailer name with SP', code: 'ERR_INVALID_HTTP_TOKEN', run: endWith(CHUNKED, [], ['X Y', '1']) },

  { name: 'value with CR', code: 'ERR_INVALID_CHAR', run: head(GET(['X', 'a\rb'])) },
  { name: 'value with LF', code: 'ERR_INVALID_CHAR', run: head(GET(['X', 'a\nb'])) },
  { name: 'value with CRLF smuggling a field', code: 'ERR_INVALID_CHAR', run: head(GET(['X', 'a\r\nEvil: 1'])) },
  { name: 'value with NUL', code: 'ERR_INVALID_CHAR', run: head(GET(['X', 'a\0b'])) },
  { name: 'value with another CTL', code: 'ERR_INVALID_CHAR', run: head(GET(['X', 'a\x01b'])) },
  { name: 'value with DEL', code: 'ERR_INVALID_CHAR', run: head(GET(['X', 'a\x7fb'])) },
  { name: 'value with leading SP', code: 'ERR_INVALID_CHAR', run: head(GET(['X', ' a'])) },
  { name: 'value with trailing HTAB', code: 'ERR_INVALID_CHAR', run: head(GET(['X', 'a\t'])) },
  { name: 'value of only SP', code: 'ERR_INVALID_CHAR', run: head(GET(['X', ' '])) },
  { name: 'value with a char above 0xFF', code: 'ERR_INVALID_CHAR', run: head(GET(['X', 'a\u0100'])) },
  { name: 'response value with LF', code: 'ERR_INVALID_CHAR', run: head({ status: 200, fields: ['X', '\n'] }) },
  { name: 'trailer value with LF', code: 'ERR_INVALID_CHAR', run: endWith(CHUNKED, [], ['X', 'a\nb']) },

  { name: 'method with SP', code: 'ERR_INVALID_METHOD', run: head(GET([], { method: 'GE T' })) },
  { name: 'empty method', code: 'ERR_INVALID_METHOD', run: head(GET([], { method: '' })) },
  { name: 'method with CRLF', code: 'ERR_INVALID_METHOD', run: head(GET([], { method: 'GET\r\n' })) },
  { name: 'method with "/"', code: 'ERR_INVALID_METHOD', run: head(GET([], { method: 'G/T' })) },

  { name: 'target with SP', code: 'ERR_INVALID_TARGET', run: head(GET([], { target: '/a b' })) },
  { name: 'target with CRLF', code: 'ERR_INVALID_TARGET', run: head(GET([], { target: '/a\r\nX: y' })) },
  { name: 'target with LF', code: 'ERR_INVALID_TARGET', run: head(GET([], { target: '/a\n' })) },
  { name: 'target with NUL', code: 'ERR_INVALID_TARGET', run: head(GET([], { target: '/\0' })) },
  { name: 'target with HTAB', code: 'ERR_INVALID_TARGET', run: head(GET([], { target: '/\t' })) },
  { name: 'target with a char above 0xFF', code: 'ERR_INVALID_TARGET', run: head(GET([], { target: '/\u0100' })) },
  { name: 'empty target', code: 'ERR_INVALID_TARGET', run: head(GET([], { target: '' })) },
  { name: 'relative target', code: 'ERR_INVALID_TARGET', run: head(GET([], { target: 'a/b' })) },
  { name: 'asterisk-form with GET', code: 'ERR_INVALID_TARGET', run: head(GET([], { target: '*' })) },
  { name: 'CONNECT with origin-form', code: 'ERR_INVALID_TARGET', run: head(GET([], { method: 'CONNECT', target: '/x' })) },
  { name: 'CONNECT without port', code: 'ERR_INVALID_TARGET', run: head(GET([], { method: 'CONNECT', target: 'a.example' })) },
  { name: 'CONNECT with userinfo', code: 'ERR_INVALID_TARGET', run: head(GET([], { method: 'CONNECT', target: 'u@a.example:443' })) },

  { name: 'major version 10', code: 'ERR_INVALID_VERSION', run: head(GET([], { versionMajor: 10 })) },
  { name: 'minor version -1', code: 'ERR_INVALID_VERSION', run: head(GET([], { versionMinor: -1 })) },
  { name: 'fractional version', code: 'ERR_INVALID_VERSION', run: head({ status: 200, versionMinor: 0.5, fields: [] }) },

  { name: 'status 99', code: 'ERR_INVALID_STATUS', run: head({ status: 99, fields: [] }) },
  { name: 'status 1000', code: 'ERR_INVALID_STATUS', run: head({ status: 1000, fields: [] }) },
  { name: 'status 200.5', code: 'ERR_INVALID_STATUS', run: head({ status: 200.5, fields: [] }) },
  { name: 'status NaN', code: 'ERR_INVALID_STATUS', run: head({ status: NaN, fields: [] }) },

  { name: 'reason with CRLF', code: 'ERR_INVALID_REASON', run: head({ status: 200, reason: 'OK\r\nX: y', fields: [] }) },
  { name: 'reason with LF', code: 'ERR_INVALID_REASON', run: head({ status: 200, reason: 'O\nK', fields: [] }) },
  { name: 'reason with CR', code: 'ERR_INVALID_REASON', run: head({ status: 200, reason: 'O\rK', fields: [] }) },
  { name: 'reason with NUL', code: 'ERR_INVALID_REASON', run: head({ status: 200, reason: 'O\0K', fields: [] }) },
  { name: 'reason with a char above 0xFF', code: 'ERR_INVALID_REASON', run: head({ status: 200, reason: '\u2713', fields: [] }) },

  { name: 'HTTP/1.1 request without Host', code: 'ERR_MISSING_HOST', run: head({ method: 'GET', target: '/', fields: [] }) },
  { name: 'two Host field lines', code: 'ERR_MISSING_HOST', run: head(GET(['host', 'b'])) },
  { name: 'two Host field lines in HTTP/1.0', code: 'ERR_MISSING_HOST',
    run: head({ method: 'GET', target: '/', versionMinor: 0, fields: ['Host', 'a', 'Host', 'b'] }) },

  { name: 'request with CL and TE', code: 'ERR_CONTENT_LENGTH_AND_TRANSFER_ENCODING',
    run: head(GET(['Content-Length', '3', 'Transfer-Encoding', 'chunked'])) },
  { name: 'response with TE and CL', code: 'ERR_CONTENT_LENGTH_AND_TRANSFER_ENCODING',
    run: head({ status: 200, fields: ['transfer-encoding', 'chunked', 'content-length', '0'] }) },
  { name: 'HEAD response with CL and TE', code: 'ERR_CONTENT_LENGTH_AND_TRANSFER_ENCODING',
    run: head({ status: 200, fields: ['Transfer-Encoding', 'chunked', 'Content-Length', '0'] }, { requestMethod: 'HEAD' }) },

  { name: 'Content-Length not digits', code: 'ERR_INVALID_CONTENT_LENGTH', run: head(GET(['Content-Length', 'abc'])) },
  { name: 'Content-Length negative', code: 'ERR_INVALID_CONTENT_LENGTH', run: head(GET(['Content-Length', '-1'])) },
  { name: 'Content-Length list', code: 'ERR_INVALID_CONTENT_LENGTH', run: head(GET(['Content-Length', '1, 1'])) },
  { name: 'Content-Length empty', code: 'ERR_INVALID_CONTENT_LENGTH', run: head(GET(['Content-Length', ''])) },
  { name: 'Content-Length 0x10', code: 'ERR_INVALID_CONTENT_LENGTH', run: head(GET(['Content-Length', '0x10'])) },
  { name: 'Content-Length repeated, same value', code: 'ERR_INVALID_CONTENT_LENGTH', run: head(GET(['Content-Length', '1', 'content-length', '1'])) },
  { name: 'Content-Length 2^53', code: 'ERR_INVALID_CONTENT_LENGTH', run: head({ status: 200, fields: ['Content-Length', '9007199254740992'] }) },

  { name: 'TE with trailing comma', code: 'ERR_INVALID_TRANSFER_ENCODING', run: head(GET(['Transfer-Encoding', 'chunked,'])) },
  { name: 'TE with leading comma', code: 'ERR_INVALID_TRANSFER_ENCODING', run: head(GET(['Transfer-Encoding', ',chunked'])) },
  { name: 'TE with empty element', code: 'ERR_INVALID_TRANSFER_ENCODING', run: head(GET(['Transfer-Encoding', 'gzip,,chunked'])) },
  { name: 'TE with SP inside a coding', code: 'ERR_INVALID_TRANSFER_ENCODING', run: head(GET(['Transfer-Encoding', 'chun ked'])) },
  { name: 'TE with a bare ";"', code: 'ERR_INVALID_TRANSFER_ENCODING', run: head(GET(['Transfer-Encoding', 'chunked;'])) },
  { name: 'TE parameter without value', code: 'ERR_INVALID_TRANSFER_ENCODING', run: head(GET(['Transfer-Encoding', 'gzip;q, chunked'])) },
  { name: 'TE with unterminated quoted-string', code: 'ERR_INVALID_TRANSFER_ENCODING', run: head(GET(['Transfer-Encoding', 'x;a="b, chunked'])) },
  { name: 'empty TE', code: 'ERR_INVALID_TRANSFER_ENCODING', run: head({ status: 200, fields: ['Transfer-Encoding', ''] }) },

  { name: 'request TE gzip', code: 'ERR_CHUNKED_NOT_FINAL', run: head(GET(['Transfer-Encoding', 'gzip'])) },
  { name: 'request TE chunked, gzip', code: 'ERR_CHUNKED_NOT_FINAL', run: head(GET(['Transfer-Encoding', 'chunked, gzip'])) },
  { name: 'request TE chunked twice', code: 'ERR_CHUNKED_NOT_FINAL', run: head(GET(['Transfer-Encoding', 'chunked, chunked'])) },
  { name: 'request TE chunked on two lines', code: 'ERR_CHUNKED_NOT_FINAL', run: head(GET(['Transfer-Encoding', 'chunked', 'Transfer-Encoding', 'chunked'])) },
  { name: 'response TE chunked twice', code: 'ERR_CHUNKED_NOT_FINAL', run: head({ status: 200, fields: ['Transfer-Encoding', 'Chunked, chunked'] }) },

  { name: 'HTTP/1.0 request with TE', code: 'ERR_TRANSFER_ENCODING_HTTP10',
    run: head({ method: 'POST', target: '/', versionMinor: 0, fields: ['Transfer-Encoding', 'chunked'] }) },
  { name: 'HTTP/1.0 response with TE', code: 'ERR_TRANSFER_ENCODING_HTTP10', run: head({ status: 200, versionMinor: 0, fields: ['Transfer-Encoding', 'chunked'] }) },
  { name: 'TE in a response to HTTP/1.0', code: 'ERR_TRANSFER_ENCODING_HTTP10',
    run: head({ status: 200, fields: ['Transfer-Encoding', 'chunked'] }, { requestVersionMajor: 1, requestVersionMinor: 0 }) },

  { name: '204 with Content-Length', code: 'ERR_UNEXPECTED_FRAMING_FIELD', run: head({ status: 204, fields: ['Content-Length', '0'] }) },
  { name: '204 with TE', code: 'ERR_UNEXPECTED_FRAMING_FIELD', run: head({ status: 204, fields: ['Transfer-Encoding', 'chunked'] }) },
  { name: '100 with TE', code: 'ERR_UNEXPECTED_FRAMING_FIELD', run: head({ status: 100, fields: ['Transfer-Encoding', 'chunked'] }) },
  { name: '101 with Content-Length', code: 'ERR_UNEXPECTED_FRAMING_FIELD', run: head({ status: 101, fields: ['Content-Length', '0'] }) },
  { name: '200 to CONNECT with Content-Length', code: 'ERR_UNEXPECTED_FRAMING_FIELD',
    run: head({ status: 200, fields: ['Content-Length', '0'] }, { requestMethod: 'CONNECT' }) },
  { name: '200 to CONNECT with TE', code: 'ERR_UNEXPECTED_FRAMING_FIELD',
    run: head({ status: 200, fields: ['Transfer-Encoding', 'chunked'] }, { requestMethod: 'CONNECT' }) },

  { name: 'content in a response to HEAD', code: 'ERR_BODY_NOT_ALLOWED',
    run: message({ status: 200, fields: ['Content-Length', '1'] }, ['x'], undefined, { requestMethod: 'HEAD' }) },
  { name: 'content in a chunked response to HEAD', code: 'ERR_BODY_NOT_ALLOWED',
    run: message({ status: 200, fields: ['Transfer-Encoding', 'chunked'] }, ['x'], undefined, { requestMethod: 'HEAD' }) },
  { name: 'content in a 204', code: 'ERR_BODY_NOT_ALLOWED', run: message({ status: 204, fields: [] }, ['x']) },
  { name: 'content in a 304', code: 'ERR_BODY_NOT_ALLOWED', run: message({ status: 304, fields: ['Content-Length', '1'] }, ['x']) },
  { name: 'content in a 100', code: 'ERR_BODY_NOT_ALLOWED', run: message({ status: 100, fields: [] }, ['x']) },
  { name: 'content in a request without CL or TE', code: 'ERR_BODY_NOT_ALLOWED', run: message(GET([]), ['x']) },
  { name: 'TRACE with Content-Length 1', code: 'ERR_BODY_NOT_ALLOWED', run: head(GET(['Content-Length', '1'], { method: 'TRACE' })) },
  { name: 'TRACE with chunked', code: 'ERR_BODY_NOT_ALLOWED', run: head(GET(['Transfer-Encoding', 'chunked'], { method: 'TRACE' })) },
  { name: 'TRACE of unknown length', code: 'ERR_BODY_NOT_ALLOWED', run: () => startMessage(GET([], { method: 'TRACE' }), { bodyLength: 'unknown' }) },
  { name: 'TRACE with bodyLength 2', code: 'ERR_BODY_NOT_ALLOWED', run: () => startMessage(GET([], { method: 'TRACE' }), { bodyLength: 2 }) },
  { name: 'CONNECT with Content-Length 1', code: 'ERR_BODY_NOT_ALLOWED', run: head(GET(['Content-Length', '1'], { method: 'CONNECT', target: 'a:1' })) },
  { name: 'CONNECT with chunked', code: 'ERR_BODY_NOT_ALLOWED', run: head(GET(['Transfer-Encoding', 'chunked'], { method: 'CONNECT', target: 'a:1' })) },
  { name: 'none encoder refuses one octet', code: 'ERR_BODY_NOT_ALLOWED', run: write(NONE, '', 'x') },

  { name: 'one octet too many in one write', code: 'ERR_CONTENT_LENGTH_MISMATCH', run: write(L(5), 'hello!') },
  { name: 'too many over two writes', code: 'ERR_CONTENT_LENGTH_MISMATCH', run: write(L(5), 'hel', 'lo!') },
  { name: 'content into Content-Length 0', code: 'ERR_CONTENT_LENGTH_MISMATCH', run: write(L(0), 'x') },
  { name: 'ended one octet short', code: 'ERR_CONTENT_LENGTH_MISMATCH', run: endWith(L(5), ['hell']) },
  { name: 'ended with nothing written', code: 'ERR_CONTENT_LENGTH_MISMATCH', run: endWith(L(1), []) },
  { name: 'message shorter than its Content-Length', code: 'ERR_CONTENT_LENGTH_MISMATCH',
    run: message({ status: 200, fields: ['Content-Length', '3'] }, ['ab']) },

  { name: 'HTTP/1.0 request of unknown length', code: 'ERR_LENGTH_REQUIRED',
    run: () => startMessage({ method: 'POST', target: '/', versionMinor: 0, fields: [] }, { bodyLength: 'unknown' }) },

  { name: 'Content-Length in trailers', code: 'ERR_INVALID_TRAILER_FIELD', run: endWith(CHUNKED, ['a'], ['Content-Length', '1']) },
  { name: 'transfer-encoding in trailers', code: 'ERR_INVALID_TRAILER_FIELD', run: endWith(CHUNKED, [], ['transfer-encoding', 'chunked']) },
  { name: 'Host in trailers', code: 'ERR_INVALID_TRAILER_FIELD', run: endWith(CHUNKED, [], ['X', '1', 'HOST', 'b']) },
  { name: 'Trailer in trailers', code: 'ERR_INVALID_TRAILER_FIELD', run: endWith(CHUNKED, [], ['Trailer', 'X']) },

  { name: 'chunked write after end', code: 'ERR_WRITE_AFTER_END', run: () => { const e = createBodyEncoder(CHUNKED); e.end(); e.write(bytes('x')); } },
  { name: 'chunked end twice', code: 'ERR_WRITE_AFTER_END', run: () => { const e = createBodyEncoder(CHUNKED); e.end(); e.end(); } },
  { name: 'length write after end', code: 'ERR_WRITE_AFTER_END', run: () => { const e = createBodyEncoder(L(0)); e.end(); e.write(bytes('')); } },
  { name: 'length end twice', code: 'ERR_WRITE_AFTER_END', run: () => { const e = createBodyEncoder(L(0)); e.end(); e.end(); } },
  { name: 'none write after end', code: 'ERR_WRITE_AFTER_END', run: () => { const e = createBodyEncoder(NONE); e.end(); e.write(bytes('')); } },
  { name: 'none end twice', code: 'ERR_WRITE_AFTER_END', run: () => { const e = createBodyEncoder(NONE); e.end(); e.end(); } },
  { name: 'close write after end', code: 'ERR_WRITE_AFTER_END', run: () => { const e = createBodyEncoder(CLOSE); e.end(); e.write(bytes('x')); } },
  { name: 'tunnel end twice', code: 'ERR_WRITE_AFTER_END', run: () => { const e = createBodyEncoder(TUNNEL); e.end(); e.end(); } },

  { name: 'trailers on Content-Length framing', code: 'ERR_TRAILERS_NOT_CHUNKED', run: endWith(L(1), ['a'], ['X', '1']) },
  { name: 'trailers on no-content framing', code: 'ERR_TRAILERS_NOT_CHUNKED', run: endWith(NONE, [], ['X', '1']) },
  { name: 'trailers on close-delimited framing', code: 'ERR_TRAILERS_NOT_CHUNKED', run: endWith(CLOSE, ['a'], ['X', '1']) },
  { name: 'trailers on a message with Content-Length', code: 'ERR_TRAILERS_NOT_CHUNKED',
    run: message({ status: 200, fields: ['Content-Length', '0'] }, [], ['X', '1']) },
];

test('every refusal throws its own code', (t) => {
  for (const c of REFUSALS) {
    let thrown: unknown;
    try {
      c.run();
    } catch (e) {
      thrown = e;
    }
    if (thrown === undefined) {
      t.fail(`${c.name}: not refused (expected ${c.code})`);
    } else if (!(thrown instanceof HttpSerializeError)) {
      t.fail(`${c.name}: threw ${String(thrown)} instead of ${c.code}`);
    } else {
      t.equal(thrown.code, c.code, c.name);
    }
  }
  t.end();
});

test('every serializer error code has a refusal case', (t) => {
  const covered = new Set(REFUSALS.map((c) => c.code));
  const missing = Object.keys(SERIALIZER_ERRORS).filter((k) => !covered.has(k as SerializerErrorCode));
  t.deepEqual(missing, [], 'codes without a case');
  const ids = Object.values(SERIALIZER_ERRORS).map((e) => e.id);
  t.deepEqual(ids, ids.map((_, i) => i + 1), 'ids are 1..n in table order (append-only)');
  t.end();
});

test('HttpSerializeError carries code, id and node code', (t) => {
  try {
    serializeHead(GET(['X', 'a\nb']));
    t.fail('not refused');
  } catch (e) {
    t.ok(e instanceof HttpSerializeError && e instanceof Error);
    const err = e as HttpSerializeError;
    t.equal(err.code, 'ERR_INVALID_CHAR');
    t.equal(err.id, SERIALIZER_ERRORS.ERR_INVALID_CHAR.id);
    t.equal(err.nodeCode, 'ERR_INVALID_CHAR');
    t.match(err.message, /RFC 9110 5\.5/);
  }
  t.throws(() => serializeHead({ method: 'GET', target: '/', fields: ['Host'] }), TypeError, 'odd-length fields is API misuse');
  t.end();
});

