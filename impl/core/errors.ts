// Parse error codes of the protocol core: one append-only table, each code with a suggested response status.
//
// Rules:
//  - Codes are never renumbered, renamed or removed; new codes are appended at the end.
//  - Names follow llhttp's HPE_* vocabulary where llhttp has the same concept (so node:http users see familiar
//    `err.code`s); codes llhttp lacks are named for the RFC rule they enforce.
//  - Every error the core raises is an HttpParseError carrying a code from this table and the absolute byte offset
//    (from the start of the stream) of the octet where the problem was detected.

export interface ErrorInfo {
  /** stable numeric id, append-only */
  readonly id: number;
  /** suggested status for a server answering the offending request */
  readonly status: 400 | 413 | 414 | 431 | 501 | 505 | 502;
  /** one-line description of the rule */
  readonly reason: string;
}

export const ERRORS = {
  HPE_INVALID_METHOD: { id: 1, status: 400, reason: 'method is not a token (RFC 9112 3.1)' },
  HPE_INVALID_URL: { id: 2, status: 400, reason: 'request-target is not a valid origin, absolute, authority or asterisk form (RFC 9112 3.2)' },
  HPE_INVALID_VERSION: { id: 3, status: 400, reason: 'HTTP-version is not HTTP/DIGIT.DIGIT (RFC 9112 2.3)' },
  HPE_UNSUPPORTED_VERSION: { id: 4, status: 505, reason: 'major version is not 1 (RFC 9110 6.2)' },
  HPE_INVALID_CONSTANT: { id: 5, status: 400, reason: 'expected a specific octet in the start-line (RFC 9112 3, 4)' },
  HPE_INVALID_STATUS: { id: 6, status: 502, reason: 'status-code is not three digits (RFC 9112 4)' },
  HPE_INVALID_REASON: { id: 7, status: 502, reason: 'reason-phrase contains a forbidden octet (RFC 9112 4)' },
  HPE_CR_EXPECTED: { id: 8, status: 400, reason: 'bare LF used as a line terminator (RFC 9112 2.2)' },
  HPE_LF_EXPECTED: { id: 9, status: 400, reason: 'CR not followed by LF: bare CR (RFC 9112 2.2)' },
  HPE_INVALID_HEADER_TOKEN: { id: 10, status: 400, reason: 'field-name is empty or contains a non-token octet (RFC 9110 5.1)' },
  HPE_SPACE_BEFORE_COLON: { id: 11, status: 400, reason: 'whitespace between field-name and colon (RFC 9112 5.1)' },
  HPE_INVALID_HEADER_VALUE: { id: 12, status: 400, reason: 'field-value contains NUL, CR, LF or another CTL (RFC 9110 5.5)' },
  HPE_OBS_FOLD: { id: 13, status: 400, reason: 'obs-fold line folding in a request (RFC 9112 5.2)' },
  HPE_WHITESPACE_AFTER_START_LINE: { id: 14, status: 400, reason: 'whitespace between the start-line and the first field line (RFC 9112 2.2)' },
  HPE_HEADER_OVERFLOW: { id: 15, status: 431, reason: 'header section larger than the limit (RFC 6585 5)' },
  HPE_URI_TOO_LONG: { id: 16, status: 414, reason: 'request-target longer than the header size limit (RFC 9110 15.5.15)' },
  HPE_MISSING_HOST: { id: 17, status: 400, reason: 'HTTP/1.1 request without a Host field (RFC 9112 3.2)' },
  HPE_DUPLICATE_HOST: { id: 18, status: 400, reason: 'more than one Host field line (RFC 9112 3.2)' },
  HPE_INVALID_HOST: { id: 19, status: 400, reason: 'Host field value is not uri-host [ ":" port ] (RFC 9112 3.2)' },
  HPE_INVALID_CONTENT_LENGTH: { id: 20, status: 400, reason: 'Content-Length is not 1*DIGIT (RFC 9110 8.6, RFC 9112 6.3)' },
  HPE_DUPLICATE_CONTENT_LENGTH: { id: 21, status: 400, reason: 'Content-Length repeated or a list (RFC 9110 8.6)' },
  HPE_CONTENT_LENGTH_OVERFLOW: { id: 22, status: 413, reason: 'Content-Length larger than 2^53-1 (RFC 9110 8.6)' },
  HPE_UNEXPECTED_CONTENT_LENGTH: { id: 23, status: 400, reason: 'both Transfer-Encoding and Content-Length (RFC 9112 6.1, 6.3)' },
  HPE_INVALID_TRANSFER_ENCODING: { id: 24, status: 400, reason: 'chunked is not the final transfer coding, or is applied twice, or the list is malformed (RFC 9112 6.1)' },
  HPE_UNKNOWN_TRANSFER_CODING: { id: 25, status: 501, reason: 'transfer coding not understood (RFC 9112 6.1)' },
  HPE_TRANSFER_ENCODING_HTTP10: { id: 26, status: 400, reason: 'Transfer-Encoding in an HTTP/1.0 message (RFC 9112 6.1)' },
  HPE_INVALID_CHUNK_SIZE: { id: 27, status: 400, reason: 'chunk-size is not 1*HEXDIG (RFC 9112 7.1)' },
  HPE_CHUNK_SIZE_OVERFLOW: { id: 28, status: 413, reason: 'chunk-size larger than 2^53-1 (RFC 9112 7.1)' },
  HPE_INVALID_CHUNK_EXTENSION: { id: 29, status: 400, reason: 'chunk-ext is not ; token [ = token / quoted-string ] (RFC 9112 7.1.1)' },
  HPE_CHUNK_EXTENSIONS_OVERFLOW: { id: 30, status: 413, reason: 'chunk extensions larger than the limit (RFC 9112 7.1.1)' },
  HPE_STRICT_CHUNK_DATA: { id: 31, status: 400, reason: 'chunk-data not followed by CRLF (RFC 9112 7.1)' },
  HPE_BODY_TOO_LARGE: { id: 32, status: 413, reason: 'content larger than the configured limit (RFC 9110 15.5.14)' },
  HPE_INVALID_EOF_STATE: { id: 33, status: 400, reason: 'connection closed before the message was complete (RFC 9112 8)' },
  HPE_CLOSED_CONNECTION: { id: 34, status: 400, reason: 'data after a message that closed the connection (RFC 9112 9.6)' },
  HPE_INVALID_TRAILER: { id: 35, status: 400, reason: 'malformed trailer section (RFC 9112 7.1.2)' },
  HPE_BAD_STATE: { id: 36, status: 400, reason: 'execute() called after an error, an upgrade or finish() (API misuse)' },
  HPE_TOO_MANY_FIELDS: { id: 37, status: 431, reason: 'more field lines than the limit in the header or trailer section (RFC 6585 5)' },
  HPE_METHOD_TOO_LONG: { id: 38, status: 501, reason: 'method longer than the header size limit (RFC 9112 3)' },
} as const satisfies Record<string, ErrorInfo>;

