// The reference proxy's field rules: which received field lines it forwards (RFC 9110 7.6.1), Via (RFC 9110
// 7.6.3), Max-Forwards (RFC 9110 7.6.2) and the transfer-coding list (RFC 9112 6.1). Field lines stay in the order
// they were received (RFC 9110 5.3); pure functions over [name, value] pairs, no I/O.

/** Field lines as received: name (its letter case kept) and value, in order. */
export type FieldLines = Array<[name: string, value: string]>;

/** The pseudonym this proxy uses as the received-by of its Via member (RFC 9110 7.6.3). */
export const VIA_PSEUDONYM = 'h1compat';

/** Fields removed whether or not Connection names them: "Furthermore, intermediaries SHOULD remove or replace fields
 *  that are known to require removal before forwarding, whether or not they appear as a connection-option, after
 *  applying those fields' semantics." (RFC 9110 7.6.1), which names Proxy-Connection, Keep-Alive, TE,
 *  Transfer-Encoding and Upgrade. Trailer too: this proxy discards received trailer fields ("A recipient that removes
 *  the chunked coding from a message MAY selectively retain or discard the received trailer fields.", RFC 9112
 *  7.1.2), so it announces none. */
const HOP_BY_HOP = ['connection', 'proxy-connection', 'keep-alive', 'te', 'transfer-encoding', 'upgrade', 'trailer'];

/** Split a list-based field value into its non-empty elements: "A recipient MUST parse and ignore a reasonable
 *  number of empty list elements" (RFC 9110 5.6.1.2). */
export function listElements(value: string): string[] {
  return value.split(',').map((e) => e.trim()).filter((e) => e !== '');
}

/** The field lines to forward from raw [name, value, ...] (node's rawHeaders): "Intermediaries MUST parse a
 *  received Connection header field before a message is forwarded and, for each connection-option in this field,
 *  remove any header or trailer field(s) from the message with the same name as the connection-option, and then
 *  remove the Connection header field itself" (RFC 9110 7.6.1); connection options are case-insensitive (7.6.1:
 *  "connection-option = token", 5.1: field names are case-insensitive). Every other line is kept, in order. */
export function endToEnd(raw: readonly string[]): FieldLines {
  const named = new Set(HOP_BY_HOP);
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if (raw[i].toLowerCase() === 'connection') for (const o of listElements(raw[i + 1])) named.add(o.toLowerCase());
  }
  const out: FieldLines = [];
  for (let i = 0; i + 1 < raw.length; i += 2) if (!named.has(raw[i].toLowerCase())) out.push([raw[i], raw[i + 1]]);
  return out;
}

/** Raw [name, value, ...] (node's rawHeaders) as field lines, all of them. */
export function fieldLines(raw: readonly string[]): FieldLines {
  const out: FieldLines = [];
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i], raw[i + 1]]);
  return out;
}

/** The values of every line named `name` (case-insensitive), in order. */
export function valuesOf(lines: FieldLines, name: string): string[] {
  const n = name.toLowerCase();
  return lines.filter(([k]) => k.toLowerCase() === n).map(([, v]) => v);
}

/** The lines without those named `name`. */
export function without(lines: FieldLines, name: string): FieldLines {
  const n = name.toLowerCase();
  return lines.filter(([k]) => k.toLowerCase() !== n);
}

/** The lines with every `name` line replaced by one line `name: value`, where the first of them was (or at the end). */
export function replaced(lines: FieldLines, name: string, value: string): FieldLines {
  const n = name.toLowerCase();
  const at = lines.findIndex(([k]) => k.toLowerCase() === n);
  const rest = without(lines, name);
  if (at < 0) return [...rest, [name, value]];
  const before = lines.slice(0, at).filter(([k]) => k.toLowerCase() !== n).length;
  return [...rest.slice(0, before), [lines[at][0], value], ...rest.slice(before)];
}

