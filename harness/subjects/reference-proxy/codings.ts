// The reference proxy's transfer-coding decoders: transfer codings are a property of one hop (RFC 9112 6.1, 7), so
// the proxy removes those it understands before it re-frames a message for the next hop, and refuses messages with
// one it does not (a request: 501, RFC 9112 6.1; a response: 502, RFC 9110 15.6.3).

import * as zlib from 'node:zlib';
import type { Transform } from 'node:stream';

/** Decoders for the codings still applied to a message's content (in the order they were applied, the chunked the
 *  parser removed left out), or the first coding this proxy does not understand. */
export type Decoding = { readonly ok: true; readonly decoders: Transform[] } | { readonly ok: false; readonly coding: string };

/** The codings after the parser's work: "If a Transfer-Encoding header field is present and the chunked transfer
 *  coding (Section 7.1) is the final encoding, the message body length is determined by reading and decoding the
 *  chunked data until the transfer coding indicates the data is complete." (RFC 9112 6.3): a final chunked is
 *  already decoded, anything before it is not. */
export function remainingCodings(codings: readonly string[]): string[] {
  return codings.length > 0 && codings[codings.length - 1] === 'chunked' ? codings.slice(0, -1) : codings.slice();
}

/** Decoders, last-applied first, for `codings` (lowercased, parameters kept: "The presence of parameters with any
 *  of these compression codings SHOULD be treated as an error.", RFC 9112 7.2, so "gzip;x=1" is not understood). */
export function decodersFor(codings: readonly string[]): Decoding {
  const decoders: Transform[] = [];
  for (const coding of [...codings].reverse()) {
    // "A recipient SHOULD consider "x-gzip" to be equivalent to "gzip"." (RFC 9112 7.2)
    if (coding === 'gzip' || coding === 'x-gzip') decoders.push(zlib.createGunzip());
    // "deflate": the "zlib" data format (RFC 1950) containing a "deflate" compressed data stream (RFC 9112 7.2)
    else if (coding === 'deflate') decoders.push(zlib.createInflate());
    // compress (LZW) is not implemented here; chunked anywhere but last was never a valid request framing
    // (RFC 9112 6.3) and a response with it would need a second de-chunking: both unknown to this proxy
    else {
      for (const d of decoders) d.destroy();
      return { ok: false, coding };
    }
  }
  return { ok: true, decoders };
}
