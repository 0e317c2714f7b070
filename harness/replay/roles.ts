// The role table: for each role (server, client, proxy), the sides the harness plays, the steps and waits that act
// in it, the transports and delivery modes it runs over, what is started for each replay and what is observed.
// Every role-dependent decision of the replay engine and the runner reads this table (no `role ===` elsewhere).

import type { DeliveryMode, Fixture, Role, Step, WaitFor } from '../fixture';
import { implementationModule } from '../client/launch';
import type { SubjectSpec } from '../subjects/types';
import { startClient, startProxyFor, type PerReplayOptions, type StartedSubject } from './per-replay';
import { MEMORY_MODES, TCP_MODES } from './segment';
import type { Waiters, WireSide } from './wire';

export { startProxy } from './per-replay';

export interface RoleRules {
  readonly role: Role;
  /** the sides the harness plays: `client` (it connects to the subject), `origin` (the subject connects to it) */
  readonly plays: readonly WireSide[];
  /** the side whose end `wait: close` waits for and whose end is the connection outcome */
  readonly main: WireSide;
  /** the steps that act in this role (others are noted and skipped) */
  readonly steps: readonly Step['kind'][];
  /** the waits that act in this role */
  readonly waits: readonly WaitFor[];
  /** how the subject is started for each replay, against the harness's own origin (per-replay.ts); absent: it is
   *  started once per run by the runner (and restarted by the keeper when it stops answering) */
  readonly startPerReplay?: (spec: SubjectSpec, fixture: Fixture, originPort: number, opts: PerReplayOptions, waiters: Waiters) => Promise<StartedSubject>;
  /** in-process subjects of this role can be replayed in memory (exact segmentation, every-split) */
  readonly memory: boolean;
  /** who reports the requests the subject saw: the subject, through the echo contract (`echo`), or the harness,
   *  which parses what the subject sent with the strict reference parser (`harness`) */
  readonly requestsBy: 'echo' | 'harness';
  /** who reports the responses: the harness parses what it received (`harness`), or the client under test says what
   *  it made of them (`subject`; `contains` checks then have no received octets to look in) */
  readonly responsesBy: 'harness' | 'subject';
  /** what a record of this role shows, in words */
  readonly observes: string;
  /** the version of the in-process subject of this role, from the implementation's */
  readonly inProcessVersion: (implementation: string) => string;
}

export const ROLES: Readonly<Record<Role, RoleRules>> = {
  server: {
    role: 'server', plays: ['client'], main: 'client',
    steps: ['send', 'pause', 'half-close', 'wait'], waits: ['interim', 'response', 'close'],
    memory: true, requestsBy: 'echo', responsesBy: 'harness',
    observes: 'the responses as the strict reference parser reads them, the requests the echo body reports, how the connection ended',
    inProcessVersion: (v) => v,
  },
  client: {
    role: 'client', plays: ['origin'], main: 'origin',
    steps: ['serve', 'pause', 'half-close', 'wait'], waits: ['request-head', 'request', 'close'],
    startPerReplay: startClient, memory: false, requestsBy: 'harness', responsesBy: 'subject',
    observes: 'the requests the client sent (strict reference parser), the responses as the client reported them, how the connection ended',
    inProcessVersion: (v) => v,
  },
  proxy: {
    role: 'proxy', plays: ['client', 'origin'], main: 'client',
    steps: ['send', 'serve', 'pause', 'half-close', 'wait'], waits: ['interim', 'response', 'close', 'request-head', 'request'],
    startPerReplay: startProxyFor, memory: false, requestsBy: 'harness', responsesBy: 'harness',
    observes: 'what the proxy forwarded to the origin and returned to the client (both re-parsed strictly), how the client connection ended',
    inProcessVersion: (v) => `test proxy on ${v}`,
  },
};

/** The transport a subject's replays use: memory for in-process subjects of a role that allows it (unless `tcp` is
 *  asked for), else loopback TCP. */
export function transportOf(spec: SubjectSpec, prefer: 'tcp' | 'auto' | 'memory' = 'auto'): 'tcp' | 'memory' {
  return ROLES[spec.role].memory && spec.adapter.kind === 'in-process' && prefer !== 'tcp' ? 'memory' : 'tcp';
}

/** The delivery modes a transport runs. */
export function transportModes(transport: 'tcp' | 'memory'): readonly DeliveryMode[] {
  return transport === 'memory' ? MEMORY_MODES : TCP_MODES;
}

/** The version of a subject started per replay, before any replay has started it. */
export function roleVersion(spec: SubjectSpec): string {
  const a = spec.adapter;
  if (a.kind !== 'in-process') return 'unknown';
  return ROLES[spec.role].inProcessVersion(implementationModule(a.implementation).name);
}

