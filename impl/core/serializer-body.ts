// Body framing encoders of the serializer: one encoder per framing kind (a tagged union on `kind`, mirroring
// Framing in ./types.ts), each turning content octets into wire octets and refusing what its framing cannot carry.
// write() and end() return the wire pieces in order (a writev-friendly list); a piece may be the caller's own
// buffer, passed through without copying. A refused call writes nothing and leaves the encoder as it was.

import type { Framing } from './types';
import { HttpSerializeError } from './serializer-errors';
import { checkFields, fieldLines, show } from './serializer-fields';
import { isTrailerForbidden } from './outgoing-framing';

const NOTHING: readonly Uint8Array[] = Object.freeze([]);


/** Only chunked framing has a trailer section (RFC 9112 7.1.2): refuse a non-empty one elsewhere. */
function noTrailers(trailers: readonly string[] | undefined): void {
  if (trailers !== undefined && trailers.length !== 0) throw new HttpSerializeError('ERR_TRAILERS_NOT_CHUNKED');
}

function latin1(s: string): Uint8Array {
  return Buffer.from(s, 'latin1');
}

/** Content-Length framing: exactly `length` octets (RFC 9110 8.6, RFC 9112 6.2). */
export class LengthEncoder {
  readonly kind = 'length';
  #remaining: number;
  #ended = false;

  constructor(length: number) {
    if (!Number.isSafeInteger(length) || length < 0) throw new TypeError(`invalid content length ${length}`);
    this.#remaining = length;
  }

  /** octets still owed */
  get remaining(): number {
    return this.#remaining;
  }

  get ended(): boolean {
    return this.#ended;
  }

  write(data: Uint8Array): readonly Uint8Array[] {
    if (this.#ended) throw new HttpSerializeError('ERR_WRITE_AFTER_END');
    if (data.length > this.#remaining) {
      throw new HttpSerializeError('ERR_CONTENT_LENGTH_MISMATCH',
        `${data.length} octets written with ${this.#remaining} left to send`);
    }
    if (data.length === 0) return NOTHING;
    this.#remaining -= data.length;
    return [data];
  }

  end(trailers?: readonly string[]): readonly Uint8Array[] {
    if (this.#ended) throw new HttpSerializeError('ERR_WRITE_AFTER_END');
    noTrailers(trailers);
    if (this.#remaining !== 0) {
      throw new HttpSerializeError('ERR_CONTENT_LENGTH_MISMATCH', `ended with ${this.#remaining} octets still owed`);
    }
    this.#ended = true;
    return NOTHING;
  }
}

/** Chunked framing: chunk-size CRLF chunk-data CRLF, then last-chunk, trailer section and CRLF (RFC 9112 7.1). */
export class ChunkedEncoder {
  readonly kind = 'chunked';
  #ended = false;

  get ended(): boolean {
    return this.#ended;
  }

  /** One chunk per non-empty write; an empty write produces nothing (a zero size would be the last-chunk). */
  write(data: Uint8Array): readonly Uint8Array[] {
    if (this.#ended) throw new HttpSerializeError('ERR_WRITE_AFTER_END');
    if (data.length === 0) return NOTHING;
    // chunk-size = 1*HEXDIG (RFC 9112 7.1)
    return [latin1(data.length.toString(16) + '\r\n'), data, latin1('\r\n')];
  }

  /** last-chunk, then the trailer section (flat [name, value, ...]; RFC 9112 7.1.2), then the final CRLF. */
  end(trailers: readonly string[] = []): readonly Uint8Array[] {
    if (this.#ended) throw new HttpSerializeError('ERR_WRITE_AFTER_END');
    checkFields(trailers);
    for (let i = 0; i < trailers.length; i += 2) {
      if (isTrailerForbidden(trailers[i]!)) {
        throw new HttpSerializeError('ERR_INVALID_TRAILER_FIELD', `trailer field ${show(trailers[i]!)}`);
      }
    }
    this.#ended = true;
    return [latin1('0\r\n' + fieldLines(trailers) + '\r\n')];
  }
}

/** No content: a response to HEAD, 1xx, 204, 304, or a request without Content-Length or Transfer-Encoding
 *  (RFC 9110 6.4.1, RFC 9112 6.3). Any content octet is refused; empty writes are accepted. */
export class NoneEncoder {
  readonly kind = 'none';
  #ended = false;

  get ended(): boolean {
    return this.#ended;
  }

  write(data: Uint8Array): readonly Uint8Array[] {
    if (this.#ended) throw new HttpSerializeError('ERR_WRITE_AFTER_END');
    if (data.length !== 0) throw new HttpSerializeError('ERR_BODY_NOT_ALLOWED', `${data.length} octets written`);
    return NOTHING;
  }

  end(trailers?: readonly string[]): readonly Uint8Array[] {
    if (this.#ended) throw new HttpSerializeError('ERR_WRITE_AFTER_END');
    noTrailers(trailers);
    this.#ended = true;
    return NOTHING;
  }
}

/** Close-delimited content (RFC 9112 6.3 rule 8), or the bytes of another protocol after a 101 or a 2xx to
 *  CONNECT ('tunnel'): octets pass through unchanged; the caller ends the message by closing the connection. */
export class PassThroughEncoder {
  readonly kind: 'close' | 'tunnel';
  #ended = false;

  constructor(kind: 'close' | 'tunnel') {
    this.kind = kind;
  }

  get ended(): boolean {
    return this.#ended;
  }

  write(data: Uint8Array): readonly Uint8Array[] {
    if (this.#ended) throw new HttpSerializeError('ERR_WRITE_AFTER_END');
    return data.length === 0 ? NOTHING : [data];
  }

  /** Nothing to write: the end of the message is the close of the connection. */
  end(trailers?: readonly string[]): readonly Uint8Array[] {
    if (this.#ended) throw new HttpSerializeError('ERR_WRITE_AFTER_END');
    noTrailers(trailers);
    this.#ended = true;
    return NOTHING;
  }
}

export type BodyEncoder = LengthEncoder | ChunkedEncoder | NoneEncoder | PassThroughEncoder;

/** The encoder for a framing. */
export function createBodyEncoder(framing: Framing): BodyEncoder {
  switch (framing.kind) {
    case 'length': return new LengthEncoder(framing.length);
    case 'chunked': return new ChunkedEncoder();
    case 'none': return new NoneEncoder();
    case 'close': return new PassThroughEncoder('close');
    case 'tunnel': return new PassThroughEncoder('tunnel');
  }
}
