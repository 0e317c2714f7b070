// The origin side the harness plays in the client and proxy roles: a loopback listener, every accepted connection's
// octets parsed by the strict reference request parser, and serve/half-close on the connection in use.

import * as net from 'node:net';
import { Parser } from '../../impl/core/parser';
import type { RequestHead } from '../../impl/core/types';
import type { InterpretedRequest } from '../echo/decode';
import type { RequestArrival } from '../fixture';
import { BODY_CAP, type Malformation, type ObservedConnection } from './observation';
import { ConnectionAccount, keepReadingAfterWriteError, paced, writeSegments, type Waiters, type WireLog } from './wire';

/** Most connections a subject may open to the harness in one replay; later ones are refused (destroyed). */
export const MAX_ORIGIN_CONNECTIONS = 16;

/** A request the harness received and parsed, with its raw octets and the connection it came on. */
export interface ReceivedRequest {
  readonly request: InterpretedRequest;
  /** the message's octets as sent (capped with the connection's capture) */
  readonly raw: string;
  readonly conn: number;
  /** where and when its head arrived (request checks `connection`, `nth`, `after-serve`) */
  readonly at: RequestArrival;
}

const pairs = (flat: readonly string[]): [string, string][] => {
  const out: [string, string][] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push([flat[i], flat[i + 1]]);
  return out;
};

/** One connection the subject opened to the harness. */
export class OriginConnection {
  readonly index: number;
  readonly socket: net.Socket;
  ended: ObservedConnection = 'open';
  gone = false;
  /** the harness destroyed it (end of replay, flood) */
  cut = false;
  /** octets received, latin1, capped */
  stream = '';
  /** octets the harness has handed to the socket (serve steps) */
  sent = 0;
  readonly account = new ConnectionAccount();
  readonly #origin: Origin;
  readonly #parser: Parser;
  #head: RequestHead | undefined;
  #at: RequestArrival | undefined;
  /** request heads seen on this connection */
  #heads = 0;
  #body: Buffer[] = [];
  #bodyLength = 0;
  #trailers: string[] = [];
  #completed = false;
  #msgStart = 0;
  #fed = 0;
  /** the request cannot be delimited (set from the head; the parser itself was lenient about its codings) */
  #refused: Malformation | undefined;

