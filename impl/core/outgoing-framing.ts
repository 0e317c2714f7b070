// The one framing decider for outgoing messages (RFC 9112 6, RFC 9110 8.6): from what a message's head says and what
// its sender knows about the content, it decides how the content is delimited (Content-Length, chunked, closing the
// connection, no content, tunnel), which framing field the head must gain, which framing fields the sender put in
// that must not be sent, and whether the connection ends after the message.
// Two callers, one rule set: the core serializer (./serializer.ts) refuses a head whose fields must not be sent, and
// the node API layer (impl/node/outgoing.ts) leaves those field lines out. Neither decides framing anywhere else.

/** What the Transfer-Encoding field lines say (RFC 9112 6.1). */
export const TE_NONE = 0;
/** chunked is the final transfer coding */
export const TE_CHUNKED = 1;
/** another coding is final */
export const TE_OTHER = 2;

export interface OutgoingFacts {
  /** 0 for a request, else the response's status code */
  readonly status: number;
  /** a request: its own method; a response: the method of the request it answers ('' when unknown) */
  readonly method: string;
  /** the message may carry content: false for a response to HEAD and for 1xx, 204, 304 (see responseHasContent) */
  readonly hasBody: boolean;
  /** a response: both it and the request it answers are HTTP/1.1 or later; a request: it is HTTP/1.1 or later */
  readonly http11: boolean;
  /** the fields carry Content-Length */
  readonly contentLength: boolean;
  /** TE_NONE, TE_CHUNKED or TE_OTHER */
  readonly transferEncoding: number;
  /** the fields carry Trailer: the content must be chunked to have a trailer section (RFC 9112 7.1.2) */
  readonly trailer: boolean;
  /** the content's length when the sender knows it before the head is sent, else -1 */
  readonly length: number;
  /** content of unknown length may be chunked (node's useChunkedEncodingByDefault: false for a response to an
   *  HTTP/1.0 request, and for requests whose method normally has no content, where it means "no content") */
  readonly chunkedByDefault: boolean;
  /** content of unknown length is being written with the head (a first write(), not end()) */
  readonly contentFollows?: boolean;
  /** the sender removed Content-Length / Transfer-Encoding on purpose: do not add it */
  readonly noAddLength: boolean;
  readonly noAddChunked: boolean;
}

// The verdict is one small integer: a framing kind in the low bits and flags above it (no allocation per message).
export const FRAME_NONE = 0;
export const FRAME_LENGTH = 1;
export const FRAME_CHUNKED = 2;
export const FRAME_CLOSE = 3;
export const FRAME_TUNNEL = 4;
export const FRAME_KIND = 7;
/** the head must gain Content-Length: <length> */
export const ADD_CONTENT_LENGTH = 1 << 3;
/** the head must gain Transfer-Encoding: chunked */
export const ADD_CHUNKED = 1 << 4;
/** Content-Length beside Transfer-Encoding is not sent: "A sender MUST NOT send a Content-Length header field in any
 *  message that contains a Transfer-Encoding header field" (RFC 9112 6.2) */
export const DROP_LENGTH_FOR_TE = 1 << 5;
/** Content-Length and Transfer-Encoding are not sent in a 1xx or 204 response, nor in a 2xx response to CONNECT
 *  (RFC 9110 8.6, RFC 9112 6.1: "A server MUST NOT send ...") */
export const DROP_FRAMING_FOR_STATUS = 1 << 6;
/** Transfer-Encoding is not sent in a response to an HTTP/1.0 request or in an HTTP/1.0 message: "A server MUST NOT
 *  send a response containing Transfer-Encoding unless the corresponding request indicates HTTP/1.1" (RFC 9112 6.1) */
export const DROP_TE_FOR_HTTP10 = 1 << 7;
/** the connection ends after this message (close-delimited content, or a rule of node's kept for compatibility) */
export const CLOSE_AFTER = 1 << 8;
/** a request whose content no framing can delimit (unknown length, and chunked not allowed or removed) */
export const UNFRAMEABLE = 1 << 9;
/** a request whose Transfer-Encoding ends in another coding: chunked is applied on top and named last in the field,
 *  since "If any transfer coding other than chunked is applied to a request's content, the sender MUST apply chunked
 *  as the final transfer coding" (RFC 9112 6.1) */
export const APPEND_CHUNKED = 1 << 10;

/** the Content-Length field lines must be left out */
export const dropsContentLength = (v: number): boolean => (v & (DROP_LENGTH_FOR_TE | DROP_FRAMING_FOR_STATUS)) !== 0;
/** the Transfer-Encoding field lines must be left out */
export const dropsTransferEncoding = (v: number): boolean => (v & (DROP_FRAMING_FOR_STATUS | DROP_TE_FOR_HTTP10)) !== 0;

