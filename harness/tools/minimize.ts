// `h1compat minimize`: ddmin over the octets of a fixture's send steps (serve steps in the client role) down to the
// smallest input that keeps the same verdict and observed behaviour on a subject (or the same disagreement between two
// subjects); writes a new fixture noting `minimized from <id>`.

import { dirname, join } from 'node:path';
import { UsageError, type Flags } from '../cli-args';
import { bufferOf, formatDiagnostic, literal, loadFixtureFile, type Fixture, type Step } from '../fixture';
import { lacks, resolveSubjects, startSubject, SubjectError, type SubjectHandle, type SubjectSpec } from '../subjects';
import { replayOver, replayRole } from '../replay/engine';
import { connectorFor } from '../replay/transport-tcp';
import { judge, observed } from '../replay/verdict';
import { ddminAsync } from './ddmin';
import { checkId, outFile, writeFixture } from './write';

export const MINIMIZE_FLAGS: Flags = {
  subject: { type: 'string', arg: 'NAME', help: 'the subject whose verdict must stay the same (subjects/*.json name or .json path)' },
  against: { type: 'string', arg: 'NAME', help: 'a second subject: keep the same disagreement between the two' },
  keep: { type: 'string', arg: 'WHAT', help: 'observed (default: verdict and observed responses/connection) or verdict (the verdict only)' },
  'max-runs': { type: 'number', arg: 'N', help: 'most replays per subject (default 400)' },
  seconds: { type: 'number', arg: 'S', help: 'time budget (default 60)' },
  wait: { type: 'number', arg: 'MS', help: 'default limit of a wait step while minimising (default 500)' },
  id: { type: 'string', arg: 'SLUG', help: 'id of the new fixture (default <id>-min)' },
  out: { type: 'string', arg: 'PATH', help: 'folder or <id>.h1 (default: next to the original)' },
  force: { type: 'boolean', help: 'overwrite an existing file' },
};

/** One octet of a send/serve step. */
interface Unit { readonly step: number; readonly octet: string }

/** The octets the minimiser works on: send steps, or serve steps in the client role. */
const stepKind = (f: Fixture): 'send' | 'serve' => (f.role === 'client' ? 'serve' : 'send');

export function unitsOf(f: Fixture): Unit[] {
  const kind = stepKind(f);
  return f.exchange.flatMap((s, i) => (s.kind === kind ? [...bufferOf(s.bytes).toString('latin1')].map((octet) => ({ step: i, octet })) : []));
}

/** The fixture with its send (serve) steps replaced by the units kept; steps left empty are dropped. */
export function withUnits(f: Fixture, units: readonly Unit[]): Fixture {
  const kind = stepKind(f);
  const exchange: Step[] = [];
  f.exchange.forEach((s, i) => {
    if (s.kind !== kind) { exchange.push(s); return; }
    const octets = units.filter((u) => u.step === i).map((u) => u.octet).join('');
    if (octets !== '') exchange.push({ kind, bytes: literal(octets) });
  });
  return { ...f, exchange };
}

/** Replays a fixture on one subject and gives the signature that must stay the same. */
export interface Runner {
  readonly name: string;
  signature(f: Fixture): Promise<string>;
  stop(): Promise<void>;
}

/** `started`: an already started server subject (tests); it is not stopped by the runner. */
export async function runnerFor(spec: SubjectSpec, keep: 'verdict' | 'observed', waitMs: number, started?: SubjectHandle): Promise<Runner> {
  const opts = { delivery: 'whole' as const, waitMs, timeoutMs: Math.max(5000, waitMs * 4) };
  const echo = !lacks(spec).has('echo');
  const sig = (f: Fixture, obs: Parameters<typeof judge>[1]): string => {
    const v = judge(f, obs, echo);
    return keep === 'verdict' ? v.verdict : `${v.verdict}: ${observed(obs)}`;
  };
  if (spec.role !== 'server') {
    return { name: spec.name, signature: async (f) => sig(f, await replayRole(spec, f, opts)), stop: async () => {} };
  }
  const handle: SubjectHandle = started ?? await startSubject(spec);
  const connector = connectorFor(handle);
  return { name: spec.name, signature: async (f) => sig(f, await replayOver(f, connector, opts)), stop: async () => { if (started === undefined) await handle.stop(); } };
}

export interface MinimizeResult {
  readonly fixture: Fixture;
  readonly signature: string;
  readonly runs: number;
  readonly before: number;
  readonly after: number;
  readonly exhausted: boolean;
}

