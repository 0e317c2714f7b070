// Message framing and connection semantics decided from a complete head (RFC 9112 6, 9.3; RFC 9110 7.2, 7.8, 8.6).
//
// Rules:
//  - Only fields that decide framing or connection state are collected (FieldFacts); everything else passes through.
//  - Decisions follow RFC 9112 6.3 in order; the first rule that applies wins.
//  - A strict decision is an error; each leniency flag relaxes exactly one rule, named where it is used.

import { HttpParseError, type ErrorCode } from './errors';
import { TOKEN, allIn, trimOWS } from './chars';
import { validHost } from './uri';
import type { Framing } from './types';
import type { LenientBits } from './lenient-bits';
import { L } from './lenient-bits';

export const NONE: Framing = Object.freeze({ kind: 'none' });
export const CHUNKED: Framing = Object.freeze({ kind: 'chunked' });
export const CLOSE: Framing = Object.freeze({ kind: 'close' });
export const TUNNEL: Framing = Object.freeze({ kind: 'tunnel' });

/** framing-relevant field lines of one head, with the stream offset of each line for error reports */
export class FieldFacts {
  contentLength: string[] = [];
  contentLengthAt: number[] = [];
  transferEncoding: string[] = [];
  transferEncodingAt = -1;
  // Host: nearly every request has exactly one line, kept without an array (no allocation per message)
  hostCount = 0;
  host = '';
  hostAt = -1;
  /** Host lines after the first (a duplicate is an error unless lenient), with their offsets */
  moreHosts: string[] = [];
  moreHostsAt: number[] = [];
  connClose = false;
  connKeepAlive = false;
  connUpgrade = false;
  hasUpgrade = false;
  expectContinue = false;

  reset(): void {
    if (this.contentLength.length) { this.contentLength = []; this.contentLengthAt = []; }
    if (this.transferEncoding.length) { this.transferEncoding = []; this.transferEncodingAt = -1; }
    if (this.hostCount > 1) { this.moreHosts = []; this.moreHostsAt = []; }
    this.hostCount = 0;
    this.host = '';
    this.connClose = this.connKeepAlive = this.connUpgrade = this.hasUpgrade = this.expectContinue = false;
  }

  /** records one field line if it matters; `lower` is the lower-cased name */
  add(lower: string, value: string, at: number): void {
    switch (lower) {
      case 'content-length': this.contentLength.push(value); this.contentLengthAt.push(at); break;
      case 'transfer-encoding':
        if (this.transferEncodingAt < 0) this.transferEncodingAt = at;
        this.transferEncoding.push(value);
        break;
      case 'host':
        if (this.hostCount++ === 0) { this.host = value; this.hostAt = at; } else { this.moreHosts.push(value); this.moreHostsAt.push(at); }
        break;
      case 'connection': this.#connection(value); break;
      case 'upgrade': this.hasUpgrade = true; break;
      case 'expect': if (value.toLowerCase() === '100-continue') this.expectContinue = true; break;
    }
  }

  // Connection = #connection-option (RFC 9110 7.6.1); options are case-insensitive tokens
  #connection(value: string): void {
    // the common single-option value needs no split
    if (value.indexOf(',') < 0) { this.#option(trimOWS(value).toLowerCase()); return; }
    for (const part of value.split(',')) this.#option(trimOWS(part).toLowerCase());
  }

  #option(o: string): void {
    if (o === 'close') this.connClose = true;
    else if (o === 'keep-alive') this.connKeepAlive = true;
    else if (o === 'upgrade') this.connUpgrade = true;
  }
}

export interface Decision {
  framing: Framing;
  keepAlive: boolean;
  upgrade: boolean;
  transferCodings: readonly string[];
}

/** the transfer codings of a message without any (shared: a new array per message would be garbage) */
const NO_CODINGS: readonly string[] = Object.freeze([]);

const MAX = Number.MAX_SAFE_INTEGER;

