// The whole pair analysis, in order: read results files, collect what each proxy forwarded, reuse server records
// of identical octets, replay the rest against each server (one server started at a time), confirm disagreements
// live (each proxy in front of each server), and build the pairs document.

import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { bufferOf, loadFixtureFile } from '../fixture';
import { fromRoot, ROOT } from '../paths';
import { readResults, type ResultRecord, type ResultsDocument } from '../../reports';
import { escapeOctets } from '../fixture/bytes';
import { replayRole } from '../replay/engine';
import { pool } from '../replay/run';
import type { SidedWireEntry } from '../replay/wire';
import type { Confirmation, PairsDocument, ServerView } from '../../reports/pairs-types';
import { buildDocument, collect, recordedViews, type CollectOptions } from './analyze';
import { classify } from './classify';
import { confirmPair } from './confirm';
import { replayStreams, subjectByName } from './replay';
import { forwardedOf, streamOctets, unescapeOctets } from './view';
import { startSubject, type SubjectHandle } from '../subjects';

export interface PairsRunOptions extends CollectOptions {
  /** results files, or folders of them */
  readonly results: readonly string[];
  /** replay the octets no server record covers (default true) */
  readonly replay?: boolean;
  /** chain each disagreeing pair live (default false) */
  readonly confirm?: boolean;
  /** proxy records that keep no forwarded octets (compact pass/info records): replay their fixture (`whole`) against
   *  the proxy again to capture them (default false) */
  readonly capture?: boolean;
  readonly jobs?: number;
  readonly waitMs?: number;
  readonly command: string;
  readonly git: string | null;
  readonly toolVersion: string;
  /** one line per step, for progress on stderr */
  readonly log?: (line: string) => void;
}

/** Results files named by `paths`: files as given, folders' *.json (sorted). */
export function resultsFiles(paths: readonly string[]): string[] {
  return paths.flatMap((p) => (statSync(p).isDirectory() ? readdirSync(p).filter((f) => f.endsWith('.json')).sort().map((f) => join(p, f)) : [p]));
}

/** The octets of each server fixture the records name, as one stream (its send steps in order). */
function fixtureOctets(files: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const file of files) {
    const r = loadFixtureFile(fromRoot(file));
    if (!r.ok || r.fixture.role !== 'server') continue;
    out.set(r.fixture.id, r.fixture.exchange.map((s) => (s.kind === 'send' ? bufferOf(s.bytes).toString('latin1') : '')).join(''));
  }
  return out;
}

