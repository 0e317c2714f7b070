// Node-compatible coded errors for the node:http API layer (same class, `code` and message as node's internal errors).

import { format, inspect } from 'node:util';
import { LLHTTP_CODES, type HttpParseError } from '../core/errors';
import { METHODS } from './constants';

type Ctor = ErrorConstructor | TypeErrorConstructor | RangeErrorConstructor;

/** An Error of the given class whose only own enumerable property is `code`, as node's internal errors. */
export function coded(Base: Ctor, code: string, message: string): Error & { code: string } {
  const err = new Base(message) as Error & { code: string };
  err.code = code;
  return err;
}

/** node's formatting of "Received ..." in ERR_INVALID_ARG_TYPE */
function received(value: unknown): string {
  if (value == null) return ` Received ${value}`;
  if (typeof value === 'function') return ` Received function ${(value as { name?: string }).name ?? ''}`;
  if (typeof value === 'object') {
    const name = (value as object).constructor?.name;
    return name ? ` Received an instance of ${name}` : ` Received ${inspect(value, { depth: -1 })}`;
  }
  let shown = inspect(value, { colors: false });
  if (shown.length > 28) shown = `${shown.slice(0, 25)}...`;
  return ` Received type ${typeof value} (${shown})`;
}

const PRIMITIVE_TYPES = ['string', 'function', 'number', 'object', 'Function', 'Object', 'boolean', 'bigint', 'symbol'];
const CLASS_NAME = /^([A-Z][a-z0-9]*)+$/;

/** "a", "a or b", "a, b, or c" with an optional lead for two or more */
function listOf(xs: string[], many: string): string {
  if (xs.length > 2) return `${many}${xs.slice(0, -1).join(', ')}, or ${xs[xs.length - 1]}`;
  if (xs.length === 2) return `${many}${xs[0]} or ${xs[1]}`;
  return xs[0];
}

/** ERR_INVALID_ARG_TYPE worded as node words it (types, then instances, then other values) */
export function errInvalidArgType(name: string, expected: string | string[], actual: unknown): Error {
  const types: string[] = [];
  const instances: string[] = [];
  const other: string[] = [];
  for (const v of Array.isArray(expected) ? expected : [expected]) {
    if (PRIMITIVE_TYPES.includes(v)) types.push(v.toLowerCase());
    else if (CLASS_NAME.test(v)) instances.push(v);
    else other.push(v);
  }
  if (instances.length > 0 && types.includes('object')) {
    types.splice(types.indexOf('object'), 1);
    instances.push('Object');
  }
  const kind = name.endsWith(' argument') ? '' : name.includes('.') ? 'property ' : 'argument ';
  let msg = `The "${name}" ${kind}must be `;
  if (types.length > 0) {
    msg += types.length === 1 ? `of type ${types[0]}` : listOf(types, 'one of type ');
    if (instances.length > 0 || other.length > 0) msg += ' or ';
  }
  if (instances.length > 0) {
    msg += instances.length > 2 ? listOf(instances, 'an instance of ') : `an instance of ${instances.join(' or ')}`;
    if (other.length > 0) msg += ' or ';
  }
  if (other.length > 0) {
    if (other.length > 1) msg += listOf(other, 'one of ');
    else msg += (other[0].toLowerCase() !== other[0] ? 'an ' : '') + other[0];
  }
  return coded(TypeError, 'ERR_INVALID_ARG_TYPE', `${msg}.${received(actual)}`);
}

export function errInvalidArgValue(name: string, value: unknown, reason = 'is invalid'): Error {
  let shown = inspect(value);
  if (shown.length > 128) shown = `${shown.slice(0, 128)}...`;
  const kind = name.includes('.') ? 'property' : 'argument';
  return coded(TypeError, 'ERR_INVALID_ARG_VALUE', `The ${kind} '${name}' ${reason}. Received ${shown}`);
}

