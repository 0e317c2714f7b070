// The client side the harness plays in the proxy role (one connection to the subject, responses read strictly),
// and the segmented writer that both sides use for send/serve steps.

import * as net from 'node:net';
import { ResponseReader, type ObservedConnection } from './observation';
import type { Waiters, WireLog, WireSide } from './wire';

/** Write pieces as separate writes, each awaited; stops when `stop()` holds or the socket is gone. Returns octets written. */
export async function writePieces(s: net.Socket, pieces: readonly Buffer[], wire: WireLog, side: WireSide, conn: number | undefined,
  stop: () => boolean): Promise<number> {
  let written = 0;
  let first = true;
  for (const piece of pieces) {
    if (stop() || s.destroyed || !s.writable) break;
    wire.add('sent', piece, side, conn, first);
    first = false;
    written += piece.length;
    if (pieces.length === 1) {
      s.write(piece);
      break;
    }
    await new Promise<void>((resolve) => {
      let done = false;
      const finish = (): void => {
        if (done) return;
        done = true;
        clearInterval(poll);
        resolve();
      };
      // the write callback may never run when the peer is gone: also poll the stop condition (bounded by the deadline)
      const poll = setInterval(() => { if (stop() || s.destroyed) finish(); }, 50);
      s.write(piece, finish);
    });
  }
  return written;
}

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
    const notify = (): void => this.#waiters.notify();
    s.on('data', (chunk: Buffer) => this.#onData(chunk));
    s.on('end', () => {
      if (this.ended === 'open') this.ended = 'closed';
      this.reader.finish();
      notify();
    });
    s.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'ECONNRESET' && this.ended === 'open') this.ended = 'reset';
      else if (e.code === 'EPIPE') this.#notes.push('EPIPE: the subject closed before all octets were written');
      else if (e.code !== 'ECONNRESET') this.#notes.push(`socket error: ${e.code ?? e.message}`);
      notify();
    });
    s.on('close', () => {
      if (this.ended === 'open' && !this.cut) this.ended = 'reset';
      this.gone = true;
      notify();
    });
  }

  #onData(chunk: Buffer): void {
    const room = this.#cap - this.receivedLength;
    const kept = chunk.length > room ? chunk.subarray(0, Math.max(0, room)) : chunk;
    if (kept.length > 0) {
      this.received.push(kept);
      this.#wire.add('received', kept, 'client');
      this.reader.push(kept);
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
