// OutgoingMessage: the header store, writing and body framing shared by ServerResponse and ClientRequest; the head
// itself is rendered by ./outgoing-head.ts.

import { asBuffer } from '../core/head-text';
import { isTrailerForbidden } from '../core/outgoing-framing';
import { Stream } from 'node:stream';
import { Socket } from 'node:net';
import {
  errAlreadyFinished, errBodyNotAllowed, errCannotPipe, errContentLengthMismatch, errHeadersSent, errInvalidArgType,
  errInvalidChar, errMethodNotImplemented, errNullValues, errStreamDestroyed, errWriteAfterEnd,
} from './errors';
import { checkInvalidHeaderChar, validateHeaderName, validateHeaderValue, validateString } from './validate';
import { kBatch, kCloseOption, kHighWaterMark, kNeedDrain, kOutHeaders, kUniqueHeaders } from './symbols';
import { renderHead } from './outgoing-head';

export { kBatch, kCloseOption, kNeedDrain, kOutHeaders, kUniqueHeaders };

export type HeaderValue = string | number | readonly (string | number)[];
export type OutgoingHeaders = Record<string, HeaderValue>;
export type HeaderStore = Record<string, [string, HeaderValue]>;
type WriteCallback = (err?: Error | null) => void;
type Chunk = string | Uint8Array;

/** A socket as the node layer decorates it (node puts the same properties on net.Socket). */
export type HttpSocket = Socket & {
  _httpMessage?: OutgoingMessage | null;
  /** a server connection holds one cork level while it answers the requests of one read together (kBatch) */
  [kBatch]?: boolean;
  _hadError?: boolean;
  parser?: unknown;
  server?: unknown;
};

// chunked detection as node matches it (RFC 9112 6.1)
export const RE_TE_CHUNKED = /(?:^|\W)chunked(?:$|\W)/i;
const CRLF = Buffer.from('\r\n');
const nop = (): void => {};
/** a body up to this size goes out in one string with the head (see _send) */
const SMALL_BODY = 1024;

/** net.Socket's destroySoon() for any stream.Duplex a server or client is given (server.emit('connection', duplex),
 *  createConnection): end the writable side, destroy once it has finished */
export function destroySoon(socket: Socket): void {
  if (typeof socket.destroySoon === 'function') { socket.destroySoon(); return; }
  if (socket.writable) socket.end();
  if (socket.writableFinished) socket.destroy();
  else socket.once('finish', () => socket.destroy());
}

export function parseUniqueHeadersOption(headers: unknown): Set<string> | null {
  if (!Array.isArray(headers)) return null;
  return new Set(headers.map((h: string) => h.toLowerCase()));
}

/** a body chunk is a string or a Uint8Array (node's write_) */
function validateChunk(chunk: unknown): void {
  if (chunk === null) throw errNullValues();
  if (typeof chunk !== 'string' && !(chunk instanceof Uint8Array)) {
    throw errInvalidArgType('chunk', ['string', 'Buffer', 'Uint8Array'], chunk);
  }
}

export class OutgoingMessage extends Stream {
  outputData: { data: Chunk; encoding: BufferEncoding | null | undefined; callback: WriteCallback | null }[] = [];
  outputSize = 0;
  writable = true;
  destroyed = false;
  _last = false;
  chunkedEncoding = false;
  shouldKeepAlive = true;
  maxRequestsOnConnectionReached = false;
  _defaultKeepAlive = true;
  useChunkedEncodingByDefault = true;
  /** a response: the method of the request it answers; a request: its own (framing depends on it, RFC 9112 6.3) */
  _framingMethod = '';
  /** a response: the request was HTTP/1.1 or later, so Transfer-Encoding may be sent (RFC 9112 6.1) */
  _peer11 = true;
  /** the server's rejectNonStandardBodyWrites: content for a message that has none throws instead of being dropped */
  _rejectNonStandardBodyWrites = false;
  sendDate = false;
  _removedConnection = false;
  _removedContLen = false;
  _removedTE = false;
  strictContentLength = false;
  _contentLength: number | null = null;
  _hasBody = true;
  _trailer = '';
  finished = false;
  _headerSent = false;
  _closed = false;
  socket: HttpSocket | null = null;
  _header: string | null = null;
  _keepAliveTimeout = 0;
  _maxRequestsPerSocket = 0;
  _onPendingData: (delta: number) => void = nop;
  agent?: unknown;
  statusCode?: number;
  [kOutHeaders]: HeaderStore | null = null;
  [kNeedDrain] = false;
  [kCloseOption] = false;
  [kUniqueHeaders]: Set<string> | null = null;
  #corked = 0;
  #bytesWritten = 0;
  #errored: Error | null | undefined = null;
  #finishAttached = false;
  #highWaterMark: number;
  /** the head is being rendered by a first write() of content (its length unknown) */
  #contentFollows = false;
  /** some content was written */
  #wroteContent = false;

