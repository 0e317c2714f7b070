// Pair analysis over recorded results (no traffic): the streams each proxy forwarded, the servers' views of them
// where a server already ran identical octets, and the pairs document (grid cells and every case that is not
// `agree`). Pure functions over results documents; the replay and live steps (replay.ts, confirm.ts) fill in views.

import { escapeOctets } from '../fixture/bytes';
import type { ResultRecord, ResultsDocument } from '../../reports/results-model';
import {
  PAIRS_VERSION, type ForwardedStream, type PairCase, type PairCell, type PairsDocument, type ServerView,
} from '../../reports/pairs-types';
import { classify } from './classify';
import { forwardedOf, proxyView, sentOf, serverViewOfRecord, streamOctets } from './view';

export interface Collected {
  readonly proxies: { name: string; version: string }[];
  readonly servers: { name: string; version: string }[];
  readonly streams: ForwardedStream[];
  readonly notRecorded: Record<string, number>;
  /** proxy records whose wire log shows nothing forwarded upstream (the proxy refused or answered itself), per proxy */
  readonly forwardedNothing: Record<string, number>;
  /** server records by `<server>\0<fixture>` (the `whole` delivery) */
  readonly serverRecords: Map<string, ResultRecord>;
}

export interface CollectOptions {
  readonly proxies?: readonly string[];
  readonly servers?: readonly string[];
  readonly fixtures?: readonly string[];
}

const pick = (want: readonly string[] | undefined, name: string): boolean => want === undefined || want.length === 0 || want.includes(name);

