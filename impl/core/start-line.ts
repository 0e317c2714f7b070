// The start-line of a message (RFC 9112 2.1, 3, 4): the request-line or status-line read octet by octet, and the
// message head built from it once the header section is complete.
//
// Rules:
//  - execute() reads up to the start-line's line ending (then `done`), or to lim (the end of the data or of the head
//    size limit, which the parser checks), or to an error (-1, see `error`); it never throws.
//  - A token cut by the end of one execute() is carried over to the next, so any segmentation gives the same result.
//  - One StartLine per parser, reset per message (a field that stays one type keeps the JIT's code fast).

import { HttpParseError, type ErrorCode } from './errors';
import { TOKEN, FIELD_VALUE, LENIENT_CTL, TARGET, CR, LF, SP, span } from './chars';
import type { Decision, FieldFacts } from './framing';
import { checkRequestTarget } from './uri';
import { L, type LenientBits } from './lenient-bits';
import type { HeadText, Latin1Buffer } from './head-text';
import type { MessageHead, RequestHead } from './types';

const START = 0, START_LF = 1, METHOD = 2, TARGET_S = 3, REQ_VERSION = 4, REQ_LINE_END = 5, RES_VERSION = 6,
  RES_STATUS = 7, REASON = 8, REASON_LF = 9, LINE_LF = 10, DONE = 11;

const HTTP_SLASH = [0x48, 0x54, 0x54, 0x50, 0x2f];

export class StartLine {
  error: HttpParseError | null = null;
  readonly #isRequest: boolean;
  readonly #lenient: LenientBits;
  #state = START;
  #marking = false;     // a token continues from the previous execute()
  #acc = '';            // its octets so far
  #method = '';
  #target = '';
  #targetAt = 0;        // stream offset of the request-target
  #methodAt = 0;        // stream offset of the method
  /** a method of this many octets or more is HPE_METHOD_TOO_LONG (0: only the head's octet limit applies) */
  readonly #maxMethod: number;
  #major = 0;
  #minor = 0;
  #vi = 0;              // octets of HTTP-version seen (then, in a status-line, of what follows it)
  #status = 0;
  #reason = '';

  constructor(isRequest: boolean, lenient: LenientBits, maxMethod = 0) {
    this.#isRequest = isRequest;
    this.#lenient = lenient;
    this.#maxMethod = maxMethod;
  }

