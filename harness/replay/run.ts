// The one runner, for every role: a selection of fixtures against a subject in delivery modes, with a job limit;
// one record per fixture x subject x delivery (every-split folds its replays into one record; --repeat N marks
// verdicts that change as flaky). What differs by role (transport, deliveries, what is started when) comes from the
// role table (roles.ts): a server subject is started once per run (and restarted by the keeper), a client or proxy
// subject for each replay, against the harness's own origin.

import type { DeliveryMode, Fixture } from '../fixture';
import { lacks, startSubject, type SubjectHandle, type SubjectSpec } from '../subjects';
import { resultRecord } from '../results/record';
import type { ResultRecord, SubjectInfo } from '../../reports/results-model';
import { replay, DEFAULTS, type ReplayOptions, type ReplayTarget, type SplitPoint } from './engine';
import { splitPlan, SplitFold, worse, type UnitResult } from './every-split';
import { ROLES, roleVersion, transportModes, transportOf } from './roles';
import { connectorFor, type TransportKind } from './transport-tcp';
import { judge, type Verdict } from './verdict';
import { Keeper } from './keeper';

export interface RunOptions extends Omit<ReplayOptions, 'delivery' | 'split'> {
  /** delivery modes to run (each fixture runs those of them it allows); default: every mode the transport runs */
  readonly deliveries?: readonly DeliveryMode[];
  /** replays in flight at once, per subject */
  readonly jobs?: number;
  /** replay each case N times; a case whose verdict differs between repeats is marked flaky */
  readonly repeat?: number;
  /** `tcp` forces loopback TCP for in-process subjects too; `auto` (default): in memory where the subject offers it */
  readonly transport?: TransportKind | 'auto';
  /** limit of the probe that checks a command subject still answers after a suspicious replay (./keeper.ts) */
  readonly probeMs?: number;
  /** is the run being stopped (SIGINT)? checked before each replay */
  readonly stopped?: () => boolean;
}

export interface Planned {
  readonly fixture: Fixture;
  readonly file: string;
}

/** The transport a subject's replays use (roles.ts): memory for in-process subjects of a role that allows it
 *  (unless `transport: tcp`), else TCP. */
export function subjectTransport(spec: SubjectSpec, options: Pick<RunOptions, 'transport'> = {}): TransportKind {
  return transportOf(spec, options.transport);
}

/** The delivery modes a fixture runs in, given the requested ones (default: every mode of the transport).
 *  every-split over TCP is planned only when requested explicitly, and then gives a skip record — except in a role
 *  that never runs in memory (a subject started per replay), which plans only the TCP modes. */
export function deliveriesOf(f: Fixture, requested: readonly DeliveryMode[] | undefined, transport: TransportKind = 'tcp', role: Fixture['role'] = 'server'): DeliveryMode[] {
  const modes = (requested ?? transportModes(transport)).filter((m) => ROLES[role].memory || transportModes('tcp').includes(m));
  return modes.filter((m) => f.delivery.modes.includes(m));
}

/** How many records runSubject gives for this plan (the TAP plan line). */
export function plannedRecords(spec: SubjectSpec, plan: readonly Planned[], options: Pick<RunOptions, 'transport' | 'deliveries'>): number {
  const transport = subjectTransport(spec, options);
  return ofSubject(plan, spec).reduce((n, p) => n + deliveriesOf(p.fixture, options.deliveries, transport, spec.role).length, 0);
}

/** The planned fixtures a subject replays: those of its role. */
function ofSubject(plan: readonly Planned[], spec: SubjectSpec): Planned[] {
  return plan.filter((p) => p.fixture.role === spec.role);
}

function skipOrError(kind: 'skip' | 'error', reason: string): Verdict {
  return { verdict: kind, reason, matched: [], violated: [], mismatches: [] };
}

/** A fixture needs a capability the subject lacks when one of its tags names it. */
function missingCapability(f: Fixture, spec: SubjectSpec): string | undefined {
  const missing = lacks(spec);
  return f.tags.find((t) => missing.has(t));
}

