// The incremental HTTP/1.1 message parser (RFC 9112): bytes in, events out; no I/O, timers or emitters.
// The start-line is read in ./start-line.ts, head tokens are decoded in ./head-text.ts, chunked bodies in ./chunked.ts.
//
// Rules:
//  - Any segmentation of the input yields the same events (body data may arrive in different pieces) and the same
//    error code at the same absolute stream offset.
//  - Head octets are validated one by one as they arrive; a head is delivered only once complete and valid.
//  - Memory is bounded: a head (or trailer section) larger than maxHeaderSize, chunk extensions larger than
//    maxChunkExtensionSize, and content larger than maxBodySize are errors; body data is never buffered.
//  - After an error the parser is dead (execute() returns 0); after a tunnel/upgrade it hands the rest back;
//    after a message that does not keep the connection alive, further octets are ignored (RFC 9112 9.6).

import { HttpParseError, type ErrorCode } from './errors';
import { TOKEN, FIELD_VALUE, LENIENT_CTL, CR, LF, SP, HTAB, span } from './chars';
import { FieldFacts, decideRequest, decideResponse, NONE } from './framing';
import { ChunkedDecoder } from './chunked';
import { StartLine } from './start-line';
import { HeadText, asBuffer, trimRight, type Latin1Buffer } from './head-text';
import { L, toBits, type LenientBits } from './lenient-bits';
import type { Framing, ParserKind, ParserOptions, ParserSink } from './types';
import { HeadAction } from './types';

// START_LINE: the request-line or status-line, read by the StartLine (start-line.ts)
const START_LINE = 0, FIELD_START = 1, FIELD_NAME = 2, FIELD_NAME_WS = 3, FIELD_OWS = 4, FIELD_VALUE_S = 5,
  FIELD_LF = 6, HEAD_LF = 7, BODY_LENGTH = 8, BODY_CHUNKED = 9, BODY_CLOSE = 10, CLOSED = 11, UPGRADED = 12, DEAD = 13;

export const DEFAULT_MAX_HEADER_SIZE = 16384;
export const DEFAULT_MAX_CHUNK_EXTENSION_SIZE = 16384;
export const DEFAULT_MAX_FIELD_LINES = 2000;
/** headerSizeCounting 'llhttp': the octets of a head (or trailer section) are capped at this many times maxHeaderSize */
export const HEAD_OCTETS_FACTOR = 4;

/** the field lists between messages: never written (a section starts with a fresh array) */
const NO_FIELDS: string[] = [];

export class Parser {
  error: HttpParseError | null = null;
  readonly kind: ParserKind;
  readonly #isRequest: boolean;
  readonly #sink: ParserSink;
  readonly #lenient: LenientBits;
  readonly #maxHead: number;
  readonly #maxExt: number;
  readonly #maxBody: number;
  readonly #maxFields: number; // in array slots: 2 per field line
  /** headerSizeCounting 'llhttp': the limit on #counted (0: off, the head's octets are limited to #maxHead) */
  readonly #maxCounted: number;
  /** the octet budget of a head: #maxHead, or HEAD_OCTETS_FACTOR times it when counting as llhttp does */
  readonly #maxOctets: number;
  #counted = 0;         // llhttp's count of the current head or trailer section: target/reason, names, values

  #state = START_LINE;
  #base = 0;            // stream offset of data[0] in the current execute()
  #headLimit = 0;       // stream offset at which the current head (or trailer section) is too large
  #paused = false;
  #marking = false;     // accumulating a field-line token that may span chunks (the StartLine keeps its own)
  #acc = '';
  readonly #text = new HeadText(); // decoded window of the current execute()'s buffer
  #methods: string[] = [];

  // the message being parsed
  readonly #line: StartLine; // one per parser, reset per message
  #fields: string[] = [];
  #trailers: string[] = [];
  #inTrailers = false;
  #name = '';
  #value = '';
  /** octets of the pending value as received after its leading OWS (trailing OWS included), for llhttp's count;
   *  -1: this.#value as it stands */
  #rawValue = -1;
  #pending = false;
  #lineAt = 0;
  #facts = new FieldFacts();
  #keepAlive = true;
  #upgrade = false;
  #remaining = 0;
  #chunked: ChunkedDecoder; // one per parser, reset per chunked message (a field that stays one type keeps the JIT's code fast)
  #bodyBytes = 0;
  #headEnd = 0;