/** A response to HEAD, and a 1xx, 204 or 304 response, has no content (RFC 9110 9.3.2, 15.2, 15.3.5, 15.4.5). */
export function responseHasContent(status: number, requestMethod: string): boolean {
  return requestMethod !== 'HEAD' && status >= 200 && status !== 204 && status !== 304;
}

/** TE_CHUNKED when the last coding of a Transfer-Encoding list (all field lines, in order) is chunked (RFC 9112 6.1). */
export function finalCoding(list: string): number {
  let end = list.length;
  while (end > 0 && (list.charCodeAt(end - 1) === 0x20 || list.charCodeAt(end - 1) === 0x09 || list.charCodeAt(end - 1) === 0x2c)) end--;
  const start = list.lastIndexOf(',', end - 1) + 1;
  const coding = list.slice(start, end).trim();
  return coding.length === 7 && coding.toLowerCase() === 'chunked' ? TE_CHUNKED : TE_OTHER;
}

/** Decide the framing of an outgoing message (RFC 9112 6.1-6.3, RFC 9110 8.6). */
export function decideOutgoingFraming(f: OutgoingFacts): number {
  const response = f.status !== 0;
  const cl = f.contentLength;
  let te = f.transferEncoding;
  let v = 0;
  if (response) {
    const status = f.status;
    const connect2xx = f.method === 'CONNECT' && status >= 200 && status < 300;
    if (status < 200 || status === 204 || connect2xx) {
      if (cl || te !== TE_NONE) v |= DROP_FRAMING_FOR_STATUS;
      // node closes after a 204 that named chunked (kept: the rest of the exchange is node's)
      if (status === 204 && te === TE_CHUNKED) v |= CLOSE_AFTER;
      return v | (status === 101 || connect2xx ? FRAME_TUNNEL : FRAME_NONE);
    }
  } else if (f.method === 'CONNECT' && !cl && te === TE_NONE) {
    // what follows a CONNECT request's head belongs to the tunnel (RFC 9110 9.3.6)
    return FRAME_TUNNEL;
  }
  if (te !== TE_NONE && !f.http11) {
    v |= DROP_TE_FOR_HTTP10;
    te = TE_NONE;
  }
  if (te !== TE_NONE) {
    if (cl) v |= DROP_LENGTH_FOR_TE;
    // node closes after a 304 that named chunked (kept, as for 204)
    if (!f.hasBody) return v | FRAME_NONE | (f.status === 304 && te === TE_CHUNKED ? CLOSE_AFTER : 0);
    if (te === TE_CHUNKED) return v | FRAME_CHUNKED;
    // another final coding: a response is delimited by closing the connection (RFC 9112 6.1, 6.3 rule 4); a request
    // gets chunked on top
    return v | (response ? FRAME_CLOSE | CLOSE_AFTER : FRAME_CHUNKED | APPEND_CHUNKED);
  }
  if (cl) return v | (f.hasBody ? FRAME_LENGTH : FRAME_NONE);
  if (!f.hasBody) return v | FRAME_NONE;
  // neither field (RFC 9112 6.3 rules 6-8)
  if (!f.chunkedByDefault) {
    // a response to HTTP/1.0: delimited by closing the connection, as node does (RFC 9112 6.3 rule 8)
    if (response) return v | FRAME_CLOSE | CLOSE_AFTER;
    // a request of a method that normally has none: content given whole at end() gets Content-Length, content being
    // written gets chunked, since "the presence of a message body in a request is signaled by a Content-Length or
    // Transfer-Encoding header field" (RFC 9112 6); otherwise the request has no content (rule 6), as node sends it
    if (f.length > 0 && !f.noAddLength) return v | FRAME_LENGTH | ADD_CONTENT_LENGTH;
    if (f.contentFollows && !f.noAddChunked && f.http11) return v | FRAME_CHUNKED | ADD_CHUNKED;
    return v | FRAME_NONE;
  }
  if (!f.trailer && !f.noAddLength && f.length >= 0) return v | FRAME_LENGTH | ADD_CONTENT_LENGTH;
  if (!f.noAddChunked && f.http11) return v | FRAME_CHUNKED | ADD_CHUNKED;
  return v | FRAME_CLOSE | CLOSE_AFTER | (response ? 0 : UNFRAMEABLE);
}

/** Content-Length or Transfer-Encoding: the fields that frame a message (RFC 9112 6). */
export function isFramingField(name: string): boolean {
  const n = name.length;
  return (n === 14 || n === 17) && (name.toLowerCase() === 'content-length' || name.toLowerCase() === 'transfer-encoding');
}

// Fields a trailer section never carries: framing and routing are decided before the content (RFC 9110 6.5.1).
const NOT_IN_TRAILERS = new Set(['content-length', 'transfer-encoding', 'host', 'trailer']);

/** A field that must not be sent in a trailer section (RFC 9110 6.5.1). */
export function isTrailerForbidden(name: string): boolean {
  return NOT_IN_TRAILERS.has(name.toLowerCase());
}
