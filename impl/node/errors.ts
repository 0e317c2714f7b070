// Node-compatible coded errors for the node:http API layer (same class, `code` and message as node's internal errors).

import { inspect } from 'node:util';
import { LLHTTP_CODES, type HttpParseError } from '../core/errors';

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
  if (typeof value === 'function') return ` Received function ${(value as { name?: string }).name || '<anonymous>'}`;
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
  coded(RangeError, 'ERR_HTTP_INVALID_STATUS_CODE', `Invalid status code: ${String(code)}`);
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

/** A parse error as node:http reports it: `code` is llhttp's code for the same input (what node code tests for),
 *  `rule` the reference parser's finer code (impl/README.md, error codes). Converted once, in place. */
export function toNodeParseError<E extends HttpParseError>(err: E): E {
  const e = err as E & { rule?: string };
  if (e.rule !== undefined) return err;
  e.rule = err.code;
  const code = err.llhttp ?? LLHTTP_CODES[err.code];
  if (code !== undefined) Object.defineProperty(e, 'code', { value: code, writable: true, configurable: true, enumerable: true });
  return err;
}