/** The Via member this proxy adds for a message received with HTTP version `major.minor`: received-protocol RWS
 *  received-by (RFC 9110 7.6.3), "The received-protocol indicates the protocol version of the message received by
 *  the server or client along each segment of the request/response chain" and its protocol-name is omitted when it
 *  would be "HTTP"; "A sender SHOULD generate RWS as a single SP" (RFC 9110 5.6.3). */
export function viaMember(major: number, minor: number): string {
  return `${major}.${minor} ${VIA_PSEUDONYM}`;
}

/** Add this proxy's Via member: "A proxy MUST send an appropriate Via header field, as described below, in each
 *  message that it forwards" (RFC 9110 7.6.3), where "Each intermediary appends its own information about how the
 *  message was received, such that the end result is ordered according to the sequence of forwarding recipients".
 *  Appended to the last Via line, so the received members keep their order; with no Via received, a new line at the
 *  end. Members are never combined (7.6.3: "A sender MUST NOT combine members that have different received-protocol
 *  values"), and no empty list element is generated ("a sender MUST NOT generate empty list elements", 5.6.1.1). */
export function withVia(lines: FieldLines, member: string): FieldLines {
  let last = -1;
  for (let i = 0; i < lines.length; i++) if (lines[i][0].toLowerCase() === 'via') last = i;
  if (last < 0) return [...lines, ['Via', member]];
  const out = lines.slice();
  const kept = listElements(out[last][1]).join(', ');
  out[last] = [out[last][0], kept === '' ? member : `${kept}, ${member}`];
  return out;
}

/** The most this proxy forwards in Max-Forwards: "the lesser of a) the received value decremented by one (1) or
 *  b) the recipient's maximum supported value for Max-Forwards" (RFC 9110 7.6.2). */
export const MAX_FORWARDS_SUPPORTED = Number.MAX_SAFE_INTEGER;

/** Max-Forwards as received: absent, invalid (not exactly one "Max-Forwards = 1*DIGIT", RFC 9110 7.6.2), or its value
 *  (capped at MAX_FORWARDS_SUPPORTED + 1, so that a larger value still forwards the supported maximum). */
export type MaxForwards = { readonly kind: 'absent' } | { readonly kind: 'invalid'; readonly reason: string } | { readonly kind: 'value'; readonly value: number };

export function maxForwards(lines: FieldLines): MaxForwards {
  const values = valuesOf(lines, 'max-forwards');
  if (values.length === 0) return { kind: 'absent' };
  if (values.length > 1) return { kind: 'invalid', reason: `${values.length} Max-Forwards field lines (the field is a single 1*DIGIT, RFC 9110 7.6.2)` };
  const v = values[0];
  if (!/^[0-9]+$/.test(v)) return { kind: 'invalid', reason: `Max-Forwards "${v}" is not 1*DIGIT (RFC 9110 7.6.2)` };
  const digits = v.replace(/^0+(?=.)/, '');
  const value = digits.length > 15 ? MAX_FORWARDS_SUPPORTED + 1 : Math.min(Number(digits), MAX_FORWARDS_SUPPORTED + 1);
  return { kind: 'value', value };
}

/** The transfer codings a message's Transfer-Encoding lines list, in the order they were applied, lowercased, their
 *  parameters kept ("transfer-coding = token *( OWS ";" OWS transfer-parameter )", RFC 9112 7; "Transfer-Encoding =
 *  #transfer-coding", RFC 9112 6.1; several lines form one list, RFC 9110 5.3). */
export function transferCodings(lines: FieldLines): string[] {
  return valuesOf(lines, 'transfer-encoding').flatMap(listElements).map((c) => c.toLowerCase());
}

/** Field lines as the node:http API takes them in options.headers / writeHead: one key per name as spelled, its
 *  lines in order (each array element is sent as its own line). Names that differ only in letter case stay apart. */
export function toHeaders(lines: FieldLines): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, v] of lines) (out[k] ??= []).push(v);
  return out;
}
