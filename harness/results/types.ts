// The results document (one per run): run metadata and one record per fixture x subject x delivery. Version 1.

import type { DeliveryMode, RequirementLevel, Role } from '../fixture';
import type { EncodedOctets } from '../echo/octets';
import type { VerdictKind } from '../replay/verdict';
import type { SplitsSummary } from '../replay/every-split';
import type { TransportKind } from '../replay/transport-tcp';

export const RESULTS_VERSION = 1;

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
  readonly at: number;
  readonly segments: number;
  /** the octets with visible escapes (\r \n \t \xNN, \" \\), as in fixture files */
  readonly octets: string;
  /** client and proxy roles: which harness connection (see harness/replay/wire.ts) */
  readonly side?: 'client' | 'origin';
  readonly conn?: number;
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
  /** the transport of the replay: `memory` (exact segmentation) or `tcp` (the kernel may merge writes); absent in
   *  files written before it was recorded */
  readonly transport?: TransportKind;
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
}