  constructor(origin: Origin, index: number, socket: net.Socket) {
    this.#origin = origin;
    this.index = index;
    this.socket = socket;
    // A transfer coding the harness does not decode (e.g. `gzip, chunked`) is not the sender's fault: RFC 9112 6.1 lets a
    // server answer 501 to it, but the message is framed (chunked is final) and is judged as sent. The parser is told
    // to accept unknown codings; a request whose coding list does not end in chunked stays malformed here (RFC 9112
    // 6.3 rule 4: the recipient cannot determine its length), reported at its Transfer-Encoding line.
    this.#parser = new Parser('request', {
      onHead: (head) => {
        if (head.kind === 'request' && head.framing.kind === 'close') {
          const at = this.stream.slice(this.#msgStart).search(/\ntransfer-encoding[ \t]*:/i);
          this.#refused = { code: 'HPE_INVALID_TRANSFER_ENCODING', offset: this.#msgStart + (at < 0 ? 0 : at + 1), reason: 'chunked is not the final transfer coding of a request (RFC 9112 6.3 rule 4)' };
          return;
        }
        if (head.kind === 'request') {
          this.#head = head;
          this.#at = { connection: this.index + 1, nth: ++this.#heads, afterServe: origin.servesEnded };
        }
        origin.heads++;
        origin.notify();
      },
      onBody: (data) => {
        if (this.#bodyLength < BODY_CAP) this.#body.push(Buffer.from(data.subarray(0, BODY_CAP - this.#bodyLength)));
        this.#bodyLength += data.length;
      },
      onTrailers: (fields) => { this.#trailers = fields; },
      onMessageComplete: () => {
        this.#completed = true;
        this.#parser.pause();
      },
    }, { lenient: { unknownTransferCoding: true } });
  }

  /** Write one serve step's pieces (wire.ts writeSegments); returns the octets written. */
  async write(pieces: readonly Buffer[], stop: () => boolean): Promise<number> {
    const o = this.#origin;
    const n = await writeSegments(this.socket, pieces, this.sent, o.waiters, (p, first) => o.wire.add('sent', p, 'origin', this.index, first),
      // paced as on the client side (wire.ts `paced`): a client under test reads each piece of a segmented serve on its
      // own (wget and aiohttp framed differently by read boundaries: flips in 1 and 4 of 10 byte-by-byte replays)
      () => stop() || this.gone, (f) => this.account.writeFailed(f), paced(this.socket, pieces));
    this.sent += n;
    return n;
  }

  endAs(how: 'closed' | 'reset'): void {
    this.ended = how;
    this.account.ended(how, this.sent);
  }

  /** a request has begun and is not complete */
  get partial(): boolean {
    return this.#refused === undefined && !this.#parser.idle && !this.#parser.closed && !this.#parser.upgraded && this.#parser.error === null;
  }

  feed(data: Buffer): void {
    if (this.#refused !== undefined) return;
    let rest = data;
    // each round ends at a message boundary (the sink pauses the parser) or consumes everything: bounded by the length
    for (let round = 0; rest.length > 0 && round <= data.length; round++) {
      const n = this.#parser.execute(rest);
      this.#fed += n;
      if (this.#refused !== undefined) { this.#origin.malformed(this.index, this.#refused); return; }
      if (this.#completed) this.#complete();
      this.#checkError();
      if (!this.#parser.paused) break;
      this.#parser.resume();
      rest = rest.subarray(n);
    }
  }

  /** the subject closed its sending side */
  finish(): void {
    if (this.#parser.error !== null || this.#refused !== undefined) return;
    this.#parser.finish();
    if (this.#completed) this.#complete();
    this.#parser.resume();
    this.#checkError();
  }

  #checkError(): void {
    const e = this.#parser.error;
    if (e !== null) this.#origin.malformed(this.index, { code: e.code, offset: e.offset, reason: e.reason });
  }

  #complete(): void {
    this.#completed = false;
    const head = this.#head;
    const at = this.#at;
    this.#head = undefined;
    this.#at = undefined;
    const raw = this.stream.slice(this.#msgStart, this.#fed);
    this.#msgStart = this.#fed;
    const body = Buffer.concat(this.#body).toString('latin1');
    this.#body = [];
    this.#bodyLength = 0;
    const trailers = pairs(this.#trailers);
    this.#trailers = [];
    if (head === undefined || at === undefined) return;
    this.#origin.received({
      request: { method: head.method, target: head.target, version: `HTTP/${head.versionMajor}.${head.versionMinor}`, fields: pairs(head.fields), body, trailers },
      raw,
      conn: this.index,
      at,
    });
  }
}

export interface OriginOptions {
  readonly receiveCap: number;
  readonly wire: WireLog;
  readonly waiters: Waiters;
  readonly notes: string[];
}

export class Origin {
  readonly connections: OriginConnection[] = [];
  readonly requests: ReceivedRequest[] = [];
  /** request heads seen, over all connections */
  heads = 0;
  /** `serve` steps that have ended (exchange.ts), for each request's RequestArrival */
  servesEnded = 0;
  malformation: Malformation | undefined;
  flooded = false;
  receivedLength = 0;
  refused = 0;
  /** a connection closed in the middle of a request */
  truncated = false;
  readonly #server = net.createServer({ noDelay: true });
  readonly #opts: OriginOptions;
  #current: OriginConnection | undefined;

  constructor(opts: OriginOptions) {
    this.#opts = opts;
    this.#server.on('connection', (s) => this.#accept(s));
    this.#server.on('error', (e) => opts.notes.push(`origin listener: ${e.message}`));
  }

  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(0, '127.0.0.1', () => {
        this.#server.off('error', reject);
        resolve((this.#server.address() as net.AddressInfo).port);
      });
    });
  }

  notify(): void {
    this.#opts.waiters.notify();
  }

  get waiters(): Waiters {
    return this.#opts.waiters;
  }

  get wire(): WireLog {
    return this.#opts.wire;
  }

  /** the ordered accounts of the connections on which a write of the harness failed (wire.ts ConnectionAccount) */
  accounts(): string[] {
    return this.connections.flatMap((c) => {
      const n = c.account.note();
      return n === undefined ? [] : [this.connections.length > 1 ? `origin connection ${c.index + 1}: ${n}` : `origin ${n}`];
    });
  }

  /** the connection serve/half-close act on: the one the latest request head came on, else the latest accepted */
  get current(): OriginConnection | undefined {
    return this.#current ?? this.connections[this.connections.length - 1];
  }

  /** the subject has connected and the connection in use has ended */
  get closed(): boolean {
    const c = this.current;
    return c !== undefined && (c.gone || c.ended !== 'open');
  }

  /** the harness stops sending on the connection in use (TCP FIN) */
  halfClose(): void {
    const c = this.current;
    if (c !== undefined && !c.gone) c.socket.end();
  }

  /** how the connection in use ended; `closed` when the subject never connected (nothing is open) */
  get connection(): ObservedConnection {
    return this.current?.ended ?? 'closed';
  }

  malformed(conn: number, m: Malformation): void {
    // a close in the middle of a request is how the connection ended (e.g. a client that got the final response
    // before sending its content may close, RFC 9110 10.1.1), not a malformed octet: recorded as partial
    if (m.code === 'HPE_INVALID_EOF_STATE') {
      this.truncated = true;
      this.#opts.notes.push(`connection ${conn + 1} closed in the middle of a request`);
      return;
    }
    if (this.malformation !== undefined) return;
    this.malformation = { ...m, reason: this.connections.length > 1 ? `${m.reason} (connection ${conn + 1})` : m.reason };
    this.notify();
  }

  received(r: ReceivedRequest): void {
    this.requests.push(r);
    this.notify();
  }

  get partial(): boolean {
    return this.truncated || this.connections.some((c) => c.partial);
  }

  #accept(s: net.Socket): void {
    if (this.connections.length >= MAX_ORIGIN_CONNECTIONS) {
      this.refused++;
      s.destroy();
      return;
    }
    const c = new OriginConnection(this, this.connections.length, s);
    this.connections.push(c);
    keepReadingAfterWriteError(s);
    s.on('data', (chunk: Buffer) => this.#onData(c, chunk));
    s.on('end', () => {
      // after a write failed with ECONNRESET, end of stream is the kernel's way of saying "reset" (wire.ts)
      if (c.ended === 'open') c.endAs(c.account.failure?.code === 'ECONNRESET' ? 'reset' : 'closed');
      c.finish();
      this.notify();
    });
    s.on('error', (e: NodeJS.ErrnoException) => {
      if (e.syscall === 'write') { this.notify(); return; }
      if (e.code === 'ECONNRESET' && c.ended === 'open') c.endAs('reset');
      else if (e.code !== 'ECONNRESET' && e.code !== 'EPIPE') this.#opts.notes.push(`origin connection ${c.index + 1}: ${e.code ?? e.message}`);
      this.notify();
    });
    s.on('close', () => {
      if (c.ended === 'open' && !c.cut) c.endAs('reset');
      c.gone = true;
      this.notify();
    });
    this.notify();
  }

  #onData(c: OriginConnection, chunk: Buffer): void {
    const room = this.#opts.receiveCap - this.receivedLength;
    const kept = chunk.length > room ? chunk.subarray(0, Math.max(0, room)) : chunk;
    this.receivedLength += chunk.length;
    if (kept.length > 0) {
      this.#opts.wire.add('received', kept, 'origin', c.index);
      c.stream += kept.toString('latin1');
      const before = this.heads;
      const requests = this.requests.length;
      c.feed(kept);
      if (this.heads > before) this.#current = c;
      for (let i = requests; i < this.requests.length; i++) c.account.event('sent a request', c.sent);
    }
    if (chunk.length > room) {
      this.flooded = true;
      this.#opts.notes.push(`the subject sent more than ${this.#opts.receiveCap} octets to the origin; the harness cut the connection`);
      c.cut = true;
      c.socket.destroy();
    }
    this.notify();
  }

  /** every octet received on the origin side, latin1, in connection order */
  get stream(): string {
    return this.connections.map((c) => c.stream).join('');
  }

  /** Stop: destroy every connection and close the listener. */
  close(): Promise<void> {
    for (const c of this.connections) {
      c.cut = true;
      c.socket.destroy();
    }
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }
}
