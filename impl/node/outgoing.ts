// OutgoingMessage: the header store, head rendering and body framing shared by ServerResponse and ClientRequest.

import { asBuffer } from '../core/head-text';
import {
  ADD_CHUNKED, ADD_CONTENT_LENGTH, APPEND_CHUNKED, CLOSE_AFTER, FRAME_CHUNKED, FRAME_CLOSE, FRAME_KIND, TE_CHUNKED, TE_NONE,
  decideOutgoingFraming, dropsContentLength, dropsTransferEncoding, finalCoding, isTrailerForbidden,
} from '../core/outgoing-framing';
import { Stream } from 'node:stream';
import type { Socket } from 'node:net';
import { utcDate } from './constants';
import {
  errAlreadyFinished, errBodyNotAllowed, errCannotPipe, errContentLengthMismatch, errHeadersSent, errInvalidArgType, errInvalidArgValue,
  errInvalidChar, errMethodNotImplemented, errNullValues, errStreamDestroyed, errTrailerInvalid, errWriteAfterEnd,
} from './errors';
import { checkInvalidHeaderChar, validateHeaderName, validateHeaderValue, validateString } from './validate';

/** Cross-class state of the node layer, keyed by symbols as node does (kOutHeaders, kNeedDrain, kUniqueHeaders). */
export const kOutHeaders = Symbol('kOutHeaders');
export const kNeedDrain = Symbol('kNeedDrain');
export const kBatch = Symbol('kBatch');
export const kUniqueHeaders = Symbol('kUniqueHeaders');
/** the rendered head carries the close connection option (RFC 9112 9.6) */
export const kCloseOption = Symbol('kCloseOption');

export type HeaderValue = string | number | readonly (string | number)[];
export type OutgoingHeaders = Record<string, HeaderValue>;
type HeaderStore = Record<string, [string, HeaderValue]>;
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

// Connection: close detection and chunked detection, as node matches them (RFC 9110 7.6.1, RFC 9112 6.1)
const RE_CONN_CLOSE = /(?:^|\W)close(?:$|\W)/i;
const RE_CONN_UPGRADE = /(?:^|[\s,])upgrade(?:$|[\s,])/i;
const RE_CONN_TE = /(?:^|[\s,])te(?:$|[\s,])/i;
// a connection option naming a representation field (Content-Type, Content-Encoding, ...), which is meant for every
// recipient of the content: "A sender MUST NOT send a connection option corresponding to a field that is intended for
// all recipients of the content" (RFC 9110 7.6.1)
const RE_CONTENT_OPTION = /(?:^|[\s,])content-/i;
function withoutContentOptions(value: string): string {
  return value.split(',').map((o) => o.trim()).filter((o) => o !== '' && !/^content-/i.test(o)).join(', ');
}
export const RE_TE_CHUNKED = /(?:^|\W)chunked(?:$|\W)/i;
const CRLF = Buffer.from('\r\n');
const nop = (): void => {};
/** a body up to this size goes out in one string with the head (see _send) */
const SMALL_BODY = 1024;

interface HeadState {
  connection: boolean; contLen: boolean; te: boolean; date: boolean; expect: boolean; trailer: boolean; header: string;
  /** an Upgrade field, and whether a Connection field names the upgrade option */
  upgrade: boolean; upgradeOption: boolean;
  /** a TE field, and whether a Connection field names the TE option */
  teField: boolean; teOption: boolean;
  /** the Transfer-Encoding values, in order (one list, RFC 9110 5.3) */
  teList: string;
  /** [start, end, isTE] of each Content-Length / Transfer-Encoding line in `header`, in case it must be left out */
  framingLines: number[] | null;
}

/** net.Socket's destroySoon() for any stream.Duplex a server or client is given (server.emit('connection', duplex),
 *  createConnection): end the writable side, destroy once it has finished */
export function destroySoon(socket: Socket): void {
  if (typeof socket.destroySoon === 'function') { socket.destroySoon(); return; }
  if (socket.writable) socket.end();
  if (socket.writableFinished) socket.destroy();
  else socket.once('finish', () => socket.destroy());
}

/** the head with the framing lines the verdict changes: Content-Length / Transfer-Encoding lines that must not be
 *  sent left out, and chunked named last in the last Transfer-Encoding line when the verdict applies it on top */
