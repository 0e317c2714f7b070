// Named leniency flags. All are off by default: the core is strict. Each flag admits exactly the inputs listed.
// The node API layer maps `insecureHTTPParser: true` onto INSECURE_PARSER_FLAGS.

export interface Leniency {
  /** obs-fold in a request (RFC 9112 5.2): each obs-fold is replaced by one SP instead of a 400.
   *  Responses are always unfolded: RFC 9112 5.2 requires a user agent to replace obs-fold with SP. */
  obsFold?: boolean;
  /** A bare LF ends a start-line, field line, chunk-size line or trailer line (RFC 9112 2.2 MAY). */
  bareLF?: boolean;
  /** A bare CR inside a field value or reason-phrase is replaced by SP instead of an error (RFC 9112 2.2). */
  bareCR?: boolean;
  /** SP / HTAB between chunk-size and CRLF with no chunk-ext: "5  \r\n" (RFC 9112 7.1 has no such BWS). */
  spacesAfterChunkSize?: boolean;
  /** chunk-data followed directly by the next chunk-size line, without CRLF. */
  optionalCRLFAfterChunk?: boolean;
  /** Transfer-Encoding together with Content-Length: Transfer-Encoding frames the message, Content-Length is ignored,
   *  and the connection is closed after the message (RFC 9112 6.1 allows a server to process such a request). */
  transferEncodingWithContentLength?: boolean;
  /** Transfer codings other than chunked are passed through undecoded (no 501), and in a request a
   *  Transfer-Encoding whose final coding is not chunked is read until the connection closes (no 400). */
  unknownTransferCoding?: boolean;
  /** Any HTTP-version with DIGIT.DIGIT is accepted (HTTP/2.0, HTTP/0.5) and treated as HTTP/1.1 (no 505). */
  anyVersion?: boolean;
  /** CTL octets other than NUL, CR and LF (%x01-08 %x0B-0C %x0E-1F %x7F) in field values and reason-phrases. */
  ctlInFieldValue?: boolean;
  /** Content-Length repeated (as a list or several lines) with identical values: the value is used once
   *  (RFC 9110 8.6 MAY). */
  duplicateContentLength?: boolean;
  /** HTTP/1.1 request with no Host field, or with several (RFC 9112 3.2 MUST 400 otherwise). */
  missingHost?: boolean;
  /** Whitespace between field-name and colon is removed instead of a 400 (RFC 9112 5.1). */
  spaceBeforeColon?: boolean;
  /** CONNECT with an origin-form target (`CONNECT / HTTP/1.1`, what node's client sends when no path is given): the
   *  request is read (targetForm 'origin') instead of a 400. RFC 9112 3.2.3 binds the client ("a client MUST send only
   *  the host and port of the tunnel destination"); a recipient of an invalid request-line SHOULD answer 400 (RFC 9112
   *  3). node:http's server turns it on (impl/README.md). Other CONNECT targets without a port stay refused. */
  connectOriginForm?: boolean;
}

export type LeniencyFlag = keyof Leniency;

export const LENIENCY_FLAGS: readonly LeniencyFlag[] = [
  'obsFold', 'bareLF', 'bareCR', 'spacesAfterChunkSize', 'optionalCRLFAfterChunk',
  'transferEncodingWithContentLength', 'unknownTransferCoding', 'anyVersion', 'ctlInFieldValue',
  'duplicateContentLength', 'missingHost', 'spaceBeforeColon', 'connectOriginForm',
];

/** What node's `insecureHTTPParser` admits, mapped onto our flags. */
export const INSECURE_PARSER_FLAGS: Readonly<Leniency> = {
  obsFold: true, bareLF: true, bareCR: true, spacesAfterChunkSize: true, optionalCRLFAfterChunk: true,
  transferEncodingWithContentLength: true, unknownTransferCoding: true, anyVersion: true, ctlInFieldValue: true,
  duplicateContentLength: true,
};
