// The client side of a connection: feeds response bytes to the core parser and maps them onto ClientRequest events.

import { finished } from 'node:stream';
import { Parser } from '../core/parser';
import { HeadAction, type MessageHead, type ParserSink } from '../core/types';
import { INSECURE_PARSER_FLAGS } from '../core/leniency';
import { DEFAULT_MAX_HEADER_SIZE, INSECURE_HTTP_PARSER_DEFAULT } from './constants';
import { connReset, nodeBytesParsed, toNodeParseError } from './errors';
import { IncomingMessage, applyHead, completeMessage } from './incoming';
import { destroySoon, kCloseOption, kNeedDrain, type HttpSocket } from './outgoing';
import type { ClientRequest } from './client';
import { ParserHandle } from './parser-handle';

/** what a client parser handle shows as node's onIncoming (parserOnIncomingClient); responses reach the request through
 *  ClientConnection, so nothing calls it */
function parserOnIncoming(): void { /* present for node code that checks the slot while a response is awaited */ }


/** 1xx other than 101 are interim: a final response follows (RFC 9110 15.2) */
const isInformational = (status: number): boolean => status < 200 && status >= 100 && status !== 101;

const kConnection = Symbol('clientConnection');
type Bound = ClientRequest & { [kConnection]?: ClientConnection };
type Bindable = HttpSocket & { [kConnection]?: ClientConnection };

/** The client side of one socket: parser, listeners and the response being received, bound to one request at a
 *  time. A pooled keep-alive socket keeps its ClientConnection (and parser, reset per request) for the next request
 *  with the same parser options; the socket listeners are shared functions that find it through the socket. */
class ClientConnection implements ParserSink {
  req: ClientRequest;
  readonly socket: HttpSocket;
  readonly parser: Parser;
  /** what node code sees as req.parser / socket.parser while a request is bound (attachSocket); one per connection,
   *  so consecutive requests on a kept-alive socket see the same parser object, as node's free list gives them */
  readonly handle: ParserHandle;
  /** the parser options this connection was built with (reused only for a request with the same) */
  readonly optionsKey: string;
  #res: IncomingMessage | null = null;
  #trailers: string[] | null = null;
  /** CONNECT answered with a non-2xx status: node hands the socket over just the same */
  #connectHead = false;
  #freed = false;
  /** inside parser.execute(): octets that arrive meanwhile (an 'information' or 'response' listener that makes the
   *  socket emit 'data' synchronously) wait their turn instead of re-entering the parser */
  #executing = false;
  #queued: Buffer[] | null = null;
  /** the socket went back to the agent */
  released = false;

  static optionsKeyOf(req: ClientRequest): string {
    return `${req.maxHeaderSize || DEFAULT_MAX_HEADER_SIZE}:${(req.insecureHTTPParser ?? INSECURE_HTTP_PARSER_DEFAULT) ? 1 : 0}`;
  }

  constructor(req: ClientRequest, socket: HttpSocket, optionsKey: string) {
    this.req = req;
    this.socket = socket;
    this.optionsKey = optionsKey;
    this.parser = new Parser('response', this, {
      maxHeaderSize: req.maxHeaderSize || DEFAULT_MAX_HEADER_SIZE,
      headerSizeCounting: 'llhttp', // node's limit: reason-phrase, field names and values
      lenient: (req.insecureHTTPParser ?? INSECURE_HTTP_PARSER_DEFAULT) ? { ...INSECURE_PARSER_FLAGS } : {},
    });
    this.handle = new ParserHandle(this.parser);
    // HEAD has no response content; 2xx to CONNECT is a tunnel (RFC 9112 6.3 rules 1-2)
    this.parser.pushRequestMethod(req.method);
  }

  /** the next request on this (pooled) socket */
  bind(req: ClientRequest): void {
    this.req = req;
    this.#res = null;
    this.#trailers = null;
    this.#connectHead = false;
    this.#freed = false;
    this.released = false;
    this.parser.reset();
    this.parser.pushRequestMethod(req.method);
  }

