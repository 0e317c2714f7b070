// The results model, defined once: the results document (version 1), its records and the observation shapes they
// carry, the enums, and the one verdict order. harness/ (which writes results) and reports/ (which reads them) both
// import this file; it imports nothing. results.schema.json beside it describes the same document for other tools
// (reports/load.ts validates every file it reads against it); suites/reports/logic.test.ts checks the enums agree.

export const RESULTS_VERSION = 1;

export type Role = 'server' | 'client' | 'proxy';
export const ROLES: readonly Role[] = ['server', 'client', 'proxy'];

/** The requirement level of a fixture (RFC 2119 keywords as RFC 9110/9112 use them). */
export type RequirementLevel = 'MUST' | 'SHOULD' | 'MAY';
export const LEVELS: readonly RequirementLevel[] = ['MUST', 'SHOULD', 'MAY'];

/** How a fixture's octets are segmented (the schema's order is the canonical order of records). */
export type DeliveryMode = 'whole' | 'byte-by-byte' | 'every-split' | 'random-splits';
export const DELIVERY_MODES: readonly DeliveryMode[] = ['whole', 'byte-by-byte', 'every-split', 'random-splits'];

/** How the harness connected: `memory` (in-process subjects; exact segmentation) or `tcp` (the kernel may merge writes). */
export type TransportKind = 'tcp' | 'memory';
export const TRANSPORTS: readonly TransportKind[] = ['tcp', 'memory'];

export type AdapterKind = 'in-process' | 'command' | 'address';

// ---- verdicts ------------------------------------------------------------------------------------------------------

export type VerdictKind = 'pass' | 'warn' | 'fail' | 'info' | 'skip' | 'error';

/** The verdicts in the schema's order: the column order of every count table. */
export const VERDICT_KINDS: readonly VerdictKind[] = ['pass', 'warn', 'fail', 'info', 'skip', 'error'];

/**
 * THE verdict order, least to most severe. "Worst" everywhere (the verdict of a matrix cell over its deliveries, the
 * split replay an every-split record shows, the repeat a --repeat record shows, the order of chart bars) is the last
 * one in this order. `error` is last: a harness fault needs attention before anything the subject did.
 * `skip` sits below `info` so that a cell with one skipped and one recorded delivery shows what was recorded.
 */
export const VERDICT_ORDER: readonly VerdictKind[] = ['pass', 'skip', 'info', 'warn', 'fail', 'error'];

const RANK: Readonly<Record<VerdictKind, number>> = { pass: 0, skip: 1, info: 2, warn: 3, fail: 4, error: 5 };

/** Position of a verdict in VERDICT_ORDER (0 = pass). */
export function verdictRank(v: VerdictKind): number {
  return RANK[v];
}

/** `a` is strictly worse than `b` in VERDICT_ORDER. */
export function worse(a: VerdictKind, b: VerdictKind): boolean {
  return RANK[a] > RANK[b];
}

/** The worst of some verdicts (VERDICT_ORDER), or undefined for none. */
export function worst(verdicts: readonly VerdictKind[]): VerdictKind | undefined {
  let w: VerdictKind | undefined;
  for (const v of verdicts) if (w === undefined || RANK[v] > RANK[w]) w = v;
  return w;
}

/**
 * Gating classes: VERDICT_ORDER with pass, skip and info merged into `ok`. Gating (exit status, baselines, compare's
 * regressions and fixes) asks "is there something to fix?", and for pass, skip (the subject lacks a declared
 * capability) and info (MAY behaviour, recorded) the answer is no, so a change among them is neither a regression
 * nor a fix. The order of the remaining classes is VERDICT_ORDER's.
 */
export type VerdictClass = 'ok' | 'warn' | 'fail' | 'error';
export const GATE_ORDER: readonly VerdictClass[] = ['ok', 'warn', 'fail', 'error'];

