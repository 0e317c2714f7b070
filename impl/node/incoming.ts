// IncomingMessage: a received request (server side) or response (client side) as a stream.Readable with node's header maps.

import { Readable, finished } from 'node:stream';
import type { Socket } from 'node:net';
import type { MessageHead } from '../core/types';

export type IncomingHeaders = Record<string, string | string[] | undefined>;

// How node folds repeated field lines into `headers` (RFC 9110 5.3 allows joining list-based fields with ", ").
// Fields that are singletons keep the first line unless joinDuplicateHeaders is set; Cookie joins with "; "
// (RFC 6265 5.4); Set-Cookie stays an array (RFC 9110 5.3 exception); every other field joins with ", ".
const FIRST_WINS = new Set([
  'age', 'host', 'from', 'etag', 'server', 'referer', 'expires', 'location', 'user-agent', 'retry-after',
  'content-type', 'max-forwards', 'authorization', 'last-modified', 'content-length', 'if-modified-since',
  'proxy-authorization', 'if-unmodified-since',
]);

function addHeaderLine(field: string, value: string, dest: IncomingHeaders, join: boolean): void {
  const name = field.toLowerCase();
  if (name === 'set-cookie') {
    const list = dest[name];
    if (list !== undefined) (list as string[]).push(value); else dest[name] = [value];
  } else if (!FIRST_WINS.has(name)) {
    const prev = dest[name];
    dest[name] = typeof prev === 'string' ? prev + (name === 'cookie' ? '; ' : ', ') + value : value;
  } else if (join) {
    dest[name] = dest[name] === undefined ? value : `${dest[name] as string}, ${value}`;
  } else if (dest[name] === undefined) {
    dest[name] = value;
  }
}

function distinct(raw: string[], count: number): Record<string, string[]> {
  const out = Object.create(null) as Record<string, string[]>;
  for (let n = 0; n < count; n += 2) {
    const name = raw[n].toLowerCase();
    (out[name] ??= []).push(raw[n + 1]);
  }
  return out;
}

export class IncomingMessage extends Readable {
  socket: Socket | null;
  httpVersionMajor: number | null = null;
  httpVersionMinor: number | null = null;
  httpVersion: string | null = null;
  complete = false;
  rawHeaders: string[] = [];
  rawTrailers: string[] = [];
  joinDuplicateHeaders = false;
  aborted = false;
  upgrade: boolean | null = null;
  url = '';
  method: string | null = null;
  statusCode: number | null = null;
  statusMessage: string | null = null;
  client: Socket | null;
  _consuming = false;
  _dumped = false;
  /** set by the owner: resumes the socket when the consumer wants more (flow control) */
  _onRead: (() => void) | null = null;
  req?: unknown;
  #headers: IncomingHeaders | null = null;
  #headersDistinct: Record<string, string[]> | null = null;
  #headersCount = 0;
  #trailers: IncomingHeaders | null = null;
  #trailersDistinct: Record<string, string[]> | null = null;
  #trailersCount = 0;

  constructor(socket: Socket | null) {
    super(socket ? { highWaterMark: socket.readableHighWaterMark } : undefined);
    (this as unknown as { _readableState: { readingMore: boolean } })._readableState.readingMore = true;
    this.socket = socket;
    this.client = socket;
  }

  get connection(): Socket | null { return this.socket; }
  set connection(s: Socket | null) { this.socket = s; }

