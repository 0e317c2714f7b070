// ServerConnection: one accepted socket — feeds the request parser, orders pipelined responses, timeouts, errors.

import { Socket } from 'node:net';
import { Parser } from '../core/parser';
import { HeadAction, type MessageHead, type ParserSink } from '../core/types';
import { HttpParseError } from '../core/errors';
import { INSECURE_PARSER_FLAGS, type Leniency } from '../core/leniency';
import { DEFAULT_MAX_HEADER_SIZE, INSECURE_HTTP_PARSER_DEFAULT, utcDate } from './constants';
import { asUnknownMethodError, connReset, nodeBytesParsed, errRequestTimeout, errSocketEncoding, toNodeParseError } from './errors';
import { applyHead, completeMessage, type IncomingMessage } from './incoming';
import { destroySoon, kBatch, kNeedDrain, kUniqueHeaders, type HttpSocket } from './outgoing';
import { emitCloseNT, type ResponseOwner, type ServerResponse } from './server-response';
import { countsRequest, dispatchRequest, errorResponse } from './server-dispatch';
import { ParserHandle, kOnTimeout } from './parser-handle';
import type { Server } from './server';
import { kConnections, kIncomingMessage, kServerResponse } from './symbols';

/** requests read on one connection whose responses have not finished: at this many the server stops reading the
 *  connection until one finishes (node has no such count; its only brake is the bytes owed, below) */
export const MAX_QUEUED_REQUESTS = 256;
const KEEP_ALIVE_TIMEOUT_BUFFER = 1000; // node adds 1 s to its own idle timer beyond the advertised timeout
const noop = (): void => {};

/** the end of a batch (ServerConnection#startBatch): the answers written so far leave together */
function endBatch(socket: HttpSocket): void {
  if (!socket[kBatch]) return;
  socket[kBatch] = false;
  if (socket.writableCorked > 0) socket.uncork();
}

const socketDestroy = Socket.prototype.destroy;
const socketSetEncodingError = function (): never { throw errSocketEncoding(); };

/** a server socket's destroy(): answers waiting in a batch leave first, as they would have left already without the
 *  batch (node writes each answer at end()); not after a system error, when the connection is gone anyway */
function destroyAfterBatch(this: HttpSocket, err?: Error): HttpSocket {
  if (this[kBatch] && !(err && 'errno' in err)) endBatch(this);
  return socketDestroy.call(this, err) as HttpSocket;
}

const kServerConnection = Symbol('serverConnection');
type ConnSocket = HttpSocket & { [kServerConnection]?: ServerConnection };

