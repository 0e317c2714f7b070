// The replay engine for the server role: one connection (loopback TCP or in memory), the fixture's steps, one Observation.

import type { Duplex } from 'node:stream';
import type { SplitPoint } from '../../reports/results-model';
import { bufferOf, type DeliveryMode, type Fixture, type Step } from '../fixture';
import { ResponseReader, requestMethods, type Observation, type ObservedConnection, type WireDirection, type WireEntry } from './observation';
import { hashSeed, prng, segment, splitAt } from './segment';
import { tcpConnector, type Connector, type TransportKind } from './transport-tcp';
import { ConnectionAccount, keepReadingAfterWriteError, Waiters, writeSegments } from './wire';

export interface ReplayOptions {
  readonly delivery: DeliveryMode;
  /** run seed for random-splits (each fixture derives its own from it) */
  readonly seed?: number;
  /** default limit of a `wait` step without `within` (ms) */
  readonly waitMs?: number;
  /** overall limit of one replay (ms); the run is cut and graded when it passes */
  readonly timeoutMs?: number;
  /** how long to watch the connection after the last step (ms), to see a close that follows a response */
  readonly settleMs?: number;
  /** most octets received kept; beyond it the harness cuts the connection (flood) */
  readonly receiveCap?: number;
  /** every-split: the one split of this replay — send step `step` (1-based index in the exchange) is written as
   *  two writes, octets [0, at) and [at, end); every other send step is written whole */
  readonly split?: SplitPoint;
}

export type { SplitPoint } from '../../reports/results-model';

export const DEFAULTS = { seed: 1, waitMs: 2000, timeoutMs: 15000, settleMs: 30, receiveCap: 1024 * 1024 } as const;

/** In memory, settling after the last step waits for this many event-loop turns in a row with nothing received
 *  (an in-process server answers and closes through ticks and immediates, not timers), at most MAX_SETTLE_TURNS. */
const QUIET_TURNS = 4;
const MAX_SETTLE_TURNS = 1000;

const WIRE_LOG_CAP = 64 * 1024;

class Replay {
  readonly #fixture: Fixture;
  readonly #opts: Required<Omit<ReplayOptions, 'split'>>;
  readonly #split: SplitPoint | undefined;
  #transport: TransportKind = 'tcp';
  /** counts events (data, end, close, error): the settle of the memory transport waits until it stops moving */
  #activity = 0;
  readonly #t0 = Date.now();
  readonly #deadline: number;
  readonly #reader: ResponseReader;
  readonly #wire: WireEntry[] = [];
  readonly #received: Buffer[] = [];
  readonly #timeouts: string[] = [];
  readonly #notes: string[] = [];
  readonly #waiters: Waiters;
  readonly #account = new ConnectionAccount();
  #wireLogged = 0;
  #socket: Duplex | undefined;
  #ended: ObservedConnection = 'open';
  #gone = false;
  #receivedLength = 0;
  #sent = 0;
  #flooded = false;
  /** the harness itself destroyed the socket */
  #cut = false;
  #overall = false;
  #awaitedHeads = 0;
  #awaitedFinals = 0;

  constructor(fixture: Fixture, options: ReplayOptions) {
    this.#fixture = fixture;
    const { split, ...rest } = options;
    this.#opts = { ...DEFAULTS, ...rest };
    this.#split = split;
    this.#deadline = this.#t0 + this.#opts.timeoutMs;
    this.#waiters = new Waiters(this.#deadline, () => this.#overall, () => { this.#overall = true; });
    const sent = fixture.exchange.map((s) => (s.kind === 'send' ? bufferOf(s.bytes).toString('latin1') : '')).join('');
    this.#reader = new ResponseReader(requestMethods(sent));
  }

