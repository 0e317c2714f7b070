// Field and argument validation with node's error codes (validateHeaderName/Value, tokens, integers, link hints).

import {
  errInvalidArgType, errInvalidArgValue, errInvalidChar, errInvalidHeaderValue, errInvalidHttpToken, errOutOfRange,
} from './errors';

import { FIELD_VALUE, allIn, isToken } from '../core/chars';

// token = 1*tchar (RFC 9110 5.6.2) and the field-value octets HTAB, SP, VCHAR, obs-text (RFC 9110 5.5): the core's tables
export const checkIsHttpToken = (val: string): boolean => isToken(val);
export const checkInvalidHeaderChar = (val: unknown): boolean => !allIn(FIELD_VALUE, String(val));

/** Throws ERR_INVALID_HTTP_TOKEN unless `name` is a field-name token (RFC 9110 5.1). */
export function validateHeaderName(name: unknown, label = 'Header name'): void {
  if (typeof name !== 'string' || !name || !checkIsHttpToken(name)) throw errInvalidHttpToken(label, name);
}

/** Throws ERR_HTTP_INVALID_HEADER_VALUE for undefined, ERR_INVALID_CHAR for CTLs other than HTAB (RFC 9110 5.5). */
export function validateHeaderValue(name: string, value: unknown): void {
  if (value === undefined) throw errInvalidHeaderValue(value, name);
  if (checkInvalidHeaderChar(value)) throw errInvalidChar('header content', name);
}

export function validateString(value: unknown, name: string): asserts value is string {
  if (typeof value !== 'string') throw errInvalidArgType(name, 'string', value);
}

export function validateBoolean(value: unknown, name: string): void {
  if (typeof value !== 'boolean') throw errInvalidArgType(name, 'boolean', value);
}

export function validateInteger(value: unknown, name: string, min = Number.MIN_SAFE_INTEGER,
  max = Number.MAX_SAFE_INTEGER): void {
  if (typeof value !== 'number') throw errInvalidArgType(name, 'number', value);
  if (!Number.isInteger(value)) throw errOutOfRange(name, 'an integer', value);
  if (value < min || value > max) throw errOutOfRange(name, `>= ${min} && <= ${max}`, value);
}

export function validateNumber(value: unknown, name: string, min?: number): void {
  if (typeof value !== 'number') throw errInvalidArgType(name, 'number', value);
  if (min !== undefined && (value < min || Number.isNaN(value))) throw errOutOfRange(name, `>= ${min}`, value);
}

export function validateOneOf(value: unknown, name: string, oneOf: readonly unknown[]): void {
  if (!oneOf.includes(value)) {
    const allowed = oneOf.map((v) => (typeof v === 'string' ? `'${v}'` : String(v))).join(', ');
    throw errInvalidArgValue(name, value, `must be one of: ${allowed}`);
  }
}

export function validateObject(value: unknown, name: string): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw errInvalidArgType(name, 'object', value);
}

const LINK = /^(?:<[^>]*>)(?:\s*;\s*[^;"\s]+(?:=(")?[^;"\s]*\1)?)*$/;
const LINK_REASON = 'must be an array or string of format "</styles.css>; rel=preload; as=style"';

/** The Link field value of a 103 Early Hints response (RFC 8297), as node's writeEarlyHints accepts it. */
export function validateLinkHeaderValue(hints: unknown): string {
  const one = (v: unknown): string => {
    if (typeof v !== 'string' || !LINK.test(v)) throw errInvalidArgValue('hints', v, LINK_REASON);
    return v;
  };
  if (typeof hints === 'string') return one(hints);
  if (Array.isArray(hints)) return hints.map(one).join(', ');
  throw errInvalidArgValue('hints', hints, LINK_REASON);
}

/** msecs argument of setTimeout-style methods (node's getTimerDuration) */
export function timerDuration(msecs: unknown, name: string): number {
  validateNumber(msecs, name);
  if ((msecs as number) < 0 || !Number.isFinite(msecs)) throw errOutOfRange(name, 'a non-negative finite number', msecs);
  // timers hold a signed 32-bit duration: longer ones are truncated, with node's warning (emitted here, synchronously,
  // so its stack names the caller)
  if ((msecs as number) > TIMEOUT_MAX) {
    process.emitWarning(`${msecs} does not fit into a 32-bit signed integer.\nTimer duration was truncated to ${TIMEOUT_MAX}.`,
      'TimeoutOverflowWarning');
    return TIMEOUT_MAX;
  }
  return msecs as number;
}
const TIMEOUT_MAX = 2 ** 31 - 1;