export function verdictClass(v: VerdictKind): VerdictClass {
  return v === 'pass' || v === 'skip' || v === 'info' ? 'ok' : v;
}

/** How bad a verdict is for gating: its class's index in GATE_ORDER (ok 0, warn 1, fail 2, error 3). */
export function severity(v: VerdictKind): number {
  return GATE_ORDER.indexOf(verdictClass(v));
}

export function isVerdict(v: unknown): v is VerdictKind {
  return typeof v === 'string' && (VERDICT_KINDS as readonly string[]).includes(v);
}

// ---- what a record carries -------------------------------------------------------------------------------------------

/** Octets as the echo contract encodes them: well-formed UTF-8 as a string, anything else as {base64}. */
export type EncodedOctets = string | { readonly base64: string };

/** How the connection ended, as the harness saw it; `open` = still open when the harness stopped. */
export type ConnectionOutcome = 'open' | 'closed' | 'reset';

/** The subject's output broke the strict reference parser (RFC 9112) at `offset` of the received stream. */
export interface MalformationRecord {
  readonly code: string;
  readonly offset: number;
  readonly reason: string;
}

export interface SubjectInfo {
  readonly name: string;
  readonly version: string;
  readonly role: Role;
  readonly adapter: string;
  /** how the harness connected: `memory` (in-process subjects) or `tcp` */
  readonly transport?: TransportKind;
  readonly lacks: readonly string[];
  /** set when the subject could not be started */
  readonly startError?: string;
  /** a command subject that stopped answering and was restarted: why, one line per restart (harness/replay/keeper.ts) */
  readonly restarts?: readonly string[];
  /** captured output of a command subject (capped) */
  readonly stdout?: string;
  readonly stderr?: string;
}

export interface RunInfo {
  readonly startedAt: string;
  finishedAt?: string;
  /** false while running, and in the file an interrupted run leaves */
  complete: boolean;
  interrupted?: boolean;
  readonly git: string | null;
  readonly node: string;
  readonly platform: string;
  readonly options: Readonly<Record<string, unknown>>;
  readonly subjects: SubjectInfo[];
}

export interface ResponseRecord {
  readonly status: number;
  readonly reason: EncodedOctets;
  readonly version: EncodedOctets;
  readonly interim: number[];
  readonly fields: [EncodedOctets, EncodedOctets][];
  readonly trailers: [EncodedOctets, EncodedOctets][];
  readonly bodyLength: number;
  /** the body, base64, capped (see bodyTruncated) */
  readonly body: string;
  readonly bodyTruncated: boolean;
  readonly echo: boolean;
  /** client role: the client reported this error instead of a response (status 0) */
  readonly error?: { readonly code: string; readonly message: string };
}

export interface RequestRecord {
  readonly method: EncodedOctets;
  readonly target: EncodedOctets;
  readonly version: EncodedOctets;
  readonly fields: [EncodedOctets, EncodedOctets][];
  readonly trailers: [EncodedOctets, EncodedOctets][];
  /** base64 */
  readonly body: string;
}

export interface WireRecord {
  readonly dir: 'sent' | 'received';
  /** ms since the connection opened */
  readonly at: number;
  readonly segments: number;
  /** the octets with visible escapes (\r \n \t \xNN, \" \\), as in fixture files */
  readonly octets: string;
  /** client and proxy roles: which harness connection (see harness/replay/wire.ts) */
  readonly side?: 'client' | 'origin';
  readonly conn?: number;
}

/** What an observation says about a connection beyond its messages: the part the engine's Observation
 *  (harness/replay/observation.ts) and a record's `observed` have in common, field for field. */
export interface ObservationFacts {
  readonly connection: ConnectionOutcome;
  /** interim statuses received after the last final response */
  readonly trailingInterim: number[];
  readonly malformation?: MalformationRecord;
  /** a response had begun but was not complete when the harness stopped */
  readonly partial: boolean;
  /** waits that ran out of time, e.g. `wait response (step 3) after 2000 ms` */
  readonly timeouts: string[];
  /** the run's overall time limit ended it */
  readonly overallTimeout: boolean;
  /** the subject sent more than the capture cap; the harness cut the connection */
  readonly flooded: boolean;
  readonly octetsSent: number;
  readonly octetsReceived: number;
  readonly notes: string[];
}

