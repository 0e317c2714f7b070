// Delivery modes: how the octets of one send step are cut into writes (RFC-neutral; TCP may still coalesce them).

import type { DeliveryMode } from '../fixture';

/** Modes the TCP transport runs. `every-split` needs the in-memory transport (not built yet). */
export const TCP_MODES: readonly DeliveryMode[] = ['whole', 'byte-by-byte', 'random-splits'];

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
  throw new Error(`delivery mode ${mode} is not supported over TCP`);
}