  async run(connector: Connector): Promise<Observation> {
    this.#transport = connector.kind;
    const connected = await connector.connect(this.#opts.timeoutMs);
    if ('error' in connected) return this.#observation(connected.error);
    this.#attach(connected.socket);
    const random = prng(hashSeed(this.#opts.seed, this.#fixture.id));
    const overall = setTimeout(() => { this.#overall = true; this.#notify(); }, this.#opts.timeoutMs);
    try {
      let i = 0;
      for (const step of this.#fixture.exchange) {
        i++;
        if (this.#overall) break;
        await this.#step(step, i, random);
      }
      if (!this.#gone && !this.#overall) {
        if (this.#transport === 'memory') await this.#settleMemory();
        // nothing can follow the subject's FIN or RST: the settle ends there
        else await this.#until(() => this.#ended !== 'open' || this.#gone, this.#opts.settleMs);
      }
    } finally {
      clearTimeout(overall);
      this.#cut = true;
      this.#socket?.destroy();
    }
    return this.#observation();
  }

  #attach(s: Duplex): void {
    this.#socket = s;
    keepReadingAfterWriteError(s);
    s.on('data', (chunk: Buffer) => this.#onData(chunk));
    s.on('end', () => {
      // after a write failed with ECONNRESET, end of stream is the kernel's way of saying "reset" (no FIN came first)
      if (this.#ended === 'open') this.#endAs(this.#account.failure?.code === 'ECONNRESET' ? 'reset' : 'closed');
      this.#reader.finish();
      this.#notify();
    });
    s.on('error', (e: NodeJS.ErrnoException) => {
      // a failed write is reported by the writer (with its offset); reading goes on
      if (e.syscall === 'write') { this.#notify(); return; }
      if (e.code === 'ECONNRESET' && this.#ended === 'open') this.#endAs('reset');
      else if (e.code !== 'EPIPE' && e.code !== 'ECONNRESET') this.#notes.push(`socket error: ${e.code ?? e.message}`);
      this.#notify();
    });
    s.on('close', () => {
      // closed without a FIN seen and not by the harness: the subject reset the connection (RST)
      if (this.#ended === 'open' && !this.#cut) this.#endAs('reset');
      this.#gone = true;
      this.#notify();
    });
  }

  #endAs(how: 'closed' | 'reset'): void {
    this.#ended = how;
    this.#account.ended(how, this.#sent);
  }

  #onData(chunk: Buffer): void {
    const room = this.#opts.receiveCap - this.#receivedLength;
    const kept = chunk.length > room ? chunk.subarray(0, Math.max(0, room)) : chunk;
    if (kept.length > 0) {
      this.#received.push(kept);
      this.#log('received', kept);
      const before = this.#reader.responses.length;
      this.#reader.push(kept);
      for (const r of this.#reader.responses.slice(before)) this.#account.answered(r.status, this.#sent);
    }
    this.#receivedLength += chunk.length;
    if (chunk.length > room) {
      this.#flooded = true;
      this.#notes.push(`the subject sent more than ${this.#opts.receiveCap} octets; the harness cut the connection`);
      this.#cut = true;
      this.#socket?.destroy();
    }
    this.#notify();
  }

  #log(dir: WireDirection, data: Buffer, newEntry = false): void {
    const last = this.#wire[this.#wire.length - 1];
    const room = WIRE_LOG_CAP - this.#wireLogged;
    const text = room > 0 ? data.toString('latin1', 0, Math.min(room, data.length)) : '';
    this.#wireLogged += text.length;
    if (last !== undefined && last.dir === dir && !newEntry) {
      last.octets += text;
      last.segments++;
    } else this.#wire.push({ dir, at: Date.now() - this.#t0, octets: text, segments: 1 });
  }

  #notify(): void {
    this.#activity++;
    this.#waiters.notify();
  }

  /** Resolve true when `done()` holds, false after `ms` or the overall deadline (which then counts as the overall timeout). */
  #until(done: () => boolean, ms: number): Promise<boolean> {
    return this.#waiters.until(done, ms);
  }

  /** Wait until QUIET_TURNS event-loop turns pass with no event on the connection (bounded). */
  async #settleMemory(): Promise<void> {
    let quiet = 0;
    for (let turn = 0; turn < MAX_SETTLE_TURNS && quiet < QUIET_TURNS && this.#ended === 'open' && !this.#gone && !this.#overall; turn++) {
      const before = this.#activity;
      await new Promise<void>((resolve) => setImmediate(resolve));
      quiet = this.#activity === before ? quiet + 1 : 0;
    }
  }

  /** nothing more can arrive: the subject closed, reset, or sent something unparseable */
  #over(): boolean {
    return this.#ended !== 'open' || this.#gone || this.#reader.dead;
  }

  async #step(step: Step, index: number, random: () => number): Promise<void> {
    switch (step.kind) {
      case 'send':
        return this.#send(bufferOf(step.bytes), index, random);
      case 'serve':
        this.#notes.push(`step ${index}: serve is not a server-role step; skipped`);
        return;
      case 'pause':
        await this.#until(() => this.#overall, step.ms);
        return;
      case 'half-close':
        if (!this.#gone) this.#socket?.end();
        return;
      case 'wait': {
        const ms = step.withinMs ?? this.#opts.waitMs;
        let ok: boolean;
        if (step.for === 'interim') {
          const want = this.#awaitedHeads + 1;
          ok = await this.#until(() => this.#reader.heads >= want || this.#over(), ms);
          this.#awaitedHeads = Math.max(want, this.#reader.heads);
        } else if (step.for === 'response') {
          const want = this.#awaitedFinals + 1;
          ok = await this.#until(() => this.#reader.responses.length >= want || this.#over(), ms);
          this.#awaitedFinals = want;
          this.#awaitedHeads = Math.max(this.#awaitedHeads, this.#reader.heads);
        } else if (step.for === 'close') {
          ok = await this.#until(() => this.#ended !== 'open' || this.#gone, ms);
        } else {
          this.#notes.push(`step ${index}: wait ${step.for} is not a server-role step; skipped`);
          return;
        }
        if (!ok) this.#timeouts.push(`wait ${step.for} (step ${index}) ${this.#overall ? 'cut by the overall timeout' : `timed out after ${ms} ms`}`);
        return;
      }
    }
  }

  async #send(data: Buffer, index: number, random: () => number): Promise<void> {
    const s = this.#socket;
    if (s === undefined) return;
    const pieces = this.#opts.delivery !== 'every-split' ? segment(data, this.#opts.delivery, random)
      : this.#split?.step === index ? splitAt(data, this.#split.at) : [data];
    if (this.#gone || s.destroyed || !s.writable || this.#overall) {
      this.#notes.push(`send stopped after ${this.#sent} octets: the connection is ${this.#gone ? 'gone' : 'not writable'}`);
      return;
    }
    this.#sent += await writeSegments(s, pieces, this.#sent, this.#waiters, (piece, first) => this.#log('sent', piece, first),
      () => this.#gone || this.#overall, (f) => this.#account.writeFailed(f));
  }

  #observation(harnessError?: string): Observation {
    const responses = this.#reader.responses;
    const requests = responses.flatMap((r) => (r.echo !== undefined ? [r.echo] : []));
    const account = this.#account.note();
    if (account !== undefined) this.#notes.push(account);
    if (this.#opts.delivery !== 'whole' && this.#transport === 'tcp') this.#notes.push('segmentation over TCP is best-effort: the kernel may coalesce writes');
    return {
      connection: this.#ended,
      responses,
      trailingInterim: this.#reader.interim,
      requests,
      ...(this.#reader.malformation !== undefined ? { malformation: this.#reader.malformation } : {}),
      partial: !this.#reader.idle && this.#reader.malformation === undefined,
      timeouts: this.#timeouts,
      overallTimeout: this.#overall,
      flooded: this.#flooded,
      octetsSent: this.#sent,
      octetsReceived: this.#receivedLength,
      received: Buffer.concat(this.#received).toString('latin1'),
      wire: this.#wire,
      ...(harnessError !== undefined ? { harnessError } : {}),
      notes: this.#notes,
    };
  }
}

/** Replay a server-role fixture against a subject listening on host:port; never throws for the subject's behaviour. */
export function replayServer(fixture: Fixture, host: string, port: number, options: ReplayOptions): Promise<Observation> {
  return new Replay(fixture, options).run(tcpConnector(host, port));
}

/** Replay a server-role fixture over any transport (transport-tcp.ts, transport-memory.ts). */
export function replayOver(fixture: Fixture, connector: Connector, options: ReplayOptions): Promise<Observation> {
  return new Replay(fixture, options).run(connector);
}