export function errOutOfRange(name: string, range: string, value: unknown): Error {
  return coded(RangeError, 'ERR_OUT_OF_RANGE',
    `The value of "${name}" is out of range. It must be ${range}. Received ${inspect(value)}`);
}

export const errHeadersSent = (op: string): Error =>
  coded(Error, 'ERR_HTTP_HEADERS_SENT', `Cannot ${op} headers after they are sent to the client`);
export const errInvalidHttpToken = (label: string, name: unknown): Error =>
  coded(TypeError, 'ERR_INVALID_HTTP_TOKEN', `${label} must be a valid HTTP token ["${String(name)}"]`);
export const errInvalidChar = (what: string, field?: string): Error =>
  coded(TypeError, 'ERR_INVALID_CHAR', `Invalid character in ${what}${field === undefined ? '' : ` ["${field}"]`}`);
export const errInvalidHeaderValue = (value: unknown, name: string): Error =>
  coded(TypeError, 'ERR_HTTP_INVALID_HEADER_VALUE', `Invalid value "${String(value)}" for header "${name}"`);
export const errContentLengthMismatch = (actual: number, expected: number): Error =>
  coded(Error, 'ERR_HTTP_CONTENT_LENGTH_MISMATCH',
    `Response body's content-length of ${actual} byte(s) does not match the content-length of ${expected} byte(s) set in header`);
export const errInvalidStatusCode = (code: unknown): Error =>
  coded(RangeError, 'ERR_HTTP_INVALID_STATUS_CODE', format('Invalid status code: %s', code));
export const errTrailerInvalid = (): Error =>
  coded(Error, 'ERR_HTTP_TRAILER_INVALID', 'Trailers are invalid with this transfer encoding');
export const errWriteAfterEnd = (): Error => coded(Error, 'ERR_STREAM_WRITE_AFTER_END', 'write after end');
export const errAlreadyFinished = (op: string): Error =>
  coded(Error, 'ERR_STREAM_ALREADY_FINISHED', `Cannot call ${op} after a stream was finished`);
export const errStreamDestroyed = (op: string): Error =>
  coded(Error, 'ERR_STREAM_DESTROYED', `Cannot call ${op} after a stream was destroyed`);
export const errNullValues = (): Error => coded(TypeError, 'ERR_STREAM_NULL_VALUES', 'May not write null values to stream');
export const errCannotPipe = (): Error => coded(Error, 'ERR_STREAM_CANNOT_PIPE', 'Cannot pipe, not readable');
export const errMethodNotImplemented = (m: string): Error =>
  coded(Error, 'ERR_METHOD_NOT_IMPLEMENTED', `The ${m} method is not implemented`);
export const errSocketAssigned = (): Error =>
  coded(Error, 'ERR_HTTP_SOCKET_ASSIGNED', 'ServerResponse has an already assigned socket');
export const errSocketEncoding = (): Error =>
  coded(Error, 'ERR_HTTP_SOCKET_ENCODING', 'Changing the socket encoding is not allowed per RFC7230 Section 3.');
export const errRequestTimeout = (): Error => coded(Error, 'ERR_HTTP_REQUEST_TIMEOUT', 'Request timeout');
export const errUnescapedChars = (what: string): Error =>
  coded(TypeError, 'ERR_UNESCAPED_CHARACTERS', `${what} contains unescaped characters`);
export const errInvalidProtocol = (got: string, expected: string): Error =>
  coded(TypeError, 'ERR_INVALID_PROTOCOL', `Protocol "${got}" not supported. Expected "${expected}"`);

/** node's ConnResetException: a plain Error with code ECONNRESET ("socket hang up", "aborted"). */
export const connReset = (msg: string): Error & { code: string } => coded(Error, 'ECONNRESET', msg);

/** ERR_HTTP_BODY_NOT_ALLOWED: content written to a response that has none, under rejectNonStandardBodyWrites */
export const errBodyNotAllowed = (): Error =>
  coded(Error, 'ERR_HTTP_BODY_NOT_ALLOWED', 'Adding content for this request method or response status is not allowed.');

