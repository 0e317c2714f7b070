// The pairs document (version 1): which proxy × origin-server pairs disagree on message boundaries, written by
// `h1compat pairs` (harness/pairs/) and rendered by reports/pairs-markdown.ts and reports/pairs-html.ts. Like the
// results document, it is plain JSON and reports/ reads it alone. Octet strings are written with visible escapes
// (\r \n \t \xNN, \" \\), as in fixture files.

export const PAIRS_VERSION = 1;

/** How two parties read one byte stream differently (the proxy's view vs the server's):
 *  - `extra-request`: the server answered more messages than the proxy forwarded (request smuggling);
 *  - `fewer-requests`: the server answered fewer and did not refuse (desync: it waits for octets the proxy thinks
 *    belong to no message, or it swallowed a request into a body);
 *  - `different-method` / `different-target`: the n-th message has another method or request-target at the server;
 *  - `different-body-length`: the n-th message carries a body of another length at the server (RFC 9112 6.3). */
export type PairClass = 'extra-request' | 'fewer-requests' | 'different-method' | 'different-target' | 'different-body-length';
export const PAIR_CLASSES: readonly PairClass[] = ['extra-request', 'fewer-requests', 'different-method', 'different-target', 'different-body-length'];

/** `agree`: same messages; `disagree`: at least one class; `rejected`: the server refused (4xx/5xx) a message the
 *  proxy forwarded, or closed the connection cleanly before reading the rest (RFC 9112 9.6), and nothing disagreed
 *  before (safe: no message crossed a boundary); `unknown`: the server's reading of these octets is not known (not
 *  recorded, not replayed, a harness error, or past a point where the proxy's own framing is not known). */
export type PairStatus = 'agree' | 'disagree' | 'rejected' | 'unknown';
export const PAIR_STATUSES: readonly PairStatus[] = ['agree', 'disagree', 'rejected', 'unknown'];

/** One message as a party framed it. */
export interface MessageView {
  readonly method: string;
  readonly target: string;
  readonly bodyLength: number;
}

/** What the strict reference parser (RFC 9112) reads in the octets the proxy forwarded on one upstream connection:
 *  the messages the proxy meant to forward, when it frames its own output right. */
export interface ProxyView {
  readonly messages: MessageView[];
  /** the forwarded octets break RFC 9112 here (a proxy fault of its own) */
  readonly malformation?: { readonly code: string; readonly offset: number; readonly reason: string };
  /** a message had begun but was not complete at the end of the octets */
  readonly partial: boolean;
  /** the strict parser refused the octets (see malformation); the messages are those the reference parser reads
   *  with every leniency flag on, the likeliest reading of a proxy that forwarded them */
  readonly lenient?: boolean;
}

/** One final response of the server, in order: the echo of a message it accepted, or a status it answered. */
export interface ServerMessage {
  readonly status: number;
  /** the server's interpretation (echo contract); absent for non-echo responses (e.g. 400) */
  readonly echo?: MessageView;
}

/** How the server read the octets: from its own record of an identical fixture, from a replay of exactly these
 *  octets, or live behind the real proxy. */
export interface ServerView {
  readonly source: 'record' | 'replay';
  /** source `record`: the server fixture whose octets are identical */
  readonly fixture?: string;
  readonly messages: ServerMessage[];
  readonly connection: 'open' | 'closed' | 'reset';
  /** the server had not finished answering (a wait ran out) */
  readonly timedOut: boolean;
  /** a harness problem (the server did not start, no connection): the view is empty and the status `unknown` */
  readonly error?: string;
  /** replays only: a probe request (GET /h1compat-pairs-probe) was sent after the forwarded octets; `intact` when
   *  the server answered it, as its last answer, with that method and target (its answer is not in `messages`):
   *  every boundary before it agreed, whatever an echo application reported about bodies; `not-answered`: the view
   *  is that of a second replay of the forwarded octets alone */
  readonly probe?: 'intact' | 'not-answered';
}

/** The octets one proxy forwarded on one upstream connection for one fixture (deliveries whose octets are equal are
 *  folded into one stream). */
export interface ForwardedStream {
  /** stable id: `<proxy>/<fixture>/<conn>` plus `@<delivery>` when the deliveries forwarded different octets */
  readonly id: string;
  readonly proxy: string;
  readonly fixture: string;
  readonly file: string;
  readonly title: string;
  readonly spec: string[];
  readonly deliveries: string[];
  /** upstream connection index (0 = the first the proxy opened) */
  readonly conn: number;
  /** the octets the proxy forwarded (visible escapes) */
  readonly forwarded: string;
  /** the results file kept only part of them: the analysis is not exact */
  readonly truncated: boolean;
  /** what the client sent to the proxy (visible escapes; for live confirmation), when recorded */
  readonly sent?: string;
  readonly proxyView: ProxyView;
}

