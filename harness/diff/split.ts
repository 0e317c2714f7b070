// Delivery of one byte stream in every segmentation a transport may produce (whole, byte by byte, at every split
// point, seeded random splits), and a runner that feeds each segmentation to a fresh parser and checks that all of
// them give the same merged event log. General on purpose: any parser with execute/finish/error fits.

import { isDeepStrictEqual } from 'node:util';
import type { HeadAction, MessageHead, ParserSink } from '../../impl/core/types';
import { prng } from '../replay/segment';

/** One segmentation of a stream: its name and the chunks, in order, that concatenate to the stream. */
export interface Delivery {
  readonly name: string;
  readonly chunks: Uint8Array[];
}

export interface DeliveryOptions {
  /** the stream in one chunk (default true) */
  whole?: boolean;
  /** one octet per chunk (default true) */
  byteByByte?: boolean;
  /** two chunks, split at each offset 1..n-1 (default true) */
  splitPoints?: boolean;
  /** this many random segmentations (default 0) */
  random?: number;
  /** seed of the random segmentations (default 1): the same seed gives the same splits */
  seed?: number;
}

/** Every segmentation asked for. Chunks are views into `bytes` (no copies). The first is 'whole' when enabled. */
export function* deliveries(bytes: Uint8Array, opts: DeliveryOptions = {}): Generator<Delivery> {
  const n = bytes.length;
  if (opts.whole ?? true) yield { name: 'whole', chunks: [bytes] };
  if ((opts.byteByByte ?? true) && n > 1) {
    const chunks: Uint8Array[] = [];
    for (let i = 0; i < n; i++) chunks.push(bytes.subarray(i, i + 1));
    yield { name: 'byte-by-byte', chunks };
  }
  if (opts.splitPoints ?? true) {
    for (let i = 1; i < n; i++) yield { name: `split@${i}`, chunks: [bytes.subarray(0, i), bytes.subarray(i)] };
  }
  const count = opts.random ?? 0;
  const seed = opts.seed ?? 1;
  for (let k = 0; k < count; k++) {
    const rnd = prng(seed * 1000003 + k);
    const chunks: Uint8Array[] = [];
    let at = 0;
    // piece lengths 1..16, sometimes longer, so both dense and sparse cuts occur
    while (at < n) {
      const len = rnd() < 0.9 ? 1 + Math.floor(rnd() * 16) : 1 + Math.floor(rnd() * n);
      chunks.push(bytes.subarray(at, Math.min(n, at + len)));
      at += len;
    }
    yield { name: `random#${k} seed ${seed}`, chunks };
  }
}

/** One event of a parse, with consecutive body events merged so that the log does not depend on segmentation. */
export type ParseEvent =
  | { readonly type: 'head'; readonly head: MessageHead }
  | { readonly type: 'body'; readonly data: string }          // latin1, one char per octet
  | { readonly type: 'chunk'; readonly size: number; readonly extensions: string }
  | { readonly type: 'trailers'; readonly fields: string[] }
  | { readonly type: 'complete' }
  | { readonly type: 'rest'; readonly data: string }          // octets handed back after an upgrade or tunnel
  | { readonly type: 'error'; readonly code: string; readonly offset: number }
  | { readonly type: 'stalled'; readonly offset: number };    // execute() consumed nothing without error or upgrade

/** The parser surface the runner needs (impl/core/parser.ts's Parser fits). */
export interface Feedable {
  execute(data: Uint8Array): number;
  finish(): void;
  readonly error: { readonly code: string; readonly offset: number } | null;
  readonly upgraded?: boolean;
  readonly paused?: boolean;
  resume?(): void;
}

export interface FeedOptions {
  /** call finish() after the last chunk: the peer closed (close-delimited responses) */
  eof?: boolean;
  /** record chunk headers (default false) */
  chunks?: boolean;
  /** answer for onHead, e.g. HeadAction.SkipBody */
  onHead?: (head: MessageHead) => HeadAction | void;
}

const latin1 = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');

/** A sink that records events; body data is copied (the parser's views are valid only during the call). */
export function recordingSink(opts: FeedOptions = {}): { sink: ParserSink; events: ParseEvent[]; flush(): void } {
  const events: ParseEvent[] = [];
  let body = '';
  const flush = (): void => {
    if (body !== '') { events.push({ type: 'body', data: body }); body = ''; }
  };
  const sink: ParserSink = {
    onHead(head) {
      flush();
      events.push({ type: 'head', head: { ...head, fields: [...head.fields] } });
      return opts.onHead?.(head);
    },
    onBody(data) { body += latin1(data); },
    onTrailers(fields) { flush(); events.push({ type: 'trailers', fields: [...fields] }); },
    onMessageComplete() { flush(); events.push({ type: 'complete' }); },
  };
  if (opts.chunks) sink.onChunkHeader = (size, extensions) => { flush(); events.push({ type: 'chunk', size, extensions }); };
  return { sink, events, flush };
}

/** Feed chunks in order to the parser `make` builds around the sink; return the merged event log. */
export function feed(make: (sink: ParserSink) => Feedable, chunks: readonly Uint8Array[], opts: FeedOptions = {}): ParseEvent[] {
  const rec = recordingSink(opts);
  const p = make(rec.sink);
  let rest = '';
  let offset = 0;
  let stopped = false;
  for (const chunk of chunks) {
    if (stopped) break;
    if (p.upgraded) { rest += latin1(chunk); continue; }
    let at = 0;
    while (at < chunk.length) {
      const n = p.execute(at === 0 ? chunk : chunk.subarray(at));
      at += n;
      if (p.error) { stopped = true; break; }
      if (p.upgraded) { rest += latin1(chunk.subarray(at)); break; }
      if (at < chunk.length) {
        if (p.paused && p.resume) { p.resume(); continue; }
        if (n === 0) { rec.flush(); rec.events.push({ type: 'stalled', offset: offset + at }); stopped = true; break; }
      }
    }
    offset += chunk.length;
  }
  if (!stopped && !p.upgraded && opts.eof) p.finish();
  rec.flush();
  if (rest !== '') rec.events.push({ type: 'rest', data: rest });
  if (p.error) rec.events.push({ type: 'error', code: p.error.code, offset: p.error.offset });
  return rec.events;
}

/** What the runner found: the log of the first delivery, how many ran, and the first one that differed. */
export interface Invariance<T> {
  readonly log: T;
  readonly runs: number;
  readonly divergent?: { readonly name: string; readonly log: T };
}

/** Run `run` over every delivery of `bytes`; the first delivery's result is the reference (deep equality). */
export function acrossDeliveries<T>(bytes: Uint8Array, run: (chunks: Uint8Array[]) => T, opts: DeliveryOptions = {}): Invariance<T> {
  let ref: { log: T } | undefined;
  let runs = 0;
  for (const d of deliveries(bytes, opts)) {
    const log = run(d.chunks);
    runs++;
    if (ref === undefined) ref = { log };
    else if (!isDeepStrictEqual(log, ref.log)) return { log: ref.log, runs, divergent: { name: d.name, log } };
  }
  if (ref === undefined) throw new Error('no delivery selected');
  return { log: ref.log, runs };
}

/** Parse `bytes` in every delivery with a fresh parser each time; the merged log and any divergence. */
export function parseAcrossDeliveries(
  bytes: Uint8Array, make: (sink: ParserSink) => Feedable, opts: DeliveryOptions & FeedOptions = {},
): Invariance<ParseEvent[]> {
  return acrossDeliveries(bytes, (chunks) => feed(make, chunks, opts), opts);
}
