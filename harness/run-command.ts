// `h1compat run` and `h1compat start`: select fixtures, replay them against subjects, write results.json, report.md,
// report.html (and --junit/--json/--tap), print a summary people read, and turn the results into an exit status:
// 0 nothing gated failed, 1 a gated failure (--fail-on), 2 usage error (thrown), 3 harness or setup error.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { REQUIREMENT_LEVELS, ROLES, loadCorpus, formatAnchor, formatDiagnostic, DELIVERY_MODES, type DeliveryMode, type Fixture, type RequirementLevel } from './fixture';
import { resolveSubjects, SubjectError, type SubjectSpec } from './subjects';
import { runSubject, plannedRecords, type Planned } from './replay/run';
import { inShard, parseShard } from './replay/shard';
import { DEFAULTS } from './replay/engine';
import { ResultsWriter } from './results/writer';
import type { ResultRecord, RunInfo } from '../reports/results-model';
import { UsageError, list, type Values } from './cli-args';
import { renderHtml, renderJunit, renderSummary, renderTap, readResults, resultsText, writeAtomic, type ResultsDocument } from '../reports';
import { gateOnBaselines, loadBaselines } from './commands/report-glue';
import { commandSubject, urlSubject } from './commands/targets';
import { startProgress, type Progress } from './progress';
import { gatedFailures, runSummary, useColour, FAIL_ON, type FailOn } from './commands/run-output';
import { ROOT, VERSION } from './paths';

export { ROOT };

/** A fixture the fuzzer wrote and nobody reviewed yet: opt-in (issue 13 item 6). */
export function isCandidate(f: Fixture, file: string): boolean {
  return file.split(/[\\/]/).includes('fuzz-candidates') || f.tags.includes('fuzz-candidate');
}

/** `RFC 9112 6.1` -> `RFC9112 6.1`. */
function normalSection(s: string): string {
  return s.trim().toUpperCase().replace(/^RFC\s*(\d+)/, 'RFC$1').replace(/\s+/g, ' ');
}

/** `--section RFC9112 6.1` selects 6.1 and 6.1.x (not 6.10); `--section RFC9112` the whole RFC. */
export function sectionMatches(anchor: string, wanted: string): boolean {
  const a = normalSection(anchor);
  return a === wanted || a.startsWith(`${wanted}.`) || (!wanted.includes(' ') && a.startsWith(`${wanted} `));
}

/** `te-*` style patterns (only `*` is special) matched against the whole id. */
function idPattern(p: string): RegExp {
  return new RegExp(`^${p.split('*').map((x) => x.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

/** Fixture selection from the flags. */
export function selectFixtures(v: Values): { planned: Planned[]; problems: string[]; candidates: number; slow: number } {
  const role = v.role as string | undefined;
  if (role !== undefined && !ROLES.includes(role as never)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
  const levels = list(v.level).map((l) => l.toUpperCase());
  for (const l of levels) if (!REQUIREMENT_LEVELS.includes(l as RequirementLevel)) throw new UsageError(`--level: unknown level \`${l}\` (levels: ${REQUIREMENT_LEVELS.join(', ')})`);
  const sections = list(v.section).map(normalSection);
  for (const s of sections) if (!/^RFC\d+( \d+(\.\d+)*)?$/.test(s)) throw new UsageError(`--section: \`${s}\` is not a spec anchor (e.g. 'RFC9112 6.1' or 'RFC9110')`);
  const tags = list(v.tag);
  const excluded = list(v.exclude).map(idPattern);
  const grep = (v.grep as string | undefined)?.toLowerCase();
  const shard = shardFrom(v);
  const explicit = typeof v.fixtures === 'string';
  const from = resolve(explicit ? (v.fixtures as string) : join(ROOT, 'fixtures'));
  if (!existsSync(from)) throw new UsageError(`--fixtures: \`${v.fixtures}\` does not exist`);
  // candidates run when asked for by flag, or when the --fixtures path itself is (inside) a candidates folder
  const withCandidates = v['include-candidates'] === true || (explicit && from.split(sep).includes('fuzz-candidates'));
  // fixtures tagged `slow` (a wait of the order of a server timeout) run when asked for by flag, by --tag slow, or
  // when --fixtures names the file itself
  const withSlow = v['include-slow'] === true || tags.includes('slow') || (explicit && from.endsWith('.h1'));
  const { corpus, diagnostics } = loadCorpus(from, { canonical: false });
  let candidates = 0;
  let slow = 0;
  const keep = (f: Fixture, file: string): boolean => {
    const selected = (role === undefined || f.role === role) && (levels.length === 0 || levels.includes(f.level))
      && (sections.length === 0 || f.spec.some((a) => sections.some((s) => sectionMatches(formatAnchor(a), s))))
      && (tags.length === 0 || f.tags.some((t) => tags.includes(t)))
      && !excluded.some((re) => re.test(f.id))
      && (grep === undefined || f.id.includes(grep) || f.title.toLowerCase().includes(grep))
      && (shard === undefined || inShard(f.id, shard));
    if (selected && !withCandidates && isCandidate(f, file)) { candidates++; return false; }
    if (selected && !withSlow && f.tags.includes('slow')) { slow++; return false; }
    return selected;
  };
  const planned = corpus.fixtures.map((fixture) => ({ fixture, file: relative(ROOT, corpus.fileOf(fixture.id)!) }))
    .filter((p) => keep(p.fixture, p.file));
  return { planned, problems: diagnostics.map(formatDiagnostic), candidates, slow };
}

