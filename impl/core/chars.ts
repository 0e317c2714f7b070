// Octet class tables for the parser and serializer: one Uint8Array(256) per ABNF rule, 1 where the octet belongs.

function table(pred: (c: number) => boolean): Uint8Array {
  const t = new Uint8Array(256);
  for (let c = 0; c < 256; c++) t[c] = pred(c) ? 1 : 0;
  return t;
}

const isAlpha = (c: number) => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const inSet = (s: string) => (c: number) => s.includes(String.fromCharCode(c));

/** tchar = ALPHA / DIGIT / one of these (RFC 9110 5.6.2): the only definition of the token rule in impl */
const TCHAR_SYMBOLS = "!#$%&'*+-.^_`|~";

/** tchar (RFC 9110 5.6.2) */
export const TOKEN = table((c) => isAlpha(c) || isDigit(c) || inSet(TCHAR_SYMBOLS)(c));

/** tchar as a regular-expression character class, built from the same set, for grammars written as expressions */
export const TCHAR_CLASS = `[A-Za-z0-9${TCHAR_SYMBOLS.replace(/[\\\]^-]/g, '\\$&')}]`;

/** field-vchar / SP / HTAB: the octets a field value may contain (RFC 9110 5.5): VCHAR, obs-text, SP, HTAB */
export const FIELD_VALUE = table((c) => c === 0x20 || c === 0x09 || (c >= 0x21 && c <= 0x7e) || c >= 0x80);

/** CTLs a lenient parser may admit in field values: all CTLs but NUL, LF and CR (and HTAB, which is always valid) */
export const LENIENT_CTL = table((c) => (c >= 0x01 && c <= 0x08) || c === 0x0b || c === 0x0c || (c >= 0x0e && c <= 0x1f) || c === 0x7f);

/** Octets of a request-target (RFC 3986 URI characters without "#"): unreserved, gen-delims but "#", sub-delims, "%" */
export const TARGET = table((c) => isAlpha(c) || isDigit(c) || inSet("-._~:/?[]@!$&'()*+,;=%")(c));

/** reg-name octets (RFC 3986 3.2.2): unreserved / sub-delims / "%" (pct-encoded checked separately) */
export const REG_NAME = table((c) => isAlpha(c) || isDigit(c) || inSet("-._~!$&'()*+,;=%")(c));

/** scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) (RFC 3986 3.1) */
export const SCHEME = table((c) => isAlpha(c) || isDigit(c) || inSet('+-.')(c));

/** HEXDIG value, or 255 */
export const HEX = (() => {
  const t = new Uint8Array(256).fill(255);
  for (let c = 0; c < 10; c++) t[0x30 + c] = c;
  for (let c = 0; c < 6; c++) { t[0x41 + c] = 10 + c; t[0x61 + c] = 10 + c; }
  return t;
})();

/** qdtext (RFC 9110 5.6.4): HTAB / SP / %x21 / %x23-5B / %x5D-7E / obs-text */
export const QDTEXT = table((c) => c === 0x09 || c === 0x20 || c === 0x21 || (c >= 0x23 && c <= 0x5b) || (c >= 0x5d && c <= 0x7e) || c >= 0x80);

/** quoted-pair second octet (RFC 9110 5.6.4): HTAB / SP / VCHAR / obs-text */
export const QUOTED_PAIR = table((c) => c === 0x09 || c === 0x20 || (c >= 0x21 && c <= 0x7e) || c >= 0x80);

/** The first index in [p, lim) whose octet is not in the table t, or lim. Four octets per step when they are all in
 *  it (one branch instead of four): the field-value and field-name scans are most of a head's parsing time. */
export function span(t: Uint8Array, buf: Uint8Array, p: number, lim: number): number {
  while (p + 4 <= lim && (t[buf[p]] & t[buf[p + 1]] & t[buf[p + 2]] & t[buf[p + 3]]) === 1) p += 4;
  while (p < lim && t[buf[p]] === 1) p++;
  return p;
}

export const CR = 0x0d;
export const LF = 0x0a;
export const SP = 0x20;
export const HTAB = 0x09;

/** true when every char code of s (a latin1 string) is in the table */
export function allIn(t: Uint8Array, s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 255 || t[c] !== 1) return false;
  }
  return true;
}

/** trims SP and HTAB only (OWS, RFC 9110 5.6.3); String.trim would also remove obs-text NBSP and other CTLs */
export function trimOWS(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && (s.charCodeAt(a) === SP || s.charCodeAt(a) === HTAB)) a++;
  while (b > a && (s.charCodeAt(b - 1) === SP || s.charCodeAt(b - 1) === HTAB)) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}

/** token = 1*tchar (RFC 9110 5.6.2) */
export function isToken(s: string): boolean {
  return s.length !== 0 && allIn(TOKEN, s);
}

/** field-value = *field-content (RFC 9110 5.5): FIELD_VALUE octets with no leading or trailing SP / HTAB; empty is a
 *  field value */
export function isFieldValue(s: string): boolean {
  if (!allIn(FIELD_VALUE, s)) return false;
  const n = s.length;
  return n === 0 || (s.charCodeAt(0) !== SP && s.charCodeAt(0) !== HTAB && s.charCodeAt(n - 1) !== SP && s.charCodeAt(n - 1) !== HTAB);
}
