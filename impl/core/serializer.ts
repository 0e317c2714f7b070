// The serializer of the protocol core: writes request and response heads to bytes, decides how an outgoing message's
// content is framed (RFC 9112 6), and hands out the body encoder for that framing. It refuses, with a coded
// HttpSerializeError and before producing any byte, everything a strict recipient must reject.
// Body encoders are in ./serializer-body.ts, field syntax in ./serializer-fields.ts, codes in ./serializer-errors.ts.

import type { Framing } from './types';
import { TCHAR_CLASS } from './chars';
import { HttpSerializeError } from './serializer-errors';
import { checkFields, fieldLines, isToken, show } from './serializer-fields';
import { createBodyEncoder, type BodyEncoder } from './serializer-body';
import {
  ADD_CHUNKED, ADD_CONTENT_LENGTH, DROP_FRAMING_FOR_STATUS, DROP_LENGTH_FOR_TE, DROP_TE_FOR_HTTP10, FRAME_CHUNKED,
  FRAME_CLOSE, FRAME_KIND, FRAME_LENGTH, FRAME_NONE, FRAME_TUNNEL, TE_CHUNKED, TE_NONE, TE_OTHER, UNFRAMEABLE, APPEND_CHUNKED,
  decideOutgoingFraming, responseHasContent,
} from './outgoing-framing';

export { HttpSerializeError, SERIALIZER_ERRORS, type SerializerErrorCode } from './serializer-errors';
export { isToken, isFieldValue } from './serializer-fields';
export {
  createBodyEncoder, LengthEncoder, ChunkedEncoder, NoneEncoder, PassThroughEncoder, type BodyEncoder,
} from './serializer-body';

/** A request head to write. A parsed RequestHead fits. Version defaults to HTTP/1.1. */
export interface OutgoingRequestHead {
  readonly method: string;
  readonly target: string;
  readonly versionMajor?: number;
  readonly versionMinor?: number;
  /** flat [name, value, ...], written in this order and case */
  readonly fields: readonly string[];
}

/** A response head to write. A parsed ResponseHead fits. Version defaults to HTTP/1.1, reason to empty. */
export interface OutgoingResponseHead {
  readonly status: number;
  readonly reason?: string;
  readonly versionMajor?: number;
  readonly versionMinor?: number;
  readonly fields: readonly string[];
}

export type OutgoingHead = OutgoingRequestHead | OutgoingResponseHead;

export interface FramingOptions {
  /** response only: the method of the request being answered (HEAD and CONNECT change the framing) */
  readonly requestMethod?: string;
  /** response only: the version of the request being answered; an HTTP/1.0 client cannot read chunked */
  readonly requestVersionMajor?: number;
  readonly requestVersionMinor?: number;
  /** Content length to frame when the fields carry neither Content-Length nor Transfer-Encoding: a number adds
   *  Content-Length, 'unknown' streams (chunked, or close for a response to HTTP/1.0). Default: 0 for a request,
   *  'unknown' for a response. Ignored when the fields already decide. */
  readonly bodyLength?: number | 'unknown';
}

export interface FramingDecision {
  readonly framing: Framing;
  /** fields the message needs added to say its framing: [] or ['Content-Length', n] or ['Transfer-Encoding', 'chunked'] */
  readonly add: readonly string[];
}

/** Head bytes (with the framing fields added), framing, and the encoder for the content. */
export interface OutgoingMessage {
  readonly head: Uint8Array;
  readonly fields: readonly string[];
  readonly framing: Framing;
  readonly body: BodyEncoder;
}

const NONE: Framing = Object.freeze({ kind: 'none' });
const CHUNKED: Framing = Object.freeze({ kind: 'chunked' });
const CLOSE: Framing = Object.freeze({ kind: 'close' });
const TUNNEL: Framing = Object.freeze({ kind: 'tunnel' });
const NO_FIELDS: readonly string[] = Object.freeze([]);
const ADD_CHUNKED_FIELD: readonly string[] = Object.freeze(['Transfer-Encoding', 'chunked']);

