// The client side the harness plays in the proxy role (one connection to the subject, responses read strictly).

import * as net from 'node:net';
import { ResponseReader, type ObservedConnection } from './observation';
import { ConnectionAccount, keepReadingAfterWriteError, writeSegments, type Waiters, type WireLog } from './wire';

/** The harness's connection to a proxy under test. */
export class ClientSide {
  readonly reader: ResponseReader;
  ended: ObservedConnection = 'open';
  gone = false;
  cut = false;
  flooded = false;
  received: Buffer[] = [];
  receivedLength = 0;
  socket: net.Socket | undefined;
  /** octets the harness has handed to the socket */
  sent = 0;
  readonly account = new ConnectionAccount();
  readonly #wire: WireLog;
  readonly #waiters: Waiters;
  readonly #notes: string[];
  readonly #cap: number;

  constructor(methods: readonly string[], wire: WireLog, waiters: Waiters, notes: string[], receiveCap: number) {
    this.reader = new ResponseReader(methods);
    this.#wire = wire;
    this.#waiters = waiters;
    this.#notes = notes;
    this.#cap = receiveCap;
  }

  connect(host: string, port: number, ms: number): Promise<string | undefined> {
    return new Promise((resolve) => {
      const s = net.connect({ host, port, noDelay: true });
      const timer = setTimeout(() => { s.destroy(); resolve(`connect to ${host}:${port} timed out`); }, ms);
      s.once('error', (e) => { clearTimeout(timer); resolve(`cannot connect to ${host}:${port}: ${e.message}`); });
      s.once('connect', () => {
        clearTimeout(timer);
        s.removeAllListeners('error');
        this.#attach(s);
        resolve(undefined);
      });
    });
  }

  #attach(s: net.Socket): void {
    this.socket = s;
    keepReadingAfterWriteError(s);
    const notify = (): void => this.#waiters.notify();
    s.on('data', (chunk: Buffer) => this.#onData(chunk));
    s.on('end', () => {
      // after a write failed with ECONNRESET, end of stream is the kernel's way of saying "reset" (wire.ts)
      if (this.ended === 'open') this.#endAs(this.account.failure?.code === 'ECONNRESET' ? 'reset' : 'closed');
      this.reader.finish();
      notify();
    });
    s.on('error', (e: NodeJS.ErrnoException) => {
      if (e.syscall === 'write') { notify(); return; }
      if (e.code === 'ECONNRESET' && this.ended === 'open') this.#endAs('reset');
      else if (e.code !== 'ECONNRESET' && e.code !== 'EPIPE') this.#notes.push(`socket error: ${e.code ?? e.message}`);
      notify();
    });
    s.on('close', () => {
      if (this.ended === 'open' && !this.cut) this.#endAs('reset');
      this.gone = true;
      notify();
    });
  }

  #endAs(how: 'closed' | 'reset'): void {
    this.ended = how;
    this.account.ended(how, this.sent);
  }

  /** Write one step's pieces (wire.ts writeSegments); returns the octets written. */
  async write(pieces: readonly Buffer[], stop: () => boolean): Promise<number> {
    const s = this.socket;
    if (s === undefined) return 0;
    const n = await writeSegments(s, pieces, this.sent, this.#waiters, (p, first) => this.#wire.add('sent', p, 'client', undefined, first),
      () => stop() || this.gone, (f) => this.account.writeFailed(f));
    this.sent += n;
    return n;
  }

  #onData(chunk: Buffer): void {
    const room = this.#cap - this.receivedLength;
    const kept = chunk.length > room ? chunk.subarray(0, Math.max(0, room)) : chunk;
    if (kept.length > 0) {
      this.received.push(kept);
      this.#wire.add('received', kept, 'client');
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
    this.#waiters.notify();
  }

  /** nothing more can arrive */
  get over(): boolean {
    return this.ended !== 'open' || this.gone || this.reader.dead;
  }

  destroy(): void {
    this.cut = true;
    this.socket?.destroy();
  }
}
