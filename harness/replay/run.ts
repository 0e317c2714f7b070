// Running a selection of fixtures against subjects in delivery modes, with a job limit; one record per replay.

import type { DeliveryMode, Fixture } from '../fixture';
import { lacks, startSubject, type SubjectHandle, type SubjectSpec } from '../subjects';
import { resultRecord } from '../results/record';
import type { ResultRecord, SubjectInfo } from '../results/types';
import { replayServer, DEFAULTS, type ReplayOptions } from './engine';
import { TCP_MODES } from './segment';
import { judge, type Verdict } from './verdict';
import { replayRole, roleVersion } from './roles';

export interface RunOptions extends Omit<ReplayOptions, 'delivery'> {
  /** delivery modes to run (each fixture runs those of them it allows); default: every TCP mode */
  readonly deliveries?: readonly DeliveryMode[];
  /** replays in flight at once, per subject */
  readonly jobs?: number;
  /** is the run being stopped (SIGINT)? checked before each replay */
  readonly stopped?: () => boolean;
}

export interface Planned {
  readonly fixture: Fixture;
  readonly file: string;
}

/** The delivery modes a fixture runs in, given the requested ones. */
export function deliveriesOf(f: Fixture, requested: readonly DeliveryMode[]): DeliveryMode[] {
  return requested.filter((m) => f.delivery.modes.includes(m) && TCP_MODES.includes(m));
}

function skipOrError(kind: 'skip' | 'error', reason: string): Verdict {
  return { verdict: kind, reason, matched: [], violated: [], mismatches: [] };
}

/** A fixture needs a capability the subject lacks when one of its tags names it. */
function missingCapability(f: Fixture, spec: SubjectSpec): string | undefined {
  const missing = lacks(spec);
  return f.tags.find((t) => missing.has(t));
}

async function pool<T>(items: readonly T[], jobs: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, items.length)) }, worker));
}

/** Run one subject: start it, replay every planned fixture x delivery, stop it. Never throws for the subject. */
export async function runSubject(spec: SubjectSpec, plan: readonly Planned[], options: RunOptions, onRecord: (r: ResultRecord) => void,
  started?: SubjectHandle): Promise<SubjectInfo> {
  const requested = options.deliveries ?? TCP_MODES;
  const seed = options.seed ?? DEFAULTS.seed;
  const tasks = plan.filter((p) => p.fixture.role === spec.role).flatMap((p) => deliveriesOf(p.fixture, requested).map((delivery) => ({ ...p, delivery })));
  let handle: SubjectHandle | undefined = started;
  let startError: string | undefined;
  // client and proxy subjects are started per replay (each replay has its own origin port): see roles.ts
  const perReplay = spec.role !== 'server';
  if (handle === undefined && !perReplay) {
    try {
      handle = await startSubject(spec);
    } catch (e) {
      startError = (e as Error).message;
    }
  }
  const echo = !lacks(spec).has('echo');
  await pool(tasks, options.jobs ?? 1, async (t) => {
    if (options.stopped?.()) return;
    const t0 = Date.now();
    const base = { fixture: t.fixture, file: t.file, subject: spec.name, delivery: t.delivery, seed };
    const missing = missingCapability(t.fixture, spec);
    if ((handle === undefined && !perReplay) || missing !== undefined) {
      const v = missing !== undefined ? skipOrError('skip', `the subject lacks \`${missing}\``) : skipOrError('error', `the subject did not start: ${startError}`);
      onRecord(resultRecord({ ...base, verdict: v, durationMs: 0 }));
      return;
    }
    let verdict: Verdict;
    let observation;
    try {
      observation = handle === undefined ? await replayRole(spec, t.fixture, { ...options, delivery: t.delivery })
        : await replayServer(t.fixture, handle.host, handle.port, { ...options, delivery: t.delivery });
      verdict = judge(t.fixture, observation, echo);
    } catch (e) {
      verdict = skipOrError('error', `harness error: ${(e as Error).stack ?? e}`);
    }
    onRecord(resultRecord({ ...base, verdict, observation, durationMs: Date.now() - t0 }));
  });
  const out = handle?.output();
  if (started === undefined) await handle?.stop();
  return {
    name: spec.name,
    version: handle?.version ?? spec.version ?? roleVersion(spec),
    role: spec.role,
    adapter: spec.adapter.kind,
    lacks: spec.lacks,
    ...(startError !== undefined ? { startError } : {}),
    ...(out !== undefined && (out.stdout !== '' || out.stderr !== '') ? { stdout: out.stdout, stderr: out.stderr } : {}),
  };
}
