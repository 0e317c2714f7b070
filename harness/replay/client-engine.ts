// The replay engine for the client role: the harness is the origin; the client under test gets a request spec,
// connects, and reports what it made of the responses the fixture's serve steps write.

import { bufferOf, type Fixture, type Step } from '../fixture';
import { isError, octets, type ClientResult } from '../client/types';
import { buildSpec } from '../client/build';
import { launchClient, type ClientReport } from '../client/launch';
import type { SubjectSpec } from '../subjects/types';
import { DEFAULTS, type ReplayOptions } from './engine';
import type { Observation, ObservedResponse } from './observation';
import { Origin } from './origin';
import { hashSeed, prng, segment } from './segment';
import { Waiters, WireLog } from './wire';

export interface ClientReplayOptions extends ReplayOptions {
  /** the per-request time limit given to the client in its spec (ms) */
  readonly clientTimeoutMs?: number;
  /** how long a client may take to start and connect before the steps run anyway (ms) */
  readonly clientStartMs?: number;
}

/** Default limit for a client to start and open its first connection: command drivers start a runtime. */
export const CLIENT_START_MS = 10000;

/** The client's result entries as responses the matcher reads (errors kept as error entries). */
export function responsesOf(result: ClientResult): ObservedResponse[] {
  return result.results.map((e): ObservedResponse => {
    if (isError(e)) return { status: 0, reason: '', version: '', fields: [], body: '', bodyLength: 0, trailers: [], interim: [], error: e.error };
    const body = Buffer.from(e.body, 'base64').toString('latin1');
    return {
      status: e.status,
      reason: octets(e.reason),
      version: e.version !== undefined ? octets(e.version) : 'HTTP/1.1',
      fields: e.headers.map(([n, v]) => [octets(n), octets(v)]),
      body,
      bodyLength: body.length,
      trailers: (e.trailers ?? []).map(([n, v]) => [octets(n), octets(v)]),
      interim: e.interim ?? [],
    };
  });
}