/** Read every proxy's forwarded streams and every server's records out of results documents. */
export function collect(docs: readonly ResultsDocument[], o: CollectOptions = {}): Collected {
  const proxies = new Map<string, string>();
  const servers = new Map<string, string>();
  const notRecorded: Record<string, number> = {};
  const forwardedNothing: Record<string, number> = {};
  const serverRecords = new Map<string, ResultRecord>();
  // per proxy/fixture/conn: the octets of each delivery, to fold equal ones
  const groups = new Map<string, { r: ResultRecord; conn: number; octets: string; truncated: boolean; cut: boolean; sent?: string; deliveries: string[] }[]>();
  for (const doc of docs) {
    for (const s of doc.run.subjects) {
      if (s.startError !== undefined) continue;
      if (s.role === 'proxy' && pick(o.proxies, s.name)) proxies.set(s.name, s.version);
      if (s.role === 'server' && pick(o.servers, s.name)) servers.set(s.name, s.version);
    }
    for (const r of doc.records) {
      if (r.role === 'server' && servers.has(r.subject) && r.delivery === 'whole') serverRecords.set(`${r.subject}\0${r.fixture}`, r);
      if (r.role !== 'proxy' || !proxies.has(r.subject) || !pick(o.fixtures, r.fixture) || r.verdict === 'skip') continue;
      const fwd = forwardedOf(r);
      if (fwd === undefined) {
        notRecorded[r.subject] = (notRecorded[r.subject] ?? 0) + 1;
        continue;
      }
      if (fwd.length === 0) {
        forwardedNothing[r.subject] = (forwardedNothing[r.subject] ?? 0) + 1;
        continue;
      }
      const sent = sentOf(r);
      for (const f of fwd) {
        const key = `${r.subject}/${r.fixture}/${f.conn}`;
        const list = groups.get(key) ?? [];
        const same = list.find((x) => x.octets === f.octets);
        if (same !== undefined) {
          same.deliveries.push(r.delivery);
          // equal octets: complete if either delivery's are known to be complete
          same.truncated &&= f.truncated || f.capped;
          same.cut &&= f.truncated;
        } else {
          list.push({ r, conn: f.conn, octets: f.octets, truncated: f.truncated || f.capped, cut: f.truncated, ...(sent !== undefined ? { sent } : {}), deliveries: [r.delivery] });
        }
        groups.set(key, list);
      }
    }
  }
  const streams: ForwardedStream[] = [];
  // the compact results keep the first 16 wire entries: a stream of a capped record is cut only when its octets end
  // inside a message (entries after complete messages could hold more messages, a limit written in docs/pairs.md)
  for (const list of groups.values()) {
    for (const g of list) if (g.truncated && !g.cut) g.truncated = (() => { const v = proxyView(g.octets); return v.partial || v.messages.length === 0; })();
  }
  for (const [key, all] of [...groups.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
    // a delivery whose kept octets were cut, and are a prefix of another delivery's whole octets, forwarded the same
    // as far as is known: fold it into that one
    const list = all.filter((g) => {
      if (!g.truncated) return true;
      const whole = all.find((x) => !x.truncated && x.octets.startsWith(g.octets));
      if (whole === undefined) return true;
      whole.deliveries.push(...g.deliveries);
      return false;
    });
    for (const g of list) {
      streams.push({
        id: list.length > 1 ? `${key}@${g.deliveries.join('+')}` : key,
        proxy: g.r.subject, fixture: g.r.fixture, file: g.r.file, title: g.r.title, spec: [...g.r.spec],
        deliveries: g.deliveries, conn: g.conn, forwarded: escapeOctets(g.octets, false), truncated: g.truncated,
        ...(g.sent !== undefined ? { sent: escapeOctets(g.sent, false) } : {}),
        proxyView: proxyView(g.octets),
      });
    }
  }
  const list = (m: Map<string, string>): { name: string; version: string }[] => [...m.entries()].sort().map(([name, version]) => ({ name, version }));
  return { proxies: list(proxies), servers: list(servers), streams, notRecorded, forwardedNothing, serverRecords };
}

/** Octets (latin1) of every server fixture run as one stream, to find a fixture whose octets equal a forwarded stream. */
export type FixtureOctets = ReadonlyMap<string, string>;

/** The views known from records: a server's record of a fixture whose octets equal the stream (and that keeps every
 *  echo). Keyed `<stream id>\0<server>`. */
export function recordedViews(c: Collected, fixtureOctets: FixtureOctets): Map<string, ServerView> {
  const byOctets = new Map<string, string[]>();
  for (const [id, octets] of fixtureOctets) byOctets.set(octets, [...(byOctets.get(octets) ?? []), id]);
  const out = new Map<string, ServerView>();
  for (const s of c.streams) {
    if (s.truncated) continue;
    const ids = byOctets.get(streamOctets(s)) ?? [];
    for (const server of c.servers) {
      for (const id of ids) {
        const r = c.serverRecords.get(`${server.name}\0${id}`);
        const v = r !== undefined ? serverViewOfRecord(r) : undefined;
        if (v !== undefined) { out.set(`${s.id}\0${server.name}`, v); break; }
      }
    }
  }
  return out;
}

export interface BuildOptions {
  readonly sources: readonly string[];
  readonly command: string;
  readonly git: string | null;
  readonly toolVersion: string;
  readonly createdAt?: string;
  /** live confirmations by `<stream id>\0<server>` */
  readonly confirmations?: ReadonlyMap<string, NonNullable<PairCase['confirmation']>>;
}

/** Classify every stream against every server and count the grid. */
export function buildDocument(c: Collected, views: ReadonlyMap<string, ServerView>, o: BuildOptions): PairsDocument {
  const cells: PairCell[] = [];
  const cases: PairCase[] = [];
  for (const p of c.proxies) {
    const streams = c.streams.filter((s) => s.proxy === p.name);
    for (const server of c.servers) {
      const n = { agree: 0, disagree: 0, rejected: 0, unknown: 0, confirmed: 0 };
      for (const s of streams) {
        const key = `${s.id}\0${server.name}`;
        const v = views.get(key);
        const k = classify(s.proxyView, v);
        if (v === undefined && s.truncated) k.detail.push('the results file kept only part of the forwarded octets: run the proxy fixture again with full results to analyse it');
        n[k.status]++;
        const confirmation = o.confirmations?.get(key);
        if (confirmation?.state === 'confirmed') n.confirmed++;
        if (k.status !== 'agree') {
          cases.push({ stream: s.id, server: server.name, status: k.status, classes: k.classes, detail: k.detail,
            ...(v !== undefined ? { serverView: v } : {}), ...(confirmation !== undefined ? { confirmation } : {}) });
        }
      }
      cells.push({ proxy: p.name, server: server.name, ...n });
    }
  }
  return {
    version: PAIRS_VERSION, tool: { name: 'h1compat', version: o.toolVersion }, createdAt: o.createdAt ?? new Date().toISOString(), git: o.git,
    sources: [...o.sources], proxies: c.proxies, servers: c.servers, notRecorded: c.notRecorded, forwardedNothing: c.forwardedNothing, streams: c.streams, cells, cases, command: o.command,
  };
}
