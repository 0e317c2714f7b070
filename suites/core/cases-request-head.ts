// Parser cases for the request-line, field lines and Host (RFC 9112 2.2, 3, 3.2, 5; RFC 9110 5).

import type { ParserCase } from './case';

const H = 'Host: a\r\n';
const ok = (line: string, ...fields: string[]) => [line, ...fields, 'complete'];

/** Each octet class at each position of a value longer than the parser's four-octet steps (RFC 9110 5.5): field-vchar,
 *  obs-text, SP and HTAB are content; NUL, other CTLs and DEL are errors at their exact offset. */
function valueOctetCases(): ParserCase[] {
  const out: ParserCase[] = [];
  const prefix = 'GET / HTTP/1.1\r\n' + H + 'X: ';
  const good: [string, string][] = [['09', '\\t'], ['20', ' '], ['21', '!'], ['7e', '~'], ['80', '\\x80'], ['ff', '\\xff']];
  const bad = ['00', '01', '0b', '1f', '7f'];
  for (let at = 1; at <= 8; at++) {
    for (const [hex, shown] of good) {
      const v = 'a'.repeat(at) + String.fromCharCode(parseInt(hex, 16)) + 'bcdefghij';
      out.push({ id: `field-value-octet-${hex}-at-${at}`, spec: 'RFC9110 5.5', input: prefix + v + '\r\n\r\n',
        log: ok('request GET / 1.1 origin none keep', 'field Host: a', `field X: ${'a'.repeat(at)}${shown}bcdefghij`) });
    }
    for (const hex of bad) {
      const v = 'a'.repeat(at) + String.fromCharCode(parseInt(hex, 16)) + 'bcdefghij';
      out.push({ id: `field-value-octet-${hex}-at-${at}`, spec: 'RFC9110 5.5', input: prefix + v + '\r\n\r\n', log: [],
        err: 'HPE_INVALID_HEADER_VALUE', at: prefix.length + at });
    }
  }
  return out;
}