export type ErrorCode = keyof typeof ERRORS;

/** The code llhttp (so node:http) gives for the same input, where it is not ours: the node API layer reports it as
 *  `err.code` and keeps ours as `err.rule`. Found by running llhttp over the parser cases (suites/core); where
 *  llhttp's code depends on the input the raising site sets `llhttp` itself (Content-Length / Transfer-Encoding
 *  order). Codes llhttp lacks and inputs llhttp accepts keep ours. */
export const LLHTTP_CODES: Partial<Record<ErrorCode, string>> = {
  HPE_SPACE_BEFORE_COLON: 'HPE_INVALID_HEADER_TOKEN',
  HPE_OBS_FOLD: 'HPE_INVALID_HEADER_TOKEN',
  HPE_INVALID_TRAILER: 'HPE_INVALID_HEADER_TOKEN',
  HPE_INVALID_HEADER_VALUE: 'HPE_INVALID_HEADER_TOKEN',
  HPE_WHITESPACE_AFTER_START_LINE: 'HPE_UNEXPECTED_SPACE',
  HPE_STRICT_CHUNK_DATA: 'HPE_STRICT',
  HPE_INVALID_CHUNK_EXTENSION: 'HPE_STRICT',
  HPE_URI_TOO_LONG: 'HPE_HEADER_OVERFLOW',
  HPE_METHOD_TOO_LONG: 'HPE_INVALID_METHOD',
  HPE_CONTENT_LENGTH_OVERFLOW: 'HPE_INVALID_CONTENT_LENGTH',
  HPE_CHUNK_SIZE_OVERFLOW: 'HPE_INVALID_CHUNK_SIZE',
  HPE_UNEXPECTED_CONTENT_LENGTH: 'HPE_INVALID_TRANSFER_ENCODING',
  HPE_DUPLICATE_CONTENT_LENGTH: 'HPE_UNEXPECTED_CONTENT_LENGTH',
};

/** A coded protocol error. `offset` is the absolute stream offset of the offending octet. */
export class HttpParseError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly offset: number;
  /** llhttp-style reason, as node puts on `err.reason` */
  readonly reason: string;
  /** bytes of the stream around the error, for diagnostics (node exposes `err.rawPacket`) */
  rawPacket?: Uint8Array;
  /** llhttp's code for this very input, when it depends on more than `code` (see LLHTTP_CODES) */
  llhttp?: string;

  constructor(code: ErrorCode, offset: number, detail?: string) {
    const info = ERRORS[code];
    super(`Parse Error: ${detail ?? info.reason}`);
    this.name = 'HttpParseError';
    this.code = code;
    this.status = info.status;
    this.offset = offset;
    this.reason = detail ?? info.reason;
  }
}
