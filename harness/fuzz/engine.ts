// The fuzz loop: seeded mutations of the seeds, each input run differentially (differential.ts), discrepancies
// grouped into classes, one example per new class minimised (ddmin) and written as a candidate fixture. Bounded by
// a count and a time limit; the same seed and count give the same classes, counts and digest.

import { rng, fnv1a } from './rng';
import { mutate, type Seed } from './mutate';
import { ddmin, runInput, referenceParser, llhttpParser, type DiffParser, type Discrepancy } from './differential';
import { writeCandidate } from './candidate';
import { triage } from './triage';

export interface FuzzOptions {
  readonly seed: number;
  /** stop after this many inputs */
  readonly count: number;
  /** stop after this many seconds (whichever comes first; the count bound keeps a run reproducible) */
  readonly seconds: number;
  readonly seeds: readonly Seed[];
  /** write candidate fixtures for new classes into this folder (undefined: write nothing) */
  readonly outDir?: string;
  /** minimise one example per class (default true) */
  readonly minimise?: boolean;
  /** share of inputs also delivered in a random segmentation (default 0.25) */
  readonly splitRate?: number;
  /** inputs slower than this (reference parser, ms) are listed as hangs (default 50) */
  readonly slowMs?: number;
  readonly a?: DiffParser;
  readonly b?: DiffParser;
  /** progress lines (default: none) */
  readonly progress?: (line: string) => void;
}

export interface ClassRecord {
  readonly discrepancy: Discrepancy;
  count: number;
  /** the first input of the class, its origin and mutations */
  readonly first: { readonly input: string; readonly seed: string; readonly ops: readonly string[]; readonly index: number };
  /** the minimised input (whole delivery keeps the class), when minimisation ran and succeeded */
  minimal?: string;
  ours?: string[];
  theirs?: string[];
  /** the candidate fixture written for it */
  fixture?: string;
  /** the class appeared only when the input was delivered in a random segmentation (not minimised, no fixture) */
  segmentationOnly?: boolean;
}

export interface Finding { readonly index: number; readonly kind: Seed['kind']; readonly input: string; readonly detail: string }

export interface FuzzReport {
  readonly seed: number;
  inputs: number;
  /** inputs also run in a second segmentation */
  splitRuns: number;
  readonly crashes: Finding[];
  readonly stalls: Finding[];
  readonly splitDivergences: Finding[];
  /** inputs over slowMs */
  readonly hangs: Finding[];
  maxMs: number;
  maxMsInput: string;
  /** inputs over slowMs on their first run only (faster on each of up to 3 re-runs: GC or JIT, not the input) */
  slowOnce: number;
  peakRssMiB: number;
  elapsedMs: number;
  readonly classes: Map<string, ClassRecord>;
  readonly added: string[];
  /** digest of the sorted class keys with their counts and the input count */
  digest: string;
}

/** A random segmentation of `n` octets (pieces of 1-16, sometimes longer), from the run's PRNG. */
function segments(bytes: Buffer, next: (n: number) => number): Uint8Array[] {
  const out: Uint8Array[] = [];
  let at = 0;
  while (at < bytes.length) {
    const len = next(10) < 9 ? 1 + next(16) : 1 + next(bytes.length);
    out.push(bytes.subarray(at, Math.min(bytes.length, at + len)));
    at += len;
  }
  return out;
}

const MAX_FINDINGS = 20;
const keepFirst = (list: Finding[], f: Finding): void => { if (list.length < MAX_FINDINGS) list.push(f); };