export const requestHeadCases: ParserCase[] = [
  ...valueOctetCases(),
  // RFC 9112 2.2 message parsing
  { id: 'leading-crlf-ignored', spec: 'RFC9112 2.2', input: '\r\nGET / HTTP/1.1\r\n' + H + '\r\n', log: ok('request GET / 1.1 origin none keep', 'field Host: a') },
  { id: 'several-leading-crlf-ignored', spec: 'RFC9112 2.2', input: '\r\n\r\n\r\nGET / HTTP/1.1\r\n' + H + '\r\n', log: ok('request GET / 1.1 origin none keep', 'field Host: a') },
  { id: 'leading-bare-lf-rejected', spec: 'RFC9112 2.2', input: '\nGET / HTTP/1.1\r\n' + H + '\r\n', log: [], err: 'HPE_CR_EXPECTED', at: 0 },
  { id: 'leading-bare-lf-lenient', spec: 'RFC9112 2.2', input: '\nGET / HTTP/1.1\r\n' + H + '\r\n', opts: { lenient: { bareLF: true } }, log: ok('request GET / 1.1 origin none keep', 'field Host: a') },
  { id: 'leading-cr-without-lf', spec: 'RFC9112 2.2', input: '\rGET / HTTP/1.1\r\n\r\n', log: [], err: 'HPE_LF_EXPECTED', at: 1 },
  { id: 'bare-lf-request-line', spec: 'RFC9112 2.2', input: 'GET / HTTP/1.1\n' + H + '\r\n', log: [], err: 'HPE_CR_EXPECTED', at: 14 },
  { id: 'bare-lf-field-line', spec: 'RFC9112 2.2', input: 'GET / HTTP/1.1\r\nHost: a\n\r\n', log: [], err: 'HPE_CR_EXPECTED', at: 23 },
  { id: 'bare-lf-end-of-head', spec: 'RFC9112 2.2', input: 'GET / HTTP/1.1\r\n' + H + '\n', log: [], err: 'HPE_CR_EXPECTED', at: 25 },
  { id: 'bare-lf-everywhere-lenient', spec: 'RFC9112 2.2', input: 'GET / HTTP/1.1\nHost: a\nX: y\n\n', opts: { lenient: { bareLF: true } }, log: ok('request GET / 1.1 origin none keep', 'field Host: a', 'field X: y') },
  { id: 'bare-cr-in-field-value', spec: 'RFC9112 2.2', input: 'GET / HTTP/1.1\r\n' + H + 'X: a\rb\r\n\r\n', log: [], err: 'HPE_LF_EXPECTED', at: ['a\rb', 2] },
  { id: 'bare-cr-in-field-value-lenient', spec: 'RFC9112 2.2', input: 'GET / HTTP/1.1\r\n' + H + 'X: a\rb\r\n\r\n', opts: { lenient: { bareCR: true } }, log: ok('request GET / 1.1 origin none keep', 'field Host: a', 'field X: a b') },
  { id: 'bare-cr-after-request-line', spec: 'RFC9112 2.2', input: 'GET / HTTP/1.1\rHost: a\r\n\r\n', log: [], err: 'HPE_LF_EXPECTED', at: 15 },
  { id: 'whitespace-after-start-line', spec: 'RFC9112 2.2', input: 'GET / HTTP/1.1\r\n ' + H + '\r\n', log: [], err: 'HPE_WHITESPACE_AFTER_START_LINE', at: 16 },
  { id: 'tab-after-start-line', spec: 'RFC9112 2.2', input: 'GET / HTTP/1.1\r\n\tX: y\r\n' + H + '\r\n', log: [], err: 'HPE_WHITESPACE_AFTER_START_LINE', at: 16 },

  // RFC 9112 3 request-line, 3.1 method
  { id: 'method-extension-token', spec: 'RFC9112 3.1', input: 'M-SEARCH / HTTP/1.1\r\n' + H + '\r\n', log: ok('request M-SEARCH / 1.1 origin none keep', 'field Host: a') },
  { id: 'asterisk-extension-method', spec: 'RFC9112 3.2.4', input: 'M-SEARCH * HTTP/1.1\r\n' + H + '\r\n', log: [], err: 'HPE_INVALID_URL', at: 9 },
  { id: 'method-case-sensitive', spec: 'RFC9112 3.1', input: 'get / HTTP/1.1\r\n' + H + '\r\n', log: ok('request get / 1.1 origin none keep', 'field Host: a') },
  { id: 'method-all-tchar', spec: 'RFC9112 3.1', input: "!#$%&'*+-.^_`|~09AZaz / HTTP/1.1\r\n" + H + '\r\n', log: ok("request !#$%&'*+-.^_`|~09AZaz / 1.1 origin none keep", 'field Host: a') },
  { id: 'method-non-token', spec: 'RFC9112 3.1', input: 'G(ET / HTTP/1.1\r\n' + H + '\r\n', log: [], err: 'HPE_INVALID_METHOD', at: 1 },
  { id: 'method-empty', spec: 'RFC9112 3.1', input: ' / HTTP/1.1\r\n' + H + '\r\n', log: [], err: 'HPE_INVALID_METHOD', at: 0 },
  { id: 'method-tab-separator', spec: 'RFC9112 3', input: 'GET\t/ HTTP/1.1\r\n' + H + '\r\n', log: [], err: 'HPE_INVALID_METHOD', at: 3 },
  { id: 'method-nul', spec: 'RFC9112 3.1', input: 'GE\x00T / HTTP/1.1\r\n' + H + '\r\n', log: [], err: 'HPE_INVALID_METHOD', at: 2 },
  { id: 'tls-client-hello', spec: 'RFC9112 3', input: '\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03', log: [], err: 'HPE_INVALID_METHOD', at: 0 },
  { id: 'request-line-double-space', spec: 'RFC9112 3', input: 'GET  / HTTP/1.1\r\n' + H + '\r\n', log: [], err: 'HPE_INVALID_URL', at: 4 },
  { id: 'request-line-http09', spec: 'RFC9112 3', input: 'GET /\r\n\r\n', log: [], err: 'HPE_INVALID_VERSION', at: 5 },
  { id: 'request-line-trailing-space', spec: 'RFC9112 3', input: 'GET / HTTP/1.1 \r\n' + H + '\r\n', log: [], err: 'HPE_INVALID_VERSION', at: 14 },

  // RFC 9112 3.2 request-target
  { id: 'target-origin-query', spec: 'RFC9112 3.2.1', input: 'GET /a/b?c=d&e HTTP/1.1\r\n' + H + '\r\n', log: ok('request GET /a/b?c=d&e 1.1 origin none keep', 'field Host: a') },
  { id: 'target-pct-encoded', spec: 'RFC9112 3.2.1', input: 'GET /%41%7e HTTP/1.1\r\n' + H + '\r\n', log: ok('request GET /%41%7e 1.1 origin none keep', 'field Host: a') },
  { id: 'target-bad-pct', spec: 'RFC9112 3.2.1', input: 'GET /%4g HTTP/1.1\r\n' + H + '\r\n', log: [], err: 'HPE_INVALID_URL', at: 5 },
  { id: 'target-truncated-pct', spec: 'RFC9112 3.2.1', input: 'GET /a% HTTP/1.1\r\n' + H + '\r\n', log: [], err: 'HPE_INVALID_URL', at: 6 },
  { id: 'target-fragment', spec: 'RFC9112 3.2.1', input: 'GET /a#b HTTP/1.1\r\n' + H + '\r\n', log: [], err: 'HPE_INVALID_URL', at: 6 },
  { id: 'target-dquote', spec: 'RFC9112 3.2', input: 'GET /"a" HTTP/1.1\r\n' + H + '\r\n', log: [], err: 'HPE_INVALID_URL', at: 5 },
  { id: 'target-obs-text', spec: 'RFC9112 3.2', input: 'GET /\xe9 HTTP/1.1\r\n' + H + '\r\n', log: [], err: 'HPE_INVALID_URL', at: 5 },
  { id: 'target-ctl', spec: 'RFC9112 3.2', input: 'GET /\x7f HTTP/1.1\r\n' + H + '\r\n', log: [], err: 'HPE_INVALID_URL', at: 5 },
  { id: 'target-absolute', spec: 'RFC9112 3.2.2', input: 'GET http://a.example:8080/p?q HTTP/1.1\r\n' + H + '\r\n', log: ok('request GET http://a.example:8080/p?q 1.1 absolute none keep', 'field Host: a') },
  { id: 'target-absolute-upper-scheme', spec: 'RFC9112 3.2.2', input: 'GET HTTP://A/ HTTP/1.1\r\n' + H + '\r\n', log: ok('request GET HTTP://A/ 1.1 absolute none keep', 'field Host: a') },
  { id: 'target-absolute-empty-host', spec: 'RFC9110 4.2.1', input: 'GET http:///p HTTP/1.1\r\n' + H + '\r\n', log: [], err: 'HPE_INVALID_URL', at: 11 },
  { id: 'target-absolute-no-authority', spec: 'RFC9110 4.2.1', input: 'GET http:p HTTP/1.1\r\n' + H + '\r\n', log: [], err: 'HPE_INVALID_URL', at: 9 },
  { id: 'target-absolute-other-scheme', spec: 'RFC9112 3.2.2', input: 'GET urn:a:b HTTP/1.1\r\n' + H + '\r\n', log: ok('request GET urn:a:b 1.1 absolute none keep', 'field Host: a') },
  { id: 'target-bad-scheme', spec: 'RFC9112 3.2.2', input: 'GET 1http://a/ HTTP/1.1\r\n' + H + '\r\n', log: [], err: 'HPE_INVALID_URL', at: 4 },
  { id: 'target-authority-connect', spec: 'RFC9112 3.2.3', input: 'CONNECT a.example:443 HTTP/1.1\r\nHost: a.example:443\r\n\r\nTLSBYTES', log: ['request CONNECT a.example:443 1.1 authority tunnel keep upgrade', 'field Host: a.example:443', 'complete', 'rest TLSBYTES'] },
  { id: 'target-authority-ipv6', spec: 'RFC9112 3.2.3', input: 'CONNECT [::1]:443 HTTP/1.1\r\nHost: [::1]:443\r\n\r\n', log: ['request CONNECT [::1]:443 1.1 authority tunnel keep upgrade', 'field Host: [::1]:443', 'complete'] },
  { id: 'connect-content-length-ignored', spec: 'RFC9110 9.3.6', input: 'CONNECT a.example:443 HTTP/1.1\r\nHost: a.example:443\r\nContent-Length: 3\r\n\r\nTLS', log: ['request CONNECT a.example:443 1.1 authority tunnel keep upgrade', 'field Host: a.example:443', 'field Content-Length: 3', 'complete', 'rest TLS'] },
  { id: 'connect-content-length-invalid', spec: 'RFC9112 6.3', input: 'CONNECT a.example:443 HTTP/1.1\r\nHost: a.example:443\r\nContent-Length:\r\n\r\n', log: [], err: 'HPE_INVALID_CONTENT_LENGTH', at: 'Content-Length' },
  { id: 'target-authority-no-port', spec: 'RFC9112 3.2.3', input: 'CONNECT a.example HTTP/1.1\r\n' + H + '\r\n', log: [], err: 'HPE_INVALID_URL', at: 8 },
  { id: 'target-connect-origin-form', spec: 'RFC9112 3.2.3', input: 'CONNECT / HTTP/1.1\r\n' + H + '\r\n', log: [], err: 'HPE_INVALID_URL', at: 8 },
  { id: 'target-asterisk-options', spec: 'RFC9112 3.2.4', input: 'OPTIONS * HTTP/1.1\r\n' + H + '\r\n', log: ok('request OPTIONS * 1.1 asterisk none keep', 'field Host: a') },
  { id: 'target-asterisk-get', spec: 'RFC9112 3.2.4', input: 'GET * HTTP/1.1\r\n' + H + '\r\n', log: [], err: 'HPE_INVALID_URL', at: 4 },
  { id: 'target-too-long', spec: 'RFC9112 3', input: 'GET /' + 'a'.repeat(80) + ' HTTP/1.1\r\n' + H + '\r\n', opts: { maxHeaderSize: 64 }, log: [], err: 'HPE_URI_TOO_LONG', at: 64 },

  // RFC 9112 2.3 HTTP-version
  { id: 'version-1.0', spec: 'RFC9112 2.3', input: 'GET / HTTP/1.0\r\n\r\n', log: ok('request GET / 1.0 origin none close') },
  { id: 'version-1.2-as-1.1', spec: 'RFC9110 2.5', input: 'GET / HTTP/1.2\r\n' + H + '\r\n', log: ok('request GET / 1.2 origin none keep', 'field Host: a') },
  { id: 'version-2.0', spec: 'RFC9110 6.2', input: 'GET / HTTP/2.0\r\n' + H + '\r\n', log: [], err: 'HPE_UNSUPPORTED_VERSION', at: 13 },
  { id: 'version-leading-zero-major', spec: 'RFC9112 2.3', input: 'GET / HTTP/01.1\r\n' + H + '\r\n', log: [], err: 'HPE_INVALID_VERSION', at: 12 },
  { id: 'target-absolute-userinfo', spec: 'RFC9110 4.2.4', input: 'GET http://u:p@a/ HTTP/1.1\r\n' + H + '\r\n', log: [], err: 'HPE_INVALID_URL', at: 14 },
  { id: 'method-too-long', spec: 'RFC9112 3', input: 'G'.repeat(80) + ' / HTTP/1.1\r\n' + H + '\r\n', opts: { maxHeaderSize: 64 }, log: [], err: 'HPE_METHOD_TOO_LONG', at: 64 },
  { id: 'version-0.9', spec: 'RFC9110 6.2', input: 'GET / HTTP/0.9\r\n\r\n', log: [], err: 'HPE_UNSUPPORTED_VERSION', at: 13 },
  { id: 'version-2.0-lenient', spec: 'RFC9110 6.2', input: 'GET / HTTP/2.0\r\n' + H + '\r\n', opts: { lenient: { anyVersion: true } }, log: ok('request GET / 2.0 origin none keep', 'field Host: a') },
  { id: 'version-lowercase', spec: 'RFC9112 2.3', input: 'GET / http/1.1\r\n' + H + '\r\n', log: [], err: 'HPE_INVALID_VERSION', at: 6 },
  { id: 'version-two-digit-minor', spec: 'RFC9112 2.3', input: 'GET / HTTP/1.10\r\n' + H + '\r\n', log: [], err: 'HPE_INVALID_VERSION', at: 14 },
  { id: 'version-missing-minor', spec: 'RFC9112 2.3', input: 'GET / HTTP/1\r\n' + H + '\r\n', log: [], err: 'HPE_INVALID_VERSION', at: 12 },

  // RFC 9112 3.2 Host
  { id: 'host-missing-1.1', spec: 'RFC9112 3.2', input: 'GET / HTTP/1.1\r\n\r\n', log: [], err: 'HPE_MISSING_HOST', at: 17 },
  { id: 'host-missing-1.0', spec: 'RFC9112 3.2', input: 'GET / HTTP/1.0\r\nX: y\r\n\r\n', log: ok('request GET / 1.0 origin none close', 'field X: y') },
  { id: 'host-missing-lenient', spec: 'RFC9112 3.2', input: 'GET / HTTP/1.1\r\n\r\n', opts: { lenient: { missingHost: true } }, log: ok('request GET / 1.1 origin none keep') },
  { id: 'host-duplicate', spec: 'RFC9112 3.2', input: 'GET / HTTP/1.1\r\nHost: a\r\nhost: a\r\n\r\n', log: [], err: 'HPE_DUPLICATE_HOST', at: 25 },
  { id: 'host-duplicate-1.0', spec: 'RFC9112 3.2', input: 'GET / HTTP/1.0\r\nHost: a\r\nHost: b\r\n\r\n', log: [], err: 'HPE_DUPLICATE_HOST', at: 25 },
  { id: 'host-empty', spec: 'RFC9112 3.2', input: 'GET / HTTP/1.1\r\nHost:\r\n\r\n', log: ok('request GET / 1.1 origin none keep', 'field Host: ') },
  { id: 'host-port', spec: 'RFC9112 3.2', input: 'GET / HTTP/1.1\r\nHost: a.example:8080\r\n\r\n', log: ok('request GET / 1.1 origin none keep', 'field Host: a.example:8080') },
  { id: 'host-ipv6', spec: 'RFC9112 3.2', input: 'GET / HTTP/1.1\r\nHost: [2001:db8::1]:80\r\n\r\n', log: ok('request GET / 1.1 origin none keep', 'field Host: [2001:db8::1]:80') },
  { id: 'host-space-inside', spec: 'RFC9112 3.2', input: 'GET / HTTP/1.1\r\nHost: a b\r\n\r\n', log: [], err: 'HPE_INVALID_HOST', at: 16 },
  { id: 'host-bad-port', spec: 'RFC9112 3.2', input: 'GET / HTTP/1.1\r\nHost: a:b\r\n\r\n', log: [], err: 'HPE_INVALID_HOST', at: 16 },
  { id: 'host-userinfo', spec: 'RFC9112 3.2', input: 'GET / HTTP/1.1\r\nHost: u@a\r\n\r\n', log: [], err: 'HPE_INVALID_HOST', at: 16 },
  { id: 'host-unclosed-ipv6', spec: 'RFC9112 3.2', input: 'GET / HTTP/1.1\r\nHost: [::1\r\n\r\n', log: [], err: 'HPE_INVALID_HOST', at: 16 },
  { id: 'host-absolute-form-differs', spec: 'RFC9112 3.2.2', input: 'GET http://b/ HTTP/1.1\r\n' + H + '\r\n', log: ok('request GET http://b/ 1.1 absolute none keep', 'field Host: a') },

  // RFC 9112 5, RFC 9110 5 field lines
  { id: 'field-ows-trimmed', spec: 'RFC9112 5', input: 'GET / HTTP/1.1\r\n' + H + 'X: \t a  b \t \r\n\r\n', log: ok('request GET / 1.1 origin none keep', 'field Host: a', 'field X: a  b') },
  { id: 'field-empty-value', spec: 'RFC9110 5.5', input: 'GET / HTTP/1.1\r\n' + H + 'X:\r\nY:   \r\n\r\n', log: ok('request GET / 1.1 origin none keep', 'field Host: a', 'field X: ', 'field Y: ') },
  { id: 'field-case-and-order-kept', spec: 'RFC9110 5.3', input: 'GET / HTTP/1.1\r\nhOsT: a\r\nX: 1\r\nx: 2\r\nX: 3\r\n\r\n', log: ok('request GET / 1.1 origin none keep', 'field hOsT: a', 'field X: 1', 'field x: 2', 'field X: 3') },
  { id: 'field-obs-text-value', spec: 'RFC9110 5.5', input: 'GET / HTTP/1.1\r\n' + H + 'X: caf\xe9 \xff\r\n\r\n', log: ok('request GET / 1.1 origin none keep', 'field Host: a', 'field X: caf\\xe9 \\xff') },
  { id: 'field-space-before-colon', spec: 'RFC9112 5.1', input: 'GET / HTTP/1.1\r\nHost : a\r\n\r\n', log: [], err: 'HPE_SPACE_BEFORE_COLON', at: 20 },
  { id: 'field-tab-before-colon', spec: 'RFC9112 5.1', input: 'GET / HTTP/1.1\r\n' + H + 'X\t: y\r\n\r\n', log: [], err: 'HPE_SPACE_BEFORE_COLON', at: 26 },
  { id: 'field-space-before-colon-lenient', spec: 'RFC9112 5.1', input: 'GET / HTTP/1.1\r\nHost  : a\r\n\r\n', opts: { lenient: { spaceBeforeColon: true } }, log: ok('request GET / 1.1 origin none keep', 'field Host: a') },
  { id: 'field-empty-name', spec: 'RFC9110 5.1', input: 'GET / HTTP/1.1\r\n' + H + ': y\r\n\r\n', log: [], err: 'HPE_INVALID_HEADER_TOKEN', at: 25 },
  { id: 'field-name-non-token', spec: 'RFC9110 5.1', input: 'GET / HTTP/1.1\r\n' + H + 'X@Y: z\r\n\r\n', log: [], err: 'HPE_INVALID_HEADER_TOKEN', at: 26 },
  { id: 'field-name-obs-text', spec: 'RFC9110 5.1', input: 'GET / HTTP/1.1\r\n' + H + 'X\xe9: z\r\n\r\n', log: [], err: 'HPE_INVALID_HEADER_TOKEN', at: 26 },
  { id: 'field-no-colon', spec: 'RFC9112 5', input: 'GET / HTTP/1.1\r\n' + H + 'Xyz\r\n\r\n', log: [], err: 'HPE_INVALID_HEADER_TOKEN', at: 28 },
  { id: 'field-value-nul', spec: 'RFC9110 5.5', input: 'GET / HTTP/1.1\r\n' + H + 'X: a\x00b\r\n\r\n', log: [], err: 'HPE_INVALID_HEADER_VALUE', at: 29 },
  { id: 'field-value-nul-lenient-still-rejected', spec: 'RFC9110 5.5', input: 'GET / HTTP/1.1\r\n' + H + 'X: a\x00b\r\n\r\n', opts: { lenient: { ctlInFieldValue: true } }, log: [], err: 'HPE_INVALID_HEADER_VALUE', at: 29 },
  { id: 'field-value-ctl', spec: 'RFC9110 5.5', input: 'GET / HTTP/1.1\r\n' + H + 'X: a\x01b\r\n\r\n', log: [], err: 'HPE_INVALID_HEADER_VALUE', at: 29 },
  { id: 'field-value-del', spec: 'RFC9110 5.5', input: 'GET / HTTP/1.1\r\n' + H + 'X: a\x7fb\r\n\r\n', log: [], err: 'HPE_INVALID_HEADER_VALUE', at: 29 },
  { id: 'field-value-ctl-lenient', spec: 'RFC9110 5.5', input: 'GET / HTTP/1.1\r\n' + H + 'X: a\x01\x7fb\r\n\r\n', opts: { lenient: { ctlInFieldValue: true } }, log: ok('request GET / 1.1 origin none keep', 'field Host: a', 'field X: a\\x01\\x7fb') },
  { id: 'field-value-vertical-tab', spec: 'RFC9110 5.5', input: 'GET / HTTP/1.1\r\n' + H + 'X: a\x0b\r\n\r\n', log: [], err: 'HPE_INVALID_HEADER_VALUE', at: 29 },
  { id: 'obs-fold-request-rejected', spec: 'RFC9112 5.2', input: 'GET / HTTP/1.1\r\n' + H + 'X: a\r\n b\r\n\r\n', log: [], err: 'HPE_OBS_FOLD', at: 31 },
  { id: 'obs-fold-request-lenient', spec: 'RFC9112 5.2', input: 'GET / HTTP/1.1\r\n' + H + 'X: a\r\n \t b\r\n\r\n', opts: { lenient: { obsFold: true } }, log: ok('request GET / 1.1 origin none keep', 'field Host: a', 'field X: a b') },
  { id: 'obs-fold-host-rejected', spec: 'RFC9112 5.2', input: 'GET / HTTP/1.1\r\nHost:\r\n a\r\n\r\n', log: [], err: 'HPE_OBS_FOLD', at: 23 },
  { id: 'header-overflow', spec: 'RFC9112 5', input: 'GET / HTTP/1.1\r\n' + H + 'X: ' + 'b'.repeat(100) + '\r\n\r\n', opts: { maxHeaderSize: 64 }, log: [], err: 'HPE_HEADER_OVERFLOW', at: 64 },
  { id: 'header-exactly-at-limit', spec: 'RFC9112 5', input: 'GET / HTTP/1.1\r\n' + H + 'X: ' + 'b'.repeat(32) + '\r\n\r\n', opts: { maxHeaderSize: 64 }, log: ok('request GET / 1.1 origin none keep', 'field Host: a', 'field X: ' + 'b'.repeat(32)) },
  { id: 'header-one-over-limit', spec: 'RFC9112 5', input: 'GET / HTTP/1.1\r\n' + H + 'X: ' + 'b'.repeat(33) + '\r\n\r\n', opts: { maxHeaderSize: 64 }, log: [], err: 'HPE_HEADER_OVERFLOW', at: 64 },
  { id: 'field-lines-at-limit', spec: 'RFC9112 5', input: 'GET / HTTP/1.1\r\n' + H + 'X: 1\r\nY: 2\r\n\r\n', opts: { maxFieldLines: 3 }, log: ok('request GET / 1.1 origin none keep', 'field Host: a', 'field X: 1', 'field Y: 2') },
  { id: 'field-lines-over-limit', spec: 'RFC9112 5', input: 'GET / HTTP/1.1\r\n' + H + 'X: 1\r\nY: 2\r\nZ: 3\r\n\r\n', opts: { maxFieldLines: 3 }, log: [], err: 'HPE_TOO_MANY_FIELDS', at: 'Z: 3' },
  { id: 'expect-100-continue', spec: 'RFC9110 10.1.1', input: 'PUT / HTTP/1.1\r\n' + H + 'Expect: 100-Continue\r\nContent-Length: 1\r\n\r\nx', log: ['request PUT / 1.1 origin length:1 keep expect', 'field Host: a', 'field Expect: 100-Continue', 'field Content-Length: 1', 'body x', 'complete'] },
  { id: 'expect-100-continue-http10-ignored', spec: 'RFC9110 10.1.1', input: 'PUT / HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\nx', log: ['request PUT / 1.0 origin length:1 close', 'field Expect: 100-continue', 'field Content-Length: 1', 'body x', 'complete'] },
];
