// Splitting one recorded connection (the exact octets both ways, in arrival order) into exchanges with the strict
// reference parser, and writing each exchange as a fixture whose expectation is what the upstream did.

import { Parser } from '../../impl/core/parser';
import type { MessageHead } from '../../impl/core/types';
import { decodeEcho } from '../echo/decode';
import { literal, type ConnectionOutcome, type Fixture, type RequestExpectation, type ResponseExpectation, type SpecAnchor, type Step, type RequirementLevel } from '../fixture';
import { escapeOctets } from '../fixture/bytes';

export type Dir = 'c2s' | 's2c';

/** What the capture proxy keeps of one connection. */
export interface ConnectionLog {
  readonly id: number;
  readonly chunks: { readonly dir: Dir; readonly data: Buffer }[];
  /** index in `chunks` at which the client half-closed (chunks before it were sent before the FIN) */
  clientEndAt?: number;
  /** how the upstream ended the connection, and at which chunk index */
  upstreamEnd?: { readonly kind: 'closed' | 'reset'; readonly at: number };
}

export interface RecordedResponse {
  readonly status: number;
  readonly reason: string;
  readonly fields: [string, string][];
  readonly body: string;
  readonly interim: number[];
  /** offset in the s2c stream just after this response */
  readonly end: number;
}

export interface Exchange {
  readonly conn: number;
  /** 1-based within the connection */
  readonly index: number;
  /** the client's octets of this exchange, split where it waited for an interim response */
  readonly segments: string[];
  readonly responses: RecordedResponse[];
  /** the request parsed completely (not cut by an error, an upgrade or the end of the capture) */
  readonly complete: boolean;
  readonly halfClose: boolean;
  readonly connection: ConnectionOutcome;
  /** the raw s2c octets of this exchange's responses */
  readonly raw: string;
}

const latin1 = (b: Buffer): string => b.toString('latin1');
const pairs = (flat: readonly string[]): [string, string][] => Array.from({ length: flat.length >> 1 }, (_, i) => [flat[2 * i], flat[2 * i + 1]]);

/** Ends of complete messages in a stream (a pause at each message end makes execute() return there). */
function messageEnds(kind: 'request' | 'response', data: Buffer, methods: readonly string[], eof: boolean, onDone: (head: MessageHead, body: string, end: number) => void): number {
  let head: MessageHead | undefined;
  let body = '';
  let completed = false;
  const p: Parser = new Parser(kind, {
    onHead: (h) => { head = h; body = ''; },
    onBody: (d) => { body += Buffer.from(d).toString('latin1'); },
    onMessageComplete: () => { completed = true; p.pause(); },
  });
  for (const m of methods) p.pushRequestMethod(m);
  let at = 0;
  // each turn consumes octets or ends: bounded by the length + 1
  for (let turn = 0; turn <= data.length && at < data.length; turn++) {
    at += p.execute(data.subarray(at));
    if (p.paused) {
      p.resume();
      if (head !== undefined) onDone(head, body, at);
      head = undefined;
      if (p.closed) break;
    } else break;
    if (p.error !== null || p.upgraded) break;
  }
  // the sender closed: a message delimited by the close (a response without framing) ends here
  if (eof && at === data.length && p.error === null && !p.upgraded && !p.closed && head !== undefined) {
    completed = false;
    p.finish();
    if (completed && head !== undefined) onDone(head, body, at);
  }
  return at;
}