/** Run `work` over `items` with at most `jobs` in flight; items are taken in order. */
export async function pool<T>(items: readonly T[], jobs: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, items.length)) }, worker));
}

interface Unit {
  readonly p: Planned;
  readonly delivery: DeliveryMode;
  readonly point?: SplitPoint;
  readonly fold?: SplitFold;
}

/** One case, `repeat` times: the worst verdict (first of equals) with its observation, and every verdict. Any
 *  exception inside the harness or an adapter is an `error` with its stack, never the subject's `fail`. */
async function runUnit(u: Unit, target: ReplayTarget, options: RunOptions, echo: boolean, fieldOrder = true): Promise<UnitResult> {
  const n = Math.max(1, Math.floor(options.repeat ?? 1));
  let shown: UnitResult | undefined;
  const verdicts: Verdict['verdict'][] = [];
  for (let i = 0; i < n; i++) {
    let r: UnitResult;
    try {
      const observation = await replay(u.p.fixture, target, { ...options, delivery: u.delivery, ...(u.point !== undefined ? { split: u.point } : {}) });
      r = { verdict: judge(u.p.fixture, observation, echo, fieldOrder), observation };
    } catch (e) {
      r = { verdict: skipOrError('error', `harness error: ${(e as Error)?.stack ?? String(e)}`) };
    }
    verdicts.push(r.verdict.verdict);
    if (shown === undefined || worse(r.verdict.verdict, shown.verdict.verdict)) shown = r;
  }
  return n > 1 ? { ...shown!, repeats: verdicts } : shown!;
}

/** Run one subject of any role: start it (once per run, or for each replay as its role says), replay every planned
 *  fixture x delivery, stop it. Never throws for the subject. */