export async function runPairs(o: PairsRunOptions): Promise<PairsDocument> {
  const log = o.log ?? ((): void => {});
  const files = resultsFiles(o.results);
  let docs: ResultsDocument[] = files.map((f) => readResults(f));
  if (o.capture === true) docs = await capture(docs, o, log);
  const c = collect(docs, o);
  log(`pairs: ${c.proxies.length} proxies × ${c.servers.length} servers, ${c.streams.length} forwarded streams (${Object.values(c.notRecorded).reduce((a, b) => a + b, 0)} proxy records keep no forwarded octets)`);
  const views = recordedViews(c, fixtureOctets([...new Set([...c.serverRecords.values()].map((r) => r.file))]));
  log(`pairs: ${views.size} stream × server readings reused from server records of identical octets`);
  if (o.replay !== false) {
    for (const server of c.servers) {
      const todo = c.streams.filter((s) => !s.truncated && !views.has(`${s.id}\0${server.name}`));
      if (todo.length === 0) continue;
      const spec = subjectByName(server.name);
      // the probe only after octets whose framing the proxy's view knows completely
      const octets = todo.map((s) => ({ id: s.id, octets: streamOctets(s), expected: s.proxyView.messages.length,
        probe: !s.proxyView.partial && (s.proxyView.malformation === undefined || s.proxyView.lenient === true) }));
      let got: Map<string, ServerView>;
      if (spec === undefined) {
        got = new Map(octets.map((x) => [x.octets, { source: 'replay', messages: [], connection: 'closed', timedOut: false, error: `no subject description named ${server.name} (subjects/, subjects/matrix/)` } as ServerView]));
      } else {
        const t0 = Date.now();
        got = await replayStreams(spec, octets, { jobs: o.jobs ?? 4, ...(o.waitMs !== undefined ? { waitMs: o.waitMs } : {}) });
        log(`pairs: replayed ${got.size} distinct streams against ${server.name} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      }
      for (const x of octets) {
        const v = got.get(x.octets);
        if (v !== undefined) views.set(`${x.id}\0${server.name}`, v);
      }
    }
  }
  const confirmations = new Map<string, Confirmation>();
  if (o.confirm === true) await confirmAll(c, views, confirmations, log);
  return buildDocument(c, views, { sources: files.map((f) => relative(ROOT, f)), command: o.command, git: o.git, toolVersion: o.toolVersion, confirmations });
}

/** Replay (whole) every selected proxy record that keeps no forwarded octets against its proxy, and put the wire log
 *  of that replay (escaped as results files keep it) into a copy of the record. */
async function capture(docs: ResultsDocument[], o: PairsRunOptions, log: (l: string) => void): Promise<ResultsDocument[]> {
  const pick = (want: readonly string[] | undefined, name: string): boolean => want === undefined || want.length === 0 || want.includes(name);
  const todo = docs.flatMap((d) => d.records.filter((r) => r.role === 'proxy' && r.delivery === 'whole' && r.verdict !== 'skip' && r.verdict !== 'error'
    && forwardedOf(r) === undefined && pick(o.proxies, r.subject) && pick(o.fixtures, r.fixture)));
  const done = new Map<ResultRecord, ResultRecord>();
  const t0 = Date.now();
  await pool(todo, o.jobs ?? 4, async (r) => {
    const spec = subjectByName(r.subject);
    const loaded = loadFixtureFile(fromRoot(r.file));
    if (spec === undefined || !loaded.ok) return;
    try {
      const obs = await replayRole(spec, loaded.fixture, { delivery: 'whole' });
      const wire = obs.wire.map((w: SidedWireEntry) => ({ dir: w.dir, at: w.at, segments: w.segments, octets: escapeOctets(w.octets), ...(w.side !== undefined ? { side: w.side } : {}), ...(w.conn !== undefined ? { conn: w.conn } : {}) }));
      done.set(r, { ...r, wire });
    } catch {
      // a proxy that cannot be replayed stays not recorded
    }
  });
  log(`pairs: captured the forwarded octets of ${done.size} of ${todo.length} proxy records in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return docs.map((d) => ({ ...d, records: d.records.map((r) => done.get(r) ?? r) }));
}

/** Chain every disagreeing pair live: per server, start it once; per case, start the proxy in front of it. */
async function confirmAll(c: ReturnType<typeof collect>, views: Map<string, ServerView>, out: Map<string, Confirmation>, log: (l: string) => void): Promise<void> {
  for (const server of c.servers) {
    const cases = c.streams.flatMap((s) => {
      const k = classify(s.proxyView, views.get(`${s.id}\0${server.name}`));
      return k.status === 'disagree' ? [{ s, classes: k.classes }] : [];
    });
    if (cases.length === 0) continue;
    const sspec = subjectByName(server.name);
    if (sspec === undefined) continue;
    let handle: SubjectHandle;
    try {
      handle = await startSubject(sspec);
    } catch (e) {
      for (const { s } of cases) out.set(`${s.id}\0${server.name}`, { state: 'error', detail: `the server did not start: ${(e as Error).message}`, reached: [], forwarded: '' });
      continue;
    }
    try {
      for (const { s, classes } of cases) {
        const pspec = subjectByName(s.proxy);
        const key = `${s.id}\0${server.name}`;
        if (pspec === undefined || s.sent === undefined) {
          out.set(key, { state: 'error', detail: pspec === undefined ? `no subject description named ${s.proxy}` : 'the client octets of the fixture are not recorded', reached: [], forwarded: '' });
          continue;
        }
        const r = await confirmPair(pspec, handle, unescapeOctets(s.sent), classes);
        out.set(key, r);
        log(`pairs: ${s.proxy} → ${server.name} ${s.fixture}: ${r.state}`);
      }
    } finally {
      await handle.stop();
    }
  }
}
