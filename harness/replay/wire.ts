// The wire of one replay: the capped wire log (octets per direction and side, consecutive merged), the waiters woken
// by every event, and the one segmented writer with the read-after-write-error rule (RFC 9112 9.6).

import { readFile } from 'node:fs/promises';
import * as net from 'node:net';
import type { Duplex } from 'node:stream';
import type { WireDirection, WireEntry } from './observation';

/** Most octets kept in one replay's wire log. */
export const WIRE_LOG_CAP = 64 * 1024;

/** Which harness connection the octets travelled on: the one the harness opened to the subject (`client`) or one the
 *  subject opened to the harness (`origin`). Absent in server-role logs (there is only the client side). */
export type WireSide = 'client' | 'origin';

export interface SidedWireEntry extends WireEntry {
  readonly side?: WireSide;
  /** origin side: which accepted connection (0-based), when the subject opened more than one */
  readonly conn?: number;
}

export class WireLog {
  readonly entries: SidedWireEntry[] = [];
  readonly #t0: number;
  #logged = 0;

  constructor(t0: number) {
    this.#t0 = t0;
  }

  /** `fresh`: start a new entry even when the last one has the same direction (a new step). */
  add(dir: WireDirection, data: Buffer, side?: WireSide, conn?: number, fresh = false): void {
    const last = this.entries[this.entries.length - 1];
    const room = WIRE_LOG_CAP - this.#logged;
    const text = room > 0 ? data.toString('latin1', 0, Math.min(room, data.length)) : '';
    this.#logged += text.length;
    if (last !== undefined && !fresh && last.dir === dir && last.side === side && last.conn === conn) {
      last.octets += text;
      last.segments++;
      return;
    }
    this.entries.push({
      dir, at: Date.now() - this.#t0, octets: text, segments: 1,
      ...(side !== undefined ? { side } : {}), ...(conn !== undefined && conn > 0 ? { conn } : {}),
    });
  }
}

/** A set of waiters woken on every event; `until` resolves true when the condition holds, false on time out. */
export class Waiters {
  readonly #listeners = new Set<() => void>();
  #deadline: number;
  readonly #cut: () => boolean;
  readonly #onDeadline: (() => void) | undefined;

  /** `cut`: the overall limit has passed (every wait ends, false). `onDeadline`: called when a wait ends because it
   *  reached the deadline (the overall timer may not have fired yet: it is the overall timeout either way). */
  constructor(deadline: number, cut: () => boolean, onDeadline?: () => void) {
    this.#deadline = deadline;
    this.#cut = cut;
    this.#onDeadline = onDeadline;
  }