  constructor(options?: { highWaterMark?: number }) {
    super();
    this.#highWaterMark = options?.highWaterMark ?? 16384;
    (this as unknown as Record<symbol, number>)[kHighWaterMark()] = this.#highWaterMark; // node's symbol, readable by node code
  }

  get errored(): Error | null | undefined { return this.#errored; }
  get closed(): boolean { return this._closed; }
  get connection(): HttpSocket | null { return this.socket; }
  set connection(s: HttpSocket | null) { this.socket = s; }
  get headersSent(): boolean { return !!this._header; }
  get writableEnded(): boolean { return this.finished; }
  get writableObjectMode(): boolean { return false; }
  get writableFinished(): boolean {
    return this.finished && this.outputSize === 0 && (!this.socket || this.socket.writableLength === 0);
  }
  get writableLength(): number { return this.outputSize + (this.socket ? this.socket.writableLength : 0); }
  get writableHighWaterMark(): number { return this.socket ? this.socket.writableHighWaterMark : this.#highWaterMark; }
  get writableCorked(): number { return (this.socket ? this.socket.writableCorked - (this.socket[kBatch] ? 1 : 0) : 0) + this.#corked; }
  get writableNeedDrain(): boolean { return !this.destroyed && !this.finished && this[kNeedDrain]; }

  // ---- header store -------------------------------------------------------------------------------------------
  setHeader(name: string, value: HeaderValue): this {
    if (this._header) throw errHeadersSent('set');
    validateHeaderName(name);
    validateHeaderValue(name, value);
    (this[kOutHeaders] ??= Object.create(null) as HeaderStore)[name.toLowerCase()] = [name, value];
    return this;
  }

  setHeaders(headers: Map<string, HeaderValue> | Headers): this {
    if (this._header) throw errHeadersSent('set');
    const h = headers as unknown as { keys?: unknown; get?: unknown };
    if (!headers || Array.isArray(headers) || typeof h.keys !== 'function' || typeof h.get !== 'function') {
      throw errInvalidArgType('headers', ['Headers', 'Map'], headers);
    }
    const cookies: (string | number)[] = [];
    for (const [key, value] of headers as Iterable<[string, HeaderValue]>) {
      if (key === 'set-cookie') {
        if (Array.isArray(value)) cookies.push(...value); else cookies.push(value as string);
        continue;
      }
      this.setHeader(key, value);
    }
    if (cookies.length) this.setHeader('set-cookie', cookies);
    return this;
  }

  appendHeader(name: string, value: HeaderValue): this {
    if (this._header) throw errHeadersSent('append');
    validateHeaderName(name);
    validateHeaderValue(name, value);
    const field = name.toLowerCase();
    const store = this[kOutHeaders];
    if (store === null || !store[field]) return this.setHeader(name, value);
    const entry = store[field];
    if (!Array.isArray(entry[1])) entry[1] = [entry[1] as string];
    const list = entry[1] as (string | number)[];
    if (Array.isArray(value)) list.push(...value); else list.push(value as string);
    return this;
  }

  getHeader(name: string): HeaderValue | undefined {
    validateString(name, 'name');
    const store = this[kOutHeaders];
    return store === null ? undefined : store[name.toLowerCase()]?.[1];
  }

  getHeaderNames(): string[] { return this[kOutHeaders] !== null ? Object.keys(this[kOutHeaders]) : []; }

  getRawHeaderNames(): string[] {
    const store = this[kOutHeaders];
    return store === null ? [] : Object.values(store).map((e) => e[0]);
  }

  getHeaders(): Record<string, HeaderValue> {
    const out = Object.create(null) as Record<string, HeaderValue>;
    const store = this[kOutHeaders];
    if (store) for (const key of Object.keys(store)) out[key] = store[key][1];
    return out;
  }

  hasHeader(name: string): boolean {
    validateString(name, 'name');
    return this[kOutHeaders] !== null && !!this[kOutHeaders][name.toLowerCase()];
  }

  removeHeader(name: string): void {
    validateString(name, 'name');
    if (this._header) throw errHeadersSent('remove');
    const key = name.toLowerCase();
    if (key === 'connection') this._removedConnection = true;
    else if (key === 'content-length') this._removedContLen = true;
    else if (key === 'transfer-encoding') this._removedTE = true;
    else if (key === 'date') this.sendDate = false;
    if (this[kOutHeaders] !== null) delete this[kOutHeaders][key];
  }

  _renderHeaders(): Record<string, HeaderValue> {
    if (this._header) throw errHeadersSent('render');
    const out: Record<string, HeaderValue> = {};
    const store = this[kOutHeaders];
    if (store) for (const key of Object.keys(store)) out[store[key][0]] = store[key][1];
    return out;
  }

  _implicitHeader(): void { throw errMethodNotImplemented('_implicitHeader()'); }

  // ---- head rendering (RFC 9112 2.1, 6.1, 6.2, 9.3) ------------------------------------------------------------
  _storeHeader(firstLine: string, headers: unknown): void {
    renderHead(this, firstLine, headers, this.#contentFollows);
  }

  // ---- writing --------------------------------------------------------------------------------------------------
  cork(): void { if (this.socket) this.socket.cork(); else this.#corked++; }
  uncork(): void { if (this.socket) this.socket.uncork(); else if (this.#corked) this.#corked--; }

  setTimeout(msecs: number, callback?: () => void): this {
    if (callback) this.on('timeout', callback);
    if (!this.socket) this.once('socket', (s: Socket) => s.setTimeout(msecs));
    else this.socket.setTimeout(msecs);
    return this;
  }

  destroy(error?: Error): this {
    if (this.destroyed) return this;
    this.destroyed = true;
    this.#errored = error; // undefined after destroy() without an error, as node
    if (this.socket) this.socket.destroy(error);
    else this.once('socket', (s: Socket) => s.destroy(error));
    return this;
  }

  /** writes the head together with the first body bytes when it can (one segment) */
  _send(data: Chunk, encoding?: BufferEncoding | null, callback?: WriteCallback | null): boolean {
    if (!this._headerSent && this._header !== null) {
      if (typeof data === 'string' && (encoding === 'utf8' || encoding === 'latin1' || !encoding)) {
        data = this._header + data;
      } else if (typeof data !== 'string' && data.byteLength <= SMALL_BODY) {
        // the head and a small body as one latin1 string (one char per octet, so the octets are unchanged): one
        // socket write, which node's stream binding makes without a heap copy, instead of a two-chunk writev
        data = this._header + asBuffer(data).latin1Slice(0, data.byteLength);
        encoding = 'latin1';
      } else {
        const header = this._header;
        this.outputData.unshift({ data: header, encoding: 'latin1', callback: null });
        this.outputSize += header.length;
        this._onPendingData(header.length);
      }
      this._headerSent = true;
    }
    return this._writeRaw(data, encoding, callback);
  }

  _writeRaw(data: Chunk, encoding?: BufferEncoding | null | WriteCallback, callback?: WriteCallback | null): boolean {
    const conn = this.socket;
    if (conn && conn.destroyed) return false;
    if (typeof encoding === 'function') { callback = encoding; encoding = null; }
    if (conn && conn._httpMessage === this && conn.writable) {
      if (this.outputData.length) this._flushOutput(conn);
      return conn.write(data as string, (encoding ?? undefined) as BufferEncoding, callback ?? undefined);
    }
    this.outputData.push({ data, encoding, callback: callback ?? null });
    this.outputSize += data.length;
    this._onPendingData(data.length);
    return this.outputSize < this.#highWaterMark;
  }

  write(chunk: Chunk, encoding?: BufferEncoding | WriteCallback | null, callback?: WriteCallback): boolean {
    if (typeof encoding === 'function') { callback = encoding; encoding = null; }
    // the chunk is checked first, as node does, also when write is called on another object (node's test-http-outgoing-proto)
    validateChunk(chunk);
    const ret = this.#write(chunk, encoding, callback, false);
    if (!ret) this[kNeedDrain] = true;
    return ret;
  }

  #onError(err: Error, callback: WriteCallback): void {
    if (this.destroyed) return;
    process.nextTick(() => {
      callback(err);
      if (!this.destroyed) this.emit('error', err);
    });
  }

  #strictLength(): boolean {
    return this.strictContentLength && this._contentLength != null && this._hasBody && !this._removedContLen &&
      !this.chunkedEncoding && !this.hasHeader('transfer-encoding');
  }

  /** `finish`: from end(), the 'finish' callback, attached to this write when it is the message's last (then
   *  #finishAttached is set and end() writes nothing more) */
  #write(chunk: Chunk, encoding: BufferEncoding | null | undefined, callback: WriteCallback | undefined | null, fromEnd: boolean,
    finish?: WriteCallback): boolean {
    const cb: WriteCallback = typeof callback === 'function' ? callback : nop;
    validateChunk(chunk);
    const err = this.finished ? errWriteAfterEnd() : this.destroyed ? errStreamDestroyed('write') : null;
    if (err) {
      if (!this.destroyed) this.#onError(err, cb); else process.nextTick(cb, err);
      return false;
    }
    const byteLength = (): number => (typeof chunk === 'string' ? Buffer.byteLength(chunk, encoding ?? 'utf8') : chunk.byteLength);
    let len: number | undefined;
    if (this.strictContentLength) {
      len = byteLength();
      if (this.#strictLength() && (fromEnd ? this.#bytesWritten + len !== this._contentLength
        : this.#bytesWritten + len > (this._contentLength as number))) {
        throw errContentLengthMismatch(len + this.#bytesWritten, this._contentLength as number);
      }
      this.#bytesWritten += len;
    }
    if (!this._header) {
      if (fromEnd) this._contentLength = len ??= byteLength();
      else if (chunk.length !== 0) this.#contentFollows = true;
      this._implicitHeader();
    }
    if (chunk.length !== 0) this.#wroteContent = true;
    if (!this._hasBody) {
      // no content in responses to HEAD and in 1xx/204/304 (RFC 9110 9.3.2, 15.3.5, 15.4.5): writes are dropped,
      // or refused when the server asked for it
      if (this._rejectNonStandardBodyWrites) throw errBodyNotAllowed();
      process.nextTick(cb);
      return true;
    }
    if (!fromEnd && this.socket && !this.socket.writableCorked) {
      const s = this.socket;
      s.cork();
      process.nextTick(() => s.uncork());
    }
    if (this.chunkedEncoding && chunk.length !== 0) {
      // chunk = chunk-size CRLF chunk-data CRLF (RFC 9112 7.1)
      len ??= byteLength();
      this._send(len.toString(16), 'latin1', null);
      this._send(CRLF, null, null);
      this._send(chunk, encoding, null);
      return this._send(CRLF, null, cb);
    }
    // the last chunk carries 'finish' on a net.Socket (one write less); on a generic stream used as the socket, end()
    // writes an empty chunk after it for 'finish', as node does (a stream's write count is observable there)
    if (finish && !this.chunkedEncoding && (!this.socket || this.socket instanceof Socket)) {
      this.#finishAttached = true;
      return this._send(chunk, encoding, finish);
    }
    return this._send(chunk, encoding, cb);
  }

  addTrailers(headers: OutgoingHeaders | [string, HeaderValue][]): void {
    this._trailer = '';
    const isArray = Array.isArray(headers);
    for (const key of Object.keys(headers)) {
      const [field, raw] = isArray ? (headers as [string, HeaderValue][])[+key] : [key, (headers as OutgoingHeaders)[key]];
      validateHeaderName(field, 'Trailer name');
      // framing and routing fields are never sent in a trailer section (RFC 9110 6.5.1)
      if (isTrailerForbidden(field)) continue;
      let value = raw;
      if (Array.isArray(value) && value.length > 1 && !this[kUniqueHeaders]?.has(field.toLowerCase())) {
        for (const v of value) {
          if (checkInvalidHeaderChar(v)) throw errInvalidChar('trailer content', field);
          this._trailer += `${field}: ${v}\r\n`;
        }
      } else {
        if (Array.isArray(value)) value = value.join('; ');
        if (checkInvalidHeaderChar(value)) throw errInvalidChar('trailer content', field);
        this._trailer += `${field}: ${value}\r\n`;
      }
    }
  }

  end(chunk?: Chunk | WriteCallback | null, encoding?: BufferEncoding | WriteCallback | null, callback?: WriteCallback): this {
    if (typeof chunk === 'function') { callback = chunk; chunk = null; encoding = null; }
    else if (typeof encoding === 'function') { callback = encoding; encoding = null; }
    if (chunk) {
      if (this.finished) {
        this.#onError(errWriteAfterEnd(), typeof callback !== 'function' ? nop : callback);
        return this;
      }
      this.socket?.cork();
      this.#write(chunk, encoding, null, true, this.#onFinishWritten);
    } else if (this.finished) {
      if (typeof callback === 'function') {
        if (!this.writableFinished) this.on('finish', callback);
        else callback(errAlreadyFinished('end'));
      }
      return this;
    } else if (!this._header) {
      this.socket?.cork();
      this._contentLength = 0;
      this._implicitHeader();
    }
    if (typeof callback === 'function') this.once('finish', callback);
    if (!this.#wroteContent && this.statusCode === undefined) this.#dropQueuedExpect();
    if (this.#strictLength() && this.#bytesWritten !== this._contentLength) {
      throw errContentLengthMismatch(this.#bytesWritten, this._contentLength as number);
    }
    const finish = this.#onFinishWritten;
    if (this.#finishAttached) {
      // the last chunk's write carries 'finish' (#write)
    } else if (this._hasBody && this.chunkedEncoding) {
      // last-chunk, trailer-section, CRLF (RFC 9112 7.1)
      this._send(`0\r\n${this._trailer}\r\n`, 'latin1', finish);
    } else if (!this._headerSent || this.writableLength || chunk) {
      this._send('', 'latin1', finish);
    } else {
      process.nextTick(finish);
    }
    // everything is handed to the socket now (as node does), except while the connection batches the answers to
    // pipelined requests: its own cork level stays, and it flushes them together when the read is processed
    const s = this.socket;
    if (s) while (s.writableCorked > (s[kBatch] ? 1 : 0)) s.uncork();
    this.#corked = 0;
    this.finished = true;
    if (this.outputData.length === 0 && this.socket && this.socket._httpMessage === this) this._finish();
    return this;
  }

  /** "A client MUST NOT generate a 100-continue expectation in a request that does not include content" (RFC 9110
   *  10.1.1): a request ended without content whose head (sent at once because of Expect) still waits for its socket
   *  leaves without the expectation. (Once the head has reached the socket it is too late, as in node.) */
  #dropQueuedExpect(): void {
    const head = this._header;
    const out = this.outputData;
    if (head === null || out.length !== 1 || out[0].data !== head) return;
    const without = head.replace(/\r\nexpect:[ \t]*100-continue[ \t]*(?=\r\n)/i, '');
    if (without === head) return;
    this._header = without;
    out[0].data = without;
    this.outputSize -= head.length - without.length;
    this._onPendingData(without.length - head.length);
  }

  /** the write callback of a message's last octets: 'finish' (unless the socket failed) */
  #onFinishWritten = (): void => { if (!this.socket?._hadError) this.emit('finish'); };

  _finish(): void { this.emit('prefinish'); }

  /** called by the server/client when this message gets its turn on the socket */
  _flush(): void {
    const socket = this.socket;
    if (socket && socket.writable) {
      const ret = this._flushOutput(socket);
      if (this.finished) this._finish();
      else if (ret && this[kNeedDrain]) { this[kNeedDrain] = false; this.emit('drain'); }
    }
  }

  _flushOutput(socket: Socket): boolean | undefined {
    while (this.#corked) { this.#corked--; socket.cork(); }
    const out = this.outputData;
    if (out.length <= 0) return undefined;
    socket.cork();
    let ret = false;
    for (const { data, encoding, callback } of out) {
      ret = socket.write(data as string, (encoding ?? undefined) as BufferEncoding, callback ?? undefined);
    }
    socket.uncork();
    this.outputData = [];
    this._onPendingData(-this.outputSize);
    this.outputSize = 0;
    return ret;
  }

  flushHeaders(): void {
    if (!this._header) this._implicitHeader();
    this._send('');
  }

  /** captureRejections: a rejected promise from an async listener destroys the message with that error (node) */
  [Symbol.for('nodejs.rejection')](err: Error): void {
    this.destroy(err);
  }

  override pipe<T extends NodeJS.WritableStream>(destination: T): T {
    this.emit('error', errCannotPipe());
    return destination;
  }
}
