// The replay of one fixture against one subject, in any role: set up the sides the role has the harness play
// (roles.ts: its client side, its origin, a subject started for this replay), run the exchange (exchange.ts), stop
// everything, and return one Observation. Never throws for the subject's behaviour; a harness fault is harnessError.

import type { DeliveryMode, Fixture } from '../fixture';
import type { SubjectSpec } from '../subjects/types';
import { ClientSide } from './client-side';
import { Exchange, type Clock, type SplitPoint } from './exchange';
import { requestMethods, type Malformation, type Observation } from './observation';
import { Origin } from './origin';
import type { StartedSubject } from './per-replay';
import { ROLES } from './roles';
import { showArrival } from './match';
import { show } from './show';
import { bufferOf } from '../fixture';
import { tcpConnector, type Connector } from './transport-tcp';
import { Waiters, WireLog } from './wire';
import { DEFAULT_CLIENT_TIMEOUT_MS } from '../client/types';

export type { SplitPoint } from './exchange';

export interface ReplayOptions {
  readonly delivery: DeliveryMode;
  /** run seed for random-splits (each fixture derives its own from it) */
  readonly seed?: number;
  /** default limit of a `wait` step without `within` (ms) */
  readonly waitMs?: number;
  /** overall limit of one replay (ms); the run is cut and graded when it passes */
  readonly timeoutMs?: number;
  /** how long to watch the connection after the last step (ms), to see a close that follows a response */
  readonly settleMs?: number;
  /** most octets received kept; beyond it the harness cuts the connection (flood) */
  readonly receiveCap?: number;
  /** every-split: the one split of this replay (exchange.ts) */
  readonly split?: SplitPoint;
  /** client role: the per-request time limit given to the client in its spec (ms) */
  readonly clientTimeoutMs?: number;
  /** roles whose subject starts per replay: how long it may take to start and connect before the steps run (ms) */
  readonly clientStartMs?: number;
}

export const DEFAULTS = { seed: 1, waitMs: 2000, timeoutMs: 15000, settleMs: 30, receiveCap: 1024 * 1024 } as const;

/** Default limit for a subject started per replay to start and connect: command drivers start a runtime. Not part
 *  of the fixture's clock, so it only has to be long enough: a JVM client took up to 10.7 s to connect at a load
 *  average of 16 on 2 cores (issue 13: past 10 s the steps ran without it and the verdict flipped). */
export const CLIENT_START_MS = 30000;

/** What a replay runs against: a started subject's connector (a role whose subject runs for the whole run), or the
 *  subject's description (a role whose subject is started for each replay, roles.ts). */
export type ReplayTarget = { readonly connector: Connector } | { readonly spec: SubjectSpec };

