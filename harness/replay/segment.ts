// Delivery modes: how the octets of one send step are cut into writes (RFC-neutral; TCP may still coalesce them).

import { DELIVERY_MODES, type DeliveryMode } from '../fixture';

/** Modes the TCP transport runs. `every-split` needs the in-memory transport, where each write is one chunk. */
export const TCP_MODES: readonly DeliveryMode[] = ['whole', 'byte-by-byte', 'random-splits'];
/** Modes the in-memory transport runs: all of them. */
export const MEMORY_MODES: readonly DeliveryMode[] = DELIVERY_MODES;

/** every-split: a send step of at most this many split points (octets - 1) is split at every one of them ... */
export const SPLIT_CAP = 256;
/** ... a longer one at SPLIT_CAP evenly spaced points plus the points next to CR and LF octets (where framing
 *  decisions are made), of which at most SPLIT_CAP, evenly sampled. */
export const SPLIT_CAP_CRLF = 256;

/** The split points of one send step for every-split: offsets 1..length-1, capped as above. */
export interface SplitPlan {
  readonly points: number[];
  /** every split point of the step (length - 1) */
  readonly total: number;
  readonly capped: boolean;
}

function evenly(from: readonly number[], n: number): number[] {
  if (from.length <= n) return [...from];
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(from[Math.floor((i * from.length) / n)]);
  return out;
}

export function splitPoints(data: Buffer): SplitPlan {
  const total = Math.max(0, data.length - 1);
  if (total <= SPLIT_CAP) return { points: Array.from({ length: total }, (_, i) => i + 1), total, capped: false };
  const chosen = new Set<number>();
  for (let i = 0; i < SPLIT_CAP; i++) chosen.add(1 + Math.floor((i * total) / SPLIT_CAP));
  const nearCrlf: number[] = [];
  for (let at = 1; at <= total; at++) {
    const before = data[at - 1];
    const after = data[at];
    if (before === 0x0d || before === 0x0a || after === 0x0d || after === 0x0a) nearCrlf.push(at);
  }
  for (const at of evenly(nearCrlf, SPLIT_CAP_CRLF)) chosen.add(at);
  return { points: [...chosen].sort((a, b) => a - b), total, capped: true };
}

/** Two writes: [0, at) and [at, end). */
export function splitAt(data: Buffer, at: number): Buffer[] {
  if (at <= 0 || at >= data.length) return [data];
  return [data.subarray(0, at), data.subarray(at)];
}

/** Most pieces a random split cuts one send step into. */
export const MAX_RANDOM_PIECES = 8;

/** mulberry32: a small seeded PRNG, so that random splits are replayable from the seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A 32-bit FNV-1a hash, to derive one seed per fixture from the run seed. */
export function hashSeed(seed: number, text: string): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** Cut `data` into the writes of a delivery mode. `random` is consumed only by random-splits. */
export function segment(data: Buffer, mode: DeliveryMode, random: () => number): Buffer[] {
  if (data.length <= 1 || mode === 'whole') return [data];
  if (mode === 'byte-by-byte') {
    const out: Buffer[] = [];
    for (let i = 0; i < data.length; i++) out.push(data.subarray(i, i + 1));
    return out;
  }
  if (mode === 'random-splits') {
    const pieces = 1 + Math.floor(random() * Math.min(MAX_RANDOM_PIECES, data.length));
    const cuts = new Set<number>();
    for (let i = 1; i < pieces; i++) cuts.add(1 + Math.floor(random() * (data.length - 1)));
    const sorted = [...cuts].sort((a, b) => a - b);
    const out: Buffer[] = [];
    let at = 0;
    for (const c of sorted) { out.push(data.subarray(at, c)); at = c; }
    out.push(data.subarray(at));
    return out;
  }
  throw new Error(`delivery mode ${mode} is not a segmentation of one step (every-split runs one replay per split point)`);
}