  constructor(kind: ParserKind, sink: ParserSink, options: ParserOptions = {}) {
    this.kind = kind;
    this.#isRequest = kind === 'request';
    this.#sink = sink;
    this.#lenient = toBits(options.lenient);
    this.#maxHead = options.maxHeaderSize ?? DEFAULT_MAX_HEADER_SIZE;
    this.#maxExt = options.maxChunkExtensionSize ?? DEFAULT_MAX_CHUNK_EXTENSION_SIZE;
    this.#maxBody = options.maxBodySize ?? Infinity;
    this.#maxFields = 2 * (options.maxFieldLines ?? DEFAULT_MAX_FIELD_LINES);
    this.#maxCounted = options.headerSizeCounting === 'llhttp' ? this.#maxHead : 0;
    this.#maxOctets = this.#maxCounted ? HEAD_OCTETS_FACTOR * this.#maxHead : this.#maxHead;
    this.#headLimit = this.#maxOctets;
    // (counting as llhttp does, the method is not counted: it gets a limit of its own, RFC 9112 3)
    this.#line = new StartLine(this.#isRequest, this.#lenient, this.#maxCounted);
    this.#chunked = new ChunkedDecoder(this.#lenient, this.#maxExt, this.#maxBody);
  }

  /** true once the connection has switched protocols; the caller owns every octet after the returned count */
  get upgraded(): boolean { return this.#state === UPGRADED; }
  /** true once a message that does not keep the connection alive has completed */
  get closed(): boolean { return this.#state === CLOSED; }
  get paused(): boolean { return this.#paused; }
  /** true between messages (nothing of a next message seen yet) */
  get idle(): boolean { return this.#state === START_LINE && this.#line.idle; }
  /** stream offset of the next octet execute() will read (updated when execute() returns) */
  get offset(): number { return this.#base; }
  /** stream offset just after the last complete head (valid in onHead: what follows it in the same execute() is
   *  body or a pipelined message) */
  get headEnd(): number { return this.#headEnd; }

  pause(): void { this.#paused = true; }
  resume(): void { this.#paused = false; }

  /** response parser: the method of the request that the next final response answers (FIFO) */
  pushRequestMethod(method: string): void { this.#methods.push(method); }

  reset(): void {
    this.error = null;
    this.#state = START_LINE;
    this.#base = 0;
    this.#paused = false;
    this.#methods = [];
    this.#newMessage(0);
  }

  /** Feeds octets; returns how many were consumed (fewer on error, pause or upgrade). */
  execute(data: Uint8Array): number {
    const st = this.#state;
    if (st === DEAD || st === UPGRADED) return 0;
    if (st === CLOSED) { this.#base += data.length; return data.length; }
    const buf = asBuffer(data);
    const len = buf.length;
    this.#text.clear();
    let pos = 0;
    let mark = this.#marking ? 0 : -1;
    const base = this.#base;
    loop: while (pos < len) {
      if (this.#paused) break;
      const state = this.#state;
      if (state < BODY_LENGTH && base + pos >= this.#headLimit) {
        // in the start-line, 501 or 414 by where the head got too long (StartLine#tooLong, RFC 9112 3)
        this.#fail(state === START_LINE ? this.#line.tooLong : 'HPE_HEADER_OVERFLOW', base + pos);
        break;
      }
      const lim = Math.min(len, this.#headLimit - base);
      const c = buf[pos];
      switch (state) {
        case START_LINE: {
          const line = this.#line;
          const p = line.execute(buf, pos, lim, base, this.#text);
          if (p < 0) { this.error = line.error; this.#state = DEAD; break loop; }
          pos = p;
          if (line.done) {
            this.#state = FIELD_START;
            this.#fields = [];
            if (this.#maxCounted) {
              // RFC 9112 3: a request-target longer than the server wishes to parse gets 414
              this.#counted = line.counted;
              if (this.#counted >= this.#maxCounted) { this.#fail(this.#isRequest ? 'HPE_URI_TOO_LONG' : 'HPE_HEADER_OVERFLOW', base + pos - 1); break loop; }
            }
          }
          break;
        }
        case FIELD_START: {
          if (c === CR) { this.#state = HEAD_LF; pos++; break; }
          if (c === LF) {
            // (llhttp reads the LF as the first octet of a field name)
            if (!(this.#lenient & L.bareLF)) { this.#fail('HPE_CR_EXPECTED', base + pos, 'HPE_INVALID_HEADER_TOKEN'); break loop; }
            pos++;
            if (!this.#endOfSection(base + pos)) break loop;
            mark = -1;
            break;
          }
          if (c === SP || c === HTAB) {
            const code = this.#fold();
            // (llhttp: an HTAB there is not a field-name octet, an SP an unexpected space)
            if (code !== null) { this.#fail(code, base + pos, c === HTAB ? 'HPE_INVALID_HEADER_TOKEN' : undefined); break loop; }
            pos++;
            this.#state = FIELD_OWS;
            break;
          }
          if (this.#pending && !this.#commitField()) break loop;
          if ((this.#inTrailers ? this.#trailers.length : this.#fields.length) >= this.#maxFields) {
            this.#fail('HPE_TOO_MANY_FIELDS', base + pos);
            break loop;
          }
          // fast path: whole valid field lines (name ":" OWS value CRLF) in the buffer and within the head limit are
          // taken in one step; anything else goes octet by octet through FIELD_NAME, so errors and offsets are the same
          const next = this.#fieldLines(buf, pos, lim);
          if (next > pos) { pos = next; break; }
          this.#lineAt = base + pos;
          this.#state = FIELD_NAME;
          mark = pos;
          break;
        }
        case FIELD_NAME: {
          // field-name = token, then ":" with no whitespace before it (RFC 9112 5.1)
          const p = span(TOKEN, buf, pos, lim);
          if (p === lim) { pos = p; break; }
          const e = buf[p];
          if (e === 0x3a || ((e === SP || e === HTAB) && this.#lenient & L.spaceBeforeColon)) {
            this.#name = this.#take(buf, mark, p, lim);
            mark = -1;
            if (this.#name === '') { this.#fail('HPE_INVALID_HEADER_TOKEN', base + p); break loop; }
            if (e !== 0x3a) { this.#state = FIELD_NAME_WS; pos = p + 1; break; }
            // fast path: skip OWS here (as FIELD_OWS would, octet by octet, within the head limit)
            let q = p + 1;
            while (q < lim && (buf[q] === SP || buf[q] === HTAB)) q++;
            pos = q;
            if (q < lim) { this.#state = FIELD_VALUE_S; mark = q; } else this.#state = FIELD_OWS;
            break;
          }
          this.#fail(e === SP || e === HTAB ? 'HPE_SPACE_BEFORE_COLON' : 'HPE_INVALID_HEADER_TOKEN', base + p);
          break loop;
        }
        case FIELD_NAME_WS:
          if (c === SP || c === HTAB) { pos++; break; }
          if (c === 0x3a) { this.#state = FIELD_OWS; pos++; break; }
          this.#fail('HPE_SPACE_BEFORE_COLON', base + pos);
          break loop;
        case FIELD_OWS:
          if (c === SP || c === HTAB) { pos++; break; }
          this.#state = FIELD_VALUE_S;
          mark = pos;
          break;
        case FIELD_VALUE_S: {
          // field-value = *field-content: VCHAR, obs-text, SP, HTAB (RFC 9110 5.5)
          const p = span(FIELD_VALUE, buf, pos, lim);
          if (p === lim) { pos = p; break; }
          const e = buf[p];
          if (e === CR) {
            this.#value += this.#take(buf, mark, p, lim); mark = -1; this.#pending = true;
            // fast path: CRLF seen at once (as FIELD_LF would, within the head limit)
            if (p + 1 < lim && buf[p + 1] === LF) { this.#state = FIELD_START; pos = p + 2; } else { this.#state = FIELD_LF; pos = p + 1; }
            break;
          }
          if (e === LF) {
            if (!(this.#lenient & L.bareLF)) { this.#fail('HPE_CR_EXPECTED', base + p); break loop; }
            this.#value += this.#take(buf, mark, p, lim); mark = -1; this.#pending = true; this.#state = FIELD_START; pos = p + 1;
            break;
          }
          // RFC 9110 5.5: NUL is always rejected; other CTLs only with ctlInFieldValue
          if (LENIENT_CTL[e] === 1 && this.#lenient & L.ctlInFieldValue) { pos = p + 1; break; }
          this.#fail('HPE_INVALID_HEADER_VALUE', base + p);
          break loop;
        }
        case FIELD_LF:
          if (c === LF) { this.#state = FIELD_START; pos++; break; }
          // RFC 9112 2.2: a bare CR is invalid, or replaced by SP
          if (this.#lenient & L.bareCR) { this.#value += ' '; this.#pending = false; this.#state = FIELD_VALUE_S; mark = pos; break; }
          this.#fail('HPE_LF_EXPECTED', base + pos);
          break loop;
        case HEAD_LF:
          if (c !== LF) { this.#fail('HPE_LF_EXPECTED', base + pos); break loop; }
          pos++;
          if (!this.#endOfSection(base + pos)) break loop;
          break;
        case BODY_LENGTH: {
          const n = Math.min(this.#remaining, len - pos);
          this.#remaining -= n;
          const view = buf.subarray(pos, pos + n);
          pos += n;
          this.#sink.onBody(view);
          if (this.#remaining === 0) this.#complete(base + pos);
          break;
        }
        case BODY_CHUNKED: {
          const dec = this.#chunked;
          const p = dec.execute(buf, pos, len, base, this.#sink, () => this.#paused);
          if (p < 0) { this.error = dec.error; this.#state = DEAD; pos = dec.error!.offset - base; break loop; }
          pos = p;
          if (dec.done) this.#startTrailers(base + pos);
          break;
        }
        case BODY_CLOSE: {
          if (this.#bodyBytes + (len - pos) > this.#maxBody) { this.#fail('HPE_BODY_TOO_LARGE', base + pos + (this.#maxBody - this.#bodyBytes)); break loop; }
          this.#bodyBytes += len - pos;
          this.#sink.onBody(buf.subarray(pos, len));
          pos = len;
          break;
        }
        case CLOSED:
          pos = len; // RFC 9112 9.6: no further requests are processed on a closing connection
          break;
        default: // UPGRADED, DEAD
          break loop;
      }
    }
    this.#text.clear();
    if (this.#state === DEAD) { this.#marking = false; this.#acc = ''; return this.#consumed(pos); }
    if (mark >= 0 && pos === len) { this.#acc += buf.latin1Slice(mark, len); this.#marking = true; }
    else this.#marking = false;
    // llhttp's binding counts the spans of a field line as they arrive: a line still incomplete at the end of the
    // read counts too (the error is at the start of that line, as when the whole line is there)
    if (this.#maxCounted && this.#state > START_LINE && this.#state < BODY_LENGTH && this.#partialCount() >= this.#maxCounted) {
      this.#fail('HPE_HEADER_OVERFLOW', this.#lineAt);
      this.#marking = false;
      this.#acc = '';
      return this.#consumed(pos);
    }
    this.#base = base + pos;
    return pos;
  }

  /** llhttp's count of the current section with the field line in progress at the end of a read */
  #partialCount(): number {
    const st = this.#state;
    if (st === FIELD_NAME) return this.#counted + this.#acc.length;
    if (st === FIELD_START || st === HEAD_LF) {
      if (!this.#pending) return this.#counted;
      return this.#counted + this.#name.length + (this.#rawValue >= 0 ? this.#rawValue : this.#value.length);
    }
    const value = st === FIELD_VALUE_S || st === FIELD_LF ? this.#value.length + this.#acc.length : 0;
    return this.#counted + this.#name.length + value;
  }

  /** The peer closed its sending side. Completes a close-delimited body; an unfinished message is an error. */
  finish(): void {
    const st = this.#state;
    if (st === BODY_CLOSE) { this.#complete(this.#base); return; }
    if (st === START_LINE && this.#line.idle) { this.#state = CLOSED; return; }
    if (st === CLOSED || st === UPGRADED || st === DEAD) return;
    this.#fail('HPE_INVALID_EOF_STATE', this.#base);
  }

  #consumed(pos: number): number {
    const at = this.error ? this.error.offset - this.#base : pos;
    this.#base += Math.max(0, at);
    return Math.max(0, at);
  }

  /** `llhttp`: the code llhttp gives for this very input, when it is not the table's (core/errors.ts LLHTTP_CODES) */
  #fail(code: ErrorCode, at: number, llhttp?: string): void {
    this.error = new HttpParseError(code, at);
    if (llhttp !== undefined) this.error.llhttp = llhttp;
    this.#state = DEAD;
  }

  #take(buf: Latin1Buffer, mark: number, end: number, lim: number): string {
    const s = mark >= 0 ? this.#text.slice(buf, mark, end, lim) : '';
    if (this.#acc === '') return s;
    const r = this.#acc + s;
    this.#acc = '';
    return r;
  }

  /** The field-line fast path: takes whole valid field lines from p while each is entirely in buf[p, lim) and starts
   *  with a token octet (no obs-fold, no end of section), and the field count allows. Every line taken but the last is
   *  committed; the last stays pending (an obs-fold on the next line may continue it). Returns the position after the
   *  last line taken, or p when none is (nothing changed). One loop with locals: this is most of a head's parsing. */
  #fieldLines(buf: Latin1Buffer, p: number, lim: number): number {
    const list = this.#inTrailers ? this.#trailers : this.#fields;
    const text = this.#text;
    let win = text.text, from = text.from, to = text.to;
    const base = this.#base, room = this.#maxFields - 2;
    let name = '', value = '', at = 0, rawValue = 0, taken = false;
    for (;;) {
      // field-name = token, ":" right after it (RFC 9112 5.1); scans unrolled by hand, four octets per branch
      let q = p;
      while (q + 4 <= lim && (TOKEN[buf[q]] & TOKEN[buf[q + 1]] & TOKEN[buf[q + 2]] & TOKEN[buf[q + 3]]) === 1) q += 4;
      while (q < lim && TOKEN[buf[q]] === 1) q++;
      if (q === p || q >= lim || buf[q] !== 0x3a) break;
      let v = q + 1;
      while (v < lim && (buf[v] === SP || buf[v] === HTAB)) v++;
      // field-value = *field-content: VCHAR, obs-text, SP, HTAB (RFC 9110 5.5), then CRLF
      let e = v;
      // four octets at a time by arithmetic: bit 8 of (c + 0xe0) is set when c >= 0x20, of ((c ^ 0x7f) + 0xff) when
      // c != 0x7f; HTAB and CTLs leave the fast loop and are classified by the table
      while (e + 4 <= lim) {
        const c0 = buf[e], c1 = buf[e + 1], c2 = buf[e + 2], c3 = buf[e + 3];
        if (((c0 + 0xe0) & ((c0 ^ 0x7f) + 0xff) & (c1 + 0xe0) & ((c1 ^ 0x7f) + 0xff) & (c2 + 0xe0) & ((c2 ^ 0x7f) + 0xff)
          & (c3 + 0xe0) & ((c3 ^ 0x7f) + 0xff) & 0x100) === 0) break;
        e += 4;
      }
      while (e < lim && FIELD_VALUE[buf[e]] === 1) e++;
      if (e + 1 >= lim || buf[e] !== CR || buf[e + 1] !== LF) break;
      let t = e;
      while (t > v && (buf[t - 1] === SP || buf[t - 1] === HTAB)) t--;
      if (taken && !this.#record(list, name, value, at, rawValue)) return p;
      if (p < from || e > to) { text.slice(buf, p, e, lim); win = text.text; from = text.from; to = text.to; }
      name = win.slice(p - from, q - from);
      value = t > v ? win.slice(v - from, t - from) : '';
      at = base + p;
      rawValue = e - v;
      taken = true;
      p = e + 2;
      if (p >= lim || TOKEN[buf[p]] !== 1 || list.length >= room) break;
    }
    if (taken) { this.#name = name; this.#value = value; this.#rawValue = rawValue; this.#lineAt = at; this.#pending = true; }
    return p;
  }

  /** SP/HTAB at the start of a field line: obs-fold (RFC 9112 5.2) or whitespace after the start-line (2.2) */
  #fold(): ErrorCode | null {
    if (!this.#pending) {
      return this.#inTrailers ? 'HPE_INVALID_TRAILER' : 'HPE_WHITESPACE_AFTER_START_LINE';
    }
    // a user agent MUST replace obs-fold in a response with SP; a server MUST reject it or replace it
    if (this.#isRequest && !(this.#lenient & L.obsFold)) return 'HPE_OBS_FOLD';
    // obs-fold = OWS CRLF RWS (RFC 9112 5.2): the OWS before the CRLF is part of the fold, replaced with it by one SP
    this.#value = trimRight(this.#value) + ' ';
    this.#rawValue = -1; // (llhttp's count of a folded value: approximated by the unfolded one)
    return null;
  }

  /** returns false when the field makes the head too large (llhttp's count) */
  #commitField(): boolean {
    const raw = this.#rawValue >= 0 ? this.#rawValue : this.#value.length;
    const value = trimRight(this.#value);
    this.#pending = false;
    this.#value = '';
    this.#rawValue = -1;
    return this.#record(this.#inTrailers ? this.#trailers : this.#fields, this.#name, value, this.#lineAt, raw);
  }

  /** appends one field line to the header or trailer list; a header that may decide framing goes to the facts too.
   *  `raw`: the value's octets as llhttp counts them. Returns false (parser dead) when llhttp's count of the section
   *  reaches maxHeaderSize, with the error at the start of the field line. */
  #record(list: string[], name: string, value: string, at: number, raw: number): boolean {
    if (this.#maxCounted) {
      this.#counted += name.length + raw;
      if (this.#counted >= this.#maxCounted) { this.#fail('HPE_HEADER_OVERFLOW', at); return false; }
    }
    list.push(name, value);
    if (this.#inTrailers) return true;
    // only host, expect, upgrade, connection, content-length, transfer-encoding matter: filter by length and first letter
    const n = name.length;
    const c0 = name.charCodeAt(0) | 0x20;
    if ((n === 4 && c0 === 0x68) || (n === 6 && c0 === 0x65) || (n === 7 && c0 === 0x75) || ((n === 10 || n === 14) && c0 === 0x63)
      || (n === 17 && c0 === 0x74)) this.#facts.add(name.toLowerCase(), value, at);
    return true;
  }

  /** the empty line ending the header or trailer section; returns false on error */
  #endOfSection(at: number): boolean {
    if (this.#pending && !this.#commitField()) return false;
    if (this.#inTrailers) {
      // RFC 9112 7.1.2: trailer fields are kept apart from the header section and never change framing
      if (this.#trailers.length > 0) this.#sink.onTrailers?.(this.#trailers);
      this.#complete(at);
      return true;
    }
    return this.#headDone(at);
  }

  #headDone(at: number): boolean {
    const f = this.#facts;
    const line = this.#line;
    let d;
    let method = line.method;
    if (this.#isRequest) {
      d = decideRequest(f, method, line.major, line.minor, this.#lenient, at - 1);
    } else {
      const status = line.status;
      method = status >= 200 || status === 101 ? (this.#methods.shift() ?? 'GET') : (this.#methods[0] ?? 'GET');
      d = decideResponse(f, method, status, line.major, line.minor, this.#lenient);
    }
    if (d instanceof HttpParseError) { this.error = d; this.#state = DEAD; return false; }
    let framing: Framing = d.framing;
    if (framing.kind === 'length' && framing.length > this.#maxBody) { this.#fail('HPE_BODY_TOO_LARGE', at - 1); return false; }
    this.#keepAlive = d.keepAlive;
    this.#upgrade = d.upgrade;
    this.#headEnd = at;
    const action = this.#sink.onHead(line.head(method, this.#fields, d, f));
    if (action === HeadAction.SkipBody) framing = NONE;
    else if (action === HeadAction.DeclineUpgrade && method !== 'CONNECT') this.#upgrade = false;
    switch (framing.kind) {
      case 'none': this.#complete(at); break;
      case 'tunnel': this.#complete(at); break;
      case 'length':
        if (framing.length === 0) { this.#complete(at); break; }
        this.#remaining = framing.length;
        this.#state = BODY_LENGTH;
        break;
      case 'chunked':
        this.#chunked.reset();
        this.#state = BODY_CHUNKED;
        break;
      case 'close': this.#bodyBytes = 0; this.#state = BODY_CLOSE; break;
    }
    return true;
  }

  #startTrailers(at: number): void {
    this.#inTrailers = true;
    this.#trailers = [];
    this.#headLimit = at + this.#maxOctets;
    this.#counted = 0;
    this.#state = FIELD_START;
  }

  #complete(at: number): void {
    this.#sink.onMessageComplete();
    if (this.#upgrade) { this.#state = UPGRADED; return; }
    if (!this.#keepAlive) { this.#state = CLOSED; return; }
    this.#newMessage(at);
  }

  #newMessage(at: number): void {
    this.#state = START_LINE;
    this.#headLimit = at + this.#maxOctets;
    this.#counted = 0;
    this.#rawValue = -1;
    this.#name = this.#value = this.#acc = '';
    // the last message's field lines belong to its head now; an idle parser keeps none (nor the text they slice)
    this.#fields = this.#trailers = NO_FIELDS;
    this.#line.reset();
    this.#pending = this.#inTrailers = this.#upgrade = false;
    this.#keepAlive = true;
    this.#facts.reset();
  }
}