/** A record's observation: the facts, and the messages with their octets encoded for JSON. */
export interface ObservedRecord extends ObservationFacts {
  /** one line: `400, 200 → closed` */
  readonly summary: string;
  readonly responses: ResponseRecord[];
  readonly requests: RequestRecord[];
}

/** A split point of every-split delivery: after octet `at` of send step `step` (1-based; step 0 = nothing to split). */
export interface SplitPoint {
  readonly step: number;
  readonly at: number;
}

export interface SplitStep {
  /** 1-based index of the send step in the exchange */
  readonly step: number;
  /** split points the step has (octets - 1) */
  readonly total: number;
  /** split points replayed */
  readonly run: number;
  /** true when `run < total` (harness/replay/segment.ts: SPLIT_CAP) */
  readonly capped: boolean;
}

/** What an every-split record says about its replays (results file: `splits`). */
export interface SplitsSummary {
  readonly replays: number;
  readonly steps: SplitStep[];
  readonly verdicts: Partial<Record<VerdictKind, number>>;
  /** the replay whose verdict, observation and wire log the record shows: the worst verdict at the lowest split */
  readonly shown: SplitPoint;
  /** split points whose verdict is not the most common one (the first few, in split order) */
  readonly deviations: { readonly step: number; readonly at: number; readonly verdict: VerdictKind }[];
}

export interface ExpectedRecord {
  readonly outcomes: { readonly name: string; readonly level: string }[];
  readonly never: { readonly description: string; readonly level: string }[];
}

/** An RFC requirement sentence, quoted from fixtures/requirements.json (rfc, section, level, the sentence). */
export interface RequirementQuote {
  readonly rfc: string;
  readonly section: string;
  readonly level: string;
  readonly text: string;
}

export interface ResultRecord {
  readonly fixture: string;
  readonly file: string;
  /** the fixture's title: the requirement sentence */
  readonly title: string;
  readonly level: RequirementLevel;
  readonly role: Role;
  readonly spec: string[];
  readonly tags: string[];
  readonly subject: string;
  readonly delivery: DeliveryMode;
  /** the transport of the replay; absent in files written before it was recorded */
  readonly transport?: TransportKind;
  readonly seed: number;
  /** ids of the RFC requirement sentences the fixture tests (fixtures/requirements.json), quoted once in the
   *  document's `requirements`; absent when none is known */
  readonly requirements?: string[];
  readonly verdict: VerdictKind;
  readonly reason: string;
  readonly expected: ExpectedRecord;
  readonly matched: string[];
  readonly violated: { readonly never: string; readonly by: string }[];
  readonly mismatches: { readonly outcome: string; readonly why: string }[];
  /** absent for skip and for errors raised before a connection */
  readonly observed?: ObservedRecord;
  readonly wire: WireRecord[];
  readonly durationMs: number;
  /** every-split only: the split replays folded into this record (the shown one is the worst, lowest split) */
  readonly splits?: SplitsSummary;
  /** --repeat N: the verdict of each repeat, in order (the record shows the worst) */
  readonly repeats?: VerdictKind[];
  /** the verdict differed between repeats (of this case, or of any split replay of an every-split record) */
  readonly flaky?: boolean;
}

export interface ResultsDocument {
  readonly version: typeof RESULTS_VERSION;
  readonly tool: { readonly name: 'h1compat'; readonly version: string };
  readonly run: RunInfo;
  readonly records: ResultRecord[];
  /** the requirement sentences the records cite, by id (each quoted once) */
  readonly requirements?: Readonly<Record<string, RequirementQuote>>;
}
