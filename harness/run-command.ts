// `h1compat run` and `h1compat start`: select fixtures, replay them against subjects, write results.json and report.md.

import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { DELIVERY_MODES, REQUIREMENT_LEVELS, ROLES, formatAnchor, loadCorpus, formatDiagnostic, type DeliveryMode, type Fixture } from './fixture';
import { resolveSubjects, SubjectError } from './subjects';
import { runSubject, plannedRecords, type Planned } from './replay/run';
import { inShard, parseShard } from './replay/shard';
import { runRoleSubject, roleRecordCount } from './replay/run-roles';
import { TCP_MODES } from './replay/segment';
import { DEFAULTS } from './replay/engine';
import { ResultsWriter } from './results/writer';
import { renderMarkdown } from './results/markdown';
import { summaryTable } from './results/summary';
import type { ResultRecord, RunInfo } from '../reports/results-model';
import { UsageError, list, type Flags } from './cli-args';
import { renderHtml } from '../reports/html';
import { gateOnBaselines, loadBaselines } from './report-commands';
import { startProgress, type Progress } from './progress';

export const ROOT = resolve(__dirname, '..');

export const RUN_FLAGS: Flags = {
  subject: { type: 'string', arg: 'a,b', help: 'subjects by name (subjects/*.json) or path to a .json file (default: reference,node)' },
  fixtures: { type: 'string', arg: 'DIR', help: 'fixture folder or file (default: fixtures/)' },
  grep: { type: 'string', arg: 'TEXT', help: 'only fixtures whose id or title contains TEXT' },
  tag: { type: 'string', arg: 'a,b', help: 'only fixtures with one of these tags' },
  role: { type: 'string', arg: 'ROLE', help: `only fixtures of this role (${ROLES.join(', ')})` },
  level: { type: 'string', arg: 'LEVEL', help: `only fixtures of this level (${REQUIREMENT_LEVELS.join(', ')})` },
  delivery: { type: 'string', arg: 'a,b', help: `delivery modes (default: every mode the transport runs — ${TCP_MODES.join(',')} over TCP, also every-split in memory)` },
  jobs: { type: 'number', help: 'replays in flight at once per subject (default 8; the results file is the same for any N)' },
  shard: { type: 'string', arg: 'i/n', help: 'only fixtures whose id hashes to shard i of n (FNV-1a of the id mod n; harness/replay/shard.ts)' },
  repeat: { type: 'number', arg: 'N', help: 'replay each case N times; a case whose verdict changes is marked flaky (default 1)' },
  transport: { type: 'string', arg: 'KIND', help: 'auto (default: in-process subjects in memory, others over TCP) or tcp (TCP for all)' },
  timeout: { type: 'number', arg: 'MS', help: `overall limit of one replay (default ${DEFAULTS.timeoutMs})` },
  wait: { type: 'number', arg: 'MS', help: `default limit of a wait step (default ${DEFAULTS.waitMs})` },
  seed: { type: 'number', help: `seed for random splits (default ${DEFAULTS.seed})` },
  out: { type: 'string', arg: 'DIR', help: 'output folder for results.json and report.md (default: out/)' },
  tap: { type: 'boolean', help: 'TAP output even on a terminal (the default when stdout is not a TTY)' },
  baseline: { type: 'string', arg: 'a,b', help: 'baseline files (one per subject, docs/reports.md): exit 1 only on results worse than them' },
};

type Values = Record<string, string | number | boolean | undefined>;

/** Fixture selection from the flags. */
export function selectFixtures(v: Values): { planned: Planned[]; problems: string[] } {
  const role = v.role as string | undefined;
  if (role !== undefined && !ROLES.includes(role as never)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
  const level = v.level as string | undefined;
  if (level !== undefined && !REQUIREMENT_LEVELS.includes(level.toUpperCase() as never)) throw new UsageError(`--level must be one of ${REQUIREMENT_LEVELS.join(', ')}`);
  const tags = list(v.tag);
  const grep = (v.grep as string | undefined)?.toLowerCase();
  const shard = shardFrom(v);
  const { corpus, diagnostics } = loadCorpus(resolve((v.fixtures as string | undefined) ?? join(ROOT, 'fixtures')), { canonical: false });
  const keep = (f: Fixture): boolean => (role === undefined || f.role === role) && (level === undefined || f.level === level.toUpperCase())
    && (tags.length === 0 || f.tags.some((t) => tags.includes(t)))
    && (grep === undefined || f.id.includes(grep) || f.title.toLowerCase().includes(grep))
    && (shard === undefined || inShard(f.id, shard));
  const planned = corpus.fixtures.filter(keep).map((fixture) => ({ fixture, file: relative(ROOT, corpus.fileOf(fixture.id)!) }));
  return { planned, problems: diagnostics.map(formatDiagnostic) };
}

function gitRevision(): string | null {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim() || null;
  } catch {
    return null;
  }
}