/** persistence by version and Connection options (RFC 9112 9.3) */
function persistent(f: FieldFacts, major: number, minor: number): boolean {
  if (f.connClose) return false;
  if (major === 0 || (major === 1 && minor === 0)) return f.connKeepAlive; // (HTTP/0.9 status lines: as 1.0)
  return true;
}

type TE = { codings: string[]; chunkedFinal: boolean } | ErrorCode;

/** Transfer-Encoding = #transfer-coding (RFC 9112 6.1); empty list elements are ignored (RFC 9110 5.6.1) */
function parseTransferEncoding(values: string[]): TE {
  const codings: string[] = [];
  for (const v of values) {
    for (const el of v.split(',')) {
      const e = trimOWS(el);
      if (e === '') continue;
      const semi = e.indexOf(';');
      const name = (semi < 0 ? e : trimOWS(e.slice(0, semi))).toLowerCase();
      if (name === '' || !allIn(TOKEN, name)) return 'HPE_INVALID_TRANSFER_ENCODING';
      if (semi >= 0 && !validParams(e.slice(semi))) return 'HPE_INVALID_TRANSFER_ENCODING';
      // RFC 9112 7.1: chunked defines no parameters; their presence SHOULD be treated as an error
      if (semi >= 0 && name === 'chunked') return 'HPE_INVALID_TRANSFER_ENCODING';
      codings.push(name);
    }
  }
  if (codings.length === 0) return 'HPE_INVALID_TRANSFER_ENCODING';
  let chunked = 0;
  for (const c of codings) if (c === 'chunked') chunked++;
  // RFC 9112 6.1: a sender MUST NOT apply chunked more than once
  if (chunked > 1) return 'HPE_INVALID_TRANSFER_ENCODING';
  return { codings, chunkedFinal: codings[codings.length - 1] === 'chunked' };
}

// transfer-parameter = token BWS "=" BWS ( token / quoted-string ), each after OWS ";" OWS
function validParams(s: string): boolean {
  for (const p of s.split(';').slice(1)) {
    const eq = p.indexOf('=');
    if (eq < 0) return false;
    const k = trimOWS(p.slice(0, eq));
    const v = trimOWS(p.slice(eq + 1));
    if (!k || !allIn(TOKEN, k)) return false;
    if (!(v && (allIn(TOKEN, v) || /^"([\t \x21\x23-\x5b\x5d-\x7e\x80-\xff]|\\[\t \x21-\x7e\x80-\xff])*"$/.test(v)))) return false;
  }
  return true;
}

/** Content-Length = 1*DIGIT (RFC 9110 8.6); a list or repeated lines are an error unless identical and lenient */
function parseContentLength(f: FieldFacts, lenient: LenientBits): number | HttpParseError {
  const parts: string[] = [];
  const at: number[] = [];
  f.contentLength.forEach((v, i) => {
    for (const el of v.split(',')) { parts.push(trimOWS(el)); at.push(f.contentLengthAt[i]); }
  });
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (p.length === 0 || !/^[0-9]+$/.test(p)) return new HttpParseError('HPE_INVALID_CONTENT_LENGTH', at[i]);
  }
  if (parts.length > 1) {
    // RFC 9110 8.6: a recipient MAY replace a list of identical values with one; strict mode rejects
    const same = parts.every((p) => p === parts[0]);
    if (!same || !(lenient & L.duplicateContentLength)) {
      const e = new HttpParseError('HPE_DUPLICATE_CONTENT_LENGTH', at[1]);
      // llhttp: a list in one line is an invalid value, a second line is unexpected
      if (at[0] === at[1]) e.llhttp = 'HPE_INVALID_CONTENT_LENGTH';
      return e;
    }
  }
  const p = parts[0];
  // RFC 9110 8.6: anticipate large numerals; never lose precision
  const stripped = p.replace(/^0+(?=\d)/, '');
  if (stripped.length > 16 || Number(stripped) > MAX) return new HttpParseError('HPE_CONTENT_LENGTH_OVERFLOW', at[0]);
  return Number(stripped);
}

