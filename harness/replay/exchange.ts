// The one step interpreter: runs a fixture's exchange (send / serve / pause / half-close / wait) over the sides the
// role has the harness play (roles.ts), then watches the connection for the settle time. Every role runs here.

import { bufferOf, type DeliveryMode, type Fixture, type Step, type WaitFor } from '../fixture';
import type { ClientSide } from './client-side';
import type { Origin } from './origin';
import type { RoleRules } from './roles';
import { hashSeed, prng, segment, splitAt } from './segment';
import { MemorySocket } from './transport-memory';
import type { Waiters, WireSide } from './wire';

/** every-split: the one split of a replay — send step `step` (1-based index in the exchange) is written as two
 *  writes, octets [0, at) and [at, end); every other send step is written whole */
export interface SplitPoint {
  readonly step: number;
  readonly at: number;
}

/** The overall limit of one replay: set when it passes (by its timer, or by a wait that reached the deadline). */
export interface Clock {
  overall: boolean;
}

/** In memory, settling after the last step waits for this many event-loop turns in a row with nothing received
 *  (an in-process server answers and closes through ticks and immediates, not timers), at most MAX_SETTLE_TURNS. */
const QUIET_TURNS = 4;
const MAX_SETTLE_TURNS = 1000;

export interface ExchangeContext {
  readonly fixture: Fixture;
  readonly rules: RoleRules;
  /** the harness's connection to the subject (server and proxy roles) */
  readonly client?: ClientSide;
  /** the harness's origin (client and proxy roles) */
  readonly origin?: Origin;
  /** the subject can send nothing more to the origin (a client under test that has reported) */
  readonly finished: () => boolean;
  readonly waiters: Waiters;
  readonly clock: Clock;
  readonly notes: string[];
  readonly timeouts: string[];
  readonly delivery: DeliveryMode;
  readonly seed: number;
  /** default limit of a `wait` step without `within` (ms) */
  readonly waitMs: number;
  readonly split?: SplitPoint;
}

/** Runs the steps of one replay; `sent` counts the octets the harness wrote on every side. */
export class Exchange {
  sent = 0;
  readonly #c: ExchangeContext;
  /** each send/serve step consumes the stream in step order, written or not: splits depend on fixture and seed only */
  readonly #random: () => number;
  #heads = 0;
  #finals = 0;
  #requestHeads = 0;
  #requests = 0;
  #quietEnds = 0;

  constructor(context: ExchangeContext) {
    this.#c = context;
    this.#random = prng(hashSeed(context.seed, context.fixture.id));
  }

  async run(): Promise<void> {
    let i = 0;
    for (const step of this.#c.fixture.exchange) {
      i++;
      if (this.#c.clock.overall) break;
      if (!this.#c.rules.steps.includes(step.kind)) this.#c.notes.push(`step ${i}: ${step.kind} is not a ${this.#c.rules.role}-role step; skipped`);
      else await this.#step(step, i);
    }
  }

  /** After the last step: watch until nothing more can arrive, at most `settleMs` (in memory: until quiet). */
  async settle(memory: boolean, settleMs: number): Promise<void> {
    const { client, origin, clock } = this.#c;
    if (clock.overall || client?.gone === true) return;
    if (memory && client !== undefined) return this.#settleMemory(client);
    // with only the client side, nothing can follow the subject's FIN or RST; with an origin, watch the whole time
    await this.#c.waiters.until(() => origin === undefined && client !== undefined && client.closed, closeDueMs(client, origin, settleMs, this.#c.waitMs));
  }

  async #settleMemory(client: ClientSide): Promise<void> {
    let quiet = 0;
    for (let turn = 0; turn < MAX_SETTLE_TURNS && quiet < QUIET_TURNS && !client.closed && !this.#c.clock.overall; turn++) {
      const before = client.activity;
      await new Promise<void>((resolve) => setImmediate(resolve));
      quiet = client.activity === before ? quiet + 1 : 0;
    }
  }

  #pieces(data: Buffer, index: number): Buffer[] {
    const { delivery, split } = this.#c;
    if (delivery !== 'every-split') return segment(data, delivery, this.#random);
    return split?.step === index ? splitAt(data, split.at) : [data];
  }

  /** the side a step acts on: its own when the role plays it, else the role's only side */
  #side(side: WireSide): WireSide {
    return this.#c.rules.plays.includes(side) ? side : this.#c.rules.main;
  }

  async #step(s: Step, index: number): Promise<void> {
    const c = this.#c;
    switch (s.kind) {
      case 'send': {
        const pieces = this.#pieces(bufferOf(s.bytes), index);
        const client = c.client!;
        if (client.unwritable || c.clock.overall) {
          c.notes.push(`send stopped after ${client.sent} octets: the connection is ${client.gone ? 'gone' : 'not writable'}`);
          return;
        }
        this.sent += await client.write(pieces, () => c.clock.overall);
        return;
      }
      case 'serve': {
        const pieces = this.#pieces(bufferOf(s.bytes), index);
        const conn = c.origin!.current;
        if (conn === undefined) c.notes.push(`step ${index}: serve skipped: the ${c.rules.role} has not connected to the origin`);
        else this.sent += await conn.write(pieces, () => c.clock.overall);
        // a request check's `after-serve` counts the serve steps that had ended when the request's head arrived
        c.origin!.servesEnded++;
        return;
      }
      case 'pause':
        await c.waiters.until(() => c.clock.overall, s.ms);
        return;
      case 'half-close':
        if (this.#side(s.side) === 'client') c.client!.halfClose();
        else c.origin!.halfClose();
        return;
      case 'wait':
        return this.#wait(s.for, s.withinMs ?? c.waitMs, index);
    }
  }