export function runFuzz(o: FuzzOptions): FuzzReport {
  const r = rng(o.seed);
  const a = o.a ?? referenceParser;
  const b = o.b ?? llhttpParser;
  const slowMs = o.slowMs ?? 50;
  const splitRate = o.splitRate ?? 0.25;
  const report: FuzzReport = {
    seed: o.seed, inputs: 0, splitRuns: 0, crashes: [], stalls: [], splitDivergences: [], hangs: [], maxMs: 0, maxMsInput: '', slowOnce: 0,
    peakRssMiB: 0, elapsedMs: 0, classes: new Map(), added: [], digest: '',
  };
  if (o.seeds.length === 0) throw new Error('no fuzz seeds');
  const started = Date.now();
  const deadline = started + o.seconds * 1000;
  let crashCount = 0;
  for (let i = 0; i < o.count; i++) {
    if ((i & 255) === 0) {
      if (Date.now() > deadline) break;
      report.peakRssMiB = Math.max(report.peakRssMiB, process.memoryUsage.rss() / 1048576);
      if (i > 0 && (i % 102400) === 0) o.progress?.(`${i} inputs, ${report.classes.size} classes, ${((Date.now() - started) / 1000).toFixed(0)} s`);
    }
    const seed = r.pick(o.seeds);
    const { input, ops } = mutate(seed, r, o.seeds);
    const bytes = Buffer.from(input, 'latin1');
    const split = r.chance(splitRate) ? segments(bytes, r.int) : undefined;
    const res = runInput(seed.kind, bytes, split, a, b);
    report.inputs++;
    if (split) report.splitRuns++;
    if (res.ms > report.maxMs) { report.maxMs = res.ms; report.maxMsInput = input; }
    const finding = (detail: string): Finding => ({ index: i, kind: seed.kind, input, detail });
    if (res.ms > slowMs) {
      // a hang is a property of the input, a GC pause or a JIT tier-up is not: time it again, keep the fastest
      let best = res.ms;
      for (let k = 0; k < 3 && best > slowMs; k++) best = Math.min(best, runInput(seed.kind, bytes, split, a, b).ms);
      if (best > slowMs) keepFirst(report.hangs, finding(`${best.toFixed(1)} ms (fastest of 4 runs)`));
      else report.slowOnce++;
    }
    if (res.crash) { crashCount++; keepFirst(report.crashes, finding(res.crash)); continue; }
    if (res.stalled) keepFirst(report.stalls, finding(res.ours.join(' | ')));
    if (res.splitDivergence) keepFirst(report.splitDivergences, finding(`whole: ${res.splitDivergence.whole.join(' | ')} / split: ${res.splitDivergence.split.join(' | ')}`));
    const d = res.discrepancy;
    if (!d) continue;
    const known = report.classes.get(d.key);
    if (known) { known.count++; continue; }
    report.classes.set(d.key, { discrepancy: d, count: 1, first: { input, seed: seed.origin, ops, index: i } });
  }
  report.elapsedMs = Date.now() - started;
  if (crashCount > report.crashes.length) report.crashes.push({ index: -1, kind: 'request', input: '', detail: `${crashCount - report.crashes.length} more` });
  // minimise after the loop, in class-key order, so the time spent minimising never changes which inputs ran
  for (const key of [...report.classes.keys()].sort()) {
    const c = report.classes.get(key)!;
    if (o.minimise === false && !o.outDir) continue;
    const kind = c.discrepancy.kind;
    const classOf = (s: string): string | undefined => runInput(kind, Buffer.from(s, 'latin1'), undefined, a, b).discrepancy?.key;
    let minimal = c.first.input;
    if (classOf(minimal) !== key) {
      // the class showed only in the random segmentation: keep the logs of the whole input for triage, write nothing
      const res = runInput(kind, Buffer.from(minimal, 'latin1'), undefined, a, b);
      c.ours = res.ours;
      c.theirs = res.theirs;
      c.segmentationOnly = true;
    } else {
      if (o.minimise !== false) minimal = ddmin(minimal, (s) => classOf(s) === key, 4000, Date.now() + 5000).minimal;
      c.minimal = minimal;
      const res = runInput(kind, Buffer.from(minimal, 'latin1'), undefined, a, b);
      c.ours = res.ours;
      c.theirs = res.theirs;
      if (o.outDir) {
        const file = writeCandidate(o.outDir, {
          discrepancy: c.discrepancy, input: minimal, ours: res.ours, theirs: res.theirs, oursName: a.name, theirsName: b.name,
          found: `seed ${o.seed}, input #${c.first.index}, from ${c.first.seed} by ${c.first.ops.join(', ')}`,
          cause: ((x) => `${x.id}, ${x.rfc}: ${x.what}`)(triage(minimal, res.ours, res.theirs)),
        });
        if (file) { c.fixture = file; report.added.push(file); }
      }
    }
  }
  report.peakRssMiB = Math.max(report.peakRssMiB, process.memoryUsage.rss() / 1048576);
  report.digest = classDigest(report);
  return report;
}

/** The digest of a run's classes: sorted keys with counts, and the number of inputs. */
export function classDigest(rep: Pick<FuzzReport, 'classes' | 'inputs'>): string {
  const keys = [...rep.classes.entries()].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)).map(([k, c]) => `${k}=${c.count}`);
  return fnv1a(`${rep.inputs}\n${keys.join('\n')}`);
}
