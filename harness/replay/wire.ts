// A capped wire log shared by the client- and proxy-role engines: octets per direction and side, consecutive merged.

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
  readonly #deadline: number;
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