  /** the line ending of the start-line has been read */
  get done(): boolean { return this.#state === DONE; }
  /** nothing of a start-line (nor an empty line before one) seen yet */
  get idle(): boolean { return this.#state === START && !this.#marking; }
  get method(): string { return this.#method; }
  get major(): number { return this.#major; }
  get minor(): number { return this.#minor; }
  get status(): number { return this.#status; }
  /** octets of the request-target or reason-phrase, once done (what llhttp's binding counts of a start-line) */
  get counted(): number { return this.#isRequest ? this.#target.length : this.#reason.length; }

  /** the error for a head that reaches the size limit here */
  get tooLong(): ErrorCode {
    // RFC 9112 3: a method longer than any implemented SHOULD get 501; a long request-target 414
    const st = this.#state;
    return st === METHOD ? 'HPE_METHOD_TOO_LONG' : st === TARGET_S ? 'HPE_URI_TOO_LONG' : 'HPE_HEADER_OVERFLOW';
  }

  /** ready for the start-line of a new message */
  reset(): void {
    this.error = null;
    this.#state = START;
    this.#marking = false;
    this.#method = this.#target = this.#reason = this.#acc = '';
    this.#status = this.#major = this.#minor = this.#vi = 0;
  }

  /** Reads buf[pos, lim); `base` is the stream offset of buf[0]. Returns the new position, or -1 on error. */
  execute(buf: Latin1Buffer, pos: number, lim: number, base: number, text: HeadText): number {
    let mark = this.#marking ? pos : -1;
    loop: while (pos < lim) {
      const state = this.#state;
      const c = buf[pos];
      switch (state) {
        case START:
          // RFC 9112 2.2: a server SHOULD ignore at least one empty line (CRLF) before the request-line
          if (this.#isRequest && c === CR) { this.#state = START_LF; pos++; break; }
          if (this.#isRequest && c === LF) {
            if (!(this.#lenient & L.bareLF)) return this.#fail('HPE_CR_EXPECTED', base + pos);
            pos++;
            break;
          }
          if (this.#isRequest) { this.#state = METHOD; mark = pos; this.#methodAt = base + pos; }
          else { this.#state = RES_VERSION; this.#vi = 0; }
          break;
        case START_LF:
          if (c !== LF) return this.#fail('HPE_LF_EXPECTED', base + pos);
          this.#state = START;
          pos++;
          break;
        case METHOD: {
          // method = token (RFC 9112 3.1)
          const p = span(TOKEN, buf, pos, lim);
          // RFC 9112 3: a method longer than any implemented SHOULD get 501 (when the head limit does not count it)
          if (this.#maxMethod && base + p - this.#methodAt >= this.#maxMethod) return this.#fail('HPE_METHOD_TOO_LONG', this.#methodAt + this.#maxMethod);
          if (p === lim) { pos = p; break; }
          if (buf[p] !== SP) return this.#fail('HPE_INVALID_METHOD', base + p);
          this.#method = this.#take(buf, mark, p, lim, text);
          if (this.#method === '') return this.#fail('HPE_INVALID_METHOD', base + p);
          pos = p + 1;
          mark = pos;
          this.#targetAt = base + pos;
          this.#state = TARGET_S;
          break;
        }
        case TARGET_S: {
          const p = span(TARGET, buf, pos, lim);
          if (p === lim) { pos = p; break; }
          const e = buf[p];
          if (e !== SP) {
            // "GET /\r\n" (HTTP/0.9 style) has no HTTP-version (RFC 9112 3)
            return this.#fail(e === CR || e === LF ? 'HPE_INVALID_VERSION' : 'HPE_INVALID_URL', base + p);
          }
          this.#target = this.#take(buf, mark, p, lim, text);
          mark = -1;
          const bad = checkRequestTarget(this.#target, this.#method, (this.#lenient & L.connectOriginForm) !== 0);
          if (bad >= 0) return this.#fail('HPE_INVALID_URL', this.#targetAt + bad);
          pos = p + 1;
          this.#state = REQ_VERSION;
          this.#vi = 0;
          break;
        }
        case REQ_VERSION: case RES_VERSION: {
          // HTTP-version = "HTTP" "/" DIGIT "." DIGIT (RFC 9112 2.3)
          // fast path: "HTTP/1.1" or "HTTP/1.0" whole in the buffer (the octet-by-octet path below gives the same result)
          if (this.#vi === 0 && pos + 8 <= lim && buf[pos] === 0x48 && buf[pos + 1] === 0x54 && buf[pos + 2] === 0x54
            && buf[pos + 3] === 0x50 && buf[pos + 4] === 0x2f && buf[pos + 5] === 0x31 && buf[pos + 6] === 0x2e
            && (buf[pos + 7] === 0x31 || buf[pos + 7] === 0x30)) {
            this.#major = 1;
            this.#minor = buf[pos + 7] - 0x30;
            this.#vi = 8;
            pos += 8;
            if (state === REQ_VERSION && pos + 2 <= lim && buf[pos] === CR && buf[pos + 1] === LF) {
              this.#state = DONE;
              pos += 2;
              break loop;
            }
            this.#state = state === REQ_VERSION ? REQ_LINE_END : RES_STATUS;
            break;
          }
          const code = this.#version(c);
          // (llhttp: a wrong octet in the "HTTP/" name is a constant mismatch)
          if (code !== null) return this.#fail(code, base + pos, this.#vi <= 5 ? 'HPE_INVALID_CONSTANT' : undefined);
          pos++;
          if (this.#vi === 8) this.#state = state === REQ_VERSION ? REQ_LINE_END : RES_STATUS;
          break;
        }
        case REQ_LINE_END:
          if (c === CR) { this.#state = LINE_LF; pos++; break; }
          if (c === LF && this.#lenient & L.bareLF) { this.#state = DONE; pos++; break loop; }
          return this.#fail(c === LF ? 'HPE_CR_EXPECTED' : 'HPE_INVALID_VERSION', base + pos, 'HPE_INVALID_VERSION');
        case RES_STATUS: {
          // status-line = HTTP-version SP status-code SP [ reason-phrase ] (RFC 9112 4)
          const i = this.#vi - 8;
          if (i === 0) {
            if (c !== SP) return this.#fail('HPE_INVALID_CONSTANT', base + pos);
          } else if (i <= 3) {
            if (c < 0x30 || c > 0x39) return this.#fail('HPE_INVALID_STATUS', base + pos);
            this.#status = this.#status * 10 + (c - 0x30);
            if (i === 3 && (this.#status < 100 || this.#status > 599)) return this.#fail('HPE_INVALID_STATUS', base + pos);
          } else if (c === SP) { this.#state = REASON; mark = pos + 1; }
          // a server MUST send the SP even with no reason-phrase; a missing one is tolerated (robustness)
          else if (c === CR) { this.#reason = ''; this.#state = LINE_LF; }
          else if (c === LF && this.#lenient & L.bareLF) { this.#reason = ''; this.#state = DONE; pos++; break loop; }
          else return this.#fail(c >= 0x30 && c <= 0x39 ? 'HPE_INVALID_STATUS' : 'HPE_INVALID_CONSTANT', base + pos);
          this.#vi++;
          pos++;
          break;
        }
        case REASON: {
          // reason-phrase = 1*( HTAB / SP / VCHAR / obs-text )
          const p = span(FIELD_VALUE, buf, pos, lim);
          if (p === lim) { pos = p; break; }
          const e = buf[p];
          if (e === CR) { this.#reason += this.#take(buf, mark, p, lim, text); mark = -1; this.#state = REASON_LF; pos = p + 1; }
          else if (e === LF && this.#lenient & L.bareLF) {
            this.#reason += this.#take(buf, mark, p, lim, text); mark = -1; this.#state = DONE; pos = p + 1; break loop;
          } else if (LENIENT_CTL[e] === 1 && this.#lenient & L.ctlInFieldValue) pos = p + 1;
          else return this.#fail(e === LF ? 'HPE_CR_EXPECTED' : 'HPE_INVALID_REASON', base + p);
          break;
        }
        case REASON_LF:
          if (c === LF) { this.#state = DONE; pos++; break loop; }
          if (this.#lenient & L.bareCR) { this.#reason += ' '; this.#state = REASON; mark = pos; break; } // RFC 9112 2.2
          return this.#fail('HPE_LF_EXPECTED', base + pos);
        case LINE_LF:
          if (c !== LF) return this.#fail('HPE_LF_EXPECTED', base + pos);
          this.#state = DONE;
          pos++;
          break loop;
        default: // DONE
          break loop;
      }
    }
    if (mark >= 0 && pos === lim) { this.#acc += buf.latin1Slice(mark, lim); this.#marking = true; }
    else this.#marking = false;
    return pos;
  }

  /** The message head: this start-line, the header section's field lines and the framing decided from them; `method`
   *  is the request's (for a response, the method of the request it answers). */
  head(method: string, fields: string[], d: Decision, f: FieldFacts): MessageHead {
    // object literals, not a spread of a common part: one fixed shape per kind, and no copying loop in the hot path
    const major = this.#major, minor = this.#minor, framing = d.framing, keepAlive = d.keepAlive, upgrade = d.upgrade;
    const transferCodings = d.transferCodings;
    if (this.#isRequest) {
      const t = this.#target;
      const targetForm: RequestHead['targetForm'] = t.charCodeAt(0) === 0x2f ? 'origin' : method === 'CONNECT' ? 'authority'
        : t === '*' ? 'asterisk' : 'absolute';
      // RFC 9110 10.1.1: a 100-continue expectation in an HTTP/1.0 request MUST be ignored
      const expectContinue = f.expectContinue && (major > 1 || minor >= 1);
      return { kind: 'request', method, target: t, targetForm, expectContinue, versionMajor: major, versionMinor: minor,
        fields, framing, keepAlive, upgrade, transferCodings };
    }
    return { kind: 'response', status: this.#status, reason: this.#reason, versionMajor: major, versionMinor: minor,
      fields, framing, keepAlive, upgrade, transferCodings };
  }

  /** `llhttp`: the code llhttp gives for this very input, when it is not the table's (core/errors.ts LLHTTP_CODES) */
  #fail(code: ErrorCode, at: number, llhttp?: string): number {
    this.error = new HttpParseError(code, at);
    // llhttp calls a CR without LF after the start-line a strictness error
    if (code === 'HPE_LF_EXPECTED') this.error.llhttp = 'HPE_STRICT';
    else if (llhttp !== undefined) this.error.llhttp = llhttp;
    return -1;
  }

  #take(buf: Latin1Buffer, mark: number, end: number, lim: number, text: HeadText): string {
    const s = mark >= 0 ? text.slice(buf, mark, end, lim) : '';
    if (this.#acc === '') return s;
    const r = this.#acc + s;
    this.#acc = '';
    return r;
  }

  /** one octet of HTTP-version; #vi counts octets seen */
  #version(c: number): ErrorCode | null {
    const i = this.#vi++;
    if (i < 5) return c === HTTP_SLASH[i] ? null : 'HPE_INVALID_VERSION';
    if (i === 6) return c === 0x2e ? null : 'HPE_INVALID_VERSION';
    if (c < 0x30 || c > 0x39) return 'HPE_INVALID_VERSION';
    if (i === 5) this.#major = c - 0x30;
    else {
      this.#minor = c - 0x30;
      // RFC 9110 6.2 / 2.5: only major version 1 is this protocol; 505 once the version is well-formed. A status
      // line naming HTTP/0.9 is read as llhttp (node) reads it, with HTTP/1.0's rules (close-delimited, persistent
      // only with keep-alive): no MUST forbids a client to accept it (RFC 9110 2.5), and node code relies on it
      const http09Response = !this.#isRequest && this.#major === 0 && this.#minor === 9;
      if (this.#major !== 1 && !http09Response && !(this.#lenient & L.anyVersion)) return 'HPE_UNSUPPORTED_VERSION';
    }
    return null;
  }
}