// request-target (RFC 9112 3.2): visible octets only (no SP, CR, LF, NUL or other CTL); obs-text is let through as
// node does. absolute-form starts with a scheme (RFC 3986 3.1); authority-form is uri-host ":" port (RFC 9112 3.2.3).
const TARGET_CHARS = /^[\x21-\x7e\x80-\xff]+$/;
const SCHEME = /^[A-Za-z][A-Za-z0-9+.\-]*:/;
const AUTHORITY = /^(?:\[[^\[\]\/?#@]+\]|[^\[\]\/?#@:]+):[0-9]+$/;
// reason-phrase = 1*( HTAB / SP / VCHAR / obs-text ), and it is optional (RFC 9112 4)
const REASON = /^[\t\x20-\x7e\x80-\xff]*$/;
// Content-Length = 1*DIGIT (RFC 9110 8.6)
const DIGITS = /^[0-9]+$/;
// transfer-coding = token *( OWS ";" OWS transfer-parameter ), transfer-parameter = token BWS "=" BWS ( token /
// quoted-string ) (RFC 9112 7.3, RFC 9110 5.6); one list element per match, no empty elements (RFC 9110 5.6.1).
const TCHARS = `${TCHAR_CLASS}+`;
const QUOTED = '"(?:[\\t \\x21\\x23-\\x5b\\x5d-\\x7e\\x80-\\xff]|\\\\[\\t \\x21-\\x7e\\x80-\\xff])*"';
const CODING = new RegExp(
  `[ \\t]*(${TCHARS})(?:[ \\t]*;[ \\t]*${TCHARS}[ \\t]*=[ \\t]*(?:${TCHARS}|${QUOTED}))*[ \\t]*(,|$)`, 'y');

function atLeast11(major: number, minor: number): boolean {
  return major > 1 || (major === 1 && minor >= 1);
}

/** Transfer codings named by a Transfer-Encoding list, lower-cased; null when the list is malformed. */
function parseCodings(list: string): string[] | null {
  const codings: string[] = [];
  CODING.lastIndex = 0;
  for (;;) {
    const m = CODING.exec(list);
    if (m === null) return null;
    codings.push(m[1]!.toLowerCase());
    if (m[2] !== ',') return CODING.lastIndex === list.length ? codings : null;
  }
}

interface Scan {
  /** Content-Length value, when there is one */
  contentLength: number | undefined;
  /** transfer codings, when there is a Transfer-Encoding field */
  codings: string[] | undefined;
  hosts: number;
}

/** Check the whole head and read what framing depends on from it. */
function scan(head: OutgoingHead): Scan {
  const major = head.versionMajor ?? 1;
  const minor = head.versionMinor ?? 1;
  // HTTP-version = "HTTP/" DIGIT "." DIGIT (RFC 9112 2.3)
  if (!Number.isInteger(major) || !Number.isInteger(minor) || major < 0 || major > 9 || minor < 0 || minor > 9) {
    throw new HttpSerializeError('ERR_INVALID_VERSION', `version ${major}.${minor}`);
  }
  if ('status' in head) {
    // status-code = 3DIGIT (RFC 9112 4); classes 1xx to 5xx are defined, 6xx-9xx pass as node lets them (RFC 9110 15)
    if (!Number.isInteger(head.status) || head.status < 100 || head.status > 999) {
      throw new HttpSerializeError('ERR_INVALID_STATUS', `status ${String(head.status)}`);
    }
    if (head.reason !== undefined && (typeof head.reason !== 'string' || !REASON.test(head.reason))) {
      throw new HttpSerializeError('ERR_INVALID_REASON', `reason ${show(String(head.reason))}`);
    }
  } else {
    // method = token (RFC 9112 3.1, RFC 9110 9.1)
    if (typeof head.method !== 'string' || !isToken(head.method)) {
      throw new HttpSerializeError('ERR_INVALID_METHOD', `method ${show(String(head.method))}`);
    }
    checkTarget(head.method, head.target);
  }
  checkFields(head.fields);

  const fields = head.fields;
  const s: Scan = { contentLength: undefined, codings: undefined, hosts: 0 };
  const te: string[] = [];
  let cls = 0;
  for (let i = 0; i < fields.length; i += 2) {
    const name = fields[i]!;
    if (name.length === 14 && name.toLowerCase() === 'content-length') {
      const v = fields[i + 1]!;
      // one Content-Length, 1*DIGIT, and a length this core can count (RFC 9110 8.6)
      if (++cls > 1 || !DIGITS.test(v) || !Number.isSafeInteger(Number(v))) {
        throw new HttpSerializeError('ERR_INVALID_CONTENT_LENGTH', cls > 1 ? 'Content-Length repeated' : `Content-Length ${show(v)}`);
      }
      s.contentLength = Number(v);
    } else if (name.length === 17 && name.toLowerCase() === 'transfer-encoding') {
      // several field lines are one comma-separated list (RFC 9110 5.3)
      te.push(fields[i + 1]!);
    } else if (name.length === 4 && name.toLowerCase() === 'host') {
      s.hosts++;
    }
  }
  if (te.length !== 0) {
    const list = te.join(', ');
    const codings = parseCodings(list);
    if (codings === null) throw new HttpSerializeError('ERR_INVALID_TRANSFER_ENCODING', `Transfer-Encoding ${show(list)}`);
    s.codings = codings;
  }
  // Host: exactly one in HTTP/1.1, never more than one (RFC 9112 3.2)
  if (!('status' in head) && (s.hosts > 1 || (s.hosts === 0 && atLeast11(major, minor)))) {
    throw new HttpSerializeError('ERR_MISSING_HOST', `${s.hosts} Host field lines`);
  }
  return s;
}

/** request-target forms (RFC 9112 3.2.1-3.2.4). */
function checkTarget(method: string, target: string): void {
  if (typeof target !== 'string' || !TARGET_CHARS.test(target)) {
    throw new HttpSerializeError('ERR_INVALID_TARGET', `target ${show(String(target))}`);
  }
  if (method === 'CONNECT') {
    if (!AUTHORITY.test(target)) throw new HttpSerializeError('ERR_INVALID_TARGET', `CONNECT target ${show(target)} is not authority-form`);
  } else if (target === '*') {
    if (method !== 'OPTIONS') throw new HttpSerializeError('ERR_INVALID_TARGET', `asterisk-form with ${method}`);
  } else if (target.charCodeAt(0) !== 0x2f && !SCHEME.test(target)) {
    throw new HttpSerializeError('ERR_INVALID_TARGET', `target ${show(target)} is neither origin-form nor absolute-form`);
  }
}

/** The framing of a checked head, decided by the one outgoing framing decider (./outgoing-framing.ts); a head whose
 *  fields that decider would leave out is refused here (the serializer writes heads exactly as given). */
function decide(head: OutgoingHead, s: Scan, opts: FramingOptions): FramingDecision {
  const isResponse = 'status' in head;
  const codings = s.codings;
  const length = opts.bodyLength ?? (isResponse ? 'unknown' : 0);
  if (length !== 'unknown' && (!Number.isSafeInteger(length) || length < 0)) throw new TypeError(`invalid bodyLength ${String(length)}`);
  const reqMajor = opts.requestVersionMajor;
  const peer11 = !isResponse || reqMajor === undefined || atLeast11(reqMajor, opts.requestVersionMinor ?? 0);
  const method = isResponse ? opts.requestMethod ?? '' : head.method;
  const status = isResponse ? head.status : 0;
  const v = decideOutgoingFraming({
    status, method,
    hasBody: !isResponse || responseHasContent(status, method),
    http11: atLeast11(head.versionMajor ?? 1, head.versionMinor ?? 1) && peer11,
    contentLength: s.contentLength !== undefined,
    transferEncoding: codings === undefined ? TE_NONE : codings[codings.length - 1] === 'chunked' ? TE_CHUNKED : TE_OTHER,
    trailer: false,
    length: length === 'unknown' ? -1 : length,
    // a number means the content is known (0: none); 'unknown' streams
    chunkedByDefault: isResponse || length === 'unknown',
    noAddLength: false,
    noAddChunked: false,
  });
  if (v & DROP_FRAMING_FOR_STATUS) throw new HttpSerializeError('ERR_UNEXPECTED_FRAMING_FIELD', `status ${status}`);
  if (v & DROP_LENGTH_FOR_TE) throw new HttpSerializeError('ERR_CONTENT_LENGTH_AND_TRANSFER_ENCODING');
  if (v & DROP_TE_FOR_HTTP10) throw new HttpSerializeError('ERR_TRANSFER_ENCODING_HTTP10');

  if (codings !== undefined) {
    // chunked at most once (RFC 9112 7); final in a request (RFC 9112 6.1)
    let n = 0;
    for (const c of codings) if (c === 'chunked') n++;
    if (n > 1 || (v & APPEND_CHUNKED) !== 0) {
      throw new HttpSerializeError('ERR_CHUNKED_NOT_FINAL', `Transfer-Encoding ${codings.join(', ')}`);
    }
  }
  const kind = v & FRAME_KIND;
  if (!isResponse) {
    // a CONNECT request has no content (RFC 9110 9.3.6); a client MUST NOT send content in TRACE (RFC 9110 9.3.8)
    if (method === 'CONNECT') {
      if (codings !== undefined || (s.contentLength ?? 0) > 0) throw new HttpSerializeError('ERR_BODY_NOT_ALLOWED', 'CONNECT with content');
      return { framing: TUNNEL, add: NO_FIELDS };
    }
    if (method === 'TRACE' && (kind === FRAME_CHUNKED || kind === FRAME_CLOSE || (kind === FRAME_LENGTH && (s.contentLength ?? length) !== 0))) {
      throw new HttpSerializeError('ERR_BODY_NOT_ALLOWED', 'TRACE with content');
    }
    if ((v & UNFRAMEABLE) !== 0) throw new HttpSerializeError('ERR_LENGTH_REQUIRED');
  }
  switch (kind) {
    case FRAME_NONE: return { framing: NONE, add: NO_FIELDS };
    case FRAME_TUNNEL: return { framing: TUNNEL, add: NO_FIELDS };
    case FRAME_CHUNKED: return { framing: CHUNKED, add: (v & ADD_CHUNKED) !== 0 ? ADD_CHUNKED_FIELD : NO_FIELDS };
    case FRAME_CLOSE: return { framing: CLOSE, add: NO_FIELDS };
    default: {
      const n = s.contentLength ?? (length as number);
      return { framing: { kind: 'length', length: n }, add: (v & ADD_CONTENT_LENGTH) !== 0 ? ['Content-Length', String(n)] : NO_FIELDS };
    }
  }
}

function headString(head: OutgoingHead, fields: readonly string[]): string {
  const version = `HTTP/${head.versionMajor ?? 1}.${head.versionMinor ?? 1}`;
  // status-line = HTTP-version SP status-code SP [ reason-phrase ] (RFC 9112 4);
  // request-line = method SP request-target SP HTTP-version (RFC 9112 3)
  const start = 'status' in head
    ? `${version} ${head.status} ${head.reason ?? ''}\r\n`
    : `${head.method} ${head.target} ${version}\r\n`;
  return start + fieldLines(fields) + '\r\n';
}

/** Decide the framing of an outgoing message from its head (RFC 9112 6), checking the whole head on the way. */
export function decideFraming(head: OutgoingHead, opts: FramingOptions = {}): FramingDecision {
  return decide(head, scan(head), opts);
}

/** The head exactly as given (no field added): start-line, field lines, empty line. Checks everything, framing
 *  fields included, so a head this returns is one a strict recipient accepts. */
export function serializeHead(head: OutgoingHead, opts: FramingOptions = {}): Uint8Array {
  decide(head, scan(head), opts);
  return Buffer.from(headString(head, head.fields), 'latin1');
}

/** Start a message: check the head, decide its framing, add the framing field it needs, and give the encoder. */
export function startMessage(head: OutgoingHead, opts: FramingOptions = {}): OutgoingMessage {
  const { framing, add } = decide(head, scan(head), opts);
  const fields = add.length === 0 ? head.fields : [...head.fields, ...add];
  return { head: Buffer.from(headString(head, fields), 'latin1'), fields, framing, body: createBodyEncoder(framing) };
}

/** A whole message in one buffer: head, content written as the given pieces (one chunk each when chunked), end. */
export function serializeMessage(
  head: OutgoingHead, content: readonly Uint8Array[] = [], trailers?: readonly string[], opts: FramingOptions = {},
): Uint8Array {
  const m = startMessage(head, opts);
  const parts: Uint8Array[] = [m.head];
  for (const piece of content) parts.push(...m.body.write(piece));
  parts.push(...m.body.end(trailers));
  return Buffer.concat(parts);
}