function gitRevision(): string | null {
  if (!existsSync(join(ROOT, '.git'))) return null; // the installed package is no clone
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

/** --subject names/files, --url, --cmd and --proxy-cmd together; reference,node when none is given. */
export function subjectsFrom(v: Values): SubjectSpec[] {
  const one = { name: v.name as string | undefined, echo: v.echo === true, readyTimeoutMs: v['ready-timeout'] as number | undefined };
  const targets = [typeof v.url === 'string' ? 'url' : '', typeof v.cmd === 'string' ? 'cmd' : '', typeof v['proxy-cmd'] === 'string' ? 'proxy-cmd' : ''].filter((x) => x !== '');
  if (one.name !== undefined && targets.length !== 1) throw new UsageError('--name names the one target given by --url, --cmd or --proxy-cmd');
  const specs: SubjectSpec[] = [];
  try {
    if (v.subject !== undefined || targets.length === 0) specs.push(...resolveSubjects(list(v.subject ?? 'reference,node')));
  } catch (e) {
    if (e instanceof SubjectError) throw new UsageError(e.message);
    throw e;
  }
  if (typeof v.url === 'string') specs.push(urlSubject(v.url, one.name));
  if (typeof v.cmd === 'string') specs.push(commandSubject(v.cmd, 'server', one));
  if (typeof v['proxy-cmd'] === 'string') specs.push(commandSubject(v['proxy-cmd'], 'proxy', one));
  const names = specs.map((s) => s.name);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice !== undefined) throw new UsageError(`two subjects are named \`${twice}\` (give --name for a one-line target)`);
  return specs;
}

const REPORT_FILES = ['results.json', 'report.md', 'report.html'];

/** The previous run in the output folder moves to <out>/previous/ (one run kept), so a new run never silently
 *  destroys the last one; the Markdown report lists what changed against it. */
function keepPrevious(outDir: string): string | undefined {
  if (!existsSync(join(outDir, 'results.json'))) return undefined;
  const prev = join(outDir, 'previous');
  rmSync(prev, { recursive: true, force: true });
  mkdirSync(prev, { recursive: true });
  for (const f of REPORT_FILES) if (existsSync(join(outDir, f))) renameSync(join(outDir, f), join(prev, f));
  return prev;
}

const SIGNALS = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;

/** Run the selection and report it; returns the exit status (`gate`: gated failures are exit 1, as for `run`;
 *  `start`, the report job, exits 1 never: a subject failing fixtures is its output). */
