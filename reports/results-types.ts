// The results document's types as reports/ reads them (version 1), kept equal to harness/results/results.schema.json.
// reports/ must not import harness/, so the schema's shapes are written out here; suites/reports/types.test.ts checks
// that these and harness/results/types.ts are assignable both ways and that the enums match the schema.

export const RESULTS_VERSION = 1;

export type Role = 'server' | 'client' | 'proxy';
export const ROLES: readonly Role[] = ['server', 'client', 'proxy'];
export type RequirementLevel = 'MUST' | 'SHOULD' | 'MAY';
export const LEVELS: readonly RequirementLevel[] = ['MUST', 'SHOULD', 'MAY'];
export type DeliveryMode = 'whole' | 'byte-by-byte' | 'every-split' | 'random-splits';
export const DELIVERY_MODES: readonly DeliveryMode[] = ['whole', 'byte-by-byte', 'every-split', 'random-splits'];
export type VerdictKind = 'pass' | 'warn' | 'fail' | 'info' | 'skip' | 'error';
export const VERDICT_KINDS: readonly VerdictKind[] = ['pass', 'warn', 'fail', 'info', 'skip', 'error'];
export type AdapterKind = 'in-process' | 'command' | 'address';

/** Octets as the echo contract encodes them: well-formed UTF-8 as a string, anything else as {base64}. */
export type EncodedOctets = string | { readonly base64: string };

export interface SubjectInfo {
  readonly name: string;
  readonly version: string;
  readonly role: Role;
  readonly adapter: string;
  readonly lacks: readonly string[];
  readonly startError?: string;
  readonly stdout?: string;
  readonly stderr?: string;
}

export interface RunInfo {
  readonly startedAt: string;
  finishedAt?: string;
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
  /** base64, capped (see bodyTruncated) */
  readonly body: string;
  readonly bodyTruncated: boolean;
  readonly echo: boolean;
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
}

export interface ObservedRecord {
  readonly summary: string;
  readonly connection: 'open' | 'closed' | 'reset';
  readonly responses: ResponseRecord[];
  readonly trailingInterim: number[];
  readonly requests: RequestRecord[];
  readonly malformation?: { readonly code: string; readonly offset: number; readonly reason: string };
  readonly partial: boolean;
  readonly timeouts: string[];
  readonly overallTimeout: boolean;
  readonly flooded: boolean;
  readonly octetsSent: number;
  readonly octetsReceived: number;
  readonly notes: string[];
}

export interface ResultRecord {
  readonly fixture: string;
  readonly file: string;
  readonly title: string;
  readonly level: RequirementLevel;
  readonly role: Role;
  readonly spec: string[];
  readonly tags: string[];
  readonly subject: string;
  readonly delivery: DeliveryMode;
  readonly seed: number;
  readonly verdict: VerdictKind;
  readonly reason: string;
  readonly expected: {
    readonly outcomes: { readonly name: string; readonly level: string }[];
    readonly never: { readonly description: string; readonly level: string }[];
  };
  readonly matched: string[];
  readonly violated: { readonly never: string; readonly by: string }[];
  readonly mismatches: { readonly outcome: string; readonly why: string }[];
  /** absent for skip and for errors raised before a connection */
  readonly observed?: ObservedRecord;
  readonly wire: WireRecord[];
  readonly durationMs: number;
}

export interface ResultsDocument {
  readonly version: typeof RESULTS_VERSION;
  readonly tool: { readonly name: 'h1compat'; readonly version: string };
  readonly run: RunInfo;
  readonly records: ResultRecord[];
}