  // socket listeners, shared by every connection: `this` is the socket
  static onData(this: Bindable, d: Buffer): void { const c = this[kConnection]; if (c) c.#socketOnData(d); }
  static onEnd(this: Bindable): void { const c = this[kConnection]; if (c) c.#socketOnEnd(); }
  static onClose(this: Bindable): void { const c = this[kConnection]; if (c) c.#socketOnClose(); }
  static onError(this: Bindable, e: Error): void { const c = this[kConnection]; if (c) c.#socketOnError(e); }
  static onDrain(this: Bindable): void {
    const msg = this._httpMessage;
    if (msg && !msg.finished && msg[kNeedDrain]) { msg[kNeedDrain] = false; msg.emit('drain'); }
  }
  static onResponseTimeout(this: Bindable): void { this[kConnection]?.req.res?.emit('timeout'); }

  onHead(head: MessageHead): HeadAction | void {
    if (head.kind !== 'response') return;
    const req = this.req;
    const socket = this.socket;
    const res = new IncomingMessage(socket);
    applyHead(res, head, req.maxHeadersCount, !!req.joinDuplicateHeaders);
    res._onRead = () => { if (socket.readable) socket.resume(); };
    this.#trailers = null;
    if (req.res) {
      // a second final response to one request
      socket.destroy();
      return HeadAction.SkipBody;
    }
    req.res = res;
    this.#res = res;
    if (res.upgrade && head.status === 101) return HeadAction.Normal;
    if (req.method === 'CONNECT') {
      res.upgrade = true;
      // any response to CONNECT ends HTTP on this socket for node: hand over the bytes after the head
      this.#connectHead = true;
      this.parser.pause();
      return HeadAction.SkipBody;
    }
    if (isInformational(head.status)) {
      req.res = null;
      this.#res = null;
      if (head.status === 100) req.emit('continue');
      req.emit('information', {
        statusCode: res.statusCode, statusMessage: res.statusMessage, httpVersion: res.httpVersion,
        httpVersionMajor: res.httpVersionMajor, httpVersionMinor: res.httpVersionMinor,
        headers: res.headers, rawHeaders: res.rawHeaders,
      });
      return HeadAction.SkipBody;
    }
    // a request that carried the close option ends its connection too (RFC 9112 9.6; node keeps the socket pooled)
    if (req.shouldKeepAlive && (!head.keepAlive || req[kCloseOption]) && !req.upgradeOrConnect) req.shouldKeepAlive = false;
    res.req = req;
    res.on('end', onResponseEnd);
    req.on('finish', onRequestFinish);
    socket.on('timeout', ClientConnection.onResponseTimeout);
    if (req.aborted || !req.emit('response', res)) res._dump();
    if (req.method === 'HEAD') return HeadAction.SkipBody;
    if (res.statusCode === 304) { res.complete = true; return HeadAction.SkipBody; }
    return HeadAction.Normal;
  }

  // `data` views a chunk that the socket handed us and never reuses, so the view is pushed without a copy (as node does)
  onBody(data: Uint8Array): void {
    const res = this.#res;
    if (res && !res._dumped && !res.push(Buffer.from(data.buffer, data.byteOffset, data.byteLength))) this.socket.pause();
  }

  onTrailers(fields: string[]): void { this.#trailers = fields; }

  onMessageComplete(): void {
    const res = this.#res;
    if (res) {
      completeMessage(res, this.#trailers);
      this.#trailers = null;
    }
    if (this.socket.readable && !this.socket.destroyed) this.socket.resume();
  }

  /** stop listening for responses on this socket (node's freeParser plus listener removal) */
  free(): void {
    if (this.#freed) return;
    this.#freed = true;
    this.socket.parser = null;
    this.req.parser = null;
    this.handle.release();
  }

  #socketOnData(d: Buffer): void {
    if (this.#executing) { (this.#queued ??= []).push(d); return; }
    this.#executing = true;
    try {
      this.#consume(d);
      const q = this.#queued;
      if (q) for (let next = q.shift(); next && !this.#freed && !this.socket.destroyed; next = q.shift()) this.#consume(next);
    } finally {
      this.#executing = false;
      this.#queued = null;
    }
  }

  #consume(d: Buffer): void {
    const req = this.req;
    const socket = this.socket;
    const parser = this.parser;
    const consumed = parser.execute(d);
    const err = parser.error;
    if (err) {
      err.rawPacket ??= d;
      (err as typeof err & { bytesParsed?: number }).bytesParsed ??= nodeBytesParsed(err.code, d, consumed);
      this.free();
      socket.removeListener('data', ClientConnection.onData);
      socket.removeListener('end', ClientConnection.onEnd);
      // octets after a complete final response are not a response to this request (RFC 9112 9.2): the request got
      // its answer, so the connection is dropped without an 'error' on it
      const answered = this.#res !== null && this.#res.complete && !isInformational(this.#res.statusCode as number);
      socket.destroy();
      if (answered) return;
      socket._hadError = true;
      req.emit('error', toNodeParseError(err));
    } else if (parser.upgraded || this.#connectHead) {
      const res = this.#res as IncomingMessage;
      req.res = res;
      socket.removeListener('data', ClientConnection.onData);
      socket.removeListener('end', ClientConnection.onEnd);
      socket.removeListener('drain', ClientConnection.onDrain);
      if (req.timeoutCb) socket.removeListener('timeout', req.timeoutCb);
      socket.removeListener('timeout', ClientConnection.onResponseTimeout);
      this.free();
      const bodyHead = d.subarray(consumed);
      const event = req.method === 'CONNECT' ? 'connect' : 'upgrade';
      if (req.listenerCount(event) > 0) {
        req.upgradeOrConnect = true;
        socket.emit('agentRemove');
        socket.removeListener('close', ClientConnection.onClose);
        socket.removeListener('error', ClientConnection.onError);
        socket._httpMessage = null;
        (socket as unknown as { readableFlowing: boolean | null }).readableFlowing = null;
        req.emit(event, res, socket, bodyHead);
        req.destroyed = true;
        req._closed = true;
        req.emit('close');
      } else {
        socket.destroy();
      }
    } else if (this.#res && this.#res.complete && !isInformational(this.#res.statusCode as number)) {
      socket.removeListener('data', ClientConnection.onData);
      socket.removeListener('end', ClientConnection.onEnd);
      socket.removeListener('drain', ClientConnection.onDrain);
      this.free();
    }
  }

  #socketOnEnd(): void {
    const req = this.req;
    if (!req.res && !this.socket._hadError) {
      this.socket._hadError = true;
      req.emit('error', connReset('socket hang up'));
    }
    // EOF completes a close-delimited response (RFC 9112 6.3 rule 8); other truncations surface as 'aborted'
    if (!this.#freed) { this.parser.finish(); this.free(); }
    this.socket.destroy();
  }

  #socketOnClose(): void {
    const req = this.req;
    const res = req.res;
    req.destroyed = true;
    if (res) {
      if (!res.complete) res.destroy(connReset('aborted'));
      req._closed = true;
      req.emit('close');
      if (!res.aborted && res.readable) res.push(null);
    } else {
      if (!this.socket._hadError) {
        this.socket._hadError = true;
        req.emit('error', connReset('socket hang up'));
      }
      req._closed = true;
      req.emit('close');
    }
    req.outputData.length = 0;
    if (!this.#freed) { this.parser.finish(); this.free(); }
  }

  #socketOnError(err: Error): void {
    const req = this.socket._httpMessage as ClientRequest | null | undefined;
    if (req) {
      this.socket._hadError = true;
      req.emit('error', err);
    }
    if (!this.#freed) { this.parser.finish(); this.free(); }
    this.socket.removeListener('data', ClientConnection.onData);
    this.socket.removeListener('end', ClientConnection.onEnd);
    this.socket.destroy();
  }
}

/** node's tickOnSocket: bind a request to its (new or reused) socket */
export function attachSocket(req: ClientRequest, socket: HttpSocket): void {
  const key = ClientConnection.optionsKeyOf(req);
  let conn = (socket as Bindable)[kConnection];
  if (conn && conn.optionsKey === key && conn.released) conn.bind(req);
  else (socket as Bindable)[kConnection] = conn = new ClientConnection(req, socket, key);
  (req as Bound)[kConnection] = conn;
  req.socket = socket;
  // node code sees a parser handle (its fields as node's parser has them while a response is awaited)
  const handle = conn.handle;
  handle.onIncoming = parserOnIncoming;
  handle.joinDuplicateHeaders = req.joinDuplicateHeaders ?? null;
  req.parser = handle;
  socket.parser = handle;
  socket._httpMessage = req;
  socket.on('error', ClientConnection.onError);
  socket.on('data', ClientConnection.onData);
  socket.on('end', ClientConnection.onEnd);
  socket.on('close', ClientConnection.onClose);
  socket.on('drain', ClientConnection.onDrain);
  if (req.timeout !== undefined || (req.agent && req.agent.options && req.agent.options.timeout)) {
    req._listenSocketTimeout();
  }
  req.emit('socket', socket);
}

/** 'end' of a response, and 'finish' of its request: either may be the last, then the socket is released */
function onResponseEnd(this: IncomingMessage): void {
  const conn = (this.req as Bound | undefined)?.[kConnection];
  if (conn && conn.req === this.req) responseOnEnd(conn, this);
}

function onRequestFinish(this: ClientRequest): void {
  if (this.shouldKeepAlive && this._ended) detachForKeepAlive(this);
}

function responseOnEnd(conn: ClientConnection, res: IncomingMessage): void {
  const req = conn.req;
  const socket = req.socket;
  if (socket) {
    if (req.timeoutCb) socket.removeListener('timeout', req.timeoutCb);
    socket.removeListener('timeout', ClientConnection.onResponseTimeout);
  }
  req._ended = true;
  if (!req.shouldKeepAlive) {
    if (socket && socket.writable) destroySoon(socket);
  } else if (req.writableFinished && !res.aborted) {
    detachForKeepAlive(req);
  }
}

/** the exchange is over and the connection persists (RFC 9112 9.3): release the socket to the agent */
export function detachForKeepAlive(req: ClientRequest): void {
  const socket = req.socket as HttpSocket;
  const conn = (req as Bound)[kConnection];
  // (a connection bound to a later request on the same socket is not this request's any more)
  if (conn && (conn.released || conn.req !== req)) return;
  if (conn) conn.released = true;
  if (req.timeoutCb) {
    socket.setTimeout(0, req.timeoutCb);
    req.timeoutCb = null;
  }
  if (conn) {
    socket.removeListener('close', ClientConnection.onClose);
    socket.removeListener('error', ClientConnection.onError);
    socket.removeListener('data', ClientConnection.onData);
    socket.removeListener('end', ClientConnection.onEnd);
  }
  process.nextTick(() => {
    req._closed = true;
    req.emit('close');
    if (req.socket) req.socket.emit('free');
  });
  req.destroyed = true;
  if (req.res) req.res.socket = null;
}

/** a socket arrived for a request that was destroyed meanwhile */
export function destroySocketFor(req: ClientRequest, socket: import('node:net').Socket, err?: Error): void {
  finished(socket.destroy(err || req._kError), (er?: NodeJS.ErrnoException | null) => {
    if (er?.code === 'ERR_STREAM_PREMATURE_CLOSE') er = null;
    req._destroyed(er || err);
  });
}