/** Content-Length beside Transfer-Encoding (RFC 9112 6.1, 6.3 rule 3); llhttp names the second of the two fields */
function contentLengthWithTransferEncoding(f: FieldFacts): HttpParseError {
  const e = new HttpParseError('HPE_UNEXPECTED_CONTENT_LENGTH', f.contentLengthAt[0]);
  if (f.contentLengthAt[0] > f.transferEncodingAt) e.llhttp = 'HPE_INVALID_CONTENT_LENGTH';
  return e;
}

/** RFC 9112 6.3 for requests (rules 3-7), plus RFC 9112 3.2 Host and RFC 9110 7.8 Upgrade */
export function decideRequest(f: FieldFacts, method: string, major: number, minor: number, lenient: LenientBits,
  headEnd: number): Decision | HttpParseError {
  // RFC 9112 6.1, 6.3 rule 3: Content-Length beside Transfer-Encoding is checked first, as llhttp does (it fails on
  // the second of the two field lines, before the head ends), so the error reported is the one node reports
  if (f.transferEncoding.length > 0 && f.contentLength.length > 0 && !(lenient & L.transferEncodingWithContentLength)) {
    return contentLengthWithTransferEncoding(f);
  }
  // RFC 9112 3.2: 400 for an HTTP/1.1 request without Host, with several Host lines, or an invalid Host value
  if (!(lenient & L.missingHost)) {
    if (f.hostCount === 0 && (major > 1 || minor >= 1)) return new HttpParseError('HPE_MISSING_HOST', headEnd);
    if (f.hostCount > 1) return new HttpParseError('HPE_DUPLICATE_HOST', f.moreHostsAt[0]);
  }
  if (f.hostCount > 0 && !validHost(f.host, false)) return new HttpParseError('HPE_INVALID_HOST', f.hostAt);
  for (let i = 0; i < f.moreHosts.length; i++) {
    if (!validHost(f.moreHosts[i], false)) return new HttpParseError('HPE_INVALID_HOST', f.moreHostsAt[i]);
  }
  let keepAlive = persistent(f, major, minor);
  const http11 = major > 1 || (major === 1 && minor >= 1);
  // RFC 9110 9.3.6: CONNECT has no content; after a 2xx the connection is a tunnel. Node hands it off after the head.
  if (method === 'CONNECT') {
    // RFC 9112 6.3 rule 5: an invalid Content-Length makes any message's framing invalid (MUST: unrecoverable error),
    // even though a valid one means nothing here (RFC 9110 9.3.6: a CONNECT request has no content)
    if (f.contentLength.length > 0 && f.transferEncoding.length === 0) {
      const n = parseContentLength(f, lenient);
      if (n instanceof HttpParseError) return n;
    }
    return { framing: TUNNEL, keepAlive, upgrade: true, transferCodings: NO_CODINGS };
  }
  // RFC 9110 7.8: Upgrade is ignored in HTTP/1.0 and needs the "upgrade" connection option
  const upgrade = http11 && f.hasUpgrade && f.connUpgrade;
  if (f.transferEncoding.length > 0) {
    // RFC 9112 6.1: Transfer-Encoding in HTTP/1.0 means the framing is faulty
    if (!http11) return new HttpParseError('HPE_TRANSFER_ENCODING_HTTP10', f.transferEncodingAt);
    const te = parseTransferEncoding(f.transferEncoding);
    if (typeof te === 'string') return new HttpParseError(te, f.transferEncodingAt);
    // RFC 9112 6.3 rule 4: chunked not final in a request: 400 and close (checked before the SHOULD 501 below)
    if (!te.chunkedFinal && !(lenient & L.unknownTransferCoding)) return new HttpParseError('HPE_INVALID_TRANSFER_ENCODING', f.transferEncodingAt);
    const unknown = te.codings.filter((c) => c !== 'chunked');
    // RFC 9112 6.1: a server SHOULD answer 501 to a transfer coding it does not understand
    if (unknown.length > 0 && !(lenient & L.unknownTransferCoding)) {
      return new HttpParseError('HPE_UNKNOWN_TRANSFER_CODING', f.transferEncodingAt);
    }
    if (f.contentLength.length > 0) {
      // RFC 9112 6.1: MAY reject, or process by Transfer-Encoding alone and close the connection
      if (!(lenient & L.transferEncodingWithContentLength)) return contentLengthWithTransferEncoding(f);
      keepAlive = false;
    }
    if (!te.chunkedFinal) return { framing: CLOSE, keepAlive: false, upgrade, transferCodings: unknown };
    return { framing: CHUNKED, keepAlive, upgrade, transferCodings: unknown };
  }
  if (f.contentLength.length > 0) {
    const n = parseContentLength(f, lenient);
    if (n instanceof HttpParseError) return n;
    return { framing: { kind: 'length', length: n }, keepAlive, upgrade, transferCodings: NO_CODINGS };
  }
  // RFC 9112 6.3 rule 7: a request with neither has no content
  return { framing: NONE, keepAlive, upgrade, transferCodings: NO_CODINGS };
}

