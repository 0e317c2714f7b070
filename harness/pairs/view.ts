// The two views a pair compares: what the strict reference parser reads in the octets a proxy forwarded (the proxy's
// view), and how a server answered those octets (from its echo responses, recorded or replayed).

import { Parser } from '../../impl/core/parser';
import type { RequestHead } from '../../impl/core/types';
import { LENIENCY_FLAGS, type Leniency } from '../../impl/core/leniency';
import { decodeOctets } from '../echo/octets';
import type { InterpretedRequest } from '../echo/decode';
import type { Observation } from '../replay/observation';
import type { ResultRecord, WireRecord } from '../../reports/results-model';
import type { ForwardedStream, MessageView, ProxyView, ServerMessage, ServerView } from '../../reports/pairs-types';

/** The marker scripts/matrix.ts appends to a wire entry it cut. */
const CUT = /\[… \d+ more characters not kept\]$/;
/** The compact results keep at most this many wire entries per record. */
const COMPACT_WIRE_ENTRIES = 16;

/** Octets (latin1) of visible-escape text (\r \n \t \\ \" \xNN; anything else stands for itself); a cut escape at
 *  the end is dropped. */
export function unescapeOctets(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c !== '\\') { out += c; continue; }
    const e = text[i + 1];
    if (e === undefined) break;
    if (e === 'x') {
      const h = text.slice(i + 2, i + 4);
      if (!/^[0-9A-Fa-f]{2}$/.test(h)) break;
      out += String.fromCharCode(parseInt(h, 16));
      i += 3;
      continue;
    }
    out += e === 'r' ? '\r' : e === 'n' ? '\n' : e === 't' ? '\t' : e;
    i++;
  }
  return out;
}

/** Octets (latin1) of a wire entry's visible-escape text; `cut` when the results file kept only a prefix. */
export function wireOctets(w: Pick<WireRecord, 'octets'>): { octets: string; cut: boolean } {
  const cut = CUT.test(w.octets);
  return { octets: unescapeOctets(cut ? w.octets.replace(CUT, '') : w.octets), cut };
}

/** The octets (latin1) of a stream's visible-escape text (forwarded, or sent by the client). */
export function streamOctets(s: Pick<ForwardedStream, 'forwarded'>): string {
  return wireOctets({ octets: s.forwarded }).octets;
}

/** The octets a proxy forwarded upstream in one record, per upstream connection (wire entries on the origin side
 *  that the harness received), in connection order (none: the proxy forwarded nothing); undefined when the record
 *  keeps no wire log at all.
 *  `truncated`: an entry was cut; `capped`: the record has as many entries as the compact form keeps (later ones may
 *  be missing). */
export function forwardedOf(r: Pick<ResultRecord, 'wire'>): { conn: number; octets: string; truncated: boolean; capped: boolean }[] | undefined {
  if (r.wire.length === 0) return undefined;
  const entries = r.wire.filter((w) => w.side === 'origin' && w.dir === 'received');
  const byConn = new Map<number, { octets: string; truncated: boolean }>();
  for (const w of entries) {
    const c = w.conn ?? 0;
    const o = wireOctets(w);
    const cur = byConn.get(c) ?? { octets: '', truncated: false };
    byConn.set(c, { octets: cur.octets + o.octets, truncated: cur.truncated || o.cut });
  }
  const capped = r.wire.length >= COMPACT_WIRE_ENTRIES;
  return [...byConn.entries()].sort((a, b) => a[0] - b[0]).map(([conn, v]) => ({ conn, octets: v.octets, truncated: v.truncated, capped }));
}

/** What the client side sent in a record (send steps), for live confirmation. */
export function sentOf(r: Pick<ResultRecord, 'wire'>): string | undefined {
  const entries = r.wire.filter((w) => (w.side ?? 'client') === 'client' && w.dir === 'sent');
  if (entries.length === 0) return undefined;
  return entries.map((w) => wireOctets(w).octets).join('');
}

/** Every leniency flag of the reference parser: how a lenient proxy most likely framed octets the strict one refuses. */
const ALL_LENIENT: Leniency = Object.fromEntries(LENIENCY_FLAGS.map((f) => [f, true]));

