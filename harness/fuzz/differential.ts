// One fuzz input through two parsers (default: the reference parser and node's llhttp), projected onto what both can
// express (harness/diff/llhttp.ts `project`), and classified: (kind, reference outcome, llhttp outcome, first
// differing event type, reference error code). Also the reference's own checks: no exception, no stall, the same log
// in a second segmentation of the same octets.

import { runParser } from '../diff/log';
import { runLlhttp, project } from '../diff/llhttp';

export type Kind = 'request' | 'response';

/** A parser under differential test: renders the harness/diff/log.ts event log for chunks fed in order, then EOF. */
export interface DiffParser {
  readonly name: string;
  run(kind: Kind, chunks: Uint8Array[]): string[];
}

export const referenceParser: DiffParser = { name: 'reference', run: (kind, chunks) => runParser(kind, chunks, { eof: true }) };
export const llhttpParser: DiffParser = { name: 'llhttp', run: (kind, chunks) => runLlhttp(kind, chunks, { eof: true }) };

/** error (rejected somewhere), upgrade (octets handed back), accept (every message complete), partial, empty */
export type OutcomeKind = 'error' | 'upgrade' | 'accept' | 'partial' | 'empty';

export function outcomeKind(log: readonly string[]): OutcomeKind {
  if (log.some((l) => l.startsWith('error'))) return 'error';
  if (log.some((l) => l.startsWith('rest '))) return 'upgrade';
  if (log.length === 0) return 'empty';
  return log[log.length - 1] === 'complete' ? 'accept' : 'partial';
}

export interface Discrepancy {
  /** `kind/ours/theirs/first-differing-event/our-error-code` */
  readonly key: string;
  readonly kind: Kind;
  readonly ours: OutcomeKind;
  readonly theirs: OutcomeKind;
  /** the type of the first differing projected line (`request`, `field`, `body`, `error`, `end` when one log ended) */
  readonly event: string;
  /** the reference's error code, or `-` */
  readonly code: string;
}

/** What one input gave. `crash` is an exception of the first parser; `stalled` a parse that consumed nothing. */
export interface InputResult {
  readonly ours: string[];
  readonly theirs: string[];
  readonly discrepancy?: Discrepancy;
  readonly crash?: string;
  readonly stalled?: boolean;
  /** the first parser's log in the second segmentation differs from its whole-input log */
  readonly splitDivergence?: { readonly whole: string[]; readonly split: string[] };
  /** wall time of the first parser over this input (all its deliveries), in ms */
  readonly ms: number;
}

const typeOf = (line: string | undefined): string => (line === undefined ? 'end' : line.split(' ')[0]);

export function classify(kind: Kind, ours: readonly string[], theirs: readonly string[]): Discrepancy | undefined {
  const a = project(ours);
  const b = project(theirs);
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (i === a.length && i === b.length) return undefined;
  const err = ours.find((l) => l.startsWith('error '));
  const code = err ? err.split(' ')[1] : '-';
  const event = i < a.length ? typeOf(a[i]) : typeOf(b[i]);
  const o = outcomeKind(ours);
  const t = outcomeKind(theirs);
  return { key: `${kind}/${o}/${t}/${event}/${code}`, kind, ours: o, theirs: t, event, code };
}

const now = (): number => Number(process.hrtime.bigint()) / 1e6;

/** Runs `input` whole through both parsers and, when `split` is given, also in that segmentation (both parsers get
 *  the split chunks; the first parser's split log must equal its whole log). */
export function runInput(kind: Kind, input: Buffer, split: Uint8Array[] | undefined,
  a: DiffParser = referenceParser, b: DiffParser = llhttpParser): InputResult {
  const t0 = now();
  let ours: string[];
  let splitLog: string[] | undefined;
  try {
    ours = a.run(kind, [input]);
    if (split) splitLog = a.run(kind, split);
  } catch (e) {
    return { ours: [], theirs: [], crash: (e as Error)?.stack ?? String(e), ms: now() - t0 };
  }
  const ms = now() - t0;
  const stalled = ours.some((l) => l.startsWith('stalled')) || (splitLog?.some((l) => l.startsWith('stalled')) ?? false);
  let theirs: string[];
  try {
    theirs = b.run(kind, split ?? [input]);
  } catch (e) {
    theirs = [`error THREW ${String((e as Error)?.message ?? e).replace(/\s+/g, '_')}`];
  }
  const splitDivergence = splitLog && JSON.stringify(splitLog) !== JSON.stringify(ours) ? { whole: ours, split: splitLog } : undefined;
  const discrepancy = classify(kind, split ? splitLog ?? ours : ours, theirs);
  return { ours, theirs, discrepancy, stalled, splitDivergence, ms };
}

/** Delta debugging (ddmin, Zeller & Hildebrandt 2002) over octets: the smallest input found for which `keep` still
 *  holds, within `maxTests` calls of `keep` and `deadline` (ms since epoch). `keep(input)` must hold initially. */
export function ddmin(input: string, keep: (s: string) => boolean, maxTests = 4000, deadline = Date.now() + 5000): { minimal: string; tests: number } {
  let s = input;
  let n = 2;
  let tests = 0;
  const budget = (): boolean => tests < maxTests && Date.now() < deadline;
  while (s.length >= 2 && budget()) {
    const size = Math.ceil(s.length / n);
    let reduced = false;
    // try each complement (remove one piece); pieces first would rarely keep an HTTP class
    for (let i = 0; i < n && budget(); i++) {
      const start = i * size;
      if (start >= s.length) break;
      const candidate = s.slice(0, start) + s.slice(start + size);
      tests++;
      if (candidate.length > 0 && keep(candidate)) {
        s = candidate;
        n = Math.max(n - 1, 2);
        reduced = true;
        break;
      }
    }
    if (!reduced) {
      if (n >= s.length) break;
      n = Math.min(s.length, n * 2);
    }
  }
  return { minimal: s, tests };
}
