// Declarative subject descriptions (subjects/*.json) and the handle of a started subject.

import type { Duplex } from 'node:stream';
import type { Role } from '../fixture';

/** How the harness knows a command subject is ready to accept connections. */
export type Readiness =
  | { readonly kind: 'port' }
  | { readonly kind: 'stdout'; readonly match: string };

export type AdapterSpec =
  /** built into the harness: the reference implementation or node:http, running the echo application */
  | { readonly kind: 'in-process'; readonly implementation: 'reference' | 'node' }
  /** any program; argv elements may contain `{port}` */
  | {
      readonly kind: 'command';
      readonly argv: readonly string[];
      readonly cwd?: string;
      readonly env?: Readonly<Record<string, string>>;
      readonly ready: Readiness;
      readonly readyTimeoutMs?: number;
    }
  /** a black box already listening: no echo, status and connection checks only */
  | { readonly kind: 'address'; readonly host: string; readonly port: number };

export interface SubjectSpec {
  /** unique short name, used on the command line (`--subject reference`) */
  readonly name: string;
  /** version string; for in-process subjects the adapter fills it in when absent */
  readonly version?: string;
  readonly role: Role;
  readonly description?: string;
  /** the subject's HTTP/1.1 parser family (llhttp, h11, httparse, ...), so that reports can group by parser */
  readonly parser?: string;
  readonly adapter: AdapterSpec;
  /** at most this many replays in flight against this subject, whatever `--jobs` asks (a server that serves one
   *  connection at a time reads one replay's octets together while it serves another) */
  readonly maxJobs?: number;
  /** capabilities the subject lacks (fixtures needing them are skipped), e.g. `echo`, `raw-field-names` */
  readonly lacks: readonly string[];
}

/** Captured output of a command subject, capped. */
export interface SubjectOutput {
  readonly stdout: string;
  readonly stderr: string;
  readonly exit?: { readonly code: number | null; readonly signal: string | null };
}

/** A started subject: where to connect, and how to stop it. */
export interface SubjectHandle {
  readonly spec: SubjectSpec;
  readonly version: string;
  readonly host: string;
  readonly port: number;
  /** in-process subjects: open a connection in memory (harness/replay/transport-memory.ts); the harness's end */
  readonly connectMemory?: () => Duplex;
  /** stop the subject and release everything it holds; safe to call twice */
  stop(): Promise<void>;
  output(): SubjectOutput;
}
