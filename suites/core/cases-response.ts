// Parser cases for the status-line, response framing and connection state (RFC 9112 4, 6.3, 9; RFC 9110 7.8, 15).

import type { ParserCase } from './case';

const res = (input: string, log: string[], extra: Partial<ParserCase> = {}): Omit<ParserCase, 'id' | 'spec'> =>
  ({ kind: 'response', input, log, ...extra });

export const responseCases: ParserCase[] = [
  // RFC 9112 4 status-line
  { id: 'status-line', spec: 'RFC9112 4', ...res('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi', ['response 200 "OK" 1.1 length:2 keep', 'field Content-Length: 2', 'body hi', 'complete']) },
  { id: 'status-empty-reason', spec: 'RFC9112 4', ...res('HTTP/1.1 204 \r\n\r\n', ['response 204 "" 1.1 none keep', 'complete']) },
  { id: 'status-no-sp-no-reason', spec: 'RFC9112 4', ...res('HTTP/1.1 204\r\n\r\n', ['response 204 "" 1.1 none keep', 'complete']) },
  { id: 'status-reason-spaces-obs-text', spec: 'RFC9112 4', ...res('HTTP/1.1 404 Not \tF\xf6und \r\nContent-Length: 0\r\n\r\n', ['response 404 "Not \\tF\\xf6und " 1.1 length:0 keep', 'field Content-Length: 0', 'complete']) },
  { id: 'status-four-digits', spec: 'RFC9112 4', ...res('HTTP/1.1 2000 OK\r\n\r\n', [], { err: 'HPE_INVALID_STATUS', at: 12 }) },
  { id: 'status-two-digits', spec: 'RFC9112 4', ...res('HTTP/1.1 20 OK\r\n\r\n', [], { err: 'HPE_INVALID_STATUS', at: 11 }) },
  { id: 'status-below-100', spec: 'RFC9110 15', ...res('HTTP/1.1 099 X\r\n\r\n', [], { err: 'HPE_INVALID_STATUS', at: 11 }) },
  { id: 'status-above-599', spec: 'RFC9110 15', ...res('HTTP/1.1 600 X\r\n\r\n', [], { err: 'HPE_INVALID_STATUS', at: 11 }) },
  { id: 'status-double-space', spec: 'RFC9112 4', ...res('HTTP/1.1  200 OK\r\n\r\n', [], { err: 'HPE_INVALID_STATUS', at: 9 }) },
  { id: 'status-reason-nul', spec: 'RFC9112 4', ...res('HTTP/1.1 200 O\x00K\r\n\r\n', [], { err: 'HPE_INVALID_REASON', at: 14 }) },
  { id: 'status-reason-bare-cr', spec: 'RFC9112 2.2', ...res('HTTP/1.1 200 O\rK\r\n\r\n', [], { err: 'HPE_LF_EXPECTED', at: 15 }) },
  { id: 'status-reason-bare-cr-lenient', spec: 'RFC9112 2.2', ...res('HTTP/1.1 200 O\rK\r\nContent-Length: 0\r\n\r\n', ['response 200 "O K" 1.1 length:0 keep', 'field Content-Length: 0', 'complete'], { opts: { lenient: { bareCR: true } } }) },
  { id: 'status-version-2', spec: 'RFC9110 6.2', ...res('HTTP/2.0 200 OK\r\n\r\n', [], { err: 'HPE_UNSUPPORTED_VERSION', at: 7 }) },
  { id: 'status-leading-crlf', spec: 'RFC9112 4', ...res('\r\nHTTP/1.1 200 OK\r\n\r\n', [], { err: 'HPE_INVALID_VERSION', at: 0 }) },
  { id: 'status-lowercase-http', spec: 'RFC9112 2.3', ...res('http/1.1 200 OK\r\n\r\n', [], { err: 'HPE_INVALID_VERSION', at: 0 }) },

  // RFC 9112 6.3 response body length
  { id: 'response-head-no-body', spec: 'RFC9112 6.3', ...res('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nHTTP/1.1 204 No\r\n\r\n', ['response 200 "OK" 1.1 none keep', 'field Content-Length: 5', 'complete', 'response 204 "No" 1.1 none keep', 'complete'], { opts: { methods: ['HEAD', 'GET'] } }) },
  { id: 'response-head-chunked-no-body', spec: 'RFC9112 6.3', ...res('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n', ['response 200 "OK" 1.1 none keep', 'field Transfer-Encoding: chunked', 'complete'], { opts: { methods: ['HEAD'] } }) },
  { id: 'response-204-ignores-cl', spec: 'RFC9112 6.3', ...res('HTTP/1.1 204 No Content\r\nContent-Length: 3\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n', ['response 204 "No Content" 1.1 none keep', 'field Content-Length: 3', 'complete', 'response 200 "OK" 1.1 length:0 keep', 'field Content-Length: 0', 'complete']) },
  { id: 'response-304-ignores-cl', spec: 'RFC9112 6.3', ...res('HTTP/1.1 304 Not Modified\r\nContent-Length: 100\r\n\r\n', ['response 304 "Not Modified" 1.1 none keep', 'field Content-Length: 100', 'complete']) },
  { id: 'response-1xx-then-final', spec: 'RFC9110 15.2', ...res('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </s>; rel=preload\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx', ['response 100 "Continue" 1.1 none keep', 'complete', 'response 103 "Early Hints" 1.1 none keep', 'field Link: </s>; rel=preload', 'complete', 'response 200 "OK" 1.1 length:1 keep', 'field Content-Length: 1', 'body x', 'complete'], { opts: { methods: ['GET'] } }) },
  { id: 'response-1xx-keeps-method', spec: 'RFC9112 6.3', ...res('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n', ['response 100 "Continue" 1.1 none keep', 'complete', 'response 200 "OK" 1.1 none keep', 'field Content-Length: 1', 'complete'], { opts: { methods: ['HEAD'] } }) },
  { id: 'response-101-switch', spec: 'RFC9110 15.2.2', ...res('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n\x81\x00', ['response 101 "Switching Protocols" 1.1 tunnel keep upgrade', 'field Upgrade: websocket', 'field Connection: Upgrade', 'complete', 'rest \\x81\\x00']) },
  { id: 'response-connect-2xx-tunnel', spec: 'RFC9112 6.3', ...res('HTTP/1.1 200 Connection established\r\nContent-Length: 5\r\n\r\nTLS..', ['response 200 "Connection established" 1.1 tunnel keep upgrade', 'field Content-Length: 5', 'complete', 'rest TLS..'], { opts: { methods: ['CONNECT'] } }) },
  { id: 'response-connect-407-body', spec: 'RFC9112 6.3', ...res('HTTP/1.1 407 Proxy Auth\r\nContent-Length: 2\r\n\r\nno', ['response 407 "Proxy Auth" 1.1 length:2 keep', 'field Content-Length: 2', 'body no', 'complete'], { opts: { methods: ['CONNECT'] } }) },
  { id: 'response-close-delimited', spec: 'RFC9112 6.3', ...res('HTTP/1.1 200 OK\r\n\r\nall of this\r\nuntil close', ['response 200 "OK" 1.1 close close', 'body all of this\\r\\nuntil close', 'complete'], { opts: { eof: true } }) },
  { id: 'response-http10-close-delimited', spec: 'RFC9112 6.3', ...res('HTTP/1.0 200 OK\r\n\r\nabc', ['response 200 "OK" 1.0 close close', 'body abc', 'complete'], { opts: { eof: true } }) },
  { id: 'response-http10-keep-alive', spec: 'RFC9112 9.3', ...res('HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 1\r\n\r\nx', ['response 200 "OK" 1.0 length:1 keep', 'field Connection: keep-alive', 'field Content-Length: 1', 'body x', 'complete']) },
  { id: 'response-chunked-trailers', spec: 'RFC9112 7.1.2', ...res('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: X-Sum\r\n\r\n4\r\nabcd\r\n0\r\nX-Sum: 42\r\n\r\n', ['response 200 "OK" 1.1 chunked keep', 'field Transfer-Encoding: chunked', 'field Trailer: X-Sum', 'body abcd', 'trailer X-Sum: 42', 'complete']) },
  { id: 'response-te-not-chunked-final', spec: 'RFC9112 6.3', ...res('HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n\x1f\x8b', ['response 200 "OK" 1.1 close close te=gzip', 'field Transfer-Encoding: gzip', 'body \\x1f\\x8b', 'complete'], { opts: { eof: true } }) },
  { id: 'response-te-and-cl', spec: 'RFC9112 6.3', ...res('HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n', [], { err: 'HPE_UNEXPECTED_CONTENT_LENGTH', at: 17 }) },
  { id: 'response-te-and-cl-lenient', spec: 'RFC9112 6.3', ...res('HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n', ['response 200 "OK" 1.1 chunked close', 'field Content-Length: 3', 'field Transfer-Encoding: chunked', 'complete'], { opts: { lenient: { transferEncodingWithContentLength: true } } }) },
  { id: 'response-invalid-cl', spec: 'RFC9112 6.3', ...res('HTTP/1.1 200 OK\r\nContent-Length: 1a\r\n\r\n', [], { err: 'HPE_INVALID_CONTENT_LENGTH', at: 17 }) },
  { id: 'response-obs-fold-unfolded', spec: 'RFC9112 5.2', ...res('HTTP/1.1 200 OK\r\nX: a\r\n  b\r\nContent-Length: 0\r\n\r\n', ['response 200 "OK" 1.1 length:0 keep', 'field X: a b', 'field Content-Length: 0', 'complete']) },
  { id: 'response-obs-fold-trailing-ows', spec: 'RFC9112 5.2', ...res('HTTP/1.1 204\r\nX:\ty\t\r\n folded\r\n\r\n', ['response 204 "" 1.1 none keep', 'field X: y folded', 'complete']) },
  { id: 'response-truncated-head-eof', spec: 'RFC9112 8', ...res('HTTP/1.1 200 OK\r\nContent-Le', [], { err: 'HPE_INVALID_EOF_STATE', at: 27, opts: { eof: true } }) },
  { id: 'response-nothing-then-eof', spec: 'RFC9112 8', ...res('', [], { opts: { eof: true } }) },

  // RFC 9112 9.3 persistence, 9.6 close; RFC 9110 7.8 Upgrade
  { id: 'conn-close-request', spec: 'RFC9112 9.6', input: 'GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\nGET /s HTTP/1.1\r\nHost: a\r\n\r\n', log: ['request GET / 1.1 origin none close', 'field Host: a', 'field Connection: close', 'complete'] },
  { id: 'conn-close-among-options', spec: 'RFC9112 9.6', input: 'GET / HTTP/1.1\r\nHost: a\r\nConnection: keep-alive, CLOSE\r\n\r\n', log: ['request GET / 1.1 origin none close', 'field Host: a', 'field Connection: keep-alive, CLOSE', 'complete'] },
  { id: 'conn-http10-keep-alive', spec: 'RFC9112 9.3', input: 'GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\nGET /2 HTTP/1.0\r\n\r\nGET /s HTTP/1.0\r\n\r\n', log: ['request GET / 1.0 origin none keep', 'field Connection: Keep-Alive', 'complete', 'request GET /2 1.0 origin none close', 'complete'] },
  { id: 'conn-pipelined-three', spec: 'RFC9112 9.3.2', input: 'GET /1 HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HTTP/1.1\r\nHost: a\r\n\r\nGET /3 HTTP/1.1\r\nHost: a\r\n\r\n', log: ['request GET /1 1.1 origin none keep', 'field Host: a', 'complete', 'request GET /2 1.1 origin none keep', 'field Host: a', 'complete', 'request GET /3 1.1 origin none keep', 'field Host: a', 'complete'] },
  { id: 'conn-pipelined-crlf-between', spec: 'RFC9112 2.2', input: 'GET /1 HTTP/1.1\r\nHost: a\r\n\r\n\r\nGET /2 HTTP/1.1\r\nHost: a\r\n\r\n', log: ['request GET /1 1.1 origin none keep', 'field Host: a', 'complete', 'request GET /2 1.1 origin none keep', 'field Host: a', 'complete'] },
  { id: 'upgrade-websocket', spec: 'RFC9110 7.8', input: 'GET /ws HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n\x81\x80', log: ['request GET /ws 1.1 origin none keep upgrade', 'field Host: a', 'field Upgrade: websocket', 'field Connection: Upgrade', 'complete', 'rest \\x81\\x80'] },
  { id: 'upgrade-with-body-read-first', spec: 'RFC9110 7.8', input: 'POST /u HTTP/1.1\r\nHost: a\r\nUpgrade: x\r\nConnection: upgrade\r\nContent-Length: 2\r\n\r\nhiNEW', log: ['request POST /u 1.1 origin length:2 keep upgrade', 'field Host: a', 'field Upgrade: x', 'field Connection: upgrade', 'field Content-Length: 2', 'body hi', 'complete', 'rest NEW'] },
  { id: 'upgrade-without-connection-option', spec: 'RFC9110 7.8', input: 'GET / HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\n\r\nGET /2 HTTP/1.1\r\nHost: a\r\n\r\n', log: ['request GET / 1.1 origin none keep', 'field Host: a', 'field Upgrade: websocket', 'complete', 'request GET /2 1.1 origin none keep', 'field Host: a', 'complete'] },
  { id: 'upgrade-http10-ignored', spec: 'RFC9110 7.8', input: 'GET / HTTP/1.0\r\nUpgrade: websocket\r\nConnection: upgrade, keep-alive\r\n\r\nGET /2 HTTP/1.0\r\n\r\n', log: ['request GET / 1.0 origin none keep', 'field Upgrade: websocket', 'field Connection: upgrade, keep-alive', 'complete', 'request GET /2 1.0 origin none close', 'complete'] },
];
