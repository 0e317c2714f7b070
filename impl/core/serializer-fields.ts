// Field syntax for the serializer: the checks on tokens, field values and field lines shared by the head writer
// (./serializer.ts) and the trailer section of the chunked encoder (./serializer-body.ts).
// Strings are latin1: one char per octet, so a char above 0xFF can never be written and is refused.

import { HttpSerializeError } from './serializer-errors';
import { isFieldValue, isToken } from './chars';

export { isToken, isFieldValue };

/** Quote a string for an error message, showing control chars as \xNN. */
export function show(s: string): string {
  return JSON.stringify(s.length > 64 ? s.slice(0, 64) + '...' : s);
}

/**
 * Check a flat [name, value, ...] list: names are tokens (RFC 9110 5.1), values field-content (RFC 9110 5.5).
 * Throws TypeError for a list that is not an even-length array of strings (API misuse, not a protocol refusal).
 */
export function checkFields(fields: readonly string[]): void {
  if (!Array.isArray(fields) || fields.length % 2 !== 0) {
    throw new TypeError('fields must be a flat [name, value, ...] array of even length');
  }
  for (let i = 0; i < fields.length; i += 2) {
    const name = fields[i];
    const value = fields[i + 1];
    if (typeof name !== 'string' || typeof value !== 'string') {
      throw new TypeError(`fields[${typeof name !== 'string' ? i : i + 1}] is not a string`);
    }
    if (!isToken(name)) throw new HttpSerializeError('ERR_INVALID_HTTP_TOKEN', `field name ${show(name)}`);
    if (!isFieldValue(value)) throw new HttpSerializeError('ERR_INVALID_CHAR', `value of ${name}: ${show(value)}`);
  }
}

/** Field lines "name: value\r\n" for an already checked list (RFC 9112 5). */
export function fieldLines(fields: readonly string[]): string {
  let s = '';
  for (let i = 0; i < fields.length; i += 2) s += fields[i] + ': ' + fields[i + 1] + '\r\n';
  return s;
}
