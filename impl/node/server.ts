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


/** net.Server's options from the http ones (node's defaults: allowHalfOpen, noDelay) */
function netOptions(options: unknown): net.ServerOpts {
  const opts = (options !== null && typeof options === 'object' ? options : {}) as ServerOptions;
  return {
    allowHalfOpen: true, noDelay: opts.noDelay ?? true, keepAlive: opts.keepAlive,
    keepAliveInitialDelay: opts.keepAliveInitialDelay, highWaterMark: opts.highWaterMark,
  } as net.ServerOpts;
}

/** the headersTimeout/requestTimeout checker lives under node's symbol (cleared, not removed, by close(), as in node) */
type Checked = Record<symbol, NodeJS.Timeout | undefined>;

export class Server extends net.Server {
  [kIncomingMessage]!: typeof IncomingMessage;
  [kServerResponse]!: typeof ServerResponse;
  [kUniqueHeaders]!: Set<string> | null;
  [kConnections]!: Set<ServerConnection>;
  maxHeaderSize: number | undefined;
  insecureHTTPParser: boolean | undefined;
  requestTimeout!: number;
  headersTimeout!: number;
  keepAliveTimeout!: number;
  connectionsCheckingInterval!: number;
  requireHostHeader!: boolean;
  joinDuplicateHeaders: boolean | undefined;
  rejectNonStandardBodyWrites!: boolean;
  httpAllowHalfOpen!: boolean;
  timeout!: number;
  maxHeadersCount!: number | null;
  maxRequestsPerSocket!: number;

  constructor(options?: ServerOptions | RequestListener, requestListener?: RequestListener) {
    super(netOptions(options));
    initServer(this, options, requestListener);
  }

  /** node's Server is a function: old code initialises its own subclass instances with `http.Server.call(this, ...)`
   *  (util.inherits style). index.ts exports Server through a Proxy whose call lands here for such a `this`. */
  static callOn(self: Server, options?: ServerOptions | RequestListener, requestListener?: RequestListener): void {
    (net.Server as unknown as (this: net.Server, o: net.ServerOpts) => void).call(self, netOptions(options));
    initServer(self, options, requestListener);
  }

  override close(callback?: (err?: Error) => void): this {
    this.closeIdleConnections();
    clearInterval((this as unknown as Checked)[kConnectionsCheckingInterval()]);
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

/** what node's Server constructor sets up on `self` (options validated as node validates them) */
function initServer(self: Server, options?: ServerOptions | RequestListener, requestListener?: RequestListener): void {
  if (typeof options === 'function') { requestListener = options; options = {}; }
  else if (options == null) options = {};
  else validateObject(options, 'options');
  const opts = options;
  self[kConnections] = new Set<ServerConnection>();
  self.httpAllowHalfOpen = false;
  self.timeout = 0;
  self.maxHeadersCount = null;
  self.maxRequestsPerSocket = 0;
  self[kIncomingMessage] = opts.IncomingMessage || IncomingMessage;
  self[kServerResponse] = opts.ServerResponse || ServerResponse;
  if (opts.maxHeaderSize !== undefined) validateInteger(opts.maxHeaderSize, 'maxHeaderSize', 0);
  self.maxHeaderSize = opts.maxHeaderSize;
  if (opts.insecureHTTPParser !== undefined) validateBoolean(opts.insecureHTTPParser, 'options.insecureHTTPParser');
  self.insecureHTTPParser = opts.insecureHTTPParser;
  if (opts.requestTimeout !== undefined) validateInteger(opts.requestTimeout, 'requestTimeout', 0);
  self.requestTimeout = opts.requestTimeout ?? 300_000;
  if (opts.headersTimeout !== undefined) validateInteger(opts.headersTimeout, 'headersTimeout', 0);
  self.headersTimeout = opts.headersTimeout ?? Math.min(60_000, self.requestTimeout);
  if (self.requestTimeout > 0 && self.headersTimeout > 0 && self.headersTimeout > self.requestTimeout) {
    throw errOutOfRange('headersTimeout', '<= requestTimeout', opts.headersTimeout);
  }
  if (opts.keepAliveTimeout !== undefined) validateInteger(opts.keepAliveTimeout, 'keepAliveTimeout', 0);
  self.keepAliveTimeout = opts.keepAliveTimeout ?? 5_000;
  if (opts.connectionsCheckingInterval !== undefined) {
    validateInteger(opts.connectionsCheckingInterval, 'connectionsCheckingInterval', 0);
  }
  self.connectionsCheckingInterval = opts.connectionsCheckingInterval ?? 30_000;
  if (opts.requireHostHeader !== undefined) validateBoolean(opts.requireHostHeader, 'options.requireHostHeader');
  self.requireHostHeader = opts.requireHostHeader ?? true;
  if (opts.joinDuplicateHeaders !== undefined) validateBoolean(opts.joinDuplicateHeaders, 'options.joinDuplicateHeaders');
  self.joinDuplicateHeaders = opts.joinDuplicateHeaders;
  if (opts.rejectNonStandardBodyWrites !== undefined) {
    validateBoolean(opts.rejectNonStandardBodyWrites, 'options.rejectNonStandardBodyWrites');
  }
  self.rejectNonStandardBodyWrites = opts.rejectNonStandardBodyWrites ?? false;
  self[kUniqueHeaders] = parseUniqueHeadersOption(opts.uniqueHeaders);
  if (requestListener) self.on('request', requestListener);
  self.on('connection', (socket: net.Socket) => {
    const conn = new ServerConnection(self, socket);
    self[kConnections].add(conn); // removed by the connection itself, on 'close' or when the socket is handed over
  });
  self.on('listening', () => startChecking(self));
}

function startChecking(server: Server): void {
  const s = server as unknown as Checked;
  clearInterval(s[kConnectionsCheckingInterval()]);
  s[kConnectionsCheckingInterval()] = setInterval(checkConnections, server.connectionsCheckingInterval, server).unref();
}

/** headersTimeout / requestTimeout: 408 for requests that take too long to arrive (RFC 9110 15.5.9) */
function checkConnections(server: Server): void {
  if (server.headersTimeout === 0 && server.requestTimeout === 0) return;
  const now = Date.now();
  for (const conn of [...server[kConnections]]) conn.checkExpired(now, server.headersTimeout, server.requestTimeout);
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