export async function runCommand(v: Values, gate: boolean): Promise<number> {
  const subjects = subjectsFrom(v);
  const deliveries = deliveriesFrom(v);
  const failOn = ((v['fail-on'] as string | undefined) ?? 'must').toLowerCase() as FailOn;
  if (!FAIL_ON.includes(failOn)) throw new UsageError(`--fail-on must be one of ${FAIL_ON.join(', ')}`);
  if (v.tap === true && v.json === '-') throw new UsageError('--tap and --json - both want stdout: write one of them to a file');
  if (typeof v.baseline === 'string') loadBaselines(list(v.baseline)); // a bad baseline is a usage error before the run
  const options = {
    deliveries, jobs: (v.jobs as number | undefined) ?? 8, seed: (v.seed as number | undefined) ?? DEFAULTS.seed,
    repeat: (v.repeat as number | undefined) ?? 1, transport: transportFrom(v),
    timeoutMs: (v.timeout as number | undefined) ?? DEFAULTS.timeoutMs, waitMs: (v.wait as number | undefined) ?? DEFAULTS.waitMs,
  };
  const { planned, problems, candidates, slow } = selectFixtures(v);
  // what people read goes to stderr when stdout carries TAP or JSON
  const human = v.tap === true || v.json === '-' ? process.stderr : process.stdout;
  const say = (s: string): void => { human.write(`${s}\n`); };
  for (const p of problems) process.stderr.write(`${p}\n`);
  const planCount = subjects.reduce((k, s) => k + plannedRecords(s, planned, options), 0);
  if (planCount === 0) {
    const roles = [...new Set(subjects.map((s) => s.role))].join(', ');
    process.stderr.write(`h1compat: nothing selected: ${planned.length} fixture(s) match the filters${planned.length > 0 ? `, none of them in the role of the subjects (${roles})` : ''}${candidates > 0 ? `; ${candidates} fuzz candidate(s) left out (--include-candidates)` : ''}${slow > 0 ? `; ${slow} slow fixture(s) left out (--include-slow)` : ''}\n`);
    return 3;
  }
  const outDir = resolve((v.out as string | undefined) ?? 'h1compat-out');
  if (existsSync(outDir) && !statSync(outDir).isDirectory()) throw new UsageError(`--out: \`${outDir}\` is not a folder`);
  const previous = keepPrevious(outDir);
  const run: RunInfo = {
    startedAt: new Date().toISOString(), complete: false, git: gitRevision(), node: process.version, platform: `${process.platform}-${process.arch}`,
    // the subjects are in run.subjects, not in the options: runs of different subjects with the same options merge
    options: { ...options, deliveries: deliveries ?? 'auto', shard: v.shard ?? null, fixtures: planned.length,
      grep: v.grep ?? null, tag: v.tag ?? null, role: v.role ?? null, level: v.level ?? null, section: v.section ?? null, exclude: v.exclude ?? null,
      includeCandidates: v['include-candidates'] === true, includeSlow: v['include-slow'] === true, failOn },
    subjects: [],
  };
  const writer = new ResultsWriter(join(outDir, 'results.json'), run, VERSION);
  let stopping = false;
  let progress: Progress | undefined;
  // Ctrl-C, `kill`, CI cancellation, `timeout`, `docker stop`, a closed terminal: the records so far are written and
  // marked interrupted; exiting kills every command subject's process group (harness/subjects/command.ts)
  const onSignal = (sig: keyof typeof SIGNALS): void => {
    progress?.stop();
    if (!stopping) {
      stopping = true;
      writer.finish(true);
      process.stderr.write(`\ninterrupted (${sig}): partial results in ${join(outDir, 'results.json')}\n`);
    }
    process.exit(SIGNALS[sig]);
  };
  const handlers = Object.keys(SIGNALS).map((s) => [s, () => onSignal(s as keyof typeof SIGNALS)] as const);
  for (const [s, h] of handlers) process.on(s, h);
  progress = startProgress(planCount);
  const onRecord = (r: ResultRecord): void => {
    writer.add(r);
    progress?.record(r.verdict);
  };
  // subjects run side by side (each its own server and job pool): most replay time is spent waiting on timeouts
  await Promise.all(subjects.map(async (spec) => {
    const at = run.subjects.push({ name: spec.name, version: spec.version ?? 'pending', role: spec.role, adapter: spec.adapter.kind, lacks: spec.lacks }) - 1;
    // one runner for every role (client and proxy subjects are started per replay: harness/replay/roles.ts)
    run.subjects[at] = await runSubject(spec, planned, { ...options, stopped: () => stopping }, onRecord);
  }));
  progress.stop();
  for (const [s, h] of handlers) process.off(s, h);
  writer.finish();
  const doc = writer.document as unknown as ResultsDocument;
  const previousDoc = previous === undefined ? undefined : tryRead(join(previous, 'results.json'));
  const files = writeReports(doc, outDir, v, previousDoc);
  const colour = useColour(human);
  const lines = runSummary(doc, { colour, failOn, planned: planned.length, candidates, problems: problems.length, files, previous, gate });
  let gated = gatedFailures(doc, failOn).length;
  if (typeof v.baseline === 'string') gated = gateOnBaselines(doc, list(v.baseline), (l) => lines.push(l)) === 0 ? 0 : 1;
  if (v.tap === true) process.stdout.write(renderTap(doc));
  if (v.json === '-') process.stdout.write(resultsText(doc));
  for (const l of lines) say(l);
  const setupError = problems.length > 0 || doc.records.some((r) => r.verdict === 'error');
  return setupError ? 3 : gate && gated > 0 ? 1 : 0;
}

function tryRead(file: string): ResultsDocument | undefined {
  try {
    return readResults(file);
  } catch {
    return undefined; // a previous file from an older version: no comparison
  }
}

/** report.md and report.html always; --junit FILE and --json FILE on request. Returns what was written. */
function writeReports(doc: ResultsDocument, outDir: string, v: Values, previous: ResultsDocument | undefined): string[] {
  const files = [join(outDir, 'results.json')];
  const put = (file: string, text: string): void => { writeAtomic(file, text); files.push(file); };
  put(join(outDir, 'report.html'), renderHtml(doc));
  put(join(outDir, 'report.md'), renderSummary(doc, { previous, previousName: previous === undefined ? undefined : 'the previous run' }));
  if (typeof v.junit === 'string') put(resolve(v.junit), renderJunit(doc));
  if (typeof v.json === 'string' && v.json !== '-') put(resolve(v.json), resultsText(doc));
  return files;
}

/** `h1compat list`: one line per selected fixture. */
export function listCommand(v: Values): number {
  const { planned, problems } = selectFixtures(v);
  for (const p of problems) process.stderr.write(`${p}\n`);
  for (const { fixture: f } of planned) {
    process.stdout.write(`${f.id}\t${f.role}\t${f.level}\t${f.spec.map(formatAnchor).join(', ')}\t${f.delivery.modes.join(',')}\t${f.title}\n`);
  }
  return problems.length > 0 ? 3 : 0;
}
