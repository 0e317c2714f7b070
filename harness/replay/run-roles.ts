// Running client- and proxy-role subjects over a selection: each replay starts the subject against its own origin
// (roles.ts), so there is no long-lived subject; one record per fixture x subject x delivery, as for servers.

import type { DeliveryMode, Fixture } from '../fixture';
import { lacks, type SubjectSpec } from '../subjects';
import { resultRecord } from '../results/record';
import type { ResultRecord, SubjectInfo } from '../../reports/results-model';
import { DEFAULTS, type ReplayOptions } from './engine';
import { TCP_MODES } from './segment';
import { judge, type Verdict } from './verdict';
import { replayRole, roleVersion } from './roles';

export interface RoleRunOptions extends Omit<ReplayOptions, 'delivery'> {
  readonly deliveries?: readonly DeliveryMode[];
  readonly jobs?: number;
  readonly stopped?: () => boolean;
}

/** Client and proxy replays always run over loopback TCP (the subject connects to the harness's origin). */
export function roleDeliveries(f: Fixture, requested: readonly DeliveryMode[] | undefined): DeliveryMode[] {
  return (requested ?? TCP_MODES).filter((m) => f.delivery.modes.includes(m) && TCP_MODES.includes(m));
}

/** How many records runRoleSubject gives (for the TAP plan). */
export function roleRecordCount(spec: SubjectSpec, plan: readonly { fixture: Fixture }[], deliveries?: readonly DeliveryMode[]): number {
  return plan.filter((p) => p.fixture.role === spec.role).reduce((n, p) => n + roleDeliveries(p.fixture, deliveries).length, 0);
}

const verdictOf = (verdict: 'skip' | 'error', reason: string): Verdict => ({ verdict, reason, matched: [], violated: [], mismatches: [] });

/** Run one client or proxy subject over the plan. Never throws for the subject's behaviour. */
export async function runRoleSubject(spec: SubjectSpec, plan: readonly { fixture: Fixture; file: string }[], options: RoleRunOptions,
  onRecord: (r: ResultRecord) => void): Promise<SubjectInfo> {
  const seed = options.seed ?? DEFAULTS.seed;
  const tasks = plan.filter((p) => p.fixture.role === spec.role).flatMap((p) => roleDeliveries(p.fixture, options.deliveries).map((delivery) => ({ ...p, delivery })));
  const missing = lacks(spec);
  // spread (not written out) so that the record input fits the results model with or without a transport field
  const transport = { transport: 'tcp' as const };
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      const t = tasks[next++];
      if (options.stopped?.()) return;
      const t0 = Date.now();
      const base = { fixture: t.fixture, file: t.file, subject: spec.name, delivery: t.delivery, seed, ...transport };
      const lacking = t.fixture.tags.find((tag) => missing.has(tag));
      if (lacking !== undefined) {
        onRecord(resultRecord({ ...base, verdict: verdictOf('skip', `the subject lacks \`${lacking}\``), durationMs: 0 }));
        continue;
      }
      let verdict: Verdict;
      let observation;
      try {
        observation = await replayRole(spec, t.fixture, { ...options, delivery: t.delivery });
        verdict = judge(t.fixture, observation);
      } catch (e) {
        verdict = verdictOf('error', `harness error: ${(e as Error).stack ?? e}`);
      }
      onRecord(resultRecord({ ...base, verdict, observation, durationMs: Date.now() - t0 }));
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.jobs ?? 1, tasks.length)) }, worker));
  return { name: spec.name, version: spec.version ?? roleVersion(spec), role: spec.role, adapter: spec.adapter.kind, lacks: spec.lacks };
}
