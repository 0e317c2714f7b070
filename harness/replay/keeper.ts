// Keeping a command subject answering through a run: a replay that timed out, got no response or could not connect
// is followed by a probe request; when the subject, once idle, still answers nothing, it is restarted and the replays
// that may have run against the stopped process are run again one at a time, each followed by a probe, so that the
// one after which the subject stops answering is named in its record (and in the subject's `restarts`).

import * as net from 'node:net';
import type { SubjectHandle } from '../subjects';
import type { UnitResult } from './every-split';
import type { Connector } from './transport-tcp';
import { tcpConnector } from './transport-tcp';

/** How long a probe waits for the subject to connect and answer. */
export const PROBE_MS = 5000;
/** Most restarts per subject and run; after that the replays left are `error`. */
export const MAX_RESTARTS = 20;

/** Does the subject still answer `GET /` on a new connection? Any octet back within `ms` counts; a refused, reset,
 *  closed or silent connection does not (a process that is exiting resets or closes the connections it had queued). */
export function probe(host: string, port: number, ms = PROBE_MS): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host, port });
    const done = (alive: boolean): void => { clearTimeout(timer); s.destroy(); resolve(alive); };
    const timer = setTimeout(() => done(false), ms);
    s.once('connect', () => s.write(`GET / HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`));
    s.once('data', () => done(true));
    s.once('end', () => done(false));
    s.once('error', () => done(false));
  });
}

/** A replay whose result could come from a subject that stopped answering or exited (one that got a response and
 *  whose waits all ended in time cannot). */
export function suspicious(r: UnitResult): boolean {
  const o = r.observation;
  if (o === undefined) return false;
  return o.harnessError !== undefined || o.timeouts.length > 0 || o.overallTimeout || o.responses.length === 0;
}

function withNote(r: UnitResult, note: string): UnitResult {
  return {
    ...r,
    verdict: { ...r.verdict, reason: `${r.verdict.reason}; ${note}` },
    ...(r.observation !== undefined ? { observation: { ...r.observation, notes: [...r.observation.notes, note] } } : {}),
  };
}

function failed(reason: string): UnitResult {
  return { verdict: { verdict: 'error', reason, matched: [], violated: [], mismatches: [] } };
}

export interface KeeperHooks<U> {
  /** replay one unit against the connector's current subject */
  replay(u: U): Promise<UnitResult>;
  /** the unit's final result (called once per unit) */
  emit(u: U, r: UnitResult): void;
  /** the unit in a sentence, e.g. `chunked-size-minus-sign (whole)` */
  label(u: U): string;
  /** start a new process of the subject */
  start(): Promise<SubjectHandle>;
  /** limit of each probe (default PROBE_MS) */
  readonly probeMs?: number;
}

/** Runs units against a restartable subject; `run` may be called by several workers at once. */
export class Keeper<U> {
  /** what happened, one line per restart (the subject's `restarts`) */
  readonly restarts: string[] = [];
  readonly connector: Connector;
  #handle: SubjectHandle;
  #inFlight = 0;
  #idle: (() => void) | undefined;
  /** set while a recovery runs: new units wait for it, suspicious ones join `pending` */
  #recovery: Promise<void> | undefined;
  #pending: { u: U; r: UnitResult }[] = [];
  /** why the subject is no longer restarted (every unit left is `error`) */
  #dead: string | undefined;

  constructor(handle: SubjectHandle, private readonly hooks: KeeperHooks<U>) {
    this.#handle = handle;
    this.connector = { kind: 'tcp', connect: (limitMs) => tcpConnector(this.#handle.host, this.#handle.port).connect(limitMs) };
  }

  /** the subject's current process */
  get handle(): SubjectHandle {
    return this.#handle;
  }

  async run(u: U): Promise<void> {
    while (this.#recovery !== undefined) await this.#recovery;
    if (this.#dead !== undefined) { this.hooks.emit(u, failed(this.#dead)); return; }
    // a unit is in flight until its probe has answered, so that a recovery waits for every unit it may concern
    this.#inFlight++;
    let r: UnitResult;
    let answered = true;
    try {
      r = await this.hooks.replay(u);
      if (suspicious(r)) answered = this.#recovery === undefined && await this.#probe();
    } finally {
      this.#inFlight--;
      if (this.#inFlight === 0) this.#idle?.();
    }
    if (answered) { this.hooks.emit(u, r); return; }
    // the subject did not answer (or a recovery is under way): decide once the replays in flight have ended
    this.#pending.push({ u, r });
    if (this.#recovery === undefined) this.#recovery = this.#recover().finally(() => { this.#recovery = undefined; });
    await this.#recovery;
  }

  #probe(): Promise<boolean> {
    if (this.#handle.output().exit !== undefined) return Promise.resolve(false);
    return probe(this.#handle.host, this.#handle.port, this.#probeMs);
  }

  get #probeMs(): number {
    return this.hooks.probeMs ?? PROBE_MS;
  }

  async #recover(): Promise<void> {
    if (this.#inFlight > 0) await new Promise<void>((resolve) => { this.#idle = resolve; });
    this.#idle = undefined;
    const pending = this.#pending.splice(0);
    // busy is not stopped: with nothing else in flight, a subject that answers now keeps its replays' results
    if (await this.#probe()) {
      for (const { u, r } of pending) this.hooks.emit(u, r);
      return;
    }
    const queue = pending.map((p) => p.u);
    let blamed = false;
    let why = `the subject stopped answering new connections (a probe got no answer within ${this.#probeMs} ms) while ${queue.length} replay(s) were in flight`;
    while (queue.length > 0) {
      if (!(await this.#restart(why))) break;
      why = '';
      while (queue.length > 0) {
        const u = queue.shift()!;
        const r = await this.hooks.replay(u);
        if (await this.#probe()) { this.hooks.emit(u, r); continue; }
        why = `the subject stopped answering new connections after replay ${this.hooks.label(u)} (run alone; a probe got no answer within ${this.#probeMs} ms)`;
        this.hooks.emit(u, withNote(r, 'after this replay the subject stopped answering new connections; it was restarted'));
        blamed = true;
        break;
      }
      if (why === '') {
        if (!blamed) this.restarts[this.restarts.length - 1] += '; run again one at a time, none of them stopped it again';
        break;
      }
      if (queue.length === 0) await this.#restart(why);
    }
    for (const u of queue) this.hooks.emit(u, failed(this.#dead ?? 'the subject stopped answering'));
  }

  /** Stop the current process and start a new one; false (and every later unit `error`) when that is not possible. */
  async #restart(why: string): Promise<boolean> {
    await this.#handle.stop();
    if (this.restarts.length >= MAX_RESTARTS) {
      this.#dead = `${why}; not restarted: ${MAX_RESTARTS} restarts already in this run`;
      this.restarts.push(`${why}; not restarted (limit ${MAX_RESTARTS})`);
      return false;
    }
    try {
      this.#handle = await this.hooks.start();
      this.restarts.push(`${why}; restarted`);
      return true;
    } catch (e) {
      this.#dead = `${why}; the restart failed: ${(e as Error).message}`;
      this.restarts.push(`${why}; the restart failed`);
      return false;
    }
  }
}