function shardFrom(v: Values): ReturnType<typeof parseShard> | undefined {
  if (v.shard === undefined) return undefined;
  try {
    return parseShard(String(v.shard));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/** undefined: every mode each subject's transport runs (every-split only in memory). */
function deliveriesFrom(v: Values): DeliveryMode[] | undefined {
  const words = list(v.delivery);
  if (words.length === 0) return undefined;
  for (const w of words) {
    if (!DELIVERY_MODES.includes(w as DeliveryMode)) throw new UsageError(`--delivery: unknown mode \`${w}\` (modes: ${DELIVERY_MODES.join(', ')})`);
  }
  return words as DeliveryMode[];
}

function transportFrom(v: Values): 'auto' | 'tcp' {
  const t = (v.transport as string | undefined) ?? 'auto';
  if (t !== 'auto' && t !== 'tcp') throw new UsageError(`--transport must be auto or tcp, got \`${t}\``);
  return t;
}

const COLOURS: Record<string, string> = { pass: '32', warn: '33', fail: '31', info: '36', skip: '90', error: '35' };

/** Run the selection; prints TAP or a line per notable record, then the summary table; writes results.json and
 *  report.md. Returns the exit status (`gate`: fails count, as for `run`). */
export async function runCommand(v: Values, gate: boolean): Promise<number> {
  const subjectWords = list(v.subject ?? 'reference,node');
  let subjects;
  try {
    subjects = resolveSubjects(subjectWords);
  } catch (e) {
    if (e instanceof SubjectError) throw new UsageError(e.message);
    throw e;
  }
  const deliveries = deliveriesFrom(v);
  if (typeof v.baseline === 'string') loadBaselines(list(v.baseline)); // a bad baseline is a usage error before the run
  const { planned, problems } = selectFixtures(v);
  for (const p of problems) process.stderr.write(`${p}\n`);
  const outDir = resolve((v.out as string | undefined) ?? join(ROOT, 'out'));
  const options = {
    deliveries, jobs: (v.jobs as number | undefined) ?? 8, seed: (v.seed as number | undefined) ?? DEFAULTS.seed,
    repeat: (v.repeat as number | undefined) ?? 1, transport: transportFrom(v),
    timeoutMs: (v.timeout as number | undefined) ?? DEFAULTS.timeoutMs, waitMs: (v.wait as number | undefined) ?? DEFAULTS.waitMs,
  };
  const run: RunInfo = {
    startedAt: new Date().toISOString(), complete: false, git: gitRevision(), node: process.version, platform: `${process.platform}-${process.arch}`,
    options: { ...options, deliveries: deliveries ?? 'auto', shard: v.shard ?? null, subjects: subjectWords, fixtures: planned.map((p) => p.fixture.id).length, grep: v.grep ?? null, tag: v.tag ?? null, role: v.role ?? null, level: v.level ?? null },
    subjects: [],
  };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const writer = new ResultsWriter(join(outDir, 'results.json'), run, (require('../package.json') as { version: string }).version);
  const tap = v.tap === true || !process.stdout.isTTY;
  let n = 0;
  let stopping = false;
  let progress: Progress | undefined;
  const onSigint = (): void => {
    progress?.stop();
    if (stopping) process.exit(130);
    stopping = true;
    writer.finish(true);
    process.stderr.write(`\ninterrupted: partial results in ${join(outDir, 'results.json')}\n`);
    process.exit(130);
  };
  process.on('SIGINT', onSigint);
  const planCount = subjects.reduce((k, s) => k + (s.role !== 'server' ? roleRecordCount(s, planned, deliveries)
    : plannedRecords(s, planned, options)), 0);
  if (tap) process.stdout.write(`TAP version 13\n1..${planCount}\n`);
  // one updating line on stderr, only when stderr is a terminal (harness/progress.ts); TAP and piped output unchanged
  progress = startProgress(planCount);
  const onRecord = (r: ResultRecord): void => {
    n++;
    writer.add(r);
    progress?.record(r.verdict);
    if (tap ? process.stdout.isTTY : r.verdict !== 'pass') progress?.clear();
    const name = `${r.subject} ${r.delivery} ${r.fixture}`;
    if (tap) {
      const ok = r.verdict === 'fail' || r.verdict === 'error' ? 'not ok' : 'ok';
      const directive = r.verdict === 'skip' ? ` # SKIP ${r.reason}` : r.verdict === 'pass' ? '' : ` # ${r.verdict}`;
      process.stdout.write(`${ok} ${n} - ${name}${directive}\n`);
      if (ok === 'not ok' || r.verdict === 'warn') process.stdout.write(`  ---\n  verdict: ${r.verdict}\n  spec: ${JSON.stringify(r.spec.join(', '))}\n  reason: ${JSON.stringify(r.reason)}\n  ...\n`);
    } else if (r.verdict !== 'pass') {
      process.stdout.write(`\x1b[${COLOURS[r.verdict]}m${r.verdict.padEnd(5)}\x1b[0m ${name}: ${r.reason.slice(0, 240)}\n`);
    }
  };
  // subjects run side by side (each its own server and job pool): most replay time is spent waiting on timeouts
  await Promise.all(subjects.map(async (spec) => {
    const at = run.subjects.push({ name: spec.name, version: spec.version ?? 'pending', role: spec.role, adapter: spec.adapter.kind, lacks: spec.lacks }) - 1;
    // client and proxy subjects are started per replay against the harness's origin (harness/replay/run-roles.ts)
    run.subjects[at] = spec.role === 'server' ? await runSubject(spec, planned, { ...options, stopped: () => stopping }, onRecord)
      : await runRoleSubject(spec, planned, { ...options, stopped: () => stopping }, onRecord);
  }));
  progress.stop();
  process.off('SIGINT', onSigint);
  writer.finish();
  const doc = writer.document;
  const prefix = tap ? '# ' : '';
  const skipped = planned.filter((p) => !subjects.some((s) => s.role === p.fixture.role));
  const lines = ['', ...summaryTable(doc)];
  // a subject that could not start (a missing runtime, a port that never opened) is said once, not only per record
  for (const s of run.subjects) {
    if (s.startError !== undefined) lines.push('', `${s.startError.split('\n')[0]} — the subject did not start; its records are errors`);
  }
  if (skipped.length > 0) lines.push('', `${skipped.length} fixture(s) not run: no subject in role ${[...new Set(skipped.map((p) => p.fixture.role))].join(', ')} (${skipped.map((p) => p.fixture.id).join(', ')})`);
  lines.push('', `results: ${join(outDir, 'results.json')}`);
  writeFileSync(join(outDir, 'report.md'), renderMarkdown(doc));
  lines.push(`report:  ${join(outDir, 'report.md')}`);
  writeFileSync(join(outDir, 'report.html'), renderHtml(doc));
  lines.push(`         ${join(outDir, 'report.html')}`);
  let gated: number | undefined;
  if (typeof v.baseline === 'string') gated = gateOnBaselines(doc, list(v.baseline), (l) => lines.push(l));
  process.stdout.write(lines.map((l) => (l === '' ? (tap ? '#' : '') : prefix + l)).join('\n') + '\n');
  // `run` gates: any fail or error is exit 1. `start` is the report job: subjects failing fixtures is its output,
  // so only harness errors make it exit 1.
  const bad = doc.records.some((r) => r.verdict === 'error' || (gate && r.verdict === 'fail'));
  return gated ?? (bad ? 1 : 0);
}

/** `h1compat list`: one line per selected fixture. */
export function listCommand(v: Values): number {
  const { planned, problems } = selectFixtures(v);
  for (const p of problems) process.stderr.write(`${p}\n`);
  for (const { fixture: f } of planned) {
    process.stdout.write(`${f.id}\t${f.role}\t${f.level}\t${f.spec.map(formatAnchor).join(', ')}\t${f.delivery.modes.join(',')}\t${f.title}\n`);
  }
  return 0;
}