/** llhttp's reason text for a node-facing code, refined by the reference parser's rule where llhttp words the same
 *  code differently (found by running node's llhttp over fixtures/parser: the most frequent reason per pair) */
const LLHTTP_REASONS: Record<string, string> = {
  'HPE_INVALID_CONTENT_LENGTH HPE_CONTENT_LENGTH_OVERFLOW': 'Content-Length overflow',
  'HPE_INVALID_CONTENT_LENGTH HPE_UNEXPECTED_CONTENT_LENGTH': "Content-Length can't be present with Transfer-Encoding",
  'HPE_INVALID_HEADER_TOKEN HPE_CR_EXPECTED': 'Invalid header field char',
  'HPE_INVALID_HEADER_TOKEN HPE_INVALID_HEADER_VALUE': 'Invalid header value char',
  'HPE_INVALID_HEADER_TOKEN HPE_OBS_FOLD': 'Unexpected whitespace after header value',
  'HPE_INVALID_TRANSFER_ENCODING HPE_UNEXPECTED_CONTENT_LENGTH': "Transfer-Encoding can't be present with Content-Length",
  'HPE_INVALID_VERSION HPE_CR_EXPECTED': 'Expected CRLF after version',
  'HPE_STRICT HPE_INVALID_CHUNK_EXTENSION': 'Invalid character in chunk extensions quoted value',
  'HPE_UNEXPECTED_CONTENT_LENGTH HPE_DUPLICATE_CONTENT_LENGTH': 'Duplicate Content-Length',
  HPE_CR_EXPECTED: 'Missing expected CR after header value',
  HPE_LF_EXPECTED: 'Missing expected LF after header value',
  HPE_INVALID_CHUNK_SIZE: 'Invalid character in chunk size',
  HPE_INVALID_CONSTANT: 'Expected HTTP/, RTSP/ or ICE/',
  HPE_INVALID_CONTENT_LENGTH: 'Invalid character in Content-Length',
  HPE_INVALID_EOF_STATE: 'Invalid EOF state',
  HPE_INVALID_HEADER_TOKEN: 'Invalid header token',
  HPE_INVALID_METHOD: 'Invalid method encountered',
  HPE_INVALID_STATUS: 'Invalid status code',
  HPE_INVALID_TRANSFER_ENCODING: 'Request has invalid `Transfer-Encoding`',
  HPE_INVALID_URL: 'Invalid char in url path',
  HPE_INVALID_VERSION: 'Invalid HTTP version',
  HPE_STRICT: 'Expected LF after CR',
  HPE_UNEXPECTED_SPACE: 'Unexpected space after start line',
  HPE_HEADER_OVERFLOW: 'Header overflow',
  HPE_CHUNK_EXTENSIONS_OVERFLOW: 'Chunk extensions overflow',
};

/** A parse error as node:http reports it: `code` is llhttp's code for the same input (what node code tests for),
 *  `message` / `reason` llhttp's wording for it and `name` 'Error' (node's parse errors are plain Errors); `rule` is
 *  the reference parser's finer code and `detail` its own reason with the RFC section (impl/README.md, error codes).
 *  Converted once, in place. */
export function toNodeParseError<E extends HttpParseError>(err: E): E {
  const e = err as E & { rule?: string; detail?: string };
  if (e.rule !== undefined) return err;
  e.rule = err.code;
  e.detail = err.reason;
  const code = err.llhttp ?? LLHTTP_CODES[err.code] ?? err.code;
  const own = { writable: true, configurable: true, enumerable: true };
  if (code !== err.code) Object.defineProperty(e, 'code', { value: code, ...own });
  const reason = LLHTTP_REASONS[`${code} ${e.rule}`] ?? LLHTTP_REASONS[code];
  if (reason !== undefined) {
    Object.defineProperty(e, 'reason', { value: reason, ...own });
    e.message = `Parse Error: ${reason}`;
  }
  Object.defineProperty(e, 'name', { value: 'Error', writable: true, configurable: true, enumerable: false });
  return err;
}

