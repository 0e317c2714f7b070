// ServerResponse: the response side of one request — status line, interim 1xx responses, and socket hand-over.

import { OutgoingMessage, kOutHeaders, type HeaderValue, type HttpSocket } from './outgoing';
import type { IncomingMessage } from './incoming';
import { STATUS_CODES } from './constants';
import {
  errHeadersSent, errInvalidArgValue, errInvalidChar, errInvalidStatusCode, errSocketAssigned,
} from './errors';
import { checkInvalidHeaderChar, validateLinkHeaderValue, validateObject } from './validate';
import { RE_TE_CHUNKED } from './outgoing';
import { isFramingField, responseHasContent } from '../core/outgoing-framing';

type Callback = (err?: Error | null) => void;

export function emitCloseNT(msg: OutgoingMessage): void {
  if (!msg._closed) {
    msg.destroyed = true;
    msg._closed = true;
    msg.emit('close');
  }
}

/** what a ServerResponse tells the connection it answers on */
export interface ResponseOwner {
  /** `res` has ended and handed every octet to the socket: the next response may write after it */
  responseDone(res: ServerResponse): void;
}

export class ServerResponse extends OutgoingMessage {
  override statusCode = 200;
  statusMessage: string | undefined = undefined;
  req: IncomingMessage;
  _sent100 = false;
  _expect_continue = false;
  /** the connection this response answers on; told when the response has handed all its octets to the socket */
  _owner: ResponseOwner | null = null;
  #onSocketClose = (): void => { if (this.socket) emitCloseNT(this); };

  constructor(req: IncomingMessage, options?: { highWaterMark?: number; rejectNonStandardBodyWrites?: boolean }) {
    super(options);
    this._rejectNonStandardBodyWrites = !!options?.rejectNonStandardBodyWrites;
    // a response to HEAD has no content (RFC 9110 9.3.2)
    if (req.method === 'HEAD') this._hasBody = false;
    this._framingMethod = req.method ?? '';
    this.req = req;
    this.sendDate = true;
    if ((req.httpVersionMajor ?? 1) < 1 || (req.httpVersionMinor ?? 1) < 1) {
      // HTTP/1.0 peers get chunked only if they sent TE: chunked, and no persistence by default (RFC 9112 9.3)
      this.useChunkedEncodingByDefault = RE_TE_CHUNKED.test(String(req.headers.te ?? ''));
      this.shouldKeepAlive = false;
      this._peer11 = false;
    }
  }

  assignSocket(socket: HttpSocket): void {
    if (socket._httpMessage) throw errSocketAssigned();
    socket._httpMessage = this;
    socket.on('close', this.#onSocketClose);
    this.socket = socket;
    this.emit('socket', socket);
    this._flush();
  }

  detachSocket(socket: HttpSocket): void {
    socket.removeListener('close', this.#onSocketClose);
    // the connection may already have handed the socket to the next response (ResponseOwner.responseDone)
    if (socket._httpMessage === this) socket._httpMessage = null;
    this.socket = null;
  }

  /** the connection has handed the socket on and reports its 'close' to this response itself (one listener per
   *  socket however many responses wait for their 'finish') */
  _handOff(socket: HttpSocket): void {
    socket.removeListener('close', this.#onSocketClose);
  }

  /** 'prefinish': ended, and every octet written to the socket */
  override _finish(): void {
    super._finish();
    this._owner?.responseDone(this);
  }

  /** 100 Continue (RFC 9110 15.2.1) */
  writeContinue(cb?: Callback): void {
    this._writeRaw('HTTP/1.1 100 Continue\r\n\r\n', 'ascii', cb);
    this._sent100 = true;
  }

  /** 102 Processing (RFC 2518 10.1) */
  writeProcessing(cb?: Callback): void {
    this._writeRaw('HTTP/1.1 102 Processing\r\n\r\n', 'ascii', cb);
  }

  /** 103 Early Hints with Link and any other given fields (RFC 8297) */
  writeEarlyHints(hints: Record<string, unknown>, cb?: Callback): void {
    validateObject(hints, 'hints');
    if (hints.link === null || hints.link === undefined) return;
    const link = validateLinkHeaderValue(hints.link);
    if (link.length === 0) return;
    let head = `HTTP/1.1 103 Early Hints\r\nLink: ${link}\r\n`;
    // no Content-Length or Transfer-Encoding in a 1xx response (RFC 9110 8.6, RFC 9112 6.1)
    for (const key of Object.keys(hints)) if (key !== 'link' && !isFramingField(key)) head += `${key}: ${String(hints[key])}\r\n`;
    this._writeRaw(`${head}\r\n`, 'ascii', cb);
  }

  override _implicitHeader(): void { this.writeHead(this.statusCode); }

  writeHead(statusCode: number, reason?: string | Record<string, HeaderValue> | HeaderValue[] | unknown[],
    obj?: Record<string, HeaderValue> | unknown[]): this {
    if (this._header) throw errHeadersSent('write');
    const original = statusCode;
    statusCode |= 0;
    // status-code = 3DIGIT (RFC 9110 15)
    if (statusCode < 100 || statusCode > 999) throw errInvalidStatusCode(original);
    if (typeof reason === 'string') {
      this.statusMessage = reason;
    } else {
      if (!this.statusMessage) this.statusMessage = STATUS_CODES[statusCode] || 'unknown';
      obj ??= reason as typeof obj;
    }
    this.statusCode = statusCode;
    let headers: unknown;
    const store = this[kOutHeaders];
    if (store) {
      if (Array.isArray(obj)) {
        if (obj.length % 2 !== 0) throw errInvalidArgValue('headers', obj);
        for (let n = 0; n < obj.length; n += 2) if (obj[n]) this.setHeader(obj[n] as string, obj[n + 1] as HeaderValue);
      } else if (obj) {
        for (const k of Object.keys(obj)) if (k) this.setHeader(k, obj[k]);
      }
      headers = this[kOutHeaders];
    } else {
      headers = obj;
    }
    // reason-phrase = *( HTAB / SP / VCHAR / obs-text ) (RFC 9112 4)
    if (checkInvalidHeaderChar(this.statusMessage)) throw errInvalidChar('statusMessage');
    const statusLine = `HTTP/1.1 ${statusCode} ${this.statusMessage}\r\n`;
    // 1xx, 204 and 304 have no content (RFC 9110 15.2, 15.3.5, 15.4.5)
    if (!responseHasContent(statusCode, this._framingMethod)) this._hasBody = false;
    // a final status without 100 Continue: the client may still send the body, so do not reuse (RFC 9110 10.1.1)
    if (this._expect_continue && !this._sent100) this.shouldKeepAlive = false;
    this._storeHeader(statusLine, headers);
    return this;
  }

  writeHeader(statusCode: number, reason?: string | Record<string, HeaderValue>, obj?: Record<string, HeaderValue>): this {
    return this.writeHead(statusCode, reason, obj);
  }
}
