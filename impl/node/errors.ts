// Node-compatible coded errors for the node:http API layer (same class, `code` and message as node's internal errors).

import { inspect } from 'node:util';

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

const classes = new Set(['Headers', 'Map', 'Buffer', 'Uint8Array', 'Object', 'Agent-like Object', 'AbortSignal']);

export function errInvalidArgType(name: string, expected: string | string[], actual: unknown): Error {
  const list = Array.isArray(expected) ? expected : [expected];
  const types = list.filter((e) => !classes.has(e));
  const instances = list.filter((e) => classes.has(e));
  const parts: string[] = [];
  const join = (xs: string[]): string => xs.length > 2
    ? `${xs.slice(0, -1).join(', ')}, or ${xs[xs.length - 1]}` : xs.join(' or ');
  if (types.length) parts.push(`of type ${join(types)}`);
  if (instances.length) parts.push(`an instance of ${join(instances)}`);
  const kind = name.includes('.') ? 'property' : 'argument';
  const msg = `The "${name}" ${kind} must be ${parts.join(' or ')}.${received(actual)}`;
  return coded(TypeError, 'ERR_INVALID_ARG_TYPE', msg);
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
