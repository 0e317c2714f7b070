// What starts for each replay in the roles whose subject needs the harness's origin port (roles.ts): a client under
// test, given the fixture's request spec, whose report says what it made of the responses; or a proxy whose
// upstream is the origin, which the harness's client side then connects to.

import * as net from 'node:net';
import { buildSpec } from '../client/build';
import { launchClient, type ClientReport } from '../client/launch';
import { isError, octets, type ClientResult } from '../client/types';
import type { Fixture } from '../fixture';
import { startCommand } from '../subjects/command';
import { startServerSubject } from '../subjects/in-process';
import { createTestProxy } from '../subjects/test-proxy';
import type { SubjectHandle, SubjectSpec } from '../subjects/types';
import type { ObservedResponse } from './observation';
import type { Waiters } from './wire';

/** A subject started for one replay. */
export interface StartedSubject {
  /** where the harness's client side connects (proxy role) */
  readonly address?: { readonly host: string; readonly port: number };
  /** the client under test (client role): its report once it has one, and how long to wait for it after the steps */
  readonly client?: ClientUnderTest;
  stop(): Promise<void>;
  output(): { readonly stdout: string; readonly stderr: string };
}

export interface PerReplayOptions {
  /** the per-request time limit given to a client under test in its spec (ms) */
  readonly clientTimeoutMs: number;
}

/** A client under test and its report (harness/client/CONTRACT.md). */
export class ClientUnderTest {
  report: ClientReport | undefined;
  /** the requests the spec asks for */
  readonly requests: number;
  /** how long the client may take to report after the last step: its per-request limit for each request, plus 1 s */
  readonly reportMs: number;

  constructor(requests: number, clientTimeoutMs: number, reported: Promise<ClientReport>, waiters: Waiters) {
    this.requests = requests;
    this.reportMs = clientTimeoutMs * Math.max(1, requests) + 1000;
    void reported.then((r) => { this.report = r; waiters.notify(); });
  }

  /** the responses as the client reported them (errors kept as error entries) */
  get responses(): ObservedResponse[] {
    return this.report?.ok === true ? responsesOf(this.report.result) : [];
  }

  /** the adapter broke the contract (harness/client/launch.ts): an `error` record, never the subject's `fail` */
  get adapterFault(): string | undefined {
    const r = this.report;
    return r !== undefined && !r.ok && r.adapterFault === true ? `harness error in the client adapter: ${r.reason}` : undefined;
  }

  notes(): string[] {
    const r = this.report;
    const out: string[] = [];
    if (r !== undefined && !r.ok) out.push(`no client result: ${r.reason}`);
    if (r?.ok === true && r.result.results.length !== this.requests) out.push(`the client reported ${r.result.results.length} result(s) for ${this.requests} request(s)`);
    if (r?.ok === true && r.result.client !== undefined) out.push(`client: ${r.result.client}`);
    return out;
  }
}

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

/** Start a client under test on the fixture's request spec against the origin on 127.0.0.1:originPort. */
export async function startClient(spec: SubjectSpec, fixture: Fixture, originPort: number, opts: PerReplayOptions, waiters: Waiters): Promise<StartedSubject> {
  const request = buildSpec(fixture, '127.0.0.1', originPort, opts.clientTimeoutMs);
  const launched = launchClient(spec, request);
  const client = new ClientUnderTest(request.requests.length, opts.clientTimeoutMs, launched.report, waiters);
  return { client, stop: () => launched.close(), output: () => launched.output() };
}

/** Start a proxy whose upstream is the origin on 127.0.0.1:originPort. */
export async function startProxyFor(spec: SubjectSpec, _fixture: Fixture, originPort: number): Promise<StartedSubject> {
  const h = await startProxy(spec, originPort);
  return { address: { host: h.host, port: h.port }, stop: () => h.stop(), output: () => h.output() };
}

/** Start a proxy subject whose upstream is the harness's origin on 127.0.0.1:upstreamPort. */
export async function startProxy(spec: SubjectSpec, upstreamPort: number): Promise<SubjectHandle> {
  const a = spec.adapter;
  if (a.kind === 'in-process') {
    const p = createTestProxy(upstreamPort, a.implementation);
    const h = await startServerSubject(spec, p.server as net.Server, `test proxy on ${a.implementation}`);
    return { ...h, stop: async () => { p.close(); await h.stop(); } };
  }
  if (a.kind === 'command') {
    const argv = a.argv.map((x) => x.split('{upstreamPort}').join(String(upstreamPort)));
    return startCommand({ ...spec, adapter: { ...a, argv, env: { ...a.env, UPSTREAM_PORT: String(upstreamPort) } } });
  }
  throw new Error('an address subject cannot play the proxy role (the harness must choose its upstream)');
}