/** Split a connection log into exchanges: request i with final response i (interims go with the final they precede). */
export function splitExchanges(log: ConnectionLog): Exchange[] {
  const c2s = Buffer.concat(log.chunks.filter((c) => c.dir === 'c2s').map((c) => c.data));
  const s2c = Buffer.concat(log.chunks.filter((c) => c.dir === 's2c').map((c) => c.data));
  const reqEnds: number[] = [];
  const methods: string[] = [];
  messageEnds('request', c2s, [], log.clientEndAt !== undefined, (h, _b, end) => { reqEnds.push(end); if (h.kind === 'request') methods.push(h.method); });
  const finals: RecordedResponse[] = [];
  let interim: { status: number; end: number }[] = [];
  const interimEnds: number[][] = [];
  messageEnds('response', s2c, methods, log.upstreamEnd !== undefined, (h, body, end) => {
    if (h.kind !== 'response') return;
    if (h.status < 200 && h.status !== 101) { interim.push({ status: h.status, end }); return; }
    finals.push({ status: h.status, reason: h.reason, fields: pairs(h.fields), body, interim: interim.map((x) => x.status), end });
    interimEnds.push(interim.map((x) => x.end));
    interim = [];
  });
  const bounds = [0, ...reqEnds];
  if (bounds[bounds.length - 1] < c2s.length || bounds.length === 1) bounds.push(c2s.length);
  const n = Math.max(1, bounds.length - 1);
  // when the client sent each c2s octet: the s2c offset reached by then, and whether the client had ended
  const sentAt: { from: number; to: number; s2c: number }[] = [];
  let co = 0;
  let so = 0;
  log.chunks.forEach((c) => {
    if (c.dir === 'c2s') { sentAt.push({ from: co, to: co + c.data.length, s2c: so }); co += c.data.length; } else so += c.data.length;
  });
  const lastFinalAt = (() => { let seen = 0; let i = 0; for (; i < log.chunks.length; i++) { if (log.chunks[i].dir === 's2c') seen += log.chunks[i].data.length; if (finals.length > 0 && seen >= finals[finals.length - 1].end) break; } return i; })();
  const out: Exchange[] = [];
  let prevEnd = 0;
  for (let i = 0; i < n; i++) {
    const [a, b] = [bounds[i], bounds[i + 1] ?? c2s.length];
    const mine = i === n - 1 ? finals.slice(i) : finals.slice(i, i + 1);
    const mineInterims = i === n - 1 ? interimEnds.slice(i).flat() : interimEnds[i] ?? [];
    // split the client's octets where it sent after an interim response had arrived
    const cuts = mineInterims.map((e) => sentAt.find((s) => s.to > a && s.from < b && s.s2c >= e)).filter((s) => s !== undefined).map((s) => Math.max(a, s.from));
    const points = [...new Set([a, ...cuts.filter((x) => x > a && x < b), b])].sort((x, y) => x - y);
    const segments = points.slice(0, -1).map((p, k) => latin1(c2s.subarray(p, points[k + 1])));
    const last = i === n - 1;
    const upstreamFirst = log.upstreamEnd !== undefined && (log.clientEndAt === undefined || log.upstreamEnd.at <= log.clientEndAt);
    const connection: ConnectionOutcome = last && upstreamFirst ? log.upstreamEnd!.kind : 'open';
    const halfClose = last && log.clientEndAt !== undefined && (finals.length === 0 || log.clientEndAt <= lastFinalAt);
    const end = mine.length > 0 ? mine[mine.length - 1].end : prevEnd;
    out.push({ conn: log.id, index: i + 1, segments, responses: mine, complete: i < reqEnds.length, halfClose, connection, raw: latin1(s2c.subarray(prevEnd, last ? s2c.length : end)) });
    prevEnd = end;
  }
  return out.filter((x) => x.segments.some((s) => s !== '') || x.responses.length > 0);
}

export interface RecordFixtureOptions {
  readonly prefix: string;
  readonly upstream: string;
  readonly spec: readonly SpecAnchor[];
  readonly level: RequirementLevel;
  readonly tags: readonly string[];
  readonly date: string;
}

const NOTE_CAP = 2000;

/** The fixture of one exchange: the client's octets as send steps, the upstream's behaviour as the one outcome. */
export function exchangeFixture(x: Exchange, o: RecordFixtureOptions): Fixture {
  const steps: Step[] = [];
  x.segments.forEach((s, k) => {
    if (k > 0) steps.push({ kind: 'wait', for: 'interim' });
    if (s !== '') steps.push({ kind: 'send', bytes: literal(s) });
  });
  if (x.halfClose) steps.push({ kind: 'half-close', side: 'client' });
  for (let k = 0; k < x.responses.length; k++) steps.push({ kind: 'wait', for: 'response' });
  const closes = x.connection !== 'open';
  if (closes) steps.push({ kind: 'wait', for: 'close' });
  const echoes = x.responses.map((r) => (r.status === 200 ? decodeEcho(Buffer.from(r.body, 'latin1')) : undefined));
  const requests: RequestExpectation[] | undefined = x.responses.length > 0 && echoes.every((e) => e !== undefined)
    ? echoes.map((e) => ({ method: literal(e!.method), target: literal(e!.target), body: literal(e!.body), absent: [], contains: [] })) : undefined;
  const responses: ResponseExpectation[] = x.responses.map((r) => ({ status: { kind: 'code', code: r.status }, ...(r.interim.length > 0 ? { interim: r.interim } : {}), absent: [], contains: [] }));
  const statuses = x.responses.length > 0 ? x.responses.map((r) => r.status).join(', ') : 'no response';
  const raw = escapeOctets(x.raw);
  return {
    id: `${o.prefix}-c${x.conn}-e${x.index}`,
    title: `A server must handle this recorded exchange as ${o.upstream} did (${statuses}, connection ${closes ? 'closed' : 'kept'})`,
    spec: o.spec,
    level: o.level,
    role: 'server',
    tags: o.tags,
    notes: [
      `Recorded by h1compat record from ${o.upstream} on ${o.date}: connection ${x.conn}, exchange ${x.index}${x.complete ? '' : ' (the request did not parse completely)'}. The outcome is what the upstream did: edit it to what the bug report says should happen.`,
      `Recorded response octets: "${raw.length > NOTE_CAP ? raw.slice(0, NOTE_CAP) + '...' : raw}"`,
    ],
    clientRequests: [],
    exchange: steps,
    outcomes: [{
      name: `as ${o.upstream} did`, level: o.level === 'MAY' ? 'MAY' : o.level,
      ...(requests !== undefined ? { requests } : {}),
      responses,
      connection: closes ? ['closed', 'reset'] : ['open'],
    }],
    never: [],
    delivery: { modes: ['whole', 'byte-by-byte', 'every-split', 'random-splits'] },
  };
}
