// The replay step of the pair analysis: octets a proxy forwarded that a server has no record of are sent to that
// server (started by the harness on 127.0.0.1, or in memory for the built-in ones) as one stream on one connection,
// through the replay engine's public entry point (replayOver), and its answers become the server's view.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { literal, type Fixture, type Step } from '../fixture';
import { replayOver } from '../replay/engine';
import { pool } from '../replay/run';
import { connectorFor } from '../replay/transport-tcp';
import { loadSubjectFile, resolveSubjects, startSubject, SUBJECTS_DIR, type SubjectHandle, type SubjectSpec } from '../subjects';
import { fromRoot } from '../paths';
import type { ServerView } from '../../reports/pairs-types';
import { serverViewOf } from './view';

export interface ReplayStreamsOptions {
  /** how long to wait for each answer the proxy's view expects (ms; default 1500) */
  readonly waitMs?: number;
  /** how long to watch for an answer beyond those (a smuggled request's; ms; default 300) */
  readonly extraMs?: number;
  /** replays in flight at once against one server (default 4) */
  readonly jobs?: number;
  /** called after each replay (progress) */
  readonly onReplay?: (done: number, total: number) => void;
}

/** A subject description by name: subjects/<name>.json, then subjects/matrix/<name>.json (the compat matrix's, with
 *  its `{out}` placeholder filled as scripts/matrix.ts does: out/matrix, where the matrix builds binaries). */
export function subjectByName(name: string): SubjectSpec | undefined {
  const matrix = join(SUBJECTS_DIR, 'matrix', `${name}.json`);
  try {
    return resolveSubjects([name])[0];
  } catch {
    if (!existsSync(matrix)) return undefined;
    const spec = loadSubjectFile(matrix);
    const a = spec.adapter;
    if (a.kind !== 'command') return spec;
    const out = fromRoot('out', 'matrix');
    const fill = (x: string): string => x.split('{out}').join(out);
    return { ...spec, adapter: { ...a, argv: a.argv.map(fill), ...(a.cwd !== undefined ? { cwd: fill(a.cwd) } : {}) } };
  }
}

/** The request sent after the forwarded octets when the proxy's framing of them is complete: if the server framed
 *  every message as the proxy did, it answers this one right after them, intact. */
export const PROBE_TARGET = '/h1compat-pairs-probe';
export const PROBE = `GET ${PROBE_TARGET} HTTP/1.1\r\nHost: h1compat-pairs-probe\r\n\r\n`;

/** The exchange of one replay: send the octets whole (and the probe request, when `probe`), wait for as many answers
 *  as the proxy's view has messages (plus the probe's), then briefly for one more (an extra request's answer), then
 *  for the close. */
export function replayFixture(octets: string, expected: number, o: ReplayStreamsOptions = {}, probe = false): Fixture {
  const waits: Step[] = Array.from({ length: expected + (probe ? 1 : 0) }, () => ({ kind: 'wait', for: 'response', withinMs: o.waitMs ?? 1500 }) as const);
  return {
    id: 'pairs-replay', title: 'the octets a proxy forwarded, replayed against an origin server', spec: [], level: 'MAY', role: 'server', tags: ['pairs'], notes: [],
    clientRequests: [],
    exchange: [{ kind: 'send', bytes: literal(probe ? octets + PROBE : octets) }, ...waits, { kind: 'wait', for: 'response', withinMs: o.extraMs ?? 300 }, { kind: 'wait', for: 'close', withinMs: 100 }],
    outcomes: [], never: [], delivery: { modes: ['whole'] },
  };
}

/** Replay each of `streams` (octets and how many messages the proxy's view has) against the server `spec`; the views
 *  by octets. The server is started once and always stopped; a server that does not start gives every stream an
 *  `error` view (a harness/setup problem, never a disagreement). `started`: an already started server (not stopped). */
export async function replayStreams(spec: SubjectSpec, streams: readonly { octets: string; expected: number; probe?: boolean }[], o: ReplayStreamsOptions = {},
  started?: SubjectHandle): Promise<Map<string, ServerView>> {
  const out = new Map<string, ServerView>();
  const unique = [...new Map(streams.map((s) => [s.octets, s])).values()];
  if (unique.length === 0) return out;
  let handle: SubjectHandle;
  try {
    handle = started ?? await startSubject(spec);
  } catch (e) {
    for (const s of unique) out.set(s.octets, { source: 'replay', messages: [], connection: 'closed', timedOut: false, error: `${spec.name} did not start: ${(e as Error).message}` });
    return out;
  }
  let done = 0;
  try {
    const connector = connectorFor(handle);
    await pool(unique, o.jobs ?? 4, async (s) => {
      try {
        const once = async (probe: boolean): Promise<ServerView> => {
          const obs = await replayOver(replayFixture(s.octets, s.expected, o, probe), connector, { delivery: 'whole', timeoutMs: 15000 });
          const v = serverViewOf(obs);
          // waiting is only a fault when the server answered fewer than the proxy's view and kept the connection
          return { ...v, timedOut: v.error === undefined && obs.responses.length < s.expected + (probe ? 1 : 0) && (obs.connection === 'open' || obs.partial) };
        };
        const v = await once(s.probe === true);
        if (s.probe !== true || v.error !== undefined) { out.set(s.octets, v); return; }
        const last = v.messages[v.messages.length - 1];
        if (last?.echo !== undefined && last.echo.method === 'GET' && last.echo.target === PROBE_TARGET && last.echo.bodyLength === 0) {
          out.set(s.octets, { ...v, messages: v.messages.slice(0, -1), timedOut: false, probe: 'intact' });
          return;
        }
        // the probe was not answered intact: what the server made of it is not the proxy's doing (a server may take
        // octets pipelined after a body into it); the reading of the forwarded octets alone decides
        out.set(s.octets, { ...(await once(false)), probe: 'not-answered' });
      } catch (e) {
        out.set(s.octets, { source: 'replay', messages: [], connection: 'closed', timedOut: false, error: `harness: ${(e as Error).message}` });
      }
      o.onReplay?.(++done, unique.length);
    });
  } finally {
    if (started === undefined) await handle.stop();
  }
  return out;
}
