// Serializer error codes of the protocol core: one append-only table of the reasons the serializer refuses to write
// a message. Separate from ./errors.ts, which is the parser's table.
//
// Rules:
//  - Codes are never renumbered, renamed or removed; new codes are appended at the end.
//  - Names follow node's ERR_* vocabulary where node refuses the same thing; `node` gives the err.code node:http
//    raises for the same refusal, so the node API layer can translate.
//  - Every refusal is an HttpSerializeError carrying a code from this table; nothing is written when it is thrown.

export interface SerializerErrorInfo {
  /** stable numeric id, append-only */
  readonly id: number;
  /** one-line description of the rule */
  readonly reason: string;
  /** node:http's err.code for the same refusal, when node has one */
  readonly node?: string;
}

export const SERIALIZER_ERRORS = {
  ERR_INVALID_HTTP_TOKEN: { id: 1, reason: 'field-name is empty or not a token (RFC 9110 5.1)', node: 'ERR_INVALID_HTTP_TOKEN' },
  ERR_INVALID_CHAR: { id: 2, reason: 'field-value is not field-content: CR, LF, NUL or another CTL, leading or trailing whitespace, or a char above 0xFF (RFC 9110 5.5)', node: 'ERR_INVALID_CHAR' },
  ERR_INVALID_METHOD: { id: 3, reason: 'method is not a token (RFC 9110 9.1, RFC 9112 3.1)', node: 'ERR_INVALID_HTTP_TOKEN' },
  ERR_INVALID_TARGET: { id: 4, reason: 'request-target is empty, contains SP, CR, LF, NUL or another CTL, or does not fit the method (RFC 9112 3.2)', node: 'ERR_UNESCAPED_CHARACTERS' },
  ERR_INVALID_VERSION: { id: 5, reason: 'HTTP-version is not HTTP/DIGIT.DIGIT (RFC 9112 2.3)' },
  ERR_INVALID_STATUS: { id: 6, reason: 'status-code is not three digits, 100 to 999 (RFC 9112 4, RFC 9110 15)', node: 'ERR_HTTP_INVALID_STATUS_CODE' },
  ERR_INVALID_REASON: { id: 7, reason: 'reason-phrase contains CR, LF, NUL or another CTL, or a char above 0xFF (RFC 9112 4)', node: 'ERR_INVALID_CHAR' },
  ERR_MISSING_HOST: { id: 8, reason: 'HTTP/1.1 request without exactly one Host field line (RFC 9112 3.2)' },
  ERR_CONTENT_LENGTH_AND_TRANSFER_ENCODING: { id: 9, reason: 'both Content-Length and Transfer-Encoding (RFC 9112 6.2)' },
  ERR_INVALID_CONTENT_LENGTH: { id: 10, reason: 'Content-Length is not one 1*DIGIT value no larger than 2^53-1, or is repeated (RFC 9110 8.6)' },
  ERR_INVALID_TRANSFER_ENCODING: { id: 11, reason: 'Transfer-Encoding is not a comma-separated list of transfer codings (RFC 9112 6.1)' },
  ERR_CHUNKED_NOT_FINAL: { id: 12, reason: 'chunked is not the final transfer coding of a request, or is applied more than once (RFC 9112 6.1, 7)' },
  ERR_TRANSFER_ENCODING_HTTP10: { id: 13, reason: 'Transfer-Encoding in an HTTP/1.0 message or in a response to an HTTP/1.0 request (RFC 9112 6.1)' },
  ERR_UNEXPECTED_FRAMING_FIELD: { id: 14, reason: 'Content-Length or Transfer-Encoding in a 1xx or 204 response, or in a 2xx response to CONNECT (RFC 9110 8.6, RFC 9112 6.1)' },
  ERR_BODY_NOT_ALLOWED: { id: 15, reason: 'content in a message that cannot have any: a response to HEAD, 1xx, 204, 304, or a TRACE or CONNECT request (RFC 9110 6.4.1, 9.3.6, 9.3.8; RFC 9112 6.3)', node: 'ERR_HTTP_BODY_NOT_ALLOWED' },
  ERR_CONTENT_LENGTH_MISMATCH: { id: 16, reason: 'more or fewer content octets than Content-Length announced (RFC 9110 8.6)', node: 'ERR_HTTP_CONTENT_LENGTH_MISMATCH' },
  ERR_LENGTH_REQUIRED: { id: 17, reason: 'HTTP/1.0 request with content of unknown length: only Content-Length can delimit it (RFC 9112 6.3)' },
  ERR_INVALID_TRAILER_FIELD: { id: 18, reason: 'a framing or routing field in a trailer section: Content-Length, Transfer-Encoding, Host, Trailer (RFC 9110 6.5.1)' },
  ERR_WRITE_AFTER_END: { id: 19, reason: 'body written or ended after the message was ended (API misuse)', node: 'ERR_STREAM_WRITE_AFTER_END' },
  ERR_TRAILERS_NOT_CHUNKED: { id: 20, reason: 'a trailer section on a message not framed by chunked (RFC 9112 7.1.2)' },
} as const satisfies Record<string, SerializerErrorInfo>;

export type SerializerErrorCode = keyof typeof SERIALIZER_ERRORS;

/** A coded refusal to serialize. Thrown before any byte of the offending call is produced. */
export class HttpSerializeError extends Error {
  readonly code: SerializerErrorCode;
  readonly id: number;
  /** node:http's err.code for the same refusal, if any */
  readonly nodeCode: string | undefined;

  constructor(code: SerializerErrorCode, detail?: string) {
    const info: SerializerErrorInfo = SERIALIZER_ERRORS[code];
    super(detail === undefined ? info.reason : `${detail}: ${info.reason}`);
    this.name = 'HttpSerializeError';
    this.code = code;
    this.id = info.id;
    this.nodeCode = info.node;
  }
}
