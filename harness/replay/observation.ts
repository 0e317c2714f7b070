// What the harness observed on one connection, and the strict reading of the subject's output into responses.

import { Parser } from '../../impl/core/parser';
import type { MessageHead } from '../../impl/core/types';
import { decodeEcho, type InterpretedRequest } from '../echo/decode';
import type { RequestArrival, Role } from '../fixture';
import type { ConnectionOutcome, MalformationRecord, ObservationFacts } from '../../reports/results-model';

/** Most octets kept of a response body (more are counted, not kept). */
export const BODY_CAP = 1024 * 1024;

/** One final response, with the interim responses that preceded it. Octet strings are latin1. */
export interface ObservedResponse {
  readonly status: number;
  readonly reason: string;
  readonly version: string;
  readonly fields: [string, string][];
  readonly body: string;
  readonly bodyLength: number;
  readonly trailers: [string, string][];
  /** interim (1xx) statuses received before this final response */
  readonly interim: number[];
  /** the echo body decoded, when this response is one */
  readonly echo?: InterpretedRequest;
  /** client role: the client reported this error instead of a response (status is 0) */
  readonly error?: { readonly code: string; readonly message: string };
}

/** The subject's output broke the strict reference parser (RFC 9112) at `offset` of the received stream. */
export type Malformation = MalformationRecord;

export type WireDirection = 'sent' | 'received';

/** One entry of the wire log: octets in one direction (consecutive writes of one step are merged). */
export interface WireEntry {
  readonly dir: WireDirection;
  /** ms since the connection was opened */
  readonly at: number;
  /** octets, latin1 */
  octets: string;
  /** number of writes (sent) or reads (received) merged into this entry */
  segments: number;
}

/** How the connection ended, as the harness saw it; `open` = still open when the harness stopped. */
export type ObservedConnection = ConnectionOutcome;

/** What one replay observed: the facts a record keeps as they are (the results model's ObservationFacts: connection
 *  outcome, malformation, timeouts, counts, notes), and the messages and octets a record encodes. */
export interface Observation extends ObservationFacts {
  /** the role replayed; absent means server */
  readonly role?: Role;
  readonly responses: ObservedResponse[];
  /** requests the subject reported through the echo contract, in response order (server role), or the requests the
   *  harness received and parsed itself (client and proxy roles: what the client sent, what the proxy forwarded) */
  readonly requests: InterpretedRequest[];
  /** client and proxy roles: the raw octets of each request in `requests` (for `contains`) */
  readonly requestsRaw?: string[];
  /** client and proxy roles: where and when each request in `requests` arrived (request checks `connection`, `nth`,
   *  `after-serve`) */
  readonly requestsAt?: RequestArrival[];
  /** the received octets (capped), latin1 */
  readonly received: string;
  readonly wire: WireEntry[];
  /** the harness could not connect or the subject was not available: a harness/setup problem */
  readonly harnessError?: string;
}

/** Feeds received octets to the strict response parser and collects responses. */
export class ResponseReader {
  readonly responses: ObservedResponse[] = [];
  interim: number[] = [];
  malformation: Malformation | undefined;
  /** heads (interim or final) seen so far */
  heads = 0;
  readonly #parser: Parser;
  #head: MessageHead | undefined;
  #body: Buffer[] = [];
  #bodyLength = 0;
  #trailers: string[] = [];

  constructor(methods: readonly string[]) {
    this.#parser = new Parser('response', {
      onHead: (head) => { this.#head = head; this.heads++; },
      onBody: (data) => {
        if (this.#bodyLength < BODY_CAP) this.#body.push(Buffer.from(data.subarray(0, BODY_CAP - this.#bodyLength)));
        this.#bodyLength += data.length;
      },
      onTrailers: (fields) => { this.#trailers = fields; },
      onMessageComplete: () => this.#complete(),
    });
    for (const m of methods) this.#parser.pushRequestMethod(m);
  }

  /** true between messages: no response in progress */
  get idle(): boolean {
    return (this.#parser.idle || this.#parser.closed || this.#parser.upgraded) && this.#head === undefined;
  }

  get dead(): boolean {
    return this.malformation !== undefined;
  }

  push(data: Buffer): void {
    if (this.dead || this.#parser.upgraded) return;
    this.#parser.execute(data);
    this.#checkError();
  }

  /** the subject closed its sending side */
  finish(): void {
    if (this.dead) return;
    this.#parser.finish();
    this.#checkError();
  }

  /**
   * The subject reset the connection (no FIN; nothing more can arrive). A response whose body is delimited by the
   * close (RFC 9112 6.3 item 8: no Content-Length, no chunked coding) ends here as it would at a FIN: its body is the
   * octets received before the close, and the response counts. A reset is how the subject's TCP stack closes a
   * connection that still had unread input (RFC 9112 9.6); whether the subject's close is a FIN or that reset is a
   * race between its close and our next octet, so treating the two alike keeps the verdict the same on every run.
   * The body may have been cut by the reset (RFC 9112 6.3: a close-delimited message cannot be told from one cut by
   * a network failure): the caller notes it. Anything else unfinished (a head, a framed body) stays partial.
   * Returns the status of the response it completed, or undefined.
   */
  reset(): number | undefined {
    if (this.dead || this.#parser.upgraded || this.#head === undefined) return undefined;
    const before = this.responses.length;
    this.#parser.finish();
    // finish() fails an unfinished message that is not close-delimited: it stays partial, and is not the subject's
    // malformation (the reset, not the subject's framing, ended it)
    if (this.#parser.error !== null) return undefined;
    return this.responses.length > before ? this.responses[this.responses.length - 1].status : undefined;
  }

  #checkError(): void {
    const e = this.#parser.error;
    if (e === null || this.malformation !== undefined) return;
    this.malformation = { code: e.code, offset: e.offset, reason: e.reason };
  }

  #complete(): void {
    const head = this.#head;
    this.#head = undefined;
    if (head === undefined || head.kind !== 'response') return;
    const body = Buffer.concat(this.#body);
    this.#body = [];
    if (head.status < 200 && head.status !== 101) {
      this.interim.push(head.status);
      return;
    }
    const fields: [string, string][] = [];
    for (let i = 0; i + 1 < head.fields.length; i += 2) fields.push([head.fields[i], head.fields[i + 1]]);
    const trailers: [string, string][] = [];
    for (let i = 0; i + 1 < this.#trailers.length; i += 2) trailers.push([this.#trailers[i], this.#trailers[i + 1]]);
    this.#trailers = [];
    const echo = head.status === 200 ? decodeEcho(body) : undefined;
    this.responses.push({
      status: head.status,
      reason: head.reason,
      version: `HTTP/${head.versionMajor}.${head.versionMinor}`,
      fields,
      body: body.toString('latin1'),
      bodyLength: this.#bodyLength,
      trailers,
      interim: this.interim,
      ...(echo !== undefined ? { echo } : {}),
    });
    this.interim = [];
    this.#bodyLength = 0;
  }
}

/** Methods of the request-lines in what the harness sends, in order, so that responses to HEAD are framed right.
 *  A heuristic (the sent octets are often deliberately malformed); the parser assumes GET beyond the list. */
export function requestMethods(sent: string): string[] {
  const out: string[] = [];
  const re = /(?:^|\n)([!#$%&'*+.^_`|~0-9A-Za-z-]+) [^ \r\n]+ HTTP\/\d\.\d\r?\n/g;
  for (let m = re.exec(sent); m !== null; m = re.exec(sent)) out.push(m[1]);
  return out;
}