  get headers(): IncomingHeaders {
    if (!this.#headers) {
      const dst: IncomingHeaders = {};
      for (let n = 0; n < this.#headersCount; n += 2) addHeaderLine(this.rawHeaders[n], this.rawHeaders[n + 1], dst, this.joinDuplicateHeaders);
      this.#headers = dst;
    }
    return this.#headers;
  }
  set headers(v: IncomingHeaders) { this.#headers = v; }

  get headersDistinct(): Record<string, string[]> {
    return this.#headersDistinct ??= distinct(this.rawHeaders, this.#headersCount);
  }
  set headersDistinct(v: Record<string, string[]>) { this.#headersDistinct = v; }

  get trailers(): IncomingHeaders {
    if (!this.#trailers) {
      const dst: IncomingHeaders = {};
      for (let n = 0; n < this.#trailersCount; n += 2) addHeaderLine(this.rawTrailers[n], this.rawTrailers[n + 1], dst, this.joinDuplicateHeaders);
      this.#trailers = dst;
    }
    return this.#trailers;
  }
  set trailers(v: IncomingHeaders) { this.#trailers = v; }

  get trailersDistinct(): Record<string, string[]> {
    return this.#trailersDistinct ??= distinct(this.rawTrailers, this.#trailersCount);
  }
  set trailersDistinct(v: Record<string, string[]>) { this.#trailersDistinct = v; }

  /** one field line into `dest` by node's joining rules (node's IncomingMessage.prototype._addHeaderLine) */
  _addHeaderLine(field: string, value: string, dest: IncomingHeaders): void {
    addHeaderLine(field, value, dest, !!this.joinDuplicateHeaders);
  }

  /** field lines as received; `n` limits them (maxHeadersCount); after completion they are trailers */
  _addHeaderLines(headers: string[], n: number): void {
    if (!headers || !headers.length) return;
    if (this.complete) {
      this.rawTrailers = headers;
      this.#trailersCount = n;
      if (this.#trailers) for (let i = 0; i < n; i += 2) addHeaderLine(headers[i], headers[i + 1], this.#trailers, this.joinDuplicateHeaders);
    } else {
      this.rawHeaders = headers;
      this.#headersCount = n;
      if (this.#headers) for (let i = 0; i < n; i += 2) addHeaderLine(headers[i], headers[i + 1], this.#headers, this.joinDuplicateHeaders);
    }
  }

  setTimeout(msecs: number, callback?: () => void): this {
    if (callback) this.on('timeout', callback);
    this.socket?.setTimeout(msecs);
    return this;
  }

  override _read(): void {
    if (!this._consuming) {
      (this as unknown as { _readableState: { readingMore: boolean } })._readableState.readingMore = false;
      this._consuming = true;
    }
    if (this.socket?.readable) this._onRead?.();
  }

  override _destroy(err: Error | null, cb: (error?: Error | null) => void): void {
    if (!this.readableEnded || !this.complete) {
      this.aborted = true;
      this.emit('aborted');
    }
    const done = (e: Error | null): void => {
      // an error is reported only to listeners (node keeps this for compatibility)
      if (this.listenerCount('error') === 0) cb(); else cb(e);
    };
    const socket = this.socket;
    if (socket && !socket.destroyed && this.aborted) {
      socket.destroy(err ?? undefined);
      const cleanup = finished(socket, (e?: NodeJS.ErrnoException | null) => {
        if (e?.code === 'ERR_STREAM_PREMATURE_CLOSE') e = null;
        cleanup();
        process.nextTick(done, e || err);
      });
    } else {
      process.nextTick(done, err);
    }
  }

  /** discard the rest of the body (no consumer will ever read it) */
  _dump(): void {
    if (!this._dumped) {
      this._dumped = true;
      this.removeAllListeners('data');
      this.resume();
    }
  }
}

/** node's default limit on the field lines put into `headers`, in array slots (node's MAX_HEADER_PAIRS) */
const MAX_HEADER_SLOTS = 2000;

/** The head-to-message step shared by the server (requests) and the client (responses): version, start-line, field
 *  lines up to `maxHeadersCount` pairs (node's option; 0 or less means no limit) and the joining rule. */
export function applyHead(msg: IncomingMessage, head: MessageHead, maxHeadersCount: unknown, joinDuplicateHeaders: boolean): void {
  msg.httpVersionMajor = head.versionMajor;
  msg.httpVersionMinor = head.versionMinor;
  msg.httpVersion = `${head.versionMajor}.${head.versionMinor}`;
  msg.joinDuplicateHeaders = joinDuplicateHeaders;
  msg.upgrade = head.upgrade;
  if (head.kind === 'request') {
    msg.url = head.target;
    msg.method = head.method;
  } else {
    msg.statusCode = head.status;
    msg.statusMessage = head.reason;
  }
  const pairs = typeof maxHeadersCount === 'number' ? maxHeadersCount << 1 : MAX_HEADER_SLOTS;
  msg._addHeaderLines(head.fields, pairs > 0 ? Math.min(head.fields.length, pairs) : head.fields.length);
}

/** The end of a message, shared by both sides: complete, its trailer section (if any), end of the stream. */
export function completeMessage(msg: IncomingMessage, trailers: string[] | null): void {
  msg.complete = true;
  if (trailers) msg._addHeaderLines(trailers, trailers.length);
  msg.push(null);
}