/** Live confirmation: the real proxy in front of the real server on loopback, the original client octets sent;
 *  `reached` is what the server answered on the proxy's upstream connections (seen by a recording relay). */
export interface Confirmation {
  readonly state: 'confirmed' | 'not-confirmed' | 'error';
  readonly detail: string;
  readonly reached: ServerMessage[];
  readonly forwarded: string;
}

/** One stream read by one server. */
export interface PairCase {
  readonly stream: string;
  readonly server: string;
  readonly status: PairStatus;
  readonly classes: PairClass[];
  /** one line per difference, in the order found */
  readonly detail: string[];
  readonly serverView?: ServerView;
  readonly confirmation?: Confirmation;
}

/** Counts of one proxy × server cell. */
export interface PairCell {
  readonly proxy: string;
  readonly server: string;
  readonly agree: number;
  readonly disagree: number;
  readonly rejected: number;
  readonly unknown: number;
  readonly confirmed: number;
}

export interface PairsDocument {
  readonly version: typeof PAIRS_VERSION;
  readonly tool: { readonly name: 'h1compat'; readonly version: string };
  readonly createdAt: string;
  readonly git: string | null;
  /** the results files read */
  readonly sources: string[];
  readonly proxies: { readonly name: string; readonly version: string }[];
  readonly servers: { readonly name: string; readonly version: string }[];
  /** proxy records whose forwarded octets the results do not keep (e.g. compact pass records), per proxy */
  readonly notRecorded: Record<string, number>;
  /** proxy records whose wire log shows nothing forwarded upstream (the proxy refused or answered itself), per proxy */
  readonly forwardedNothing?: Record<string, number>;
  readonly streams: ForwardedStream[];
  readonly cells: PairCell[];
  /** every case that is not `agree` (agreeing cases are only counted) */
  readonly cases: PairCase[];
  /** how to re-run: the command line that produced this document */
  readonly command: string;
}

/** Parse and check the outer shape of a pairs document; a one-line reason otherwise. */
export function parsePairs(text: string, name: string): PairsDocument {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new Error(`${name}: not JSON (${(e as Error).message})`);
  }
  const o = v as Partial<PairsDocument> | null;
  if (typeof o !== 'object' || o === null || o.version !== PAIRS_VERSION || !Array.isArray(o.streams) || !Array.isArray(o.cells) || !Array.isArray(o.cases)) {
    throw new Error(`${name}: not an h1compat pairs document (version ${PAIRS_VERSION} with streams, cells, cases)`);
  }
  return o as PairsDocument;
}

/** The command that re-runs one pair (one stream against one server), with live confirmation; `--capture` too, so
 *  that a stream captured from a compact record is found again (it costs one proxy replay at most otherwise). */
export function rerunCommand(s: ForwardedStream, server: string, results = 'reports/compat/results'): string {
  return `npx h1compat pairs --results ${results} --proxy ${s.proxy} --server ${server} --fixture ${s.fixture} --capture --confirm`;
}

/** `GET /a (body 0)`: one message in words (octets already in visible escapes or plain). */
export function describeMessage(m: MessageView): string {
  return `${m.method} ${m.target} (body ${m.bodyLength})`;
}

/** `200 echo GET /a (body 0)` or `400`: one server answer in words. */
export function describeAnswer(m: ServerMessage): string {
  return m.echo !== undefined ? `${m.status} echo ${describeMessage(m.echo)}` : `${m.status} (no echo)`;
}

const CASE_ORDER = (k: PairCase): number => (k.confirmation?.state === 'confirmed' ? 0 : k.status === 'disagree' ? 1 : k.status === 'unknown' ? 2 : 3);

/** Cases in reading order: confirmed findings, predicted disagreements, unknown, rejected; then by stream id. */
export function sortCases(cases: readonly PairCase[]): PairCase[] {
  return [...cases].sort((a, b) => CASE_ORDER(a) - CASE_ORDER(b) || (a.stream < b.stream ? -1 : a.stream > b.stream ? 1 : 0) || (a.server < b.server ? -1 : 1));
}

/** Totals over the grid. */
export function pairTotals(d: PairsDocument): { agree: number; disagree: number; rejected: number; unknown: number; confirmed: number; pairs: number; pairsDisagreeing: number } {
  const t = { agree: 0, disagree: 0, rejected: 0, unknown: 0, confirmed: 0, pairs: d.cells.length, pairsDisagreeing: 0 };
  for (const c of d.cells) {
    t.agree += c.agree; t.disagree += c.disagree; t.rejected += c.rejected; t.unknown += c.unknown; t.confirmed += c.confirmed;
    if (c.disagree > 0) t.pairsDisagreeing++;
  }
  return t;
}

/** A stable anchor for a grid cell. */
export function cellAnchor(proxy: string, server: string): string {
  return `pair-${proxy}-${server}`.replace(/[^A-Za-z0-9_-]/g, '_');
}