function rewriteFramingLines(header: string, lines: number[], verdict: number): string {
  const cl = dropsContentLength(verdict);
  const te = dropsTransferEncoding(verdict);
  let lastTE = -1;
  if ((verdict & APPEND_CHUNKED) !== 0) for (let i = 0; i < lines.length; i += 3) if (lines[i + 2] === 1) lastTE = i;
  if (!cl && !te && lastTE < 0) return header;
  let out = '';
  let from = 0;
  for (let i = 0; i < lines.length; i += 3) {
    if (lines[i + 2] === 1 ? te : cl) {
      out += header.slice(from, lines[i]);
      from = lines[i + 1];
    } else if (i === lastTE) {
      out += `${header.slice(from, lines[i + 1] - 2)}, chunked\r\n`;
      from = lines[i + 1];
    }
  }
  return out + header.slice(from);
}

export function parseUniqueHeadersOption(headers: unknown): Set<string> | null {
  if (!Array.isArray(headers)) return null;
  return new Set(headers.map((h: string) => h.toLowerCase()));
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
  #errored: Error | null = null;
  #finishAttached = false;
  #highWaterMark: number;
  /** the head is being rendered by a first write() of content (its length unknown) */
  #contentFollows = false;
  /** some content was written */
  #wroteContent = false;

  constructor(options?: { highWaterMark?: number }) {
    super();
    this.#highWaterMark = options?.highWaterMark ?? 16384;
  }

  get errored(): Error | null { return this.#errored; }
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
    const state: HeadState = {
      connection: false, contLen: false, te: false, date: false, expect: false, trailer: false, header: firstLine,
      teList: '', framingLines: null, upgrade: false, upgradeOption: false, teField: false, teOption: false,
    };
    if (headers) {
      if (headers === this[kOutHeaders]) {
        for (const key in headers as HeaderStore) {
          const [name, value] = (headers as HeaderStore)[key];
          this.#processHeader(state, name, value, false);
        }
      } else if (Array.isArray(headers)) {
        if (headers.length && Array.isArray(headers[0])) {
          for (const [name, value] of headers as [string, HeaderValue][]) this.#processHeader(state, name, value, true);
        } else {
          if (headers.length % 2 !== 0) throw errInvalidArgValue('headers', headers);
          for (let n = 0; n < headers.length; n += 2) this.#processHeader(state, headers[n], headers[n + 1], true);
        }
      } else {
        for (const key in headers as OutgoingHeaders) {
          if (Object.hasOwn(headers as object, key)) this.#processHeader(state, key, (headers as OutgoingHeaders)[key], true);
        }
      }
    }
    // the one framing decider of impl/core: framing, the field it adds, and the fields that must not be sent
    const te = state.te ? finalCoding(state.teList) : TE_NONE;
    const verdict = decideOutgoingFraming({
      status: this.statusCode ?? 0, method: this._framingMethod, hasBody: this._hasBody, http11: this._peer11,
      contentLength: state.contLen, transferEncoding: te, trailer: state.trailer,
      length: typeof this._contentLength === 'number' ? this._contentLength : -1,
      chunkedByDefault: this.useChunkedEncodingByDefault, noAddLength: this._removedContLen, noAddChunked: this._removedTE,
      contentFollows: this.#contentFollows,
    });
    let header = state.framingLines === null ? state.header : rewriteFramingLines(state.header, state.framingLines, verdict);
    const kind = verdict & FRAME_KIND;
    // node's value of the property: true for chunked content, and for a response to HEAD that names chunked
    this.chunkedEncoding = kind === FRAME_CHUNKED ||
      (!this._hasBody && te === TE_CHUNKED && (verdict & CLOSE_AFTER) === 0 && !dropsTransferEncoding(verdict));
    // the fields framed a message that must end the connection (a final coding other than chunked; node's rule for a
    // 204 or 304 that named chunked): say so in the head (RFC 9112 9.6)
    if ((verdict & CLOSE_AFTER) !== 0 && state.te) this.shouldKeepAlive = false;
    if (this.sendDate && !state.date) header += `Date: ${utcDate()}\r\n`;
    // "A sender of Upgrade MUST also send an "Upgrade" connection option in the Connection header field" (RFC 9110
    // 7.8): a line of its own, so that node's Connection line below (keep-alive or close) keeps its meaning
    if (state.upgrade && !state.upgradeOption) header += 'Connection: upgrade\r\n';
    // likewise "A sender of TE MUST also send a "TE" connection option within the Connection header field" (RFC 9110
    // 10.1.4)
    if (state.teField && !state.teOption) header += 'Connection: TE\r\n';
    if (this._removedConnection) {
      this._last = !this.shouldKeepAlive;
    } else if (!state.connection) {
      const sendKeepAlive = this.shouldKeepAlive && (state.contLen || this.useChunkedEncodingByDefault || !!this.agent);
      if (sendKeepAlive && this.maxRequestsOnConnectionReached) {
        header += 'Connection: close\r\n';
      } else if (sendKeepAlive) {
        header += 'Connection: keep-alive\r\n';
        if (this._keepAliveTimeout && this._defaultKeepAlive) {
          const max = ~~this._maxRequestsPerSocket > 0 ? `, max=${this._maxRequestsPerSocket}` : '';
          header += `Keep-Alive: timeout=${Math.floor(this._keepAliveTimeout / 1000)}${max}\r\n`;
        }
      } else {
        this._last = true;
        header += 'Connection: close\r\n';
      }
    }
    if ((verdict & ADD_CONTENT_LENGTH) !== 0) header += `Content-Length: ${this._contentLength}\r\n`;
    else if ((verdict & ADD_CHUNKED) !== 0) header += 'Transfer-Encoding: chunked\r\n';
    // close-delimited content (RFC 9112 6.3 rule 8)
    if (kind === FRAME_CLOSE) this._last = true;
    // a trailer section exists only in chunked framing (RFC 9112 7.1.2)
    if (this.chunkedEncoding !== true && state.trailer) throw errTrailerInvalid();
    this._header = `${header}\r\n`;
    this._headerSent = false;
    if (state.expect) this._send('');
  }

  #processHeader(state: HeadState, key: string, value: HeaderValue, validate: boolean): void {
    if (validate) validateHeaderName(key);
    if (key.length === 19 && key.toLowerCase() === 'content-disposition' && this._contentLength) {
      // RFC 6266 4.3: sent as latin1 octets
      value = Array.isArray(value)
        ? value.map((v) => Buffer.from(String(v), 'latin1').toString('latin1'))
        : Buffer.from(String(value), 'latin1').toString('latin1');
    }
    if (Array.isArray(value)) {
      const unique = this[kUniqueHeaders]?.has(key.toLowerCase());
      const cookie = key.length === 6 && key.toLowerCase() === 'cookie';
      if ((value.length < 2 || !cookie) && !unique) {
        for (const v of value) this.#storeHeader(state, key, v, validate);
        return;
      }
      value = value.join('; ');
    }
    this.#storeHeader(state, key, value as string, validate);
  }

  #storeHeader(state: HeadState, key: string, value: string | number, validate: boolean): void {
    if (validate) validateHeaderValue(key, value);
    if (key.length === 10 && typeof value === 'string' && RE_CONTENT_OPTION.test(value) && key.toLowerCase() === 'connection') {
      value = withoutContentOptions(value);
      if (value === '') return;
    }
    const start = state.header.length;
    state.header += `${key}: ${value}\r\n`;
    if (key.length === 2 && (key === 'TE' || key.toLowerCase() === 'te')) { state.teField = true; return; }
    if (key.length < 4 || key.length > 17) return;
    switch (key.toLowerCase()) {
      case 'connection':
        state.connection = true;
        if (!state.upgradeOption && RE_CONN_UPGRADE.test(String(value))) state.upgradeOption = true;
        if (!state.teOption && RE_CONN_TE.test(String(value))) state.teOption = true;
        this._removedConnection = false;
        if (RE_CONN_CLOSE.test(String(value))) { this._last = true; this[kCloseOption] = true; } else this.shouldKeepAlive = true;
        break;
      case 'transfer-encoding':
        state.te = true;
        state.teList = state.teList ? `${state.teList}, ${value}` : String(value);
        (state.framingLines ??= []).push(start, state.header.length, 1);
        this._removedTE = false;
        break;
      case 'content-length':
        state.contLen = true;
        (state.framingLines ??= []).push(start, state.header.length, 0);
        this._contentLength = +value;
        this._removedContLen = false;
        break;
      case 'date': state.date = true; break;
      case 'upgrade': state.upgrade = true; break;
      case 'expect': state.expect = true; break;
      case 'trailer': state.trailer = true; break;
      case 'keep-alive': this._defaultKeepAlive = false; break;
    }
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
    this.#errored = error ?? null;
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
    if (chunk === null) throw errNullValues();
    if (typeof chunk !== 'string' && !(chunk instanceof Uint8Array)) {
      throw errInvalidArgType('chunk', ['string', 'Buffer', 'Uint8Array'], chunk);
    }
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
    if (finish && !this.chunkedEncoding) { this.#finishAttached = true; return this._send(chunk, encoding, finish); }
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