export class ServerConnection implements ParserSink, ResponseOwner {
  readonly socket: HttpSocket;
  readonly #server: Server;
  #parser: Parser;
  #incoming: IncomingMessage[] = [];
  #outgoing: ServerResponse[] = [];
  #outgoingData = 0;
  #requestsCount = 0;
  #keepAliveTimeoutSet = false;
  #current: IncomingMessage | null = null;
  /** `socket.parser` as node code sees it */
  #handle!: ParserHandle;
  #trailers: string[] | null = null;
  /** reading is stopped: the responses owed exceed the socket's high-water mark or MAX_QUEUED_REQUESTS (#backedUp);
   *  parsing stops too at the end of a message while #mustStopParsing */
  #paused = false;
  /** octets read but not parsed while #paused: the rest of the read in which parsing stopped (at most one read) */
  #held: Buffer | null = null;
  /** the peer's FIN arrived while octets were held: handled once they are parsed */
  #endHeld = false;
  #executing = false;
  /** #maybeResume ran while a read was being parsed: #execute resumes the socket when it is done */
  #resumeAfter = false;
  #detached = false;
  /** time the message in progress began, or null between messages (headersTimeout/requestTimeout). A new
   *  connection counts as a message in progress from the moment it is accepted, as in node (its parser's clock
   *  starts when the connection is set up), so a peer that never sends a byte still gets 408 and close. */
  #messageStart: number | null = Date.now();
  #headersDone = false;
  /** a malformed request waiting for the responses to the requests before it (RFC 9112 9.3.2) */
  #pendingError: Error | null = null;
  /** stream offset of the end of the current read: a head that ends before it starts a batch (#startBatch) */
  #readEnd = 0;
  #handingOff = false;
  /** responses that have handed the socket on (responseDone) and wait for their 'finish', oldest first */
  #handedOff: ServerResponse[] = [];
  // socket listeners, shared by every connection (no closures per connection): `this` is the socket
  static #onData(this: ConnSocket, d: Buffer): void { this[kServerConnection]!.#execute(d); }
  static #onEnd(this: ConnSocket): void { this[kServerConnection]!.#socketOnEnd(); }
  // (node's close listener is bound to its socket: code that calls it with another `this`, such as the request whose
  // `client` is the socket, still closes this connection, and never throws)
  static #onClose(this: ConnSocket | { socket?: ConnSocket }): void {
    const conn = (this as ConnSocket)[kServerConnection] ?? (this as { socket?: ConnSocket }).socket?.[kServerConnection];
    if (conn) conn.#socketOnClose();
  }
  static #onDrain(this: ConnSocket): void { this[kServerConnection]!.#socketOnDrain(); }
  // a socket error after a deferred parse error: the parse error came first and is the one reported (as in node)
  static #onError(this: ConnSocket, e: Error): void {
    const conn = this[kServerConnection]!;
    if (conn.#pendingError) conn.#flushPendingError(); else conn.#socketOnError(e);
  }
  static #onTimeout(this: ConnSocket): void { this[kServerConnection]!.#socketOnTimeout(); }
  static #resumeNT(conn: ServerConnection): void { conn.#maybeResume(); }
  // per-request hooks, shared too: `this` is the request or the response
  static #onRequestRead(this: IncomingMessage): void {
    const conn = (this.socket as ConnSocket)[kServerConnection];
    if (conn && !conn.#paused && conn.socket.readable) conn.socket.resume();
  }
  static #onPendingData(this: ServerResponse, delta: number): void {
    const conn = this._owner as ServerConnection;
    conn.#outgoingData += delta;
    conn.#socketOnDrain();
  }
  static #onResponseFinish(this: ServerResponse): void { (this._owner as ServerConnection).#resOnFinish(this.req, this); }

  constructor(server: Server, socket: Socket) {
    this.#server = server;
    this.socket = socket as HttpSocket;
    (socket as ConnSocket)[kServerConnection] = this;
    this.socket.server = server;
    if (server.timeout && typeof socket.setTimeout === 'function') socket.setTimeout(server.timeout);
    socket.on('timeout', ServerConnection.#onTimeout);
    const insecure = server.insecureHTTPParser ?? INSECURE_HTTP_PARSER_DEFAULT;
    const lenient: Leniency = { ...(insecure ? INSECURE_PARSER_FLAGS : {}) };
    // node's requireHostHeader: false admits an HTTP/1.1 request without Host (RFC 9112 3.2 otherwise 400)
    if (!server.requireHostHeader) lenient.missingHost = true;
    // node's server reads `CONNECT /` (what node's client sends without a path) and hands it to 'connect': only a
    // SHOULD (RFC 9112 3: 400 for an invalid request-line) is at stake, so node's behaviour is kept (impl/README.md)
    lenient.connectOriginForm = true;
    this.#parser = new Parser('request', this, {
      maxHeaderSize: server.maxHeaderSize || DEFAULT_MAX_HEADER_SIZE,
      headerSizeCounting: 'llhttp', // node's limit: target, field names and values (impl/README.md, Bounds)
      lenient,
    });
    this.#handle = new ParserHandle(this.#parser);
    // node's onParserTimeout (its native parser calls it; here checkExpired does the work): 'timeout' on the server,
    // or the socket is destroyed
    this.#handle[kOnTimeout] = () => { if (!server.emit('timeout', socket)) socket.destroy(); };
    this.socket.parser = this.#handle;
    socket.on('data', ServerConnection.#onData);
    socket.on('error', ServerConnection.#onError);
    socket.on('end', ServerConnection.#onEnd);
    socket.on('close', ServerConnection.#onClose);
    socket.on('drain', ServerConnection.#onDrain);
    socket.setEncoding = socketSetEncodingError as typeof socket.setEncoding;
    socket.destroy = destroyAfterBatch as typeof socket.destroy;
  }

  /** no request in progress and no response still being written (closeIdleConnections) */
  isIdle(): boolean {
    const msg = this.socket._httpMessage;
    return this.#messageStart === null && (!msg || msg.finished);
  }

  checkExpired(now: number, headersTimeout: number, requestTimeout: number): void {
    if (this.#messageStart === null || this.#detached) return;
    const elapsed = now - this.#messageStart;
    if ((!this.#headersDone && headersTimeout > 0 && elapsed > headersTimeout) ||
        (requestTimeout > 0 && elapsed > requestTimeout)) {
      this.#messageStart = null;
      this.#requestError(errRequestTimeout());
    }
  }

  // ---- parser sink ----------------------------------------------------------------------------------------------
  onHead(head: MessageHead): HeadAction | void {
    if (head.kind !== 'request') return;
    const server = this.#server;
    this.#headersDone = true;
    this.#messageStart ??= Date.now();
    if (this.#keepAliveTimeoutSet) {
      this.socket.setTimeout(server.timeout || 0);
      this.#keepAliveTimeoutSet = false;
    }
    const req = new server[kIncomingMessage](this.socket);
    applyHead(req, head, server.maxHeadersCount, !!server.joinDuplicateHeaders);
    req._onRead = ServerConnection.#onRequestRead;
    this.#current = req;
    this.#handle.incoming = req;
    this.#trailers = null;

    if (head.upgrade) {
      // Upgrade is honoured only when someone listens; CONNECT always becomes a tunnel (RFC 9110 7.8, 9.3.6)
      req.upgrade = req.method === 'CONNECT' || server.listenerCount('upgrade') > 0;
      if (req.upgrade) return HeadAction.Normal;
    }
    this.#onIncoming(req, head.keepAlive);
    return head.upgrade ? HeadAction.DeclineUpgrade : HeadAction.Normal;
  }

  // `data` views a chunk that the socket handed us and never reuses, so the view is pushed without a copy (as node does)
  onBody(data: Uint8Array): void {
    const req = this.#current;
    if (req && !req._dumped && !req.push(Buffer.from(data.buffer, data.byteOffset, data.byteLength))) this.socket.pause();
  }

  onTrailers(fields: string[]): void { this.#trailers = fields; }

  onMessageComplete(): void {
    this.#messageStart = null;
    this.#headersDone = false;
    const req = this.#current;
    if (req) {
      completeMessage(req, this.#trailers);
      this.#trailers = null;
    }
    // backed up: parse nothing more of this read until the responses drain (#execute holds the rest), unless only
    // responses waiting behind an unfinished one are owed (#mustStopParsing): then the rest of this read is parsed
    if (this.#paused) { if (this.#mustStopParsing()) this.#parser.pause(); }
    else if (this.socket.readable) this.socket.resume();
  }

  // ---- backpressure (RFC 9112 9.3.2: requests already read are still answered, in order) ------------------------
  /** The responses owed on this connection are backed up: the octets queued in responses that wait for the socket
   *  plus those the socket has not handed to the kernel reach its writable high-water mark (node looks at its
   *  queued responses' octets and the socket's needDrain), or MAX_QUEUED_REQUESTS requests wait for their answers. */
  #backedUp(): boolean {
    const socket = this.socket;
    const ws = (socket as unknown as { _writableState: { needDrain: boolean } })._writableState;
    return ws.needDrain || this.#outgoingData + socket.writableLength >= socket.writableHighWaterMark ||
      this.#incoming.length >= MAX_QUEUED_REQUESTS;
  }

  /** While reading is stopped, parsing stops at the end of a message too when the socket itself holds the high-water
   *  mark of unsent octets (the peer does not read, or this read's answers fill the socket) or MAX_QUEUED_REQUESTS
   *  requests wait. When the octets owed are only in responses queued behind one the handler has not ended, the rest
   *  of the read is parsed, as node parses every request of a read before it stops: a handler may be waiting for a
   *  request later in that read (node's test-http-pipeline-socket-parser-typeerror ends its first response on an
   *  upgrade request that follows). Bounded by the read (at most 64 KiB) and MAX_QUEUED_REQUESTS. */
  #mustStopParsing(): boolean {
    const socket = this.socket;
    const ws = (socket as unknown as { _writableState: { needDrain: boolean } })._writableState;
    return ws.needDrain || socket.writableLength >= socket.writableHighWaterMark ||
      this.#incoming.length >= MAX_QUEUED_REQUESTS;
  }

  /** reading stopped by #backedUp goes on once the responses have drained ('drain', a response finished) */
  #maybeResume(): void {
    if (!this.#paused || this.#detached || this.#backedUp()) return;
    this.#paused = false;
    if (this.#executing) { this.#resumeAfter = true; return; } // #execute goes on with the rest of its read
    this.#parser.resume();
    const held = this.#held;
    if (held) {
      this.#held = null;
      this.#execute(held);
    }
    if (!this.#paused && this.socket.readable && !this.socket.destroyed) this.socket.resume();
  }

  // ---- request dispatch -----------------------------------------------------------------------------------------
  #onIncoming(req: IncomingMessage, keepAlive: boolean): void {
    const server = this.#server;
    const socket = this.socket;
    this.#incoming.push(req);
    // a flood of pipelined requests: stop reading (and, at the end of this message, parsing) until responses drain
    if (!this.#paused && this.#backedUp()) {
      this.#paused = true;
      socket.pause();
    }
    if (this.#parser.headEnd < this.#readEnd) this.#startBatch();
    const res = new server[kServerResponse](req, {
      highWaterMark: socket.writableHighWaterMark, rejectNonStandardBodyWrites: server.rejectNonStandardBodyWrites,
    });
    res._owner = this;
    res._keepAliveTimeout = server.keepAliveTimeout;
    res._maxRequestsPerSocket = server.maxRequestsPerSocket;
    res._onPendingData = ServerConnection.#onPendingData;
    res.shouldKeepAlive = keepAlive;
    res[kUniqueHeaders] = server[kUniqueHeaders];
    // responses go out in request order (RFC 9112 9.3.2)
    if (socket._httpMessage) this.#outgoing.push(res);
    else res.assignSocket(socket);
    res.on('finish', ServerConnection.#onResponseFinish);

    if (countsRequest(server, req)) this.#requestsCount++;
    dispatchRequest(server, req, res, socket, this.#requestsCount);
  }

  /** Pipelined requests: answers to the requests of one read leave in one write. When a read holds more than a
   *  head (a body, or more requests), the socket keeps one extra cork level (responses' end() leaves it) until the
   *  read has been processed and the handlers that answer at once have run; the octets and their order are what
   *  they would be otherwise, only the number of writes changes. */
  #startBatch(): void {
    const socket = this.socket;
    if (socket[kBatch]) return;
    socket[kBatch] = true;
    socket.cork();
    process.nextTick(endBatch, socket);
  }

  /** ResponseOwner: `res` has ended and written everything, so the next response in request order (RFC 9112 9.3.2)
   *  may write after it now rather than when `res` finishes. `res` keeps its socket until 'finish'. A response
   *  that closes the connection keeps it: nothing after it is answered (RFC 9112 9.6). */
  responseDone(res: ServerResponse): void {
    const socket = this.socket;
    if (socket._httpMessage !== res || res._last || this.#detached) return;
    // nobody waits and no batch is open: `res` keeps the socket until 'finish', as in node
    if (this.#outgoing.length === 0 && !socket[kBatch]) return;
    socket._httpMessage = null;
    res._handOff(socket);
    this.#handedOff.push(res);
    if (!this.#handingOff) this.#assignWaiting(); // (else the loop in #assignWaiting goes on with the next one)
  }

  /** the socket is free: responses waiting in request order take it, each as soon as the one before has ended;
   *  what they have written so far leaves in one write */
  #assignWaiting(): void {
    const socket = this.socket;
    if (this.#outgoing.length === 0) return;
    this.#handingOff = true;
    socket.cork();
    while (socket._httpMessage === null && this.#outgoing.length > 0) this.#outgoing.shift()!.assignSocket(socket);
    socket.uncork();
    this.#handingOff = false;
  }

  #resOnFinish(req: IncomingMessage, res: ServerResponse): void {
    const socket = this.socket;
    if (this.#incoming[0] === req) this.#incoming.shift();
    if (this.#handedOff[0] === res) this.#handedOff.shift();
    if (this.#paused && !res._last) process.nextTick(ServerConnection.#resumeNT, this);
    if (this.#current === req && req.complete) this.#current = null; // an idle keep-alive connection retains no request
    // node dumps a request body nobody began to read; node's parser lets the tick queue run between the head and
    // the body callbacks, so a handler that listens for 'data' has started reading (_consuming) before the body is
    // pushed: here the body may be pushed first, so a body already handed to a reader ('data') counts as read too
    const rs = (req as unknown as { _readableState: { resumeScheduled: boolean; dataEmitted: boolean } })._readableState;
    if (!req._consuming && !rs.resumeScheduled && !rs.dataEmitted) req._dump();
    res.detachSocket(socket);
    this.#handle.clearIncoming(req);
    process.nextTick(emitCloseNT, res);
    if (res._last) {
      // the connection closes after this response: nothing after it is answered (RFC 9112 9.6); a deferred error is
      // still reported, on a socket that is no longer writable
      destroySoon(socket);
      if (this.#pendingError) process.nextTick(() => this.#flushPendingError());
      return;
    }
    // a request that arrived after `res` ended, outside a batch, waited for this 'finish'
    if (!socket._httpMessage) this.#assignWaiting();
    if (this.#pendingError) {
      // after the response's own 'finish' listeners have run, once no earlier response is still owed
      if (!this.#earlierResponsePending()) process.nextTick(() => this.#flushPendingError());
    } else if (!socket._httpMessage && this.#outgoing.length === 0 && this.#incoming.length === 0) {
      // (a generic stream.Duplex given as the connection has no setTimeout: no idle timeout, as in node)
      if (this.#server.keepAliveTimeout && typeof socket.setTimeout === 'function') {
        socket.setTimeout(this.#server.keepAliveTimeout + KEEP_ALIVE_TIMEOUT_BUFFER);
        this.#keepAliveTimeoutSet = true;
      }
    }
  }

  // ---- malformed requests ---------------------------------------------------------------------------------------
  /** A request on this connection is malformed or timed out. Node reports it at once, and its default answer
   *  overtakes (and so loses) the responses still owed to the complete requests before it. Here the error waits
   *  until those responses are finished, so the error answer follows them in request order (RFC 9112 9.3.2). */
  #requestError(e: Error): void {
    if (e instanceof HttpParseError) toNodeParseError(e);
    this.#messageStart = null;
    if (this.#earlierResponsePending()) this.#pendingError = e;
    else this.#socketOnError(e);
  }

  /** a response to a complete request (one received before the malformed one) has not finished yet; responses
   *  finish in request order, so it is the oldest request still waiting for its response's 'finish' */
  #earlierResponsePending(): boolean {
    const req = this.#incoming[0];
    return !!req && req.complete && !this.socket.destroyed;
  }

  #flushPendingError(): void {
    const e = this.#pendingError;
    this.#pendingError = null;
    if (e) this.#socketOnError(e);
  }

  // ---- socket events --------------------------------------------------------------------------------------------
  #execute(d: Buffer): void {
    const parser = this.#parser;
    if (parser.error) {
      // more octets after a parse error on a socket the 'clientError' listener kept open: reported again, as node's
      // dead parser does for every read (unless the error still waits for earlier responses)
      if (!this.#pendingError && !this.#detached) {
        parser.error.rawPacket = d;
        this.#socketOnError(parser.error);
      }
      return;
    }
    if (this.#held) { this.#held = Buffer.concat([this.#held, d]); return; } // (a read that raced the pause)
    if (parser.paused && !this.#paused) parser.resume();
    this.#executing = true;
    for (;;) {
      this.#readEnd = parser.offset + d.length;
      const wasIdle = parser.idle;
      const consumed = parser.execute(d);
      // a message is in progress while the parser is mid-message (headersTimeout / requestTimeout clocks); its
      // clock starts with its first octet, as node's does at llhttp's on_message_begin (also on a fresh connection,
      // whose clock ran from the accept until then)
      if (!parser.idle && !parser.closed && !parser.upgraded && !parser.error) {
        if (wasIdle || this.#messageStart === null) this.#messageStart = Date.now();
      }
      const err = parser.error as HttpParseError | null;
      if (err) {
        (err as HttpParseError & { bytesParsed?: number }).bytesParsed = nodeBytesParsed(err.code, d, consumed);
        err.rawPacket ??= d;
        toNodeParseError(err);
        // an error in the start-line of a message that begins this read: node fails at an unknown method first
        const at = err.offset - (this.#readEnd - d.length);
        const eol = d.indexOf(10);
        if (wasIdle && at >= 0 && (eol < 0 || eol >= at)) asUnknownMethodError(err, d);
        this.#requestError(err);
      } else if (parser.upgraded) {
        this.#upgrade(d.subarray(consumed));
      } else if (consumed < d.length && parser.paused) {
        // parsing stopped between messages because the responses are backed up (onMessageComplete)
        d = d.subarray(consumed);
        if (this.#paused) { this.#held = d; break; }
        parser.resume(); // they drained while this read was parsed
        continue;
      }
      break;
    }
    this.#executing = false;
    const resume = this.#resumeAfter;
    this.#resumeAfter = false;
    if (this.#paused) this.socket.pause();
    else if (resume && this.socket.readable && !this.socket.destroyed) this.socket.resume();
    if (this.#paused) return;
    if (this.#endHeld && !this.#held) { this.#endHeld = false; this.#socketOnEnd(); }
  }

  #upgrade(bodyHead: Buffer): void {
    const req = this.#current;
    const socket = this.socket;
    this.#detach();
    if (!req) { socket.destroy(); return; }
    const event = req.method === 'CONNECT' ? 'connect' : 'upgrade';
    if (event === 'upgrade' || this.#server.listenerCount(event) > 0) {
      (socket as unknown as { readableFlowing: boolean | null }).readableFlowing = null;
      this.#server.emit(event, req, socket, bodyHead);
    } else {
      socket.destroy();
    }
  }

  /** the socket now belongs to someone else (upgrade/CONNECT): stop listening to it */
  #detach(): void {
    this.#detached = true;
    this.#paused = false; // (the rest of a stopped read may hold the upgrade: the socket is not paused for its new owner)
    this.#messageStart = null;
    const s = this.socket;
    s.removeListener('data', ServerConnection.#onData);
    s.removeListener('end', ServerConnection.#onEnd);
    s.removeListener('close', ServerConnection.#onClose);
    s.removeListener('drain', ServerConnection.#onDrain);
    s.removeListener('error', ServerConnection.#onError);
    s.removeListener('timeout', ServerConnection.#onTimeout);
    s.parser = null;
    this.#handle.release();
    (s as ConnSocket)[kServerConnection] = undefined;
    this.#server[kConnections].delete(this);
  }

  #socketOnEnd(): void {
    if (this.#held) { this.#endHeld = true; return; } // the octets before the FIN are parsed first
    const earlier = this.#parser.error;
    this.#parser.finish();
    const err = this.#parser.error;
    if (err && err !== earlier) this.#requestError(err);
    else if (err) { if (!this.#pendingError) this.socket.end(); }
    else if (!this.#server.httpAllowHalfOpen) this.socket.end();
    else if (this.#outgoing.length) this.#outgoing[this.#outgoing.length - 1]._last = true;
    else if (this.socket._httpMessage) this.socket._httpMessage._last = true;
    else this.socket.end();
  }

  #socketOnClose(): void {
    this.#server[kConnections].delete(this);
    this.#messageStart = null;
    this.#held = null;
    // the peer went away while a malformed request waited for earlier responses: report it now
    this.#flushPendingError();
    if (this.socket.parser === this.#handle) this.#handle.release();
    this.socket.parser = null;
    while (this.#incoming.length) this.#incoming.shift()?.destroy(connReset('aborted'));
    for (const res of this.#handedOff.splice(0)) if (res.socket) emitCloseNT(res);
  }

  /** the socket drained, or the octets queued in responses changed: reading may go on, a response may write */
  #socketOnDrain(): void {
    this.#maybeResume();
    const msg = this.socket._httpMessage;
    if (msg && !msg.finished && msg[kNeedDrain]) {
      msg[kNeedDrain] = false;
      msg.emit('drain');
    }
  }

  #socketOnTimeout(): void {
    const req = this.#current;
    const reqTimeout = !!req && !req.complete && req.emit('timeout', this.socket);
    const res = this.socket._httpMessage;
    const resTimeout = !!res && res.emit('timeout', this.socket);
    const serverTimeout = this.#server.emit('timeout', this.socket);
    if (!reqTimeout && !resTimeout && !serverTimeout) this.socket.destroy();
  }

  #socketOnError(e: Error): void {
    const socket = this.socket;
    socket.removeListener('error', ServerConnection.#onError);
    if (socket.listenerCount('error') === 0) socket.on('error', noop);
    // an HTTP/1.1 request without Host: node answers it itself (requireHostHeader) without 'clientError', with these
    // octets; RFC 9112 3.2: a server MUST respond with 400 (Bad Request)
    if ((e as { rule?: string }).rule === 'HPE_MISSING_HOST') {
      if (socket.writable) socket.end(`HTTP/1.1 400 Bad Request\r\nConnection: close\r\nDate: ${utcDate()}\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`);
      return;
    }
    if (!this.#server.emit('clientError', e, socket)) {
      // answer only if nothing of an in-flight response reached the wire
      if (socket.writable && (!socket._httpMessage || !socket._httpMessage._headerSent)) {
        socket.write(errorResponse(e));
      }
      socket.destroy(e);
    }
  }
}
