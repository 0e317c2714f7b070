// `h1compat report|compare|merge|baseline` and `run --baseline`: thin command-line glue over reports/ (which reads
// results files alone); the table REPORT_COMMANDS is what cli.ts lists.

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError, list, type Flags } from './cli-args';
import {
  REPORT_FORMATS, renderReport, readResults, writeAtomic, resultsText, ResultsFileError, parseBaseline, BaselineError, applyBaselines, gateStatus,
  baselineFrom, compareResults, compareStatus, renderComparison, mergeResults, MergeError, type Baseline, type ReportFormat, type ResultsDocument,
} from '../reports';

type Values = Record<string, string | number | boolean | undefined>;

/** Turn the reports' own errors (unreadable file, bad baseline, shards that do not fit) into one-line usage errors. */
function guard<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof ResultsFileError || e instanceof BaselineError || e instanceof MergeError) throw new UsageError(`h1compat: ${e.message}`);
    throw e;
  }
}

function need(v: Values, name: string, cmd: string): string {
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

function report(v: Values, positional: string[]): number {
  if (positional.length > 0) throw new UsageError(`h1compat report: unexpected argument \`${positional[0]}\` (use --results)`);
  const format = (v.format as string | undefined) ?? 'html';
  if (!REPORT_FORMATS.includes(format as ReportFormat)) throw new UsageError(`h1compat report: --format must be one of ${REPORT_FORMATS.join(', ')}`);
  const doc = guard(() => readResults(need(v, 'results', 'report')));
  const previous = typeof v.previous === 'string' ? guard(() => readResults(v.previous as string)) : undefined;
  const baselines = typeof v.baseline === 'string' ? loadBaselines(list(v.baseline)) : undefined;
  const text = renderReport(doc, format as ReportFormat, { previous, previousName: v.previous as string | undefined, baselines });
  if (typeof v.out === 'string') {
    writeAtomic(resolve(v.out), text);
    process.stderr.write(`report: ${resolve(v.out)}\n`);
  } else process.stdout.write(text);
  return 0;
}

function compare(v: Values, positional: string[]): number {
  if (positional.length !== 2) throw new UsageError('h1compat compare: give exactly two results files, OLD NEW');
  const [a, b] = positional;
  const c = compareResults(guard(() => readResults(a)), guard(() => readResults(b)));
  const md = renderComparison(c, a, b);
  if (typeof v.out === 'string') writeAtomic(resolve(v.out), md);
  else process.stdout.write(md);
  return compareStatus(c);
}

function merge(v: Values, positional: string[]): number {
  if (positional.length === 0) throw new UsageError('h1compat merge: give the results files to merge (e.g. shard1.json shard2.json)');
  const out = need(v, 'out', 'merge');
  const { doc, warnings } = guard(() => mergeResults(positional.map((p) => readResults(p)), positional));
  for (const w of warnings) process.stderr.write(`h1compat merge: warning: ${w}\n`);
  writeAtomic(resolve(out), resultsText(doc));
  process.stderr.write(`merged ${positional.length} file(s), ${doc.records.length} records: ${resolve(out)}\n`);
  return 0;
}

function baseline(v: Values, positional: string[]): number {
  const [sub] = positional;
  const doc = guard(() => readResults(need(v, 'results', 'baseline')));
  if (sub === 'check') return gateOnBaselines(doc, list(need(v, 'baseline', 'baseline check')), (l) => process.stdout.write(`${l}\n`));
  if (sub !== 'update') throw new UsageError(`h1compat baseline: unknown subcommand \`${sub ?? ''}\` (available: update, check)`);
  const out = need(v, 'out', 'baseline update');
  const names = doc.run.subjects.map((s) => s.name);
  const wanted = list(v.subject);
  const subjects = wanted.length > 0 ? wanted : names;
  for (const s of subjects) if (!names.includes(s)) throw new UsageError(`h1compat baseline update: no subject \`${s}\` in ${v.results} (subjects: ${names.join(', ')})`);
  if (subjects.length > 1 && !out.includes('{subject}')) throw new UsageError(`h1compat baseline update: the results hold ${subjects.length} subjects; give --subject NAME, or an --out path with {subject} in it (one baseline file per subject)`);
  for (const s of subjects) {
    const { text, entries, errors } = baselineFrom(doc, s);
    const path = resolve(out.replace(/\{subject\}/g, s));
    writeAtomic(path, text);
    process.stderr.write(`baseline for ${s}: ${entries} expectation(s): ${path}\n`);
    if (errors.length > 0) process.stderr.write(`  ${errors.length} error verdict(s) not baselined (harness errors must be fixed): ${errors.slice(0, 5).map((r) => `${r.fixture} ${r.delivery}`).join(', ')}${errors.length > 5 ? ', …' : ''}\n`);
  }
  return 0;
}

const F = {
  results: { type: 'string', arg: 'FILE', help: 'a results file (results.json)' },
  out: { type: 'string', arg: 'FILE', help: 'where to write (default: stdout)' },
  baseline: { type: 'string', arg: 'a,b', help: 'baseline files (one per subject; see docs/reports.md)' },
} as const satisfies Flags;

export const REPORT_COMMANDS = {
  report: {
    usage: 'h1compat report --results FILE [--format html|md|junit|tap] [--out FILE]',
    summary: 'Render a results file as a single-file HTML report, a Markdown summary, JUnit XML or TAP.',
    flags: { results: F.results, format: { type: 'string', arg: 'FORMAT', help: `${REPORT_FORMATS.join(', ')} (default html)` }, out: F.out,
      previous: { type: 'string', arg: 'FILE', help: 'md: previous results; new failures against them are listed first' },
      baseline: { ...F.baseline, help: 'md: baselines; results worse than them are listed first' } } as Flags,
    run: report,
  },
  compare: {
    usage: 'h1compat compare OLD NEW [--out FILE]',
    summary: 'Regressions, fixes and changed verdicts between two results files, as Markdown. Exit 1 when anything regressed.',
    flags: { out: F.out } as Flags,
    run: compare,
  },
  merge: {
    usage: 'h1compat merge FILE... --out FILE',
    summary: 'Merge results of `run --shard i/n` into one file equal to an unsharded run (records in canonical order).',
    flags: { out: { ...F.out, help: 'the merged results file (required)' } } as Flags,
    run: merge,
  },
  baseline: {
    usage: 'h1compat baseline update --results FILE --out FILE [--subject NAME] | baseline check --results FILE --baseline a,b',
    summary: 'update: write the expected non-pass verdicts of a subject from a results file. check: exit 1 when results are worse than the baselines.',
    flags: { results: F.results, out: { ...F.out, help: 'update: the baseline file; {subject} is replaced by the subject name' },
      subject: { type: 'string', arg: 'a,b', help: 'update: subjects to write (default: all; more than one needs {subject} in --out)' }, baseline: F.baseline } as Flags,
    run: baseline,
  },
} as const;