  async #wait(what: WaitFor, ms: number, index: number): Promise<void> {
    const c = this.#c;
    if (!c.rules.waits.includes(what)) {
      c.notes.push(`step ${index}: wait ${what} is not a ${c.rules.role}-role step; skipped`);
      return;
    }
    const until = (done: () => boolean): Promise<boolean> => this.#until(done, ms, index === c.fixture.exchange.length);
    let ok: boolean;
    switch (what) {
      case 'interim': {
        const r = c.client!.reader;
        const want = this.#heads + 1;
        ok = await until(() => r.heads >= want || c.client!.over);
        this.#heads = Math.max(want, r.heads);
        break;
      }
      case 'response': {
        const r = c.client!.reader;
        const want = this.#finals + 1;
        ok = await until(() => r.responses.length >= want || c.client!.over);
        this.#finals = want;
        this.#heads = Math.max(this.#heads, r.heads);
        break;
      }
      case 'close':
        ok = await until(() => (c.rules.main === 'client' ? c.client!.closed : c.origin!.closed));
        break;
      case 'request-head': {
        const o = c.origin!;
        const want = this.#requestHeads + 1;
        ok = await until(() => o.heads >= want || o.malformation !== undefined || this.#originOver());
        this.#requestHeads = Math.max(want, o.heads);
        break;
      }
      case 'request': {
        const o = c.origin!;
        const want = this.#requests + 1;
        ok = await until(() => o.requests.length >= want || o.malformation !== undefined || this.#originOver());
        this.#requests = want;
        this.#requestHeads = Math.max(this.#requestHeads, o.heads);
        break;
      }
    }
    if (!ok) c.timeouts.push(`wait ${what} (step ${index}) ${c.clock.overall ? 'cut by the overall timeout' : `timed out after ${ms} ms`}`);
  }

  /** A wait: true when `done` holds within `ms`. In memory, a wait that only a timer of the subject could still
   *  satisfy ends as soon as the connection is quiet (QUIET_TURNS turns without an event), when the subject's known
   *  timers cannot act before its end (transport-memory.ts quietMayEndWait): the outcome is the one waiting it out
   *  would give, sooner. */
  async #until(done: () => boolean, ms: number, last: boolean): Promise<boolean> {
    const c = this.#c;
    const client = c.client;
    const sock = client?.socket;
    if (client === undefined || !(sock instanceof MemorySocket)) return c.waiters.until(done, ms);
    const end = Date.now() + ms;
    let quiet = false;
    let stopped = false;
    const waited = c.waiters.until(() => quiet || done(), ms);
    void (async (): Promise<void> => {
      for (let turns = 0; turns < QUIET_TURNS;) {
        const before = client.activity;
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (stopped) return;
        turns = client.activity === before ? turns + 1 : 0;
      }
      if (!done() && sock.quietMayEndWait(end, last)) {
        quiet = true;
        sock.skippedMs += Math.max(0, end - Date.now());
        this.#quietEnds++;
        c.waiters.notify();
      }
    })();
    await waited;
    stopped = true;
    return done();
  }

  /** waits that ended early because the idle in-memory subject could no longer satisfy them */
  get quietEnds(): number {
    return this.#quietEnds;
  }

  /** nothing more will reach the origin: the client under test has reported, or the proxy's client side is over */
  #originOver(): boolean {
    return this.#c.finished() || this.#c.client?.over === true;
  }
}

/**
 * How long the settle watches a connection (over TCP). A server whose last response carried the "close" connection
 * option "MUST initiate closure of the connection ... after it sends the response containing "close"" (RFC 9112 9.6):
 * its close is due, so the settle waits for it up to the wait limit instead of the settle time. Otherwise a close that
 * came a few ms after the answer read as "open" in one run and "closed" in the next (h2o 2.2.5 answering 400 with
 * Connection: close in smuggle-0cl-content-length-obs-fold, whose last step is `wait: response`; issue 13).
 */
export function closeDueMs(client: ClientSide | undefined, origin: Origin | undefined, settleMs: number, waitMs: number): number {
  const last = client?.reader.responses.at(-1);
  if (origin !== undefined || last === undefined || client!.closed) return settleMs;
  // RFC 9110 7.6.1: Connection is a comma-separated list of case-insensitive option names
  const close = last.fields.some(([name, value]) => name.toLowerCase() === 'connection'
    && value.split(',').some((o) => o.trim().toLowerCase() === 'close'));
  return close ? Math.max(settleMs, waitMs) : settleMs;
}
