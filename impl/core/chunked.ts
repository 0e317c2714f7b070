// Decoder for the chunked transfer coding up to the last-chunk line (RFC 9112 7.1); the trailer section that follows
// is parsed by the parser's field-line states, so trailers obey the same syntax rules as header fields.
//
// Rules:
//  - execute() consumes as much as it can and returns the new position; it never throws.
//  - chunk-data is handed to the sink as views of the caller's buffer, never copied.
//  - On error, `error` is set and the position returned is the offending octet.
//  - `done` turns true once the last-chunk line (size 0, extensions, CRLF) has been consumed.

import { HttpParseError, type ErrorCode } from './errors';
import { HEX, TOKEN, QDTEXT, QUOTED_PAIR, CR, LF, SP, HTAB } from './chars';
import { L, type LenientBits } from './lenient-bits';

const SIZE_FIRST = 0, SIZE = 1, SIZE_WS = 2, EXT_BEFORE_NAME = 3, EXT_NAME = 4, EXT_AFTER_NAME = 5,
  EXT_BEFORE_VALUE = 6, EXT_TOKEN = 7, EXT_QUOTED = 8, EXT_ESCAPE = 9, EXT_AFTER_VALUE = 10, SIZE_LF = 11,
  DATA = 12, DATA_CR = 13, DATA_LF = 14;

const MAX = Number.MAX_SAFE_INTEGER;

export interface ChunkSink {
  onBody(data: Uint8Array): void;
  onChunkHeader?(size: number, extensions: string): void;
}

export class ChunkedDecoder {
  error: HttpParseError | null = null;
  done = false;
  /** content octets seen so far (for the body size limit) */
  total = 0;
  #state = SIZE_FIRST;
  #size = 0;
  #remaining = 0;
  #extBytes = 0;
  #ext = '';
  #sawWS = false;
  readonly #lenient: LenientBits;
  readonly #maxExt: number;
  readonly #maxBody: number;

  /** ready for the body of a new message (one decoder serves every message of a connection) */
  reset(): void {
    this.error = null;
    this.done = false;
    this.total = 0;
    this.#state = SIZE_FIRST;
    this.#size = this.#remaining = this.#extBytes = 0;
    this.#ext = '';
    this.#sawWS = false;
  }

  constructor(lenient: LenientBits, maxExt: number, maxBody: number) {
    this.#lenient = lenient;
    this.#maxExt = maxExt;
    this.#maxBody = maxBody;
  }