/** llhttp knows a fixed set of methods (node's METHODS, plus PRI and RTSP's) and fails at the first octet that no
 *  known method continues with; the reference parser takes any token as a method (RFC 9110 9.1) and so fails later in
 *  the same malformed start-line. For a start-line error whose method node would not know, report what node
 *  reports: HPE_INVALID_METHOD, llhttp's reason, and bytesParsed at the failing octet. `head` starts at the message. */
const LLHTTP_METHODS = [...METHODS, 'PRI', 'FLUSH', 'DESCRIBE', 'ANNOUNCE', 'SETUP', 'PLAY', 'PAUSE', 'TEARDOWN',
  'GET_PARAMETER', 'SET_PARAMETER', 'REDIRECT', 'RECORD'];
export function asUnknownMethodError(err: HttpParseError & { bytesParsed?: number }, head: Buffer): void {
  let end = 0;
  while (end < head.length && head[end] !== 0x20 && head[end] !== 0x0d && head[end] !== 0x0a) end++;
  const method = head.toString('latin1', 0, end);
  if (LLHTTP_METHODS.includes(method)) return;
  let n = 0;
  while (n < method.length && LLHTTP_METHODS.some((m) => m.startsWith(method.slice(0, n + 1)))) n++;
  if (n === method.length && n < head.length) return; // a prefix of a known method ended early: llhttp's own path
  const reason = LLHTTP_METHODS.includes(method.slice(0, n)) ? 'Expected space after method' : 'Invalid method encountered';
  const own = { writable: true, configurable: true, enumerable: true };
  Object.defineProperty(err, 'code', { value: 'HPE_INVALID_METHOD', ...own });
  Object.defineProperty(err, 'reason', { value: reason, ...own });
  err.message = `Parse Error: ${reason}`;
  err.bytesParsed = n;
}

/** node's `bytesParsed` for a parse error in the read `d` of which the parser consumed `consumed` octets: llhttp
 *  stops at the failing octet, except that an overflowing head is reported at the end of the field line (or read) it
 *  overflows in, Content-Length beside Transfer-Encoding at the colon of the second of the two, and a bad
 *  Transfer-Encoding at the end of the head, where llhttp decides them */
export function nodeBytesParsed(rule: string, d: Buffer, consumed: number): number {
  if (rule === 'HPE_HEADER_OVERFLOW') { const eol = d.indexOf(13, consumed); return eol < 0 ? d.length : eol; }
  if (rule === 'HPE_UNEXPECTED_CONTENT_LENGTH') {
    // llhttp fails at the colon of the second of the two fields
    const text = d.toString('latin1');
    const from = Math.max(0, text.lastIndexOf('\r\n\r\n', consumed));
    const to = text.indexOf('\r\n\r\n', consumed);
    const head = text.slice(from, to < 0 ? text.length : to);
    let cl = -1, te = -1;
    for (const m of head.matchAll(/(?:^|\n)(content-length|transfer-encoding)[ \t]*:/gi)) {
      const at = from + (m.index ?? 0) + m[0].length;
      if (m[1].toLowerCase() === 'content-length') { if (cl < 0) cl = at; } else if (te < 0) te = at;
    }
    if (cl >= 0 && te >= 0) return Math.max(cl, te);
  }
  if (rule === 'HPE_UNEXPECTED_CONTENT_LENGTH' || rule === 'HPE_INVALID_TRANSFER_ENCODING' || rule === 'HPE_UNKNOWN_TRANSFER_CODING') {
    const end = d.indexOf('\r\n\r\n', consumed, 'latin1');
    return end < 0 ? d.length : end + 4;
  }
  return consumed;
}