  notify(): void {
    for (const l of [...this.#listeners]) l();
  }

  /** Move the deadline (the exchange's clock starts once a subject started for the replay has connected). */
  setDeadline(deadline: number): void {
    this.#deadline = deadline;
  }

  /** calls `check` on every event until the returned function is called */
  watch(check: () => void): () => void {
    this.#listeners.add(check);
    return () => { this.#listeners.delete(check); };
  }

  until(done: () => boolean, ms: number): Promise<boolean> {
    if (done()) return Promise.resolve(true);
    const byDeadline = this.#deadline - Date.now() < ms;
    const limit = Math.max(0, Math.min(ms, this.#deadline - Date.now()));
    return new Promise((resolve) => {
      const finish = (v: boolean): void => {
        clearTimeout(timer);
        this.#listeners.delete(check);
        resolve(v);
      };
      const check = (): void => {
        if (done()) finish(true);
        else if (this.#cut()) finish(false);
      };
      const timer = setTimeout(() => {
        if (byDeadline) this.#onDeadline?.();
        finish(done());
      }, limit);
      this.#listeners.add(check);
    });
  }
}

/** How a write of the harness failed: the octet offset (0-based, in what this connection was sending) and the code. */
export interface WriteFailure {
  readonly at: number;
  readonly code: string;
}

/**
 * The read-after-write-error rule (RFC 9112 9.6). A subject that answers early (e.g. 400 after a bad request-line)
 * and closes while the harness is still sending makes its TCP stack reset the connection when our later octets
 * arrive; our next write then fails (EPIPE or ECONNRESET). The answer and the FIN that came before the RST are still
 * in our receive queue (Linux delivers queued data before the error), so a failed write ends sending, not observing.
 * net.Socket destroys itself on a write error and drops that queue: this turns that off for one socket, so that the
 * harness keeps reading until end of stream, a read error or the settle time, and destroys the socket itself.
 * Relies on stream state fields (`autoDestroy`, `errored`) that Node has kept since 14; suites/harness/
 * write-error.test.ts fails if that stops holding. A socket that is not a net.Socket (memory transport) is left alone.
 */
export function keepReadingAfterWriteError(s: Duplex): void {
  const state = s as unknown as { _readableState?: { autoDestroy: boolean; errored: Error | null }; _writableState?: { autoDestroy: boolean } };
  const r = state._readableState;
  const w = state._writableState;
  if (!(s instanceof net.Socket) || r === undefined || w === undefined) return;
  r.autoDestroy = false;
  w.autoDestroy = false;
  // a failed write marks the readable side errored as well (a duplex stream's rule), which stops reading: undo it
  s.prependListener('error', (e: NodeJS.ErrnoException) => { if (e.syscall === 'write') r.errored = null; });
}

/** The code of a write error: EPIPE means the subject's RST came after its FIN (Linux reports an RST in CLOSE_WAIT as
 *  EPIPE), ECONNRESET an RST with no FIN before it. */
export function writeErrorCode(e: Error): string {
  return (e as NodeJS.ErrnoException).code ?? e.message;
}

/**
 * What happened on one connection, in order, counted in octets the harness had sent (`answered 400 at octet 17,
 * closed before octet 18; our write failed at octet 18 (EPIPE)`): the note a record carries when a write failed.
 * What is read after a failed write arrived before it (the subject's RST, which made the write fail, ends what it
 * can send), so such events are put before the failure, as "before octet N".
 */
export class ConnectionAccount {
  readonly #before: string[] = [];
  readonly #after: string[] = [];
  #failure: WriteFailure | undefined;

  answered(status: number, sent: number): void {
    this.event(`answered ${status}`, sent);
  }

  ended(how: 'closed' | 'reset', sent: number): void {
    this.event(how, sent);
  }

  /** `what` (e.g. `sent a request`) was read when the harness had sent `sent` octets on this connection */
  event(what: string, sent: number): void {
    if (this.#failure === undefined) this.#before.push(`${what} at octet ${sent}`);
    else this.#after.push(`${what} before octet ${this.#failure.at + 1}`);
  }

  writeFailed(f: WriteFailure): void {
    if (this.#failure === undefined) this.#failure = f;
  }

  get failure(): WriteFailure | undefined {
    return this.#failure;
  }

  /** the account, or undefined when no write failed (nothing out of order to explain) */
  note(): string | undefined {
    const f = this.#failure;
    if (f === undefined) return undefined;
    const events = [...this.#before, ...this.#after, `our write failed at octet ${f.at + 1} (${f.code})`];
    return `connection: ${events.join('; ')}; the harness kept reading after the failed write (RFC 9112 9.6)`;
  }
}

/** Over TCP, the pause after each piece of a segmented step (ms), so that the subject reads each piece on its own. */
export const PACE_MS = 1;
/** Steps longer than this (octets) are not paced (a 16 KiB target byte-by-byte would take 16 s): best effort only. */
export const PACE_MAX_OCTETS = 2048;

/**
 * Whether a step of these pieces is paced over TCP (`PACE_MS` after each piece but the last). Why: a write leaves as
 * its own segment, but a subject that has not read the last one yet when the next arrives reads both at once, so
 * without a pause "byte-by-byte" becomes whatever splits the subject's scheduling made — different on every run.
 * Measured by hand (PHP's built-in server, `GET /a HTTP/1.1`, one octet per write): with no pause its parser saw
 * several octets per read in about half the tries and answered 200, the other half one octet per read and closed
 * ("Malformed HTTP request"); with a 2 ms pause, 10 of 10 one octet per read. The pause is a lower bound, not a
 * guarantee: a subject not scheduled within it still reads pieces together (the record says segmentation is best
 * effort). In memory, segmentation is exact and nothing is paced.
 */
export function paced(s: Duplex, pieces: readonly Buffer[]): boolean {
  if (!(s instanceof net.Socket) || pieces.length < 2) return false;
  let octets = 0;
  for (const p of pieces) octets += p.length;
  return octets <= PACE_MAX_OCTETS;
}

/** Over TCP, how long (ms) a paced step waits at most for the subject to read the first piece of a connection. */
export const FIRST_READ_MAX_MS = 3000;

/**
 * Whether the subject has read every octet the harness sent on this loopback connection, by the kernel's account:
 * the receive queue (`rx_queue` of /proc/net/tcp, /proc/net/tcp6: octets arrived but not yet read by the application)
 * of the subject's end, the socket whose local port is our remote port and whose remote port is our local port.
 * Undefined when the kernel does not say (not Linux, or that socket is gone: the subject closed it).
 */
export async function subjectReadAll(s: net.Socket): Promise<boolean | undefined> {
  const ours = s.localPort;
  const theirs = s.remotePort;
  if (ours === undefined || theirs === undefined) return undefined;
  const local = `:${theirs.toString(16).toUpperCase().padStart(4, '0')}`;
  const remote = `:${ours.toString(16).toUpperCase().padStart(4, '0')}`;
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = await readFile(table, 'latin1');
    } catch {
      return undefined;
    }
    for (const line of text.split('\n')) {
      // sl local_address rem_address st tx_queue:rx_queue ...
      const f = line.trim().split(/\s+/);
      if (f.length < 5 || !f[1].endsWith(local) || !f[2].endsWith(remote)) continue;
      return parseInt(f[4].split(':')[1] ?? '', 16) === 0;
    }
  }
  return undefined;
}

/**
 * Wait (at most `FIRST_READ_MAX_MS`) until the subject has read the first piece of a connection. At a connection's
 * start the subject may not have accepted it yet (a proxy or client started for this replay, a busy accept loop), so
 * `PACE_MS` is no bound there: the next pieces piled up in its receive queue and its first read held several of
 * them, or one, by its scheduling. nghttpx 1.52 shows why it matters: it drops the octets of a first read that are a
 * prefix of the HTTP/2 client preface (`PRI * HTTP/2.0...`), so a POST read `P` alone became `OST` (501), read `PO`
 * together it was forwarded; byte-by-byte, 10 of its records flipped between two matrix runs.
 */
async function firstPieceRead(s: net.Socket, waiters: Waiters, stop: () => boolean): Promise<void> {
  const until = Date.now() + FIRST_READ_MAX_MS;
  // each look reads the kernel's whole table (a few ms with thousands of sockets): the first after `PACE_MS` (a subject
  // that is reading has read by then), then less often as time goes on
  for (let pause = PACE_MS; Date.now() < until && !stop() && !s.destroyed; pause = Math.min(pause * 2, 50)) {
    await waiters.until(() => stop() || s.destroyed, pause);
    if (await subjectReadAll(s) !== false) return;
  }
}

/**
 * The one segmented writer: writes `pieces` one write each (awaited, so that each leaves as its own segment where
 * TCP lets it; with `pace`, `PACE_MS` apart: see `paced`; and a connection's first piece read by the subject before
 * the next is written: `firstPieceRead`), stopping at `stop()`, at a socket that can no longer be
 * written, or at the first failed write, which is reported through `failed` with its offset (and is not retried:
 * sending ends, reading goes on). `offset` is the number of octets this connection had sent before the first piece;
 * `waiters` wake a write whose callback never runs (the peer is gone). Returns the octets handed to the socket.
 */
export async function writeSegments(s: Duplex, pieces: readonly Buffer[], offset: number, waiters: Waiters,
  log: (piece: Buffer, first: boolean) => void, stop: () => boolean, failed: (f: WriteFailure) => void, pace = false): Promise<number> {
  let written = 0;
  let first = true;
  let failure = false;
  for (const piece of pieces) {
    if (pace && !first && offset === 0 && written === pieces[0].length && s instanceof net.Socket) await firstPieceRead(s, waiters, stop);
    if (pace && !first) await waiters.until(() => stop() || s.destroyed, PACE_MS);
    if (failure || stop() || s.destroyed || !s.writable) break;
    log(piece, first);
    first = false;
    const at = offset + written;
    written += piece.length;
    const onWritten = (e?: Error | null): void => {
      if (e === undefined || e === null || failure) return;
      failure = true;
      failed({ at, code: writeErrorCode(e) });
    };
    if (pieces.length === 1) {
      s.write(piece, onWritten);
      break;
    }
    await new Promise<void>((resolve) => {
      let unwatch = (): void => {};
      let done = false;
      const finish = (e?: Error | null): void => {
        onWritten(e);
        if (done) return;
        done = true;
        unwatch();
        resolve();
      };
      // the write callback may never run when the peer is gone: every event on the replay checks the stop condition
      unwatch = waiters.watch(() => { if (stop() || s.destroyed) finish(); });
      s.write(piece, finish);
    });
  }
  return written;
}