/** Replay a fixture (in its role) against a target. */
export async function replay(fixture: Fixture, target: ReplayTarget, options: ReplayOptions): Promise<Observation> {
  const rules = ROLES[fixture.role];
  const opts = { ...DEFAULTS, ...options };
  const startMs = options.clientStartMs ?? CLIENT_START_MS;
  const t0 = Date.now();
  const clock: Clock = { overall: false };
  const notes: string[] = [];
  const timeouts: string[] = [];
  const wire = new WireLog(t0);
  const perReplay = rules.startPerReplay !== undefined;
  const waiters = new Waiters(t0 + (perReplay ? startMs : 0) + opts.timeoutMs, () => clock.overall, () => { clock.overall = true; });
  const plays = (side: 'client' | 'origin'): boolean => rules.plays.includes(side);
  const sent = fixture.exchange.map((s) => (s.kind === 'send' ? bufferOf(s.bytes).toString('latin1') : '')).join('');
  const client = plays('client') ? new ClientSide(requestMethods(sent), wire, waiters, notes, opts.receiveCap, plays('origin') ? 'client' : undefined) : undefined;
  const origin = plays('origin') ? new Origin({ receiveCap: opts.receiveCap, wire, waiters, notes }) : undefined;
  let started: StartedSubject | undefined;
  let exchange: Exchange | undefined;
  let timer: NodeJS.Timeout | undefined;
  let connection: Observation['connection'] = 'open';
  let harnessError: string | undefined;
  const transport = 'connector' in target ? target.connector.kind : 'tcp';
  try {
    harnessError = await (async (): Promise<string | undefined> => {
      let port = 0;
      if (origin !== undefined) {
        try {
          port = await origin.listen();
        } catch (e) {
          return `the origin could not listen on 127.0.0.1: ${(e as Error).message}`;
        }
      }
      if (rules.startPerReplay !== undefined) {
        if (!('spec' in target)) return `a ${rules.role} subject is started for each replay: the harness needs its description`;
        const clientTimeoutMs = Math.min(options.clientTimeoutMs ?? DEFAULT_CLIENT_TIMEOUT_MS, opts.timeoutMs);
        try {
          started = await rules.startPerReplay(target.spec, fixture, port, { clientTimeoutMs }, waiters);
        } catch (e) {
          return `the ${rules.role} did not start: ${(e as Error).message}`;
        }
      }
      if (client !== undefined) {
        const connector = 'connector' in target ? target.connector
          : started?.address !== undefined ? tcpConnector(started.address.host, started.address.port) : undefined;
        if (connector === undefined) return `a ${rules.role} subject needs a connector`;
        const error = await client.open(connector, opts.timeoutMs);
        if (error !== undefined) return error;
      }
      const cut = started?.client;
      // a client under test has started once its first request octets arrive (not when it connects: under CPU load a
      // JVM client took over 2 s from connecting to writing its head, and the first `wait: request` timed out on it;
      // issue 13), once it closed without sending, or once it reported
      // (octets that complete no head wake no waiter: a 50 ms tick re-checks while it starts)
      if (cut !== undefined) {
        const tick = setInterval(() => waiters.notify(), 50);
        const begun = await waiters.until(() => origin!.receivedLength > 0 || origin!.closed || cut.report !== undefined, startMs);
        clearInterval(tick);
        if (!begun) notes.push(origin!.connections.length === 0 ? `the client did not connect within ${startMs} ms` : `the client connected but sent nothing within ${startMs} ms`);
      }
      return undefined;
    })();
    if (harnessError === undefined) {
      // the fixture's clock starts when the sides are connected (a subject's start-up time is not what it measures)
      waiters.setDeadline(Date.now() + opts.timeoutMs);
      timer = setTimeout(() => { clock.overall = true; waiters.notify(); }, opts.timeoutMs);
      const cut = started?.client;
      exchange = new Exchange({
        fixture, rules, ...(client !== undefined ? { client } : {}), ...(origin !== undefined ? { origin } : {}),
        finished: () => cut?.report !== undefined, waiters, clock, notes, timeouts,
        delivery: opts.delivery, seed: opts.seed, waitMs: opts.waitMs, ...(options.split !== undefined ? { split: options.split } : {}),
      });
      await exchange.run();
      await exchange.settle(transport === 'memory', opts.settleMs);
      // a client under test reports once it has its responses (or gave up after its own per-request limit)
      if (cut !== undefined && !(await waiters.until(() => cut.report !== undefined, cut.reportMs))) {
        notes.push(`the client did not report within ${cut.reportMs} ms after the last step`);
      }
    }
    // the outcome is read before the harness lets go of anything (stopping a client closes its connection)
    connection = rules.main === 'client' ? client!.ended : origin!.connection;
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    client?.destroy();
    await started?.stop();
    await origin?.close();
  }
  const quiet = exchange?.quietEnds ?? 0;
  if (quiet > 0) notes.push(`in memory, ${quiet} wait(s) ended as soon as the idle subject could no longer satisfy them (no timer of its due before their end; harness/README.md)`);
  return observe({ fixture, client, origin, started, notes, timeouts, wire, clock, connection, harnessError,
    octetsSent: exchange?.sent ?? 0, segmented: opts.delivery !== 'whole' && transport === 'tcp' });
}

interface Seen {
  readonly fixture: Fixture;
  readonly client: ClientSide | undefined;
  readonly origin: Origin | undefined;
  readonly started: StartedSubject | undefined;
  readonly notes: string[];
  readonly timeouts: string[];
  readonly wire: WireLog;
  readonly clock: Clock;
  readonly connection: Observation['connection'];
  readonly harnessError: string | undefined;
  readonly octetsSent: number;
  readonly segmented: boolean;
}

