// Dispatch of per-replay roles: client and proxy subjects are started for each replay (each has its own origin).

import type { Fixture } from '../fixture';
import type { SubjectSpec } from '../subjects/types';
import { implementationModule } from '../client/launch';
import type { ReplayOptions } from './engine';
import type { Observation } from './observation';
import { replayClient } from './client-engine';
import { replayProxy } from './proxy-engine';

export function replayRole(spec: SubjectSpec, fixture: Fixture, options: ReplayOptions): Promise<Observation> {
  if (spec.role === 'client') return replayClient(fixture, spec, options);
  if (spec.role === 'proxy') return replayProxy(fixture, spec, options);
  throw new Error('server subjects are replayed by replayServer');
}

/** The version of a client/proxy subject that is not started up front. */
export function roleVersion(spec: SubjectSpec): string {
  const a = spec.adapter;
  if (a.kind !== 'in-process') return 'unknown';
  const v = implementationModule(a.implementation).name;
  return spec.role === 'proxy' ? `test proxy on ${v}` : v;
}