/** Minimise `f`: the signature (joined over runners) of the original must be stable, and is kept. */
export async function minimizeFixture(f: Fixture, runners: readonly Runner[], budget: { maxRuns: number; deadline: number }, against: boolean): Promise<MinimizeResult> {
  const sign = async (x: Fixture): Promise<string> => (await Promise.all(runners.map((r) => r.signature(x)))).map((s, i) => `${runners[i].name}: ${s}`).join(' | ');
  const target = await sign(f);
  const again = await sign(f);
  if (again !== target) throw new UsageError(`minimize: the original does not replay the same twice (${target} / ${again}); nothing stable to keep`);
  if (against) {
    const verdicts = target.split(' | ').map((s) => s.replace(/^[^:]*: /, ''));
    if (verdicts[0] === verdicts[1]) throw new UsageError(`minimize: ${runners[0].name} and ${runners[1].name} agree on ${f.id} (${verdicts[0]}); nothing to keep`);
  }
  const units = unitsOf(f);
  if (units.length === 0) throw new UsageError(`minimize: ${f.id} has no ${stepKind(f)} octets`);
  const r = await ddminAsync(units, async (c) => (await sign(withUnits(f, c))) === target, budget, (c) => c.map((u) => `${u.step}:${u.octet}`).join(''));
  const min = withUnits(f, r.minimal);
  return { fixture: min, signature: target, runs: r.runs + 2, before: units.length, after: r.minimal.length, exhausted: r.exhausted };
}

type Values = Record<string, string | number | boolean | undefined>;

function subject(word: string, flag: string): SubjectSpec {
  try {
    return resolveSubjects([word])[0];
  } catch (e) {
    if (e instanceof SubjectError) throw new UsageError(`${flag}: ${e.message}`);
    throw e;
  }
}

/** `h1compat minimize FIXTURE --subject X [--against Y]`: exit 0 written and lints clean, 1 otherwise. */
export async function minimizeCommand(v: Values, positional: readonly string[]): Promise<number> {
  const file = positional[0];
  if (file === undefined) throw new UsageError('h1compat minimize: give the fixture file: h1compat minimize FIXTURE.h1 --subject NAME');
  if (typeof v.subject !== 'string') throw new UsageError('h1compat minimize: --subject NAME is required');
  const keep = (v.keep as string | undefined) ?? 'observed';
  if (keep !== 'observed' && keep !== 'verdict') throw new UsageError('--keep must be observed or verdict');
  const loaded = loadFixtureFile(file);
  if (!loaded.ok) throw new UsageError(`h1compat minimize: ${loaded.diagnostics.map(formatDiagnostic).join('; ')}`);
  const f = loaded.fixture;
  const specs = [subject(v.subject, '--subject'), ...(typeof v.against === 'string' ? [subject(v.against, '--against')] : [])];
  for (const s of specs) if (s.role !== f.role) throw new UsageError(`h1compat minimize: ${s.name} is a ${s.role} subject; ${f.id} is a ${f.role} fixture`);
  const id = checkId((v.id as string | undefined) ?? `${f.id}-min`);
  const target = typeof v.out === 'string' ? outFile(v.out, id) : join(dirname(file), `${id}.h1`);
  const runners: Runner[] = [];
  let result: MinimizeResult;
  try {
    for (const s of specs) runners.push(await runnerFor(s, keep, (v.wait as number | undefined) ?? 500));
    const maxRuns = (v['max-runs'] as number | undefined) ?? 400;
    result = await minimizeFixture(f, runners, { maxRuns, deadline: Date.now() + ((v.seconds as number | undefined) ?? 60) * 1000 }, specs.length > 1);
  } finally {
    for (const r of runners) await r.stop();
  }
  const note = `Minimized from ${f.id} by h1compat minimize (${result.before} -> ${result.after} octets in ${result.runs} replays${result.exhausted ? ', budget exhausted' : ''}), keeping ${keep === 'verdict' ? 'the verdict' : 'the verdict and what was observed'}: ${result.signature}.`;
  const out: Fixture = { ...result.fixture, id, notes: [...f.notes, note] };
  const w = writeFixture(out, target, v.force === true);
  process.stdout.write(`${w.file}\n${note}\n`);
  for (const p of w.problems) process.stdout.write(`${p}\n`);
  return w.problems.length === 0 ? 0 : 1;
}

/** The CLI table entry (harness/cli.ts). */
export const MINIMIZE_COMMAND = {
  usage: 'h1compat minimize FIXTURE --subject NAME [--against NAME] [--max-runs N] [--seconds S] [--out PATH]',
  summary: 'Delta-debug a fixture\'s octets to the smallest input that keeps the same verdict and observed behaviour on a subject (or the same disagreement between two); writes <id>-min.h1 noting `minimized from <id>` (docs/bug-reports.md).',
  flags: MINIMIZE_FLAGS,
  run(values: Record<string, unknown>, positional: readonly string[]): Promise<number> {
    return minimizeCommand(values as Values, positional);
  },
};
