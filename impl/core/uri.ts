// URI syntax the parser checks: request-target forms (RFC 9112 3.2) and Host values (RFC 9112 3.2, RFC 3986 3.2.2).

import { REG_NAME, HEX, SCHEME } from './chars';

/** The request-target forms (RFC 9112 3.2), given octets already limited to URI characters.
 *  Returns the index in `t` of the first bad octet, or -1 when the target is valid for `method`.
 *  `connectOriginForm`: the leniency flag of that name (an origin-form target on CONNECT). */
export function checkRequestTarget(t: string, m: string, connectOriginForm = false): number {
  if (t.length === 0) return 0;
  // pct-encoded = "%" HEXDIG HEXDIG (RFC 3986 2.1)
  for (let i = t.indexOf('%'); i >= 0; i = t.indexOf('%', i + 1)) {
    if (i + 2 >= t.length) return i;
    if (HEX[t.charCodeAt(i + 1) & 255] === 255 || HEX[t.charCodeAt(i + 2) & 255] === 255) return i;
  }
  const c0 = t.charCodeAt(0);
  if (m === 'CONNECT') { // 3.2.3: authority-form only, port required
    if (connectOriginForm && c0 === 0x2f) return -1;
    return validHost(t, true) ? -1 : 0;
  }
  if (c0 === 0x2f) return -1; // 3.2.1 origin-form
  if (t === '*') return m === 'OPTIONS' ? -1 : 0; // 3.2.4: asterisk-form only for OPTIONS
  // 3.2.2 absolute-form: scheme ":" hier-part
  const colon = t.indexOf(':');
  if (colon <= 0 || !((c0 >= 0x41 && c0 <= 0x5a) || (c0 >= 0x61 && c0 <= 0x7a))) return 0;
  for (let i = 1; i < colon; i++) if (SCHEME[t.charCodeAt(i)] !== 1) return i;
  const scheme = t.slice(0, colon).toLowerCase();
  if (scheme === 'http' || scheme === 'https') {
    // RFC 9110 4.2.1: an http(s) URI with an empty host is invalid
    if (!t.startsWith('//', colon + 1)) return colon + 1;
    const rest = t.slice(colon + 3);
    let end = rest.search(/[/?]/);
    if (end < 0) end = rest.length;
    const authority = rest.slice(0, end);
    // RFC 9110 4.2.4: userinfo in an http(s) URI from an untrusted source SHOULD be treated as an error
    const at = authority.indexOf('@');
    if (at >= 0) return colon + 3 + at;
    if (authority === '' || authority.startsWith(':') || !validHost(authority, false)) return colon + 3;
  }
  return -1;
}

/** Host = uri-host [ ":" port ] (RFC 9112 3.2, RFC 3986 3.2.2); `needPort` for CONNECT's authority-form */
export function validHost(v: string, needPort: boolean): boolean {
  let i = 0;
  if (v.charCodeAt(0) === 0x5b /* [ */) {
    const close = v.indexOf(']');
    if (close < 0) return false;
    const lit = v.slice(1, close);
    // IPv6address or IPvFuture ("v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" ))
    if (!/^[0-9A-Fa-f:.]+$/.test(lit) && !/^[vV][0-9A-Fa-f]+\.[A-Za-z0-9\-._~!$&'()*+,;=:]+$/.test(lit)) return false;
    if (lit.indexOf(':') < 0 && lit[0] !== 'v' && lit[0] !== 'V') return false;
    i = close + 1;
  } else {
    while (i < v.length && v.charCodeAt(i) !== 0x3a) {
      const c = v.charCodeAt(i);
      if (c > 255 || REG_NAME[c] !== 1) return false;
      if (c === 0x25 && !(HEX[v.charCodeAt(i + 1) & 255] !== 255 && HEX[v.charCodeAt(i + 2) & 255] !== 255)) return false;
      i++;
    }
    if (needPort && i === 0) return false;
  }
  if (i === v.length) return !needPort;
  if (v.charCodeAt(i) !== 0x3a) return false;
  const port = v.slice(i + 1);
  if (needPort && port.length === 0) return false;
  return /^[0-9]*$/.test(port);
}
