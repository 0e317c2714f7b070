// Server: a net.Server that speaks HTTP/1.1 on each connection through the core parser (see server-connection.ts).

import * as net from 'node:net';
import { ServerConnection } from './server-connection';
import { IncomingMessage } from './incoming';
import { ServerResponse } from './server-response';
import { parseUniqueHeadersOption, kUniqueHeaders } from './outgoing';
import { STATUS_CODES } from './constants';
import { errOutOfRange } from './errors';
import { validateBoolean, validateInteger, validateObject } from './validate';
import { kConnections, kConnectionsCheckingInterval, kIncomingMessage, kServerResponse } from './symbols';

export interface ServerOptions {
  IncomingMessage?: typeof IncomingMessage;
  ServerResponse?: typeof ServerResponse;
  maxHeaderSize?: number;
  insecureHTTPParser?: boolean;
  requestTimeout?: number;
  headersTimeout?: number;
  keepAliveTimeout?: number;
  connectionsCheckingInterval?: number;
  requireHostHeader?: boolean;
  joinDuplicateHeaders?: boolean;
  rejectNonStandardBodyWrites?: boolean;
  uniqueHeaders?: string[];
  noDelay?: boolean;
  keepAlive?: boolean;
  keepAliveInitialDelay?: number;
  highWaterMark?: number;
}

type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;


export class Server extends net.Server {
  [kIncomingMessage]: typeof IncomingMessage;
  [kServerResponse]: typeof ServerResponse;
  [kUniqueHeaders]: Set<string> | null;
  [kConnections] = new Set<ServerConnection>();
  maxHeaderSize: number | undefined;
  insecureHTTPParser: boolean | undefined;
  requestTimeout: number;
  headersTimeout: number;
  keepAliveTimeout: number;
  connectionsCheckingInterval: number;
  requireHostHeader: boolean;
  joinDuplicateHeaders: boolean | undefined;
  rejectNonStandardBodyWrites: boolean;
  httpAllowHalfOpen = false;
  timeout = 0;
  maxHeadersCount: number | null = null;
  maxRequestsPerSocket = 0;
  /** the headersTimeout/requestTimeout checker, also under node's symbol (cleared, not removed, by close(), as in node) */
  #checker: NodeJS.Timeout | undefined;