/** What the role observes (roles.ts), as one Observation. */
function observe(s: Seen): Observation {
  const rules = ROLES[s.fixture.role];
  const { client, origin, notes } = s;
  const cut = s.started?.client;
  if (cut !== undefined) notes.push(...cut.notes());
  if (origin !== undefined && s.harnessError === undefined) {
    const n = origin.connections.length;
    if (n === 0) notes.push(`the ${rules.role} never connected to the origin`);
    else if (n > 1) notes.push(`the ${rules.role} opened ${n} connections to the origin`);
    if (origin.refused > 0) notes.push(`${origin.refused} connection(s) refused beyond ${n}`);
    // where and when each request arrived, when that is what the fixture is about (request checks `connection`, `nth`,
    // `after-serve`) or the subject used several connections
    if (n > 1 || s.fixture.clientRequests.some((q) => q.pipelined === true)) {
      notes.push(`requests received: ${origin.requests.map((q, i) => `${i + 1}. ${show(q.request.method)} ${show(q.request.target)} (${showArrival(q.at)})`).join('; ') || 'none'}`);
    }
  }
  const stderr = s.started?.output().stderr.trim() ?? '';
  if (stderr !== '') notes.push(`${rules.role} stderr: ${stderr.slice(-600).trim()}`);
  const account = client?.account.note();
  if (account !== undefined) notes.push(account);
  if (origin !== undefined) notes.push(...origin.accounts());
  if (s.segmented) notes.push('segmentation over TCP is best-effort: the kernel may coalesce writes');
  // everything the subject emits, both ways, must parse under the strict reference parser
  const both = client !== undefined && origin !== undefined;
  const returned = client?.reader.malformation;
  const forwarded = origin?.malformation;
  const malformation: Malformation | undefined = returned !== undefined ? (both ? { ...returned, reason: `returned to the client: ${returned.reason}` } : returned)
    : forwarded !== undefined ? (both ? { ...forwarded, reason: `forwarded to the origin: ${forwarded.reason}` } : forwarded) : undefined;
  const responses = rules.responsesBy === 'subject' ? cut?.responses ?? [] : client?.reader.responses ?? [];
  const harnessError = s.harnessError ?? cut?.adapterFault;
  return {
    role: rules.role,
    connection: s.connection,
    responses,
    trailingInterim: client?.reader.interim ?? [],
    requests: rules.requestsBy === 'echo' ? responses.flatMap((r) => (r.echo !== undefined ? [r.echo] : [])) : origin?.requests.map((q) => q.request) ?? [],
    ...(origin !== undefined ? { requestsRaw: origin.requests.map((q) => q.raw), requestsAt: origin.requests.map((q) => q.at) } : {}),
    ...(malformation !== undefined ? { malformation } : {}),
    partial: (client !== undefined && !client.reader.idle && returned === undefined) || origin?.partial === true,
    timeouts: s.timeouts,
    overallTimeout: s.clock.overall,
    flooded: client?.flooded === true || origin?.flooded === true,
    octetsSent: s.octetsSent,
    octetsReceived: (client?.receivedLength ?? 0) + (origin?.receivedLength ?? 0),
    received: rules.responsesBy === 'subject' ? origin?.stream ?? '' : Buffer.concat(client?.received ?? []).toString('latin1'),
    wire: s.wire.entries,
    ...(harnessError !== undefined ? { harnessError } : {}),
    notes,
  };
}

/** Replay a server-role fixture against a subject listening on host:port. */
export function replayServer(fixture: Fixture, host: string, port: number, options: ReplayOptions): Promise<Observation> {
  return replay(fixture, { connector: tcpConnector(host, port) }, options);
}

/** Replay a server-role fixture over any transport (transport-tcp.ts, transport-memory.ts). */
export function replayOver(fixture: Fixture, connector: Connector, options: ReplayOptions): Promise<Observation> {
  return replay(fixture, { connector }, options);
}

/** Replay a fixture against a subject started for this replay (client and proxy roles). */
export function replayRole(spec: SubjectSpec, fixture: Fixture, options: ReplayOptions): Promise<Observation> {
  return replay(fixture, { spec }, options);
}
