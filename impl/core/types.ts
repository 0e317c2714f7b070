// The public shapes of the sans-IO protocol core: message heads, framing kinds and the parser's event sink.
// Field lines are kept exactly as received: a flat array [name0, value0, name1, value1, ...] of latin1 strings
// (one char per octet), in received order and case; values have leading and trailing OWS removed (RFC 9112 5).

import type { Leniency } from './leniency';

/** How the body of one message is delimited (RFC 9112 6.3). A tagged union, one variant per framing kind. */
export type Framing =
  | { readonly kind: 'none' }                      // no content: HEAD/1xx/204/304 responses, requests without CL/TE
  | { readonly kind: 'length'; readonly length: number } // Content-Length (0 included)
  | { readonly kind: 'chunked' }                   // Transfer-Encoding with chunked final
  | { readonly kind: 'close' }                     // response read until the connection closes
  | { readonly kind: 'tunnel' };                   // 2xx to CONNECT or 101: bytes after the head belong to another protocol

interface HeadCommon {
  readonly versionMajor: number;
  readonly versionMinor: number;
  /** flat [name, value, ...] as received */
  readonly fields: string[];
  readonly framing: Framing;
  /** the connection may carry another message after this one (RFC 9112 9.3) */
  readonly keepAlive: boolean;
  /** Upgrade requested (request: Upgrade + Connection: upgrade; response: 101) or CONNECT */
  readonly upgrade: boolean;
  /** transfer codings other than chunked, lower-cased, in order (body bytes are not decoded) */
  readonly transferCodings: readonly string[];
}

export interface RequestHead extends HeadCommon {
  readonly kind: 'request';
  readonly method: string;
  readonly target: string;
  readonly targetForm: 'origin' | 'absolute' | 'authority' | 'asterisk';
  /** Expect: 100-continue was present (RFC 9110 10.1.1) */
  readonly expectContinue: boolean;
}

export interface ResponseHead extends HeadCommon {
  readonly kind: 'response';
  readonly status: number;
  readonly reason: string;
}

export type MessageHead = RequestHead | ResponseHead;

/** What a head handler may tell the parser about the message it just saw (a plain object, not a const enum, so that
 *  files compiled one by one under ts-node's transpile-only mode agree on the values). */
export const HeadAction = {
  /** frame the body as the head says */
  Normal: 0,
  /** the message has no body whatever its fields say (response to HEAD, when the sink knows better) */
  SkipBody: 1,
  /** decline an Upgrade offered by a request: parse it as an ordinary request (node: no 'upgrade' listener) */
  DeclineUpgrade: 3,
} as const;
export type HeadAction = (typeof HeadAction)[keyof typeof HeadAction];

/** Event sink. Callbacks run synchronously inside execute()/finish(); none may throw. */
export interface ParserSink {
  onHead(head: MessageHead): HeadAction | void;
  /** a view into the caller's buffer, valid only during the call: copy it to keep it */
  onBody(data: Uint8Array): void;
  /** trailer section fields of a chunked message, flat [name, value, ...]; called only when non-empty */
  onTrailers?(fields: string[]): void;
  /** chunk boundaries, for tools that care about them */
  onChunkHeader?(size: number, extensions: string): void;
  onMessageComplete(): void;
}

export interface ParserOptions {
  /** maximum size in octets of a message head (start-line, field lines and their CRLFs, and the final CRLF); node's default 16384 */
  maxHeaderSize?: number;
  /** maximum field lines in the header section (and, separately, the trailer section); node's default 2000 */
  maxFieldLines?: number;
  /** maximum octets of chunk-ext on one chunk line; node's default 16384 */
  maxChunkExtensionSize?: number;
  /** maximum content octets per message (413); default unlimited */
  maxBodySize?: number;
  /** leniency flags, all off by default */
  lenient?: Leniency;
  /** how maxHeaderSize is counted. 'octets' (default): every octet of the head. 'llhttp': as node's llhttp binding
   *  counts it, the request-target (or reason-phrase) plus each field name and value (leading OWS excluded), an
   *  error once the sum reaches maxHeaderSize; the head's octets are then capped at HEAD_OCTETS_FACTOR times
   *  maxHeaderSize (whitespace, CRLFs, the method and version count only there). A request-target of
   *  maxHeaderSize octets or more is still 414, a method that long 501 (RFC 9112 3). */
  headerSizeCounting?: 'octets' | 'llhttp';
}

export type ParserKind = 'request' | 'response';
