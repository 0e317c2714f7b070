// The client side the harness plays (server and proxy roles): one connection to the subject over any transport
// (loopback TCP or in memory), everything it returns read by the strict reference response parser.

import type { Duplex } from 'node:stream';
import { ResponseReader, type ObservedConnection } from './observation';
import type { Connector } from './transport-tcp';
import { ConnectionAccount, keepReadingAfterWriteError, paced, writeSegments, type Waiters, type WireLog, type WireSide } from './wire';

export class ClientSide {
  readonly reader: ResponseReader;
  ended: ObservedConnection = 'open';
  /** the socket has closed (by either end) */
  gone = false;
  /** the harness itself destroyed the socket (end of replay, flood) */
  cut = false;
  flooded = false;
  readonly received: Buffer[] = [];
  receivedLength = 0;
  /** octets the harness has handed to the socket */
  sent = 0;
  /** events seen on the connection (data, end, error, close): the in-memory settle waits until it stops moving */
  activity = 0;
  socket: Duplex | undefined;
  readonly account = new ConnectionAccount();
  readonly #wire: WireLog;
  readonly #waiters: Waiters;
  readonly #notes: string[];
  readonly #cap: number;
  /** the side label of wire entries: absent in the server role, where there is only this side */
  readonly #side: WireSide | undefined;

  constructor(methods: readonly string[], wire: WireLog, waiters: Waiters, notes: string[], receiveCap: number, side: WireSide | undefined) {
    this.reader = new ResponseReader(methods);
    this.#wire = wire;
    this.#waiters = waiters;
    this.#notes = notes;
    this.#cap = receiveCap;
    this.#side = side;
  }

  /** Open the connection; the reason when there is none (a harness/setup error, never the subject's). */
  async open(connector: Connector, limitMs: number): Promise<string | undefined> {
    const connected = await connector.connect(limitMs);
    if ('error' in connected) return connected.error;
    this.#attach(connected.socket);
    return undefined;
  }

  #notify(): void {
    this.activity++;
    this.#waiters.notify();
  }

  #attach(s: Duplex): void {
    this.socket = s;
    keepReadingAfterWriteError(s);
    s.on('data', (chunk: Buffer) => this.#onData(chunk));
    s.on('end', () => {
      // after a write failed with ECONNRESET, end of stream is the kernel's way of saying "reset" (wire.ts)
      if (this.ended === 'open') this.#endAs(this.account.failure?.code === 'ECONNRESET' ? 'reset' : 'closed');
      // after a reset, the reader has ended what it could (#endAs): an unfinished message stays partial
      if (this.ended !== 'reset') this.reader.finish();
      this.#notify();
    });
    s.on('error', (e: NodeJS.ErrnoException) => {
      // a failed write is reported by the writer, with its offset; reading goes on
      if (e.syscall !== 'write') {
        if (e.code === 'ECONNRESET' && this.ended === 'open') this.#endAs('reset');
        else if (e.code !== 'ECONNRESET' && e.code !== 'EPIPE') this.#notes.push(`socket error: ${e.code ?? e.message}`);
      }
      this.#notify();
    });
    s.on('close', () => {
      // closed without a FIN seen and not by the harness: the subject reset the connection
      if (this.ended === 'open' && !this.cut) this.#endAs('reset');
      this.gone = true;
      this.#notify();
    });
  }

  #endAs(how: 'closed' | 'reset'): void {
    this.ended = how;
    this.account.ended(how, this.sent);
    if (how !== 'reset') return;
    // a reset ends a close-delimited body as a FIN would (observation.ts ResponseReader.reset, RFC 9112 6.3, 9.6)
    const status = this.reader.reset();
    if (status !== undefined) {
      this.#notes.push(`response ${this.reader.responses.length} (${status}) had no Content-Length or chunked coding and was ended by a reset, not a FIN: ` +
        'counted with the octets received before the reset, which may have cut its body (RFC 9112 6.3, 9.6)');
    }
  }

  #onData(chunk: Buffer): void {
    const room = this.#cap - this.receivedLength;
    const kept = chunk.length > room ? chunk.subarray(0, Math.max(0, room)) : chunk;
    if (kept.length > 0) {
      this.received.push(kept);
      this.#wire.add('received', kept, this.#side);
      const before = this.reader.responses.length;
      this.reader.push(kept);
      for (const r of this.reader.responses.slice(before)) this.account.answered(r.status, this.sent);
    }
    this.receivedLength += chunk.length;
    if (chunk.length > room) {
      this.flooded = true;
      this.#notes.push(`the subject sent more than ${this.#cap} octets; the harness cut the connection`);
      this.destroy();
    }
    this.#notify();
  }

  /** the socket can take no more octets from the harness */
  get unwritable(): boolean {
    const s = this.socket;
    return this.gone || s === undefined || s.destroyed || !s.writable;
  }

  /** Write one step's pieces (wire.ts writeSegments); returns the octets written. */
  async write(pieces: readonly Buffer[], stop: () => boolean): Promise<number> {
    const s = this.socket;
    if (s === undefined) return 0;
    const n = await writeSegments(s, pieces, this.sent, this.#waiters, (p, first) => this.#wire.add('sent', p, this.#side, undefined, first),
      () => stop() || this.gone, (f) => this.account.writeFailed(f), paced(s, pieces));
    this.sent += n;
    return n;
  }

  /** the harness stops sending (TCP FIN) */
  halfClose(): void {
    if (!this.gone) this.socket?.end();
  }

  /** the subject closed or reset: nothing more can arrive */
  get closed(): boolean {
    return this.ended !== 'open' || this.gone;
  }

  /** nothing more can arrive, or nothing more that parses */
  get over(): boolean {
    return this.closed || this.reader.dead;
  }

  destroy(): void {
    this.cut = true;
    this.socket?.destroy();
  }
}