  constructor(options?: ServerOptions | RequestListener, requestListener?: RequestListener) {
    if (typeof options === 'function') { requestListener = options; options = {}; }
    else if (options == null) options = {};
    else validateObject(options, 'options');
    const opts = options;
    super({
      allowHalfOpen: true, noDelay: opts.noDelay ?? true, keepAlive: opts.keepAlive,
      keepAliveInitialDelay: opts.keepAliveInitialDelay, highWaterMark: opts.highWaterMark,
    } as net.ServerOpts);
    this[kIncomingMessage] = opts.IncomingMessage || IncomingMessage;
    this[kServerResponse] = opts.ServerResponse || ServerResponse;
    if (opts.maxHeaderSize !== undefined) validateInteger(opts.maxHeaderSize, 'maxHeaderSize', 0);
    this.maxHeaderSize = opts.maxHeaderSize;
    if (opts.insecureHTTPParser !== undefined) validateBoolean(opts.insecureHTTPParser, 'options.insecureHTTPParser');
    this.insecureHTTPParser = opts.insecureHTTPParser;
    if (opts.requestTimeout !== undefined) validateInteger(opts.requestTimeout, 'requestTimeout', 0);
    this.requestTimeout = opts.requestTimeout ?? 300_000;
    if (opts.headersTimeout !== undefined) validateInteger(opts.headersTimeout, 'headersTimeout', 0);
    this.headersTimeout = opts.headersTimeout ?? Math.min(60_000, this.requestTimeout);
    if (this.requestTimeout > 0 && this.headersTimeout > 0 && this.headersTimeout > this.requestTimeout) {
      throw errOutOfRange('headersTimeout', '<= requestTimeout', opts.headersTimeout);
    }
    if (opts.keepAliveTimeout !== undefined) validateInteger(opts.keepAliveTimeout, 'keepAliveTimeout', 0);
    this.keepAliveTimeout = opts.keepAliveTimeout ?? 5_000;
    if (opts.connectionsCheckingInterval !== undefined) {
      validateInteger(opts.connectionsCheckingInterval, 'connectionsCheckingInterval', 0);
    }
    this.connectionsCheckingInterval = opts.connectionsCheckingInterval ?? 30_000;
    if (opts.requireHostHeader !== undefined) validateBoolean(opts.requireHostHeader, 'options.requireHostHeader');
    this.requireHostHeader = opts.requireHostHeader ?? true;
    if (opts.joinDuplicateHeaders !== undefined) validateBoolean(opts.joinDuplicateHeaders, 'options.joinDuplicateHeaders');
    this.joinDuplicateHeaders = opts.joinDuplicateHeaders;
    if (opts.rejectNonStandardBodyWrites !== undefined) {
      validateBoolean(opts.rejectNonStandardBodyWrites, 'options.rejectNonStandardBodyWrites');
    }
    this.rejectNonStandardBodyWrites = opts.rejectNonStandardBodyWrites ?? false;
    this[kUniqueHeaders] = parseUniqueHeadersOption(opts.uniqueHeaders);
    if (requestListener) this.on('request', requestListener);
    this.on('connection', (socket: net.Socket) => {
      const conn = new ServerConnection(this, socket);
      this[kConnections].add(conn); // removed by the connection itself, on 'close' or when the socket is handed over
    });
    this.on('listening', () => this.#startChecking());
  }

  #startChecking(): void {
    clearInterval(this.#checker);
    this.#checker = setInterval(() => this.#checkConnections(), this.connectionsCheckingInterval).unref();
    (this as unknown as Record<symbol, unknown>)[kConnectionsCheckingInterval] = this.#checker;
  }

  /** headersTimeout / requestTimeout: 408 for requests that take too long to arrive (RFC 9110 15.5.9) */
  #checkConnections(): void {
    if (this.headersTimeout === 0 && this.requestTimeout === 0) return;
    const now = Date.now();
    for (const conn of [...this[kConnections]]) conn.checkExpired(now, this.headersTimeout, this.requestTimeout);
  }

  override close(callback?: (err?: Error) => void): this {
    this.closeIdleConnections();
    clearInterval(this.#checker);
    super.close(callback);
    return this;
  }

  closeAllConnections(): void {
    for (const conn of [...this[kConnections]]) conn.socket.destroy();
  }

  closeIdleConnections(): void {
    // (a server socket's destroy() lets answers waiting in a batch leave first: server-connection.ts)
    for (const conn of [...this[kConnections]]) if (conn.isIdle()) conn.socket.destroy();
  }

  setTimeout(msecs?: number, callback?: (socket: net.Socket) => void): this {
    this.timeout = msecs ?? 0;
    if (callback) this.on('timeout', callback);
    return this;
  }

  override async [Symbol.asyncDispose](): Promise<void> {
    await new Promise<void>((resolve, reject) => this.close((err) => (err ? reject(err) : resolve())));
  }
}

// A rejected promise from an async 'request' listener answers 500 (node's captureRejections behaviour).
(Server.prototype as unknown as Record<symbol, unknown>)[Symbol.for('nodejs.rejection')] =
  function onRejection(this: Server, err: Error, event: string, ...args: unknown[]): void {
    if (event === 'request') {
      const res = args[1] as ServerResponse;
      if (!res.headersSent && !res.writableEnded) {
        for (const name of res.getHeaderNames()) res.removeHeader(name);
        res.statusCode = 500;
        res.end(STATUS_CODES[500]);
      } else {
        res.destroy();
      }
    } else {
      (net.Server.prototype as unknown as Record<symbol, (...a: unknown[]) => void>)[Symbol.for('nodejs.rejection')]
        ?.call(this, err, event, ...args);
    }
  };