/** The messages in `octets` as the strict reference request parser frames them (RFC 9112 6.3: the message body
 *  length is Transfer-Encoding chunked, else Content-Length, else 0), up to the first error. When the strict parser
 *  refuses the octets (the proxy forwarded what RFC 9112 forbids it to send) and the parser with every leniency flag
 *  reads them whole, those messages are the proxy's view (`lenient`), with the strict error kept. */
export function proxyView(octets: string): ProxyView {
  const strict = frame(octets, undefined);
  if (strict.malformation === undefined) return strict;
  // Transfer-Encoding in an HTTP/1.0 request (RFC 9112 6.1: the framing is faulty): a proxy that forwards the coded
  // octets framed them by the coding, so read them as HTTP/1.1 (same length: offsets hold)
  const loosen = strict.malformation.code === 'HPE_TRANSFER_ENCODING_HTTP10' ? octets.replace(/^([^\r\n ]+ [^\r\n ]+ HTTP\/)1\.0(\r?\n)/gm, '$11.1$2') : octets;
  const loose = frame(loosen, ALL_LENIENT);
  if (loose.malformation !== undefined || loose.messages.length <= strict.messages.length) return strict;
  return { messages: loose.messages, partial: loose.partial, malformation: strict.malformation, lenient: true };
}

function frame(octets: string, lenient: Leniency | undefined): ProxyView {
  const messages: MessageView[] = [];
  let head: RequestHead | undefined;
  let bodyLength = 0;
  let completed = false;
  const parser = new Parser('request', {
    onHead: (h) => { if (h.kind === 'request') head = h; },
    onBody: (d) => { bodyLength += d.length; },
    onMessageComplete: () => { completed = true; parser.pause(); },
  }, lenient !== undefined ? { lenient } : {});
  const commit = (): void => {
    completed = false;
    if (head !== undefined) messages.push({ method: head.method, target: head.target, bodyLength });
    head = undefined;
    bodyLength = 0;
  };
  let rest = Buffer.from(octets, 'latin1');
  // each round ends at a message boundary (the parser pauses there) or consumes everything: bounded by the length
  for (let round = 0; rest.length > 0 && round <= octets.length; round++) {
    const n = parser.execute(rest);
    if (completed) commit();
    if (parser.error !== null || !parser.paused) break;
    parser.resume();
    rest = rest.subarray(n);
  }
  // no finish(): the capture ending is not the proxy closing; a message in progress is `partial`
  const e = parser.error;
  const partial = e === null && (head !== undefined || (!parser.idle && !parser.closed && !parser.upgraded));
  return { messages, partial, ...(e !== null ? { malformation: { code: e.code, offset: e.offset, reason: e.reason } } : {}) };
}

const viewOf = (q: Pick<InterpretedRequest, 'method' | 'target'>, bodyLength: number): MessageView => ({ method: q.method, target: q.target, bodyLength });

/** The server's view from a replay observation (server role, echo contract). */
export function serverViewOf(obs: Observation): ServerView {
  if (obs.harnessError !== undefined) return { source: 'replay', messages: [], connection: obs.connection, timedOut: false, error: obs.harnessError };
  const messages: ServerMessage[] = obs.responses.map((r) => (r.echo !== undefined ? { status: r.status, echo: viewOf(r.echo, r.echo.body.length) } : { status: r.status }));
  return { source: 'replay', messages, connection: obs.connection, timedOut: obs.timeouts.length > 0 || obs.overallTimeout || obs.partial };
}

/** The server's view from its own results record of a fixture, when the record keeps every echo it answered
 *  (compact pass records keep statuses only: undefined then, the octets must be replayed). */
export function serverViewOfRecord(r: ResultRecord): ServerView | undefined {
  const o = r.observed;
  if (o === undefined || r.verdict === 'error' || r.verdict === 'skip') return undefined;
  const messages: ServerMessage[] = [];
  let next = 0;
  for (const res of o.responses) {
    if (!res.echo) { messages.push({ status: res.status }); continue; }
    const q = o.requests[next++];
    if (q === undefined) return undefined;
    const method = decodeOctets(q.method);
    const target = decodeOctets(q.target);
    if (method === undefined || target === undefined) return undefined;
    messages.push({ status: res.status, echo: { method, target, bodyLength: Buffer.from(q.body, 'base64').length } });
  }
  return { source: 'record', fixture: r.fixture, messages, connection: o.connection, timedOut: o.timeouts.length > 0 || o.overallTimeout || o.partial };
}
