// The client side of a connection: feeds response bytes to the core parser and maps them onto ClientRequest events.

import { finished } from 'node:stream';
import { Parser } from '../core/parser';
import { HeadAction, type MessageHead, type ParserSink } from '../core/types';
import { INSECURE_PARSER_FLAGS } from '../core/leniency';
import { DEFAULT_MAX_HEADER_SIZE } from './constants';
import { connReset } from './errors';
import { IncomingMessage } from './incoming';
import { kCloseOption, kNeedDrain, type HttpSocket } from './outgoing';
import type { ClientRequest } from './client';

const MAX_HEADER_PAIRS = 2000;

/** 1xx other than 101 are interim: a final response follows (RFC 9110 15.2) */
const isInformational = (status: number): boolean => status < 200 && status >= 100 && status !== 101;

/** Per-request socket binding: parser, listeners and the response being received. */
class ClientConnection implements ParserSink {
  readonly req: ClientRequest;
  readonly socket: HttpSocket;
  readonly parser: Parser;
  #res: IncomingMessage | null = null;
  #trailers: string[] | null = null;
  /** CONNECT answered with a non-2xx status: node hands the socket over just the same */
  #connectHead = false;
  #freed = false;
  /** the socket went back to the agent */
  released = false;
  readonly onData = (d: Buffer): void => this.#socketOnData(d);
  readonly onEnd = (): void => this.#socketOnEnd();
  readonly onClose = (): void => this.#socketOnClose();
  readonly onError = (e: Error): void => this.#socketOnError(e);
  readonly onDrain = (): void => {
    const msg = this.socket._httpMessage;
    if (msg && !msg.finished && msg[kNeedDrain]) { msg[kNeedDrain] = false; msg.emit('drain'); }
  };
  readonly onResponseTimeout = (): void => { this.req.res?.emit('timeout'); };

  constructor(req: ClientRequest, socket: HttpSocket) {
    this.req = req;
    this.socket = socket;
    this.parser = new Parser('response', this, {
      maxHeaderSize: req.maxHeaderSize || DEFAULT_MAX_HEADER_SIZE,
      lenient: req.insecureHTTPParser ? { ...INSECURE_PARSER_FLAGS } : {},
    });
    // HEAD has no response content; 2xx to CONNECT is a tunnel (RFC 9112 6.3 rules 1-2)
    this.parser.pushRequestMethod(req.method);
  }

  onHead(head: MessageHead): HeadAction | void {
    if (head.kind !== 'response') return;
    const req = this.req;
    const socket = this.socket;
    const res = new IncomingMessage(socket);
    res.httpVersionMajor = head.versionMajor;
    res.httpVersionMinor = head.versionMinor;
    res.httpVersion = `${head.versionMajor}.${head.versionMinor}`;
    res.joinDuplicateHeaders = !!req.joinDuplicateHeaders;
    res.upgrade = head.upgrade;
    res.statusCode = head.status;
    res.statusMessage = head.reason;
    const pairs = typeof req.maxHeadersCount === 'number' ? req.maxHeadersCount << 1 : MAX_HEADER_PAIRS;
    res._addHeaderLines(head.fields, pairs > 0 ? Math.min(head.fields.length, pairs) : head.fields.length);
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
    res.on('end', () => responseOnEnd(this, res));
    req.on('finish', () => { if (req.shouldKeepAlive && req._ended) detachForKeepAlive(req); });
    socket.on('timeout', this.onResponseTimeout);
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
      res.complete = true;
      if (this.#trailers) res._addHeaderLines(this.#trailers, this.#trailers.length);
      this.#trailers = null;
      res.push(null);
    }
    if (this.socket.readable && !this.socket.destroyed) this.socket.resume();
  }

  /** stop listening for responses on this socket (node's freeParser plus listener removal) */
  free(): void {
    if (this.#freed) return;
    this.#freed = true;
    this.socket.parser = null;
    this.req.parser = null;
  }

  #socketOnData(d: Buffer): void {
    const req = this.req;
    const socket = this.socket;
    const parser = this.parser;
    const consumed = parser.execute(d);
    const err = parser.error;
    if (err) {
      err.rawPacket ??= d;
      this.free();
      socket.removeListener('data', this.onData);
      socket.removeListener('end', this.onEnd);
      socket.destroy();
      socket._hadError = true;
      req.emit('error', err);
    } else if (parser.upgraded || this.#connectHead) {
      const res = this.#res as IncomingMessage;
      req.res = res;
      socket.removeListener('data', this.onData);
      socket.removeListener('end', this.onEnd);
      socket.removeListener('drain', this.onDrain);
      if (req.timeoutCb) socket.removeListener('timeout', req.timeoutCb);
      socket.removeListener('timeout', this.onResponseTimeout);
      this.free();
      const bodyHead = d.subarray(consumed);
      const event = req.method === 'CONNECT' ? 'connect' : 'upgrade';
      if (req.listenerCount(event) > 0) {
        req.upgradeOrConnect = true;
        socket.emit('agentRemove');
        socket.removeListener('close', this.onClose);
        socket.removeListener('error', this.onError);
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
      socket.removeListener('data', this.onData);
      socket.removeListener('end', this.onEnd);
      socket.removeListener('drain', this.onDrain);
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
    this.socket.removeListener('data', this.onData);
    this.socket.removeListener('end', this.onEnd);
    this.socket.destroy();
  }
}

const kConnection = Symbol('clientConnection');
type Bound = ClientRequest & { [kConnection]?: ClientConnection };

/** node's tickOnSocket: bind a request to its (new or reused) socket */
export function attachSocket(req: ClientRequest, socket: HttpSocket): void {
  const conn = new ClientConnection(req, socket);
  (req as Bound)[kConnection] = conn;
  req.socket = socket;
  req.parser = conn.parser;
  socket.parser = conn.parser;
  socket._httpMessage = req;
  socket.on('error', conn.onError);
  socket.on('data', conn.onData);
  socket.on('end', conn.onEnd);
  socket.on('close', conn.onClose);
  socket.on('drain', conn.onDrain);
  if (req.timeout !== undefined || (req.agent && req.agent.options && req.agent.options.timeout)) {
    req._listenSocketTimeout();
  }
  req.emit('socket', socket);
}

function responseOnEnd(conn: ClientConnection, res: IncomingMessage): void {
  const req = conn.req;
  const socket = req.socket;
  if (socket) {
    if (req.timeoutCb) socket.removeListener('timeout', req.timeoutCb);
    socket.removeListener('timeout', conn.onResponseTimeout);
  }
  req._ended = true;
  if (!req.shouldKeepAlive) {
    if (socket && socket.writable) socket.destroySoon();
  } else if (req.writableFinished && !res.aborted) {
    detachForKeepAlive(req);
  }
}

/** the exchange is over and the connection persists (RFC 9112 9.3): release the socket to the agent */
export function detachForKeepAlive(req: ClientRequest): void {
  const socket = req.socket as HttpSocket;
  const conn = (req as Bound)[kConnection];
  if (conn?.released) return;
  if (conn) conn.released = true;
  if (req.timeoutCb) {
    socket.setTimeout(0, req.timeoutCb);
    req.timeoutCb = null;
  }
  if (conn) {
    socket.removeListener('close', conn.onClose);
    socket.removeListener('error', conn.onError);
    socket.removeListener('data', conn.onData);
    socket.removeListener('end', conn.onEnd);
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
