// Inputs of the differential test against llhttp (suites/core/differential.test.ts) and fuzz seeds (scripts/fuzz-campaign.ts):
// valid requests and responses of many shapes (data only; generated inputs such as 256 octets or 100 fields).

import type { RunOptions } from './log';

export interface DiffInput {
  /** stable slug, never reused */
  id: string;
  spec: string;
  kind?: 'request' | 'response';
  /** latin1 string; one char per octet */
  input: string;
  opts?: RunOptions;
}

const H = 'Host: a.example\r\n';
const get = (target: string, fields = ''): string => `GET ${target} HTTP/1.1\r\n${H}${fields}\r\n`;
const manyFields = (n: number, prefix = 'X-F'): string => {
  let s = '';
  for (let i = 0; i < n; i++) s += `${prefix}${i}: value-${i}\r\n`;
  return s;
};
const bytes256 = (): string => { let s = ''; for (let i = 0; i < 256; i++) s += String.fromCharCode(i); return s; };
const res = (id: string, spec: string, input: string, opts?: RunOptions): DiffInput => ({ id, spec, kind: 'response', input, opts });

export const diffInputs: DiffInput[] = [
  // request-line: methods and targets (RFC 9112 3)
  { id: 'd-get-minimal', spec: 'RFC9112 3', input: get('/') },
  { id: 'd-methods-pipelined', spec: 'RFC9112 3.1', input: ['DELETE', 'HEAD', 'PUT', 'PATCH', 'TRACE', 'PURGE', 'PROPFIND', 'M-SEARCH', 'QUERY', 'MKCOL']
    .map((m) => `${m} /r HTTP/1.1\r\n${H}\r\n`).join('') },
  { id: 'd-options-asterisk', spec: 'RFC9112 3.2.4', input: `OPTIONS * HTTP/1.1\r\n${H}\r\n` },
  { id: 'd-target-query', spec: 'RFC9112 3.2.1', input: get('/a/b/c.html?x=1&y=%20z&flag') },
  { id: 'd-target-sub-delims', spec: 'RFC9112 3.2.1', input: get("/a;b,c=d!$&'()*+@:/~_-.?q=/?") },
  { id: 'd-target-empty-query', spec: 'RFC9112 3.2.1', input: get('/?') },
  { id: 'd-target-pct', spec: 'RFC9112 3.2.1', input: get('/%E2%82%AC/%7e%2F') },
  { id: 'd-target-absolute', spec: 'RFC9112 3.2.2', input: get('http://a.example:8080/p/q?r=s') },
  { id: 'd-target-long', spec: 'RFC9112 3', input: get('/' + 'seg/'.repeat(500) + '?' + 'k=v&'.repeat(200)) },
  { id: 'd-leading-crlf', spec: 'RFC9112 2.2', input: '\r\n' + get('/after-crlf') },

  // field lines (RFC 9112 5, RFC 9110 5)
  { id: 'd-fields-ows', spec: 'RFC9112 5.1', input: get('/', 'A:v\r\nB:   v  \r\nC:\tv\t\r\nD: \t v w \t\r\nE:\r\nF:   \r\n') },
  { id: 'd-fields-obs-text', spec: 'RFC9110 5.5', input: get('/', 'X-Latin: caf\xe9 \xa0na\xefve\r\nX-High: \x80\xff\xfe\r\n') },
  { id: 'd-fields-tchar-names', spec: 'RFC9110 5.1', input: get('/', "X-!#$%&'*+.^_`|~09: v\r\nlower: v\r\nUPPER: V\r\n") },
  { id: 'd-fields-value-punctuation', spec: 'RFC9110 5.5', input: get('/', 'X: "quoted, list"; a=b, (c), <d>, {e}, [f], \\g, @h:i\r\n') },
  { id: 'd-fields-repeated', spec: 'RFC9110 5.3', input: get('/', 'Set-Cookie: a=1\r\nSet-Cookie: b=2\r\nAccept: x\r\naccept: y\r\n') },
  { id: 'd-fields-33', spec: 'RFC9112 5', input: get('/', manyFields(33)) },
  { id: 'd-fields-64', spec: 'RFC9112 5', input: get('/', manyFields(64)) },
  { id: 'd-fields-150', spec: 'RFC9112 5', input: get('/', manyFields(150)) },
  { id: 'd-field-long-value', spec: 'RFC9112 5', input: get('/', 'X-Long: ' + 'v'.repeat(6000) + '\r\n') },
  { id: 'd-browser-get', spec: 'RFC9112 5', input: get('/index.html?utm=1', 'User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36\r\n'
    + 'Accept: text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8\r\nAccept-Language: en-US,en;q=0.9\r\n'
    + 'Accept-Encoding: gzip, deflate, br\r\nCookie: session=abc123; theme=dark; _ga=GA1.2.3.4\r\nConnection: keep-alive\r\n'
    + 'Upgrade-Insecure-Requests: 1\r\nSec-Fetch-Dest: document\r\nSec-Fetch-Mode: navigate\r\nCache-Control: max-age=0\r\n') },

  // message body (RFC 9112 6, 7)
  { id: 'd-cl-body', spec: 'RFC9112 6.3', input: `POST /f HTTP/1.1\r\n${H}Content-Type: text/plain\r\nContent-Length: 11\r\n\r\nhello world` },
  { id: 'd-cl-binary-body', spec: 'RFC9112 6.3', input: `PUT /b HTTP/1.1\r\n${H}Content-Length: 256\r\n\r\n${bytes256()}` },
  { id: 'd-cl-zero', spec: 'RFC9112 6.3', input: `POST / HTTP/1.1\r\n${H}Content-Length: 0\r\n\r\n` },
  { id: 'd-cl-4k-body', spec: 'RFC9112 6.3', input: `POST /big HTTP/1.1\r\n${H}Content-Length: 4096\r\n\r\n${'0123456789abcdef'.repeat(256)}` },
  { id: 'd-cl-ows-leading-zeros', spec: 'RFC9110 8.6', input: `POST / HTTP/1.1\r\n${H}content-length:  003 \r\n\r\nabc` },
  { id: 'd-chunked', spec: 'RFC9112 7.1', input: `POST /c HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n1\r\n \r\n5\r\nworld\r\n0\r\n\r\n` },
  { id: 'd-chunked-hex-sizes', spec: 'RFC9112 7.1', input: `POST /c HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n1A\r\n${'z'.repeat(26)}\r\n00f\r\n${'y'.repeat(15)}\r\n0\r\n\r\n` },
  { id: 'd-chunked-extensions', spec: 'RFC9112 7.1.1', input: `POST /c HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n3;a=b;c="d e";flag\r\nabc\r\n0;last=1\r\n\r\n` },
  { id: 'd-chunked-trailers', spec: 'RFC9112 7.1.2', input: `POST /t HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\nTrailer: X-Sum, X-Sig\r\n\r\n4\r\ndata\r\n0\r\nX-Sum: 42\r\nX-Sig:  abc  \r\n\r\n` },
  { id: 'd-chunked-40-trailers', spec: 'RFC9112 7.1.2', input: `POST /t HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\n${manyFields(40, 'T')}\r\n` },
  { id: 'd-chunked-case-ows', spec: 'RFC9112 6.1', input: `POST /c HTTP/1.1\r\n${H}transfer-encoding:   Chunked \r\n\r\n2\r\nok\r\n0\r\n\r\n` },
  { id: 'd-chunked-binary', spec: 'RFC9112 7.1', input: `POST /c HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n100\r\n${bytes256()}\r\n0\r\n\r\n` },
  { id: 'd-expect-continue', spec: 'RFC9110 10.1.1', input: `PUT /e HTTP/1.1\r\n${H}Expect: 100-continue\r\nContent-Length: 3\r\n\r\nabc` },

  // connection state (RFC 9112 9)
  { id: 'd-pipelined-mixed', spec: 'RFC9112 9.3.2', input: get('/1') + `POST /2 HTTP/1.1\r\n${H}Content-Length: 2\r\n\r\nhi`
    + `POST /3 HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n2\r\nyo\r\n0\r\nT: 1\r\n\r\n` + get('/4') },
  { id: 'd-connection-close', spec: 'RFC9112 9.6', input: get('/', 'Connection: close\r\n') },
  { id: 'd-connection-keep-alive-11', spec: 'RFC9112 9.3', input: get('/', 'Connection: keep-alive\r\n') + get('/2') },
  { id: 'd-http10-default-close', spec: 'RFC9112 9.3', input: 'GET /old HTTP/1.0\r\nUser-Agent: x\r\n\r\n' },
  { id: 'd-http10-keep-alive', spec: 'RFC9112 9.3', input: 'GET /1 HTTP/1.0\r\nConnection: keep-alive\r\n\r\nPOST /2 HTTP/1.0\r\nConnection: Keep-Alive\r\nContent-Length: 1\r\n\r\nxGET /3 HTTP/1.0\r\n\r\n' },
  { id: 'd-http10-cl-body', spec: 'RFC9112 6.3', input: 'POST / HTTP/1.0\r\nContent-Length: 4\r\n\r\nbody' },
  { id: 'd-upgrade-websocket', spec: 'RFC9110 7.8', input: get('/chat', 'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n') + '\x81\x85\x37\xfa\x21\x3d\x7f\x9f\x4d\x51\x58' },
  { id: 'd-upgrade-h2c', spec: 'RFC9110 7.8', input: get('/', 'Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\n') },
  { id: 'd-connect', spec: 'RFC9110 9.3.6', input: 'CONNECT a.example:443 HTTP/1.1\r\nHost: a.example:443\r\nProxy-Authorization: Basic dTpw\r\n\r\n\x16\x03\x01\x00\x05hello' },
  { id: 'd-connect-ipv6', spec: 'RFC9112 3.2.3', input: 'CONNECT [2001:db8::1]:8443 HTTP/1.1\r\nHost: [2001:db8::1]:8443\r\n\r\n' },

  // responses (RFC 9112 4, 6.3)
  res('d-res-200-cl', 'RFC9112 6.3', 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello'),
  res('d-res-reason-obs-text', 'RFC9112 4', 'HTTP/1.1 404 Nicht  Gef\xfcnden \t\r\nContent-Length: 0\r\n\r\n'),
  res('d-res-reason-empty', 'RFC9112 4', 'HTTP/1.1 200 \r\nContent-Length: 1\r\n\r\nx'),
  res('d-res-chunked-trailers', 'RFC9112 7.1.2', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: Server-Timing\r\n\r\n'
    + '6;name=x\r\nchunk1\r\n6\r\nchunk2\r\n0\r\nServer-Timing: total;dur=12\r\nX-Checksum: 99\r\n\r\n'),
  res('d-res-204', 'RFC9112 6.3', 'HTTP/1.1 204 No Content\r\nDate: Mon, 01 Jan 2024 00:00:00 GMT\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok'),
  res('d-res-304-with-cl', 'RFC9112 6.3', 'HTTP/1.1 304 Not Modified\r\nETag: "x"\r\nContent-Length: 1234\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n'),
  res('d-res-head-cl', 'RFC9112 6.3', 'HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc', { methods: ['HEAD', 'GET'] }),
  res('d-res-head-chunked', 'RFC9112 6.3', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nHTTP/1.1 404 NF\r\nContent-Length: 0\r\n\r\n', { methods: ['HEAD', 'HEAD'] }),
  res('d-res-100-continue', 'RFC9110 15.2.1', 'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nLocation: /x\r\nContent-Length: 2\r\n\r\nok', { methods: ['PUT'] }),
  res('d-res-103-early-hints', 'RFC9110 15.2', 'HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload; as=style\r\nLink: </s.js>; rel=preload\r\n\r\n'
    + 'HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nbody', { methods: ['GET'] }),
  res('d-res-101', 'RFC9110 15.2.2', 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n\x81\x05hello'),
  res('d-res-connect-200', 'RFC9110 9.3.6', 'HTTP/1.1 200 Connection Established\r\n\r\n\x16\x03\x03\x00\x02hi', { methods: ['CONNECT'] }),
  res('d-res-close-delimited', 'RFC9112 6.3', 'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html>until the end\r\n</html>', { eof: true }),
  res('d-res-http10-close', 'RFC9112 6.3', 'HTTP/1.0 200 OK\r\nServer: old\r\n\r\nall of it', { eof: true }),
  res('d-res-http10-keep-alive', 'RFC9112 9.3', 'HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nabHTTP/1.0 200 OK\r\nContent-Length: 1\r\n\r\nc'),
  res('d-res-connection-close-cl', 'RFC9112 9.6', 'HTTP/1.1 500 Internal Server Error\r\nConnection: close\r\nContent-Length: 3\r\n\r\nerr'),
  res('d-res-pipelined', 'RFC9112 9.3.2', 'HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\na'
    + 'HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nnf\r\n0\r\n\r\n'
    + 'HTTP/1.1 304 Not Modified\r\n\r\n'
    + 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n'),
  res('d-res-fields-40', 'RFC9112 5', 'HTTP/1.1 200 OK\r\n' + manyFields(40, 'X-R') + 'Content-Length: 2\r\n\r\nok'),
  res('d-res-set-cookies', 'RFC9110 5.3', 'HTTP/1.1 302 Found\r\nLocation: /login\r\nSet-Cookie: a=1; Path=/; HttpOnly\r\nSet-Cookie: b=2; Secure\r\nContent-Length: 0\r\n\r\n'),
  res('d-res-cl-binary', 'RFC9112 6.3', `HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: 256\r\n\r\n${bytes256()}`),
];
