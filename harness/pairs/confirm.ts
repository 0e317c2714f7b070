// Live confirmation of a predicted pair: the real proxy P in front of the real server S, both started by the harness
// on 127.0.0.1, with a recording relay between them (P -> relay -> S, octets passed through unchanged); the client
// octets of the original fixture are sent to P. What P forwarded and what S answered on each upstream connection
// are read back (strict parsers, echo contract) and classified like the prediction: the pair is `confirmed` when
// the live reading disagrees in a predicted way (e.g. S answered the smuggled request).

import * as net from 'node:net';
import { startProxy } from '../replay/per-replay';
import { ResponseReader, requestMethods } from '../replay/observation';
import { startSubject, type SubjectHandle, type SubjectSpec } from '../subjects';
import { escapeOctets } from '../fixture/bytes';
import type { Confirmation, PairClass, ServerMessage } from '../../reports/pairs-types';
import { classify } from './classify';
import { proxyView } from './view';

export interface ConfirmOptions {
  /** most time for the whole exchange (ms; default 5000) */
  readonly timeoutMs?: number;
  /** the exchange ends after this long with no octets moving anywhere (ms; default 700) */
  readonly quietMs?: number;
}

/** One upstream connection as the relay saw it. */
interface Leg { up: Buffer[]; down: Buffer[] }

/** A loopback relay to `port` that records both directions of every connection. */
async function startRelay(port: number, touch: () => void): Promise<{ port: number; legs: Leg[]; close(): Promise<void> }> {
  const legs: Leg[] = [];
  const sockets = new Set<net.Socket>();
  const keep = (s: net.Socket): net.Socket => { sockets.add(s); s.once('close', () => sockets.delete(s)); s.on('error', () => {}); return s; };
  const server = net.createServer((down) => {
    keep(down);
    const leg: Leg = { up: [], down: [] };
    legs.push(leg);
    const up = keep(net.connect({ host: '127.0.0.1', port, noDelay: true }));
    down.on('data', (d: Buffer) => { leg.up.push(d); touch(); up.write(d); });
    up.on('data', (d: Buffer) => { leg.down.push(d); touch(); down.write(d); });
    down.on('end', () => up.end());
    up.on('end', () => down.end());
    down.on('close', () => up.destroy());
    up.on('close', () => down.destroy());
  });
  await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(0, '127.0.0.1', () => resolve()); });
  return {
    port: (server.address() as net.AddressInfo).port,
    legs,
    close: () => new Promise((resolve) => { for (const s of sockets) s.destroy(); server.close(() => resolve()); }),
  };
}

/** Send `sent` to host:port and read until the connection closes, nothing moves for quietMs, or timeoutMs passes. */
function exchange(port: number, sent: Buffer, o: Required<ConfirmOptions>, moved: { at: number }): Promise<string | undefined> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port, noDelay: true });
    const t0 = Date.now();
    let settled = false;
    const finish = (err?: string): void => {
      if (settled) return;
      settled = true;
      clearInterval(tick);
      s.destroy();
      resolve(err);
    };
    const tick = setInterval(() => {
      const now = Date.now();
      if (now - t0 > o.timeoutMs || now - moved.at > o.quietMs) finish();
    }, 50);
    s.on('connect', () => { moved.at = Date.now(); s.write(sent); });
    s.on('data', () => { moved.at = Date.now(); });
    s.on('error', (e) => finish(s.bytesWritten === 0 ? `cannot connect to the proxy: ${e.message}` : undefined));
    s.on('close', () => finish());
  });
}

/** What S answered on one leg, read by the strict response parser (echo bodies decoded). */
function answers(leg: Leg): ServerMessage[] {
  const up = Buffer.concat(leg.up).toString('latin1');
  const reader = new ResponseReader(requestMethods(up));
  reader.push(Buffer.concat(leg.down));
  reader.finish();
  return reader.responses.map((r) => (r.echo !== undefined ? { status: r.status, echo: { method: r.echo.method, target: r.echo.target, bodyLength: r.echo.body.length } } : { status: r.status }));
}

/** Chain the proxy `proxy` in front of the server (a spec to start, or a started handle, not stopped here), send the
 *  client octets `sent`, and say whether the live reading disagrees in one of the `predicted` classes. Never throws:
 *  a proxy or server that does not start is an `error` confirmation. */
export async function confirmPair(proxy: SubjectSpec, server: SubjectSpec | SubjectHandle, sent: string, predicted: readonly PairClass[],
  options: ConfirmOptions = {}): Promise<Confirmation> {
  const o: Required<ConfirmOptions> = { timeoutMs: options.timeoutMs ?? 5000, quietMs: options.quietMs ?? 700 };
  const ownServer = !('port' in server);
  const moved = { at: Date.now() };
  let s: SubjectHandle | undefined;
  let relay: Awaited<ReturnType<typeof startRelay>> | undefined;
  let p: SubjectHandle | undefined;
  const fail = (why: string): Confirmation => ({ state: 'error', detail: why, reached: [], forwarded: '' });
  try {
    try {
      s = ownServer ? await startSubject(server as SubjectSpec) : server as SubjectHandle;
    } catch (e) { return fail(`the server did not start: ${(e as Error).message}`); }
    relay = await startRelay(s.port, () => { moved.at = Date.now(); });
    try {
      p = await startProxy(proxy, relay.port);
    } catch (e) { return fail(`the proxy did not start: ${(e as Error).message}`); }
    const err = await exchange(p.port, Buffer.from(sent, 'latin1'), o, moved);
    if (err !== undefined) return fail(err);
  } finally {
    await p?.stop();
    await relay?.close();
    if (ownServer) await s?.stop();
  }
  const legs = relay.legs;
  const forwarded = legs.map((l) => Buffer.concat(l.up).toString('latin1'));
  const reached = legs.flatMap(answers);
  if (legs.length === 0) return { state: 'not-confirmed', detail: 'the proxy forwarded nothing to the server', reached, forwarded: '' };
  const found = new Set<PairClass>();
  const lines: string[] = [];
  legs.forEach((leg, i) => {
    const k = classify(proxyView(forwarded[i]), { source: 'replay', messages: answers(leg), connection: 'closed', timedOut: false });
    for (const c of k.classes) found.add(c);
    if (k.status !== 'agree') lines.push(`upstream connection ${i}: ${k.status}${k.classes.length > 0 ? ` (${k.classes.join(', ')})` : ''}: ${k.detail.join('; ')}`);
  });
  const hit = predicted.filter((c) => found.has(c));
  const shown = forwarded.map((f) => escapeOctets(f, false)).join(' | ');
  if (hit.length > 0) return { state: 'confirmed', detail: `live: ${hit.join(', ')}. ${lines.join(' / ')}`, reached, forwarded: shown };
  return { state: 'not-confirmed', detail: lines.length > 0 ? `live, other than predicted: ${lines.join(' / ')}` : `live: the server read the ${reached.length} message(s) the proxy forwarded as the proxy did`, reached, forwarded: shown };
}