/** RFC 9112 6.3 for responses; `method` is the method of the request being answered */
export function decideResponse(f: FieldFacts, method: string, status: number, major: number, minor: number,
  lenient: LenientBits): Decision | HttpParseError {
  const keepAlive = persistent(f, major, minor);
  // rule 1: HEAD, 1xx, 204, 304 have no content whatever the fields say
  if (status === 101) return { framing: TUNNEL, keepAlive, upgrade: true, transferCodings: NO_CODINGS };
  if (status < 200) return { framing: NONE, keepAlive: true, upgrade: false, transferCodings: NO_CODINGS };
  if (method === 'HEAD' || status === 204 || status === 304) return { framing: NONE, keepAlive, upgrade: false, transferCodings: NO_CODINGS };
  // rule 2: a 2xx to CONNECT switches to a tunnel
  if (method === 'CONNECT' && status < 300) return { framing: TUNNEL, keepAlive, upgrade: true, transferCodings: NO_CODINGS };
  const http11 = major > 1 || (major === 1 && minor >= 1);
  if (f.transferEncoding.length > 0) {
    if (!http11) return new HttpParseError('HPE_TRANSFER_ENCODING_HTTP10', f.transferEncodingAt);
    const te = parseTransferEncoding(f.transferEncoding);
    if (typeof te === 'string') return new HttpParseError(te, f.transferEncodingAt);
    const unknown = te.codings.filter((c) => c !== 'chunked');
    let ka = keepAlive;
    if (f.contentLength.length > 0) {
      // RFC 9112 6.3 rule 3: Transfer-Encoding overrides; "ought to be handled as an error"
      if (!(lenient & L.transferEncodingWithContentLength)) return contentLengthWithTransferEncoding(f);
      ka = false;
    }
    // rule 4: chunked not final in a response: read until the server closes
    if (!te.chunkedFinal) return { framing: CLOSE, keepAlive: false, upgrade: false, transferCodings: unknown };
    return { framing: CHUNKED, keepAlive: ka, upgrade: false, transferCodings: unknown };
  }
  if (f.contentLength.length > 0) {
    const n = parseContentLength(f, lenient);
    if (n instanceof HttpParseError) return n;
    return { framing: { kind: 'length', length: n }, keepAlive, upgrade: false, transferCodings: NO_CODINGS };
  }
  // rule 8: read until close
  return { framing: CLOSE, keepAlive: false, upgrade: false, transferCodings: NO_CODINGS };
}
