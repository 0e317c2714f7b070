// The replay engine for the proxy role: the harness plays the client (send steps) and the origin (serve steps); what
// the proxy forwarded is parsed by the strict reference request parser, what it returned by the response parser.

import * as net from 'node:net';
import { bufferOf, type Fixture, type Step } from '../fixture';
import { startCommand } from '../subjects/command';
import { startServerSubject } from '../subjects/in-process';
import { createTestProxy } from '../subjects/test-proxy';
import type { SubjectHandle, SubjectSpec } from '../subjects/types';
import { DEFAULTS, type ReplayOptions } from './engine';
import { requestMethods, type Observation } from './observation';
import { Origin } from './origin';
import { ClientSide } from './client-side';
import { hashSeed, prng, segment } from './segment';
import { Waiters, WireLog } from './wire';

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

/** Replay a proxy-role fixture: start the proxy on a fresh origin, run the steps, stop both. Never throws for the
 *  subject's behaviour; a proxy that does not start is a harness/setup error. */
export async function replayProxy(fixture: Fixture, subject: SubjectSpec, options: ReplayOptions): Promise<Observation> {
  const opts = { ...DEFAULTS, ...options };
  const t0 = Date.now();
  let overall = false;
  const notes: string[] = [];
  const timeouts: string[] = [];
  const wire = new WireLog(t0);
  const waiters = new Waiters(t0 + opts.timeoutMs, () => overall);
  const origin = new Origin({ receiveCap: opts.receiveCap, wire, waiters, notes });
  const sent = fixture.exchange.map((s) => (s.kind === 'send' ? bufferOf(s.bytes).toString('latin1') : '')).join('');
  const client = new ClientSide(requestMethods(sent), wire, waiters, notes, opts.receiveCap);
  let handle: SubjectHandle | undefined;
  const base = { role: 'proxy' as const, trailingInterim: [], requests: [], partial: false, timeouts, overallTimeout: false, flooded: false, octetsSent: 0, octetsReceived: 0, received: '', wire: wire.entries, notes };
  try {
    handle = await startProxy(subject, await origin.listen());
  } catch (e) {
    await origin.close();
    return { ...base, connection: 'closed', responses: [], harnessError: `the proxy did not start: ${(e as Error).message}` };
  }
  const connectError = await client.connect(handle.host, handle.port, Math.min(5000, opts.timeoutMs));
  if (connectError !== undefined) {
    await handle.stop();
    await origin.close();
    return { ...base, connection: 'closed', responses: [], harnessError: connectError };
  }
  const timer = setTimeout(() => { overall = true; waiters.notify(); }, opts.timeoutMs);
  const random = prng(hashSeed(opts.seed, fixture.id));
  let octetsSent = 0;
  let heads = 0, finals = 0, reqHeads = 0, requests = 0;
  const step = async (s: Step, index: number): Promise<void> => {
    switch (s.kind) {
      case 'send':
        octetsSent += await client.write(segment(bufferOf(s.bytes), opts.delivery, random), () => overall);
        return;
      case 'serve': {
        const c = origin.current;
        if (c === undefined) { notes.push(`step ${index}: serve skipped: the proxy has not connected to the origin`); return; }
        octetsSent += await c.write(segment(bufferOf(s.bytes), opts.delivery, random), () => overall);
        return;
      }
      case 'pause':
        await waiters.until(() => overall, s.ms);
        return;
      case 'half-close':
        if (s.side === 'client') { if (!client.gone) client.socket?.end(); }
        else if (origin.current !== undefined && !origin.current.gone) origin.current.socket.end();
        return;
      case 'wait': {
        const ms = s.withinMs ?? opts.waitMs;
        const r = client.reader;
        let ok: boolean;
        if (s.for === 'interim') {
          const want = heads + 1;
          ok = await waiters.until(() => r.heads >= want || client.over, ms);
          heads = Math.max(want, r.heads);
        } else if (s.for === 'response') {
          const want = finals + 1;
          ok = await waiters.until(() => r.responses.length >= want || client.over, ms);
          finals = want;
          heads = Math.max(heads, r.heads);
        } else if (s.for === 'close') {
          ok = await waiters.until(() => client.ended !== 'open' || client.gone, ms);
        } else if (s.for === 'request-head') {
          const want = reqHeads + 1;
          ok = await waiters.until(() => origin.heads >= want || origin.malformation !== undefined || client.over, ms);
          reqHeads = Math.max(want, origin.heads);
        } else {
          const want = requests + 1;
          ok = await waiters.until(() => origin.requests.length >= want || origin.malformation !== undefined || client.over, ms);
          requests = want;
          reqHeads = Math.max(reqHeads, origin.heads);
        }
        if (!ok) timeouts.push(`wait ${s.for} (step ${index}) ${overall ? 'cut by the overall timeout' : `timed out after ${ms} ms`}`);
      }
    }
  };
  try {
    let i = 0;
    for (const s of fixture.exchange) {
      i++;
      if (overall) break;
      await step(s, i);
    }
    if (!overall && !client.gone) await waiters.until(() => false, opts.settleMs);
  } finally {
    clearTimeout(timer);
    client.destroy();
    await handle.stop();
    await origin.close();
  }
  const out = handle.output();
  if (out.stderr.trim() !== '') notes.push(`proxy stderr: ${out.stderr.slice(-600).trim()}`);
  if (origin.connections.length !== 1) notes.push(`the proxy opened ${origin.connections.length} connection(s) to the origin`);
  const account = client.account.note();
  if (account !== undefined) notes.push(account);
  notes.push(...origin.accounts());
  if (opts.delivery !== 'whole') notes.push('segmentation over TCP is best-effort: the kernel may coalesce writes');
  const returned = client.reader.malformation;
  const forwarded = origin.malformation;
  // everything the proxy emits, both ways, must parse under the strict reference parser
  const malformation = returned !== undefined ? { ...returned, reason: `returned to the client: ${returned.reason}` }
    : forwarded !== undefined ? { ...forwarded, reason: `forwarded to the origin: ${forwarded.reason}` } : undefined;
  return {
    ...base,
    connection: client.ended,
    responses: client.reader.responses,
    trailingInterim: client.reader.interim,
    requests: origin.requests.map((q) => q.request),
    requestsRaw: origin.requests.map((q) => q.raw),
    ...(malformation !== undefined ? { malformation } : {}),
    partial: (!client.reader.idle && returned === undefined) || origin.partial,
    overallTimeout: overall,
    flooded: client.flooded || origin.flooded,
    octetsSent,
    octetsReceived: client.receivedLength + origin.receivedLength,
    received: Buffer.concat(client.received).toString('latin1'),
  };
}
