// The client contract (harness/client/CONTRACT.md): the request spec the harness gives a client, the result it prints.

// No runtime import beyond echo/octets: the command drivers load this file as plain JavaScript (compile.ts).
import { decodeOctets, type EncodedOctets } from '../echo/octets';

export const CLIENT_SPEC_VERSION = 1;

/** One request the client is asked to make. Octet strings use the echo contract's encoding. */
export interface SpecRequest {
  /** `http://127.0.0.1:<port><target>` (the harness's origin port already substituted) */
  readonly url: string;
  readonly method: EncodedOctets;
  /** the request-target as the fixture gives it (drivers that can send it verbatim may) */
  readonly target: EncodedOctets;
  /** header field lines to add, in order (duplicates kept); the client adds what it adds (Host, framing) */
  readonly fields: [EncodedOctets, EncodedOctets][];
  /** content, base64; absent: no content */
  readonly body?: string;
  /** the fields hold `Expect: 100-continue`: send the head, wait for 100 (Continue) before the content, but not
   *  longer than `continueTimeoutMs` */
  readonly expectContinue: boolean;
  /** issue this request without waiting for the previous one's response (RFC 9112 9.3.2 pipelining; never on the
   *  first request). A driver whose client cannot pipeline ignores it, and its subject lists `lacks: ["pipelining"]` */
  readonly pipeline?: true;
}

export interface ClientSpec {
  readonly h1compatClient: typeof CLIENT_SPEC_VERSION;
  readonly origin: { readonly host: string; readonly port: number };
  /** made in order, each after the previous one's response (unless it is `pipeline`d), on one keep-alive connection
   *  where the client allows */
  readonly requests: SpecRequest[];
  /** give up on one request after this long and report an error `TIMEOUT` */
  readonly timeoutMs: number;
  /** how long an expect-continue request waits for 100 (Continue) before sending the content anyway */
  readonly continueTimeoutMs: number;
}

/** A final response as the client interpreted it. */
export interface ResultResponse {
  readonly status: number;
  readonly reason?: EncodedOctets;
  /** e.g. `HTTP/1.1`, when the client reports it */
  readonly version?: EncodedOctets;
  /** header field lines in received order, as the client reports them */
  readonly headers: [EncodedOctets, EncodedOctets][];
  /** the content after transfer decoding, base64 */
  readonly body: string;
  readonly trailers?: [EncodedOctets, EncodedOctets][];
  /** interim (1xx) statuses the client saw before this response, in order; absent when the client cannot tell */
  readonly interim?: number[];
}

/** The client reported an error instead of a response (parse error, reset, timeout...). */
export interface ResultError {
  readonly error: { readonly code: string; readonly message: string };
}

export type ResultEntry = ResultResponse | ResultError;

export interface ClientResult {
  readonly h1compatClientResult: typeof CLIENT_SPEC_VERSION;
  /** name and version of the client library, e.g. `undici 7.30.2` */
  readonly client?: string;
  /** one entry per request of the spec, in order (fewer if the client stopped early) */
  readonly results: ResultEntry[];
}

/** A client's deadline per request (the spec's `timeoutMs`). 10 s, not 5 s: at load averages of 20-40 on 2 cores the
 *  harness's own paced serve steps were delayed by up to 0.9 s per octet, and curl's 5 s --max-time ran out while the
 *  origin was still serving (reason-phrase-obs-text byte-by-byte: CURLE_28 in one matrix run, 200 in the next at
 *  ed72d84); OkHttp and the JDK client timed out the same way (issue 13). A client that really hangs is reported
 *  5 s later. */
export const DEFAULT_CLIENT_TIMEOUT_MS = 10000;
export const DEFAULT_CONTINUE_TIMEOUT_MS = 1000;

/** latin1 octets of an encoded value ('' when malformed: validation happens in parseResult). */
export function octets(v: EncodedOctets | undefined): string {
  return v === undefined ? '' : decodeOctets(v) ?? '';
}

export function isError(e: ResultEntry): e is ResultError {
  return (e as ResultError).error !== undefined;
}

function isOctets(v: unknown): boolean {
  return decodeOctets(v) !== undefined;
}

function isLines(v: unknown): boolean {
  return Array.isArray(v) && v.every((l) => Array.isArray(l) && l.length === 2 && isOctets(l[0]) && isOctets(l[1]));
}

function entryProblem(e: unknown, i: number): string | undefined {
  if (typeof e !== 'object' || e === null) return `results[${i}] is not an object`;
  const o = e as Record<string, unknown>;
  if (o.error !== undefined) {
    const err = o.error as Record<string, unknown>;
    if (typeof err !== 'object' || err === null || typeof err.code !== 'string' || typeof err.message !== 'string') return `results[${i}].error needs string code and message`;
    return undefined;
  }
  // three digits as the client delivered them: Go's client gives `099` as 99 (RFC 9110 15: values outside 100..599
  // are invalid, and the fixture judges what the client made of one), so 0-999, not 100-999 (that made the result
  // line unreadable, and the record depended on when the harness gave up waiting: issue 13)
  if (!Number.isInteger(o.status) || (o.status as number) < 0 || (o.status as number) > 999) return `results[${i}].status must be an integer 0-999`;
  if (!isLines(o.headers)) return `results[${i}].headers must be [name, value] pairs`;
  if (typeof o.body !== 'string') return `results[${i}].body must be base64`;
  if (o.trailers !== undefined && !isLines(o.trailers)) return `results[${i}].trailers must be [name, value] pairs`;
  if (o.interim !== undefined && !(Array.isArray(o.interim) && o.interim.every((s) => Number.isInteger(s)))) return `results[${i}].interim must be statuses`;
  for (const k of ['reason', 'version'] as const) if (o[k] !== undefined && !isOctets(o[k])) return `results[${i}].${k} must be octets`;
  return undefined;
}

/** Validate a result document; a one-line reason when it is not one. */
export function parseResult(text: string): { ok: true; result: ClientResult } | { ok: false; reason: string } {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    return { ok: false, reason: `not JSON: ${(e as Error).message}` };
  }
  if (typeof v !== 'object' || v === null) return { ok: false, reason: 'not a JSON object' };
  const o = v as Record<string, unknown>;
  if (o.h1compatClientResult !== CLIENT_SPEC_VERSION) return { ok: false, reason: '`h1compatClientResult` must be 1' };
  if (!Array.isArray(o.results)) return { ok: false, reason: '`results` must be an array' };
  for (let i = 0; i < o.results.length; i++) {
    const p = entryProblem(o.results[i], i);
    if (p !== undefined) return { ok: false, reason: p };
  }
  return { ok: true, result: v as ClientResult };
}

/** Find the result document in a command's stdout: the first line that parses as one (drivers may log before it). */
export function findResult(stdout: string): { ok: true; result: ClientResult } | { ok: false; reason: string } {
  let last = 'no output';
  for (const line of stdout.split('\n')) {
    const t = line.trim();
    if (!t.startsWith('{')) continue;
    const r = parseResult(t);
    if (r.ok) return r;
    last = r.reason;
  }
  return { ok: false, reason: stdout.trim() === '' ? 'no output' : `no result line (${last})` };
}
