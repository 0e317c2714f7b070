// Shared glue of the verbs over reports/ (report, compare, merge, baseline, run --baseline): the reports' own errors
// become one-line usage errors, and baseline files are read and applied to a finished run.

import { readFileSync } from 'node:fs';
import { UsageError, type Values } from '../cli-args';
import { ResultsFileError, parseBaseline, BaselineError, applyBaselines, gateStatus, MergeError, type Baseline, type ResultsDocument } from '../../reports';

/** Turn the reports' own errors (unreadable file, bad baseline, shards that do not fit) into one-line usage errors. */
export function guard<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof ResultsFileError || e instanceof BaselineError || e instanceof MergeError) throw new UsageError(`h1compat: ${e.message}`);
    throw e;
  }
}

/** A required string flag. */
export function need(v: Values, name: string, cmd: string): string {
  const x = v[name];
  if (typeof x !== 'string' || x === '') throw new UsageError(`h1compat ${cmd}: --${name} is required`);
  return x;
}

export function loadBaselines(files: readonly string[]): Baseline[] {
  return guard(() => files.map((f) => {
    let text: string;
    try {
      text = readFileSync(f, 'utf8');
    } catch (e) {
      throw new BaselineError(`${f}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    return parseBaseline(text, f);
  }));
}

/** Gate a finished run on baselines: print unexpected results, return the exit status (used by `run --baseline`). */
export function gateOnBaselines(doc: ResultsDocument, files: readonly string[], print: (line: string) => void): number {
  const rep = applyBaselines(doc, loadBaselines(files));
  print(`baseline (${rep.subjects.join(', ')}): ${rep.expected} as expected, ${rep.worse.length} worse than the baseline, ${rep.better.length} unexpected pass(es)/improvement(s)`
    + (rep.ungated.length > 0 ? `, ${rep.ungated.length} fail/error of subjects without a baseline` : ''));
  for (const j of rep.worse) print(`  UNEXPECTED ${j.record.verdict} (expected ${j.expected.join(',')}): ${j.record.subject} ${j.record.delivery} ${j.record.fixture}`);
  for (const r of rep.ungated) print(`  ${r.verdict} (no baseline): ${r.subject} ${r.delivery} ${r.fixture}`);
  for (const j of rep.better) print(`  unexpected ${j.record.verdict} (expected ${j.expected.join(',')}): ${j.record.subject} ${j.record.delivery} ${j.record.fixture}`);
  if (rep.unused.length > 0) {
    print(`  ${rep.unused.length} baseline line(s) matched no result (not selected, renamed or removed): ${rep.unused.slice(0, 5).map((u) => `${u.subject}:${u.entry.line} ${u.entry.fixture}`).join(', ')}${rep.unused.length > 5 ? ', …' : ''}`);
  }
  return gateStatus(rep);
}