  #fail(code: ErrorCode, at: number): number {
    this.error = new HttpParseError(code, at);
    // llhttp calls a CR without LF in a chunk line a strictness error
    if (code === 'HPE_LF_EXPECTED') this.error.llhttp = 'HPE_STRICT';
    return -1;
  }

  /** `base` is the stream offset of data[0]; returns the new position, or -1 on error (see `error`) */
  execute(data: Uint8Array, pos: number, len: number, base: number, sink: ChunkSink, paused: () => boolean): number {
    while (pos < len) {
      const c = data[pos];
      switch (this.#state) {
        case SIZE_FIRST: {
          // chunk-size = 1*HEXDIG
          const h = HEX[c];
          if (h === 255) return this.#fail('HPE_INVALID_CHUNK_SIZE', base + pos);
          this.#size = h;
          this.#ext = '';
          this.#extBytes = 0;
          this.#state = SIZE;
          pos++;
          break;
        }
        case SIZE: {
          const h = HEX[c];
          if (h !== 255) {
            this.#size = this.#size * 16 + h;
            if (this.#size > MAX) return this.#fail('HPE_CHUNK_SIZE_OVERFLOW', base + pos);
            pos++;
          } else if (c === CR) { this.#state = SIZE_LF; pos++; }
          else if (c === 0x3b /* ; */) { this.#state = EXT_BEFORE_NAME; this.#extStart(); pos++; }
          else if (c === SP || c === HTAB) { this.#state = SIZE_WS; pos++; }
          else if (c === LF && this.#lenient & L.bareLF) {
            pos = this.#sizeLineDone(pos + 1, base, sink);
            if (pos < 0) return -1;
            if (this.done || paused()) return pos;
          }
          else return this.#fail(c === LF ? 'HPE_CR_EXPECTED' : 'HPE_INVALID_CHUNK_SIZE', base + pos);
          break;
        }
        case SIZE_WS: {
          // BWS is allowed only before ";" (RFC 9112 7.1.1); whitespace before CRLF needs spacesAfterChunkSize
          if (c === SP || c === HTAB) pos++;
          else if (c === 0x3b) { this.#state = EXT_BEFORE_NAME; this.#extStart(); pos++; }
          else if (c === CR && this.#lenient & L.spacesAfterChunkSize) { this.#state = SIZE_LF; pos++; }
          else return this.#fail('HPE_INVALID_CHUNK_SIZE', base + pos);
          break;
        }
        case EXT_BEFORE_NAME: case EXT_NAME: case EXT_AFTER_NAME: case EXT_BEFORE_VALUE:
        case EXT_TOKEN: case EXT_QUOTED: case EXT_ESCAPE: case EXT_AFTER_VALUE: {
          // chunk-ext = *( BWS ";" BWS chunk-ext-name [ BWS "=" BWS chunk-ext-val ] ) (RFC 9112 7.1.1)
          if (++this.#extBytes > this.#maxExt) return this.#fail('HPE_CHUNK_EXTENSIONS_OVERFLOW', base + pos);
          if (this.#ext.length < 4096) this.#ext += String.fromCharCode(c);
          const r = this.#extension(c);
          if (r !== null) return this.#fail(r, base + pos);
          pos++;
          break;
        }
        case SIZE_LF: {
          if (c !== LF) return this.#fail('HPE_LF_EXPECTED', base + pos);
          pos = this.#sizeLineDone(pos + 1, base, sink);
          if (pos < 0) return -1;
          if (this.done || paused()) return pos;
          break;
        }
        case DATA: {
          const n = Math.min(this.#remaining, len - pos);
          this.#remaining -= n;
          if (this.#remaining === 0) this.#state = DATA_CR;
          sink.onBody(data.subarray(pos, pos + n));
          pos += n;
          if (paused()) return pos;
          break;
        }
        case DATA_CR: {
          // chunk = chunk-size [ chunk-ext ] CRLF chunk-data CRLF
          if (c === CR) { this.#state = DATA_LF; pos++; }
          else if (c === LF && this.#lenient & L.bareLF) { this.#state = SIZE_FIRST; pos++; }
          else if (this.#lenient & L.optionalCRLFAfterChunk) this.#state = SIZE_FIRST;
          else return this.#fail('HPE_STRICT_CHUNK_DATA', base + pos);
          break;
        }
        case DATA_LF: {
          if (c !== LF) return this.#fail('HPE_LF_EXPECTED', base + pos);
          this.#state = SIZE_FIRST;
          pos++;
          break;
        }
      }
    }
    return pos;
  }

  #extStart(): void { this.#ext = ';'; this.#extBytes = 1; this.#sawWS = false; }

  /** one octet of chunk-ext; returns an error code or null */
  #extension(c: number): ErrorCode | null {
    const ws = c === SP || c === HTAB;
    switch (this.#state) {
      case EXT_BEFORE_NAME:
        if (ws) return null;
        if (TOKEN[c] === 1) { this.#state = EXT_NAME; return null; }
        return 'HPE_INVALID_CHUNK_EXTENSION';
      case EXT_NAME:
        if (TOKEN[c] === 1) return null;
        if (ws) { this.#state = EXT_AFTER_NAME; return null; }
        return this.#afterItem(c);
      case EXT_AFTER_NAME:
        if (ws) return null;
        return this.#afterItem(c);
      case EXT_BEFORE_VALUE:
        if (ws) return null;
        if (c === 0x22) { this.#state = EXT_QUOTED; return null; }
        if (TOKEN[c] === 1) { this.#state = EXT_TOKEN; return null; }
        return 'HPE_INVALID_CHUNK_EXTENSION';
      case EXT_TOKEN:
        if (TOKEN[c] === 1) return null;
        if (ws) { this.#state = EXT_AFTER_VALUE; return null; }
        return this.#afterValue(c);
      case EXT_QUOTED:
        if (c === 0x22) { this.#state = EXT_AFTER_VALUE; return null; }
        if (c === 0x5c) { this.#state = EXT_ESCAPE; return null; }
        return QDTEXT[c] === 1 ? null : 'HPE_INVALID_CHUNK_EXTENSION';
      case EXT_ESCAPE:
        if (QUOTED_PAIR[c] !== 1) return 'HPE_INVALID_CHUNK_EXTENSION';
        this.#state = EXT_QUOTED;
        return null;
      default: // EXT_AFTER_VALUE
        if (ws) return null;
        return this.#afterValue(c);
    }
  }

  #afterItem(c: number): ErrorCode | null {
    if (c === 0x3d /* = */) { this.#state = EXT_BEFORE_VALUE; return null; }
    return this.#afterValue(c);
  }

  #afterValue(c: number): ErrorCode | null {
    if (c === 0x3b) { this.#state = EXT_BEFORE_NAME; return null; }
    if (c === CR) { this.#ext = this.#ext.slice(0, -1); this.#state = SIZE_LF; return null; }
    return c === LF ? 'HPE_CR_EXPECTED' : 'HPE_INVALID_CHUNK_EXTENSION';
  }

  #sizeLineDone(pos: number, base: number, sink: ChunkSink): number {
    const size = this.#size;
    if (size > 0 && this.total + size > this.#maxBody) return this.#fail('HPE_BODY_TOO_LARGE', base + pos - 1);
    this.total += size;
    sink.onChunkHeader?.(size, this.#ext.replace(/[\t ]+$/, ''));
    if (size === 0) { this.done = true; return pos; }
    this.#remaining = size;
    this.#state = DATA;
    return pos;
  }
}