export async function runSubject(spec: SubjectSpec, plan: readonly Planned[], options: RunOptions, onRecord: (r: ResultRecord) => void,
  started?: SubjectHandle): Promise<SubjectInfo> {
  const seed = options.seed ?? DEFAULTS.seed;
  const rules = ROLES[spec.role];
  const perReplay = rules.startPerReplay !== undefined;
  let handle: SubjectHandle | undefined = started;
  let startError: string | undefined;
  if (handle === undefined && !perReplay) {
    try {
      handle = await startSubject(spec);
    } catch (e) {
      startError = (e as Error).message;
    }
  }
  const transport = handle !== undefined && handle.connectMemory === undefined ? 'tcp' : subjectTransport(spec, options);
  // requests the harness parses itself need no echo from the subject
  const echo = rules.requestsBy === 'harness' || !lacks(spec).has('echo');
  // an echo built on a hash map cannot report the order of field lines of different names (harness/README.md)
  const fieldOrder = rules.requestsBy === 'harness' || !lacks(spec).has('field-order');
  // a command subject this run started is restarted when it stops answering (./keeper.ts)
  const unitStart = new Map<Unit, number>();
  const keeper: Keeper<Unit> | undefined = handle !== undefined && started === undefined && spec.adapter.kind === 'command' ? new Keeper<Unit>(handle, {
    replay: (u): Promise<UnitResult> => { unitStart.set(u, Date.now()); return runUnit(u, { connector: keeper!.connector }, options, echo, fieldOrder); },
    emit: (u, r) => onRecord(resultRecord({ fixture: u.p.fixture, file: u.p.file, subject: spec.name, delivery: u.delivery, seed, transport, ...r,
      durationMs: unitStart.has(u) ? Date.now() - unitStart.get(u)! : 0, ...flakiness(r) })),
    label: (u) => `${u.p.fixture.id} (${u.delivery})`,
    start: () => startSubject(spec),
    ...(options.probeMs !== undefined ? { probeMs: options.probeMs } : {}),
  }) : undefined;
  const target: ReplayTarget | undefined = perReplay ? { spec }
    : keeper !== undefined ? { connector: keeper.connector } : handle !== undefined ? { connector: connectorFor(handle, transport) } : undefined;
  const units: Unit[] = [];
  for (const p of ofSubject(plan, spec)) {
    for (const delivery of deliveriesOf(p.fixture, options.deliveries, transport, spec.role)) {
      const base = { fixture: p.fixture, file: p.file, subject: spec.name, delivery, seed, transport };
      const missing = missingCapability(p.fixture, spec);
      if (target === undefined || missing !== undefined) {
        const v = missing !== undefined ? skipOrError('skip', `the subject lacks \`${missing}\``) : skipOrError('error', `the subject did not start: ${startError}`);
        onRecord(resultRecord({ ...base, verdict: v, durationMs: 0 }));
      } else if (delivery === 'every-split' && transport === 'tcp') {
        onRecord(resultRecord({ ...base, verdict: skipOrError('skip', 'every-split needs the in-memory transport (in-process subjects): over TCP the kernel may merge the two writes of a split'), durationMs: 0 }));
      } else if (delivery === 'every-split') {
        const { points, steps } = splitPlan(p.fixture);
        const fold = new SplitFold(points.length, steps);
        for (const point of points) units.push({ p, delivery, point, fold });
      } else units.push({ p, delivery });
    }
  }
  // longest first (the fixture's own pauses and bounded waits), so that a long replay does not start last and hold
  // the run while the other jobs are idle; records are sorted in the file, so the order never shows
  const order = units.map((u, i) => ({ u, i, ms: expectedMs(u.p.fixture) })).sort((a, b) => b.ms - a.ms || a.i - b.i).map((x) => x.u);
  const started0 = new Map<SplitFold, number>();
  // a subject may cap the replays in flight against it (subject file `maxJobs`: one connection at a time)
  await pool(order, Math.min(options.jobs ?? 1, spec.maxJobs ?? Infinity), async (u) => {
    if (options.stopped?.() || target === undefined) return;
    if (keeper !== undefined) return keeper.run(u);
    const t0 = Date.now();
    if (u.fold !== undefined && !started0.has(u.fold)) started0.set(u.fold, t0);
    const r = await runUnit(u, target, options, echo, fieldOrder);
    const base = { fixture: u.p.fixture, file: u.p.file, subject: spec.name, delivery: u.delivery, seed, transport };
    if (u.fold === undefined) {
      onRecord(resultRecord({ ...base, ...r, durationMs: Date.now() - t0, ...flakiness(r) }));
    } else if (u.fold.add(u.point!, r)) {
      const { result, splits } = u.fold.result();
      onRecord(resultRecord({ ...base, ...result, splits, durationMs: Date.now() - started0.get(u.fold)!, ...(u.fold.flaky ? { flaky: true } : {}) }));
    }
  });
  const last = keeper?.handle ?? handle;
  const out = last?.output();
  if (started === undefined) await last?.stop();
  return {
    name: spec.name,
    version: handle?.version ?? spec.version ?? (perReplay ? roleVersion(spec) : 'unknown'),
    role: spec.role,
    adapter: spec.adapter.kind,
    transport,
    lacks: spec.lacks,
    ...(startError !== undefined ? { startError } : {}),
    ...(keeper !== undefined && keeper.restarts.length > 0 ? { restarts: keeper.restarts } : {}),
    ...(out !== undefined && (out.stdout !== '' || out.stderr !== '') ? { stdout: out.stdout, stderr: out.stderr } : {}),
  };
}

/** What a fixture itself may make a replay wait: its pauses and its waits' `within` limits (ms). */
function expectedMs(f: Fixture): number {
  return f.exchange.reduce((n, s) => n + (s.kind === 'pause' ? s.ms : s.kind === 'wait' ? s.withinMs ?? 0 : 0), 0);
}

function flakiness(r: UnitResult): { repeats?: UnitResult['repeats']; flaky?: boolean } {
  if (r.repeats === undefined) return {};
  return { repeats: r.repeats, ...(new Set(r.repeats).size > 1 ? { flaky: true } : {}) };
}
