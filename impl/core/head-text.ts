// Head octets as latin1 strings (one char per octet): the decoded window that the start-line and the field lines of
// one execute() take their tokens from, and the OWS trimming of field values.

import { SP, HTAB } from './chars';

/** node's Buffer with its latin1 decoder (one C++ call per string) */
export type Latin1Buffer = Buffer & { latin1Slice(start: number, end: number): string };

export function asBuffer(data: Uint8Array): Latin1Buffer {
  return (Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength)) as Latin1Buffer;
}

/** octets of head decoded to a string at once (see HeadText#slice) */
const HEAD_WINDOW = 2048;

/** The decoded window of the current execute()'s buffer, valid while `to` >= 0; one per parser, shared by its
 *  start-line and field-line states. */
export class HeadText {
  #text = '';
  #from = 0;
  #to = -1;

  /** buf[from, to) decoded */
  get text(): string { return this.#text; }
  get from(): number { return this.#from; }
  get to(): number { return this.#to; }

  /** forgets the window (at both ends of execute(): the next buffer is another one, and a kept window would retain
   *  the octets of this one) */
  clear(): void {
    this.#text = '';
    this.#to = -1;
  }

  /** buf[a, b) as a latin1 string, `lim` being where the head may end in buf. Decoding crosses into C++, which costs
   *  more than the octets for short tokens, so one call decodes a window (up to HEAD_WINDOW octets, never past lim)
   *  and later tokens of the same execute() are substrings of it. The window is bounded so a field value kept by the
   *  caller retains little. */
  slice(buf: Latin1Buffer, a: number, b: number, lim: number): string {
    let from = this.#from;
    if (a < from || b > this.#to) {
      const to = Math.max(b, Math.min(lim, a + HEAD_WINDOW));
      this.#text = buf.latin1Slice(a, to);
      this.#from = from = a;
      this.#to = to;
    }
    return this.#text.slice(a - from, b - from);
  }
}

/** trims trailing SP and HTAB (OWS, RFC 9110 5.6.3) */
export function trimRight(s: string): string {
  let b = s.length;
  while (b > 0) {
    const c = s.charCodeAt(b - 1);
    if (c !== SP && c !== HTAB) break;
    b--;
  }
  return b === s.length ? s : s.slice(0, b);
}