/** Replay a client-role fixture against a client subject; never throws for the subject's behaviour. */
export async function replayClient(fixture: Fixture, subject: SubjectSpec, options: ClientReplayOptions): Promise<Observation> {
  const opts = { ...DEFAULTS, ...options };
  const t0 = Date.now();
  const startMs = options.clientStartMs ?? CLIENT_START_MS;
  const deadline = t0 + startMs + opts.timeoutMs;
  let overall = false;
  const notes: string[] = [];
  const timeouts: string[] = [];
  const wire = new WireLog(t0);
  const waiters = new Waiters(deadline, () => overall);
  const origin = new Origin({ receiveCap: opts.receiveCap, wire, waiters, notes });
  let port: number;
  try {
    port = await origin.listen();
  } catch (e) {
    return failed(`the origin could not listen on 127.0.0.1: ${(e as Error).message}`, wire);
  }
  const clientTimeoutMs = Math.min(options.clientTimeoutMs ?? 5000, opts.timeoutMs);
  const spec = buildSpec(fixture, '127.0.0.1', port, clientTimeoutMs);
  const client = launchClient(subject, spec);
  let report: ClientReport | undefined;
  void client.report.then((r) => { report = r; waiters.notify(); });
  // the fixture's clock starts when the client has connected (its start-up time is not what the fixture measures)
  if (!(await waiters.until(() => origin.connections.length > 0 || report !== undefined, startMs))) notes.push(`the client did not connect within ${startMs} ms`);
  const timer = setTimeout(() => { overall = true; waiters.notify(); }, opts.timeoutMs);
  const random = prng(hashSeed(opts.seed, fixture.id));
  let served = 0;
  let awaitedHeads = 0;
  let awaitedRequests = 0;
  const gone = (): boolean => { const c = origin.current; return c === undefined || c.gone || c.ended !== 'open'; };
  const step = async (s: Step, index: number): Promise<void> => {
    switch (s.kind) {
      case 'serve': {
        const c = origin.current;
        if (c === undefined) { notes.push(`step ${index}: serve skipped: the client has not connected`); return; }
        served += await c.write(segment(bufferOf(s.bytes), opts.delivery, random), () => overall);
        return;
      }
      case 'pause':
        await waiters.until(() => overall, s.ms);
        return;
      case 'half-close': {
        const c = origin.current;
        if (c !== undefined && !c.gone) c.socket.end();
        return;
      }
      case 'wait': {
        const ms = s.withinMs ?? opts.waitMs;
        let ok: boolean;
        // a client that has reported will send nothing more: stop waiting
        const over = (): boolean => report !== undefined;
        if (s.for === 'request-head') {
          const want = awaitedHeads + 1;
          ok = await waiters.until(() => origin.heads >= want || over() || origin.malformation !== undefined, ms);
          awaitedHeads = Math.max(want, origin.heads);
        } else if (s.for === 'request') {
          const want = awaitedRequests + 1;
          ok = await waiters.until(() => origin.requests.length >= want || over() || origin.malformation !== undefined, ms);
          awaitedRequests = want;
          awaitedHeads = Math.max(awaitedHeads, origin.heads);
        } else if (s.for === 'close') {
          ok = await waiters.until(() => origin.connections.length > 0 && gone(), ms);
        } else {
          notes.push(`step ${index}: wait ${s.for} is not a client-role step; skipped`);
          return;
        }
        if (!ok) timeouts.push(`wait ${s.for} (step ${index}) ${overall ? 'cut by the overall timeout' : `timed out after ${ms} ms`}`);
        return;
      }
      case 'send':
        notes.push(`step ${index}: send is not a client-role step; skipped`);
    }
  };
  let connection;
  try {
    let i = 0;
    for (const s of fixture.exchange) {
      i++;
      if (overall) break;
      await step(s, i);
    }
    if (!overall) await waiters.until(() => false, opts.settleMs);
    // the client reports once it has its responses (or gave up after its own per-request limit)
    const reportMs = clientTimeoutMs * Math.max(1, spec.requests.length) + 1000;
    if (!(await waiters.until(() => report !== undefined, reportMs))) notes.push(`the client did not report within ${reportMs} ms after the last step`);
    connection = origin.connection;
  } finally {
    clearTimeout(timer);
    await client.close();
    await origin.close();
  }
  const r = report;
  if (r !== undefined && !r.ok) notes.push(`no client result: ${r.reason}`);
  // the driver is the harness's adapter: its fault is an `error` record, never the subject's `fail`
  const adapterFault = r !== undefined && !r.ok && r.adapterFault === true ? `harness error in the client adapter: ${r.reason}` : undefined;
  if (r?.ok === true && r.result.results.length !== spec.requests.length) notes.push(`the client reported ${r.result.results.length} result(s) for ${spec.requests.length} request(s)`);
  if (r?.ok === true && r.result.client !== undefined) notes.push(`client: ${r.result.client}`);
  if (origin.connections.length === 0) notes.push('the client never connected to the origin');
  if (origin.connections.length > 1) notes.push(`the client opened ${origin.connections.length} connections`);
  if (origin.refused > 0) notes.push(`${origin.refused} connection(s) refused beyond ${origin.connections.length}`);
  const out = client.output();
  if (out.stderr.trim() !== '') notes.push(`client stderr: ${out.stderr.slice(-600).trim()}`);
  notes.push(...origin.accounts());
  if (opts.delivery !== 'whole') notes.push('segmentation over TCP is best-effort: the kernel may coalesce writes');
  return {
    role: 'client',
    connection,
    responses: r?.ok === true ? responsesOf(r.result) : [],
    trailingInterim: [],
    requests: origin.requests.map((q) => q.request),
    requestsRaw: origin.requests.map((q) => q.raw),
    ...(origin.malformation !== undefined ? { malformation: origin.malformation } : {}),
    partial: origin.partial,
    timeouts,
    overallTimeout: overall,
    flooded: origin.flooded,
    octetsSent: served,
    octetsReceived: origin.receivedLength,
    received: origin.stream,
    wire: wire.entries,
    ...(adapterFault !== undefined ? { harnessError: adapterFault } : {}),
    notes,
  };
}

function failed(harnessError: string, wire: WireLog): Observation {
  return {
    role: 'client', connection: 'closed', responses: [], trailingInterim: [], requests: [], partial: false, timeouts: [], overallTimeout: false,
    flooded: false, octetsSent: 0, octetsReceived: 0, received: '', wire: wire.entries, harnessError, notes: [],
  };
}
