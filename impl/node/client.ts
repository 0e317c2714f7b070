// ClientRequest: an outgoing request — options handling, request line, agent hand-off and the public client API.

import * as net from 'node:net';
import { addAbortSignal } from 'node:stream';
import { OutgoingMessage, kOutHeaders, parseUniqueHeadersOption, kUniqueHeaders, type HeaderValue, type HttpSocket } from './outgoing';
import { Agent, globalAgent } from './agent';
import type { IncomingMessage } from './incoming';
import {
  errHeadersSent, errInvalidArgType, errInvalidArgValue, errInvalidHttpToken, errInvalidProtocol, errUnescapedChars,
} from './errors';
import { checkIsHttpToken, timerDuration, validateBoolean, validateInteger } from './validate';
import { validHost } from '../core/uri';
import { attachSocket, detachForKeepAlive, destroySocketFor } from './client-socket';

export interface RequestOptions extends Record<string, unknown> {
  agent?: Agent | false | null;
  auth?: string;
  createConnection?: (opts: object, cb: (err: Error | null, s?: net.Socket) => void) => net.Socket | undefined;
  defaultPort?: number;
  family?: number;
  headers?: Record<string, HeaderValue> | string[];
  host?: string | null;
  hostname?: string | null;
  insecureHTTPParser?: boolean;
  joinDuplicateHeaders?: boolean;
  localAddress?: string;
  lookup?: unknown;
  maxHeaderSize?: number;
  method?: string;
  path?: string | null;
  port?: number | string;
  protocol?: string;
  setHost?: boolean;
  signal?: AbortSignal;
  socketPath?: string;
  timeout?: number;
  uniqueHeaders?: string[];
}

type ResponseListener = (res: IncomingMessage) => void;

// request-target octets node accepts unescaped (anything else must be percent-encoded, RFC 3986 2.1)
const INVALID_PATH = /[^\u0021-\u00ff]/;

/** node's url.urlToHttpOptions */
export function urlToHttpOptions(url: URL): RequestOptions {
  const hostname = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  const options: RequestOptions = {
    ...url, // own properties a caller added to the URL object (e.g. `headers`), as node
    protocol: url.protocol, hostname, hash: url.hash, search: url.search, pathname: url.pathname,
    path: `${url.pathname || ''}${url.search || ''}`, href: url.href,
  };
  if (url.port !== '') options.port = Number(url.port);
  if (url.username || url.password) {
    options.auth = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
  }
  return options;
}

function validateHost(host: unknown, name: string): string | null | undefined {
  if (host !== null && host !== undefined && typeof host !== 'string') {
    throw errInvalidArgType(`options.${name}`, ['string', 'undefined', 'null'], host);
  }
  return host;
}

export class ClientRequest extends OutgoingMessage {
  override agent: Agent | undefined;
  method: string;
  path: string;
  host: string;
  protocol: string;
  socketPath: string | undefined;
  timeout: number | undefined;
  maxHeaderSize: number | undefined;
  insecureHTTPParser: boolean | undefined;
  joinDuplicateHeaders: boolean | undefined;
  _ended = false;
  res: IncomingMessage | null = null;
  aborted = false;
  timeoutCb: (() => void) | null = null;
  upgradeOrConnect = false;
  parser: unknown = null;
  maxHeadersCount: number | null = null;
  reusedSocket = false;
  _kError: Error | undefined;

  constructor(input: string | URL | RequestOptions, options?: RequestOptions | ResponseListener, cb?: ResponseListener) {
    super();
    let base: RequestOptions | null;
    if (typeof input === 'string') base = urlToHttpOptions(new URL(input));
    else if (input instanceof URL) base = urlToHttpOptions(input);
    else { cb = options as ResponseListener; options = input; base = null; }
    let opts: RequestOptions;
    if (typeof options === 'function') { cb = options; opts = base || {}; }
    else opts = Object.assign(base || {}, options);

    let agent = opts.agent;
    const defaultAgent = (opts._defaultAgent as Agent | undefined) || globalAgent;
    if (agent === false) {
      agent = new (defaultAgent.constructor as typeof Agent)();
    } else if (agent === null || agent === undefined) {
      if (typeof opts.createConnection !== 'function') agent = defaultAgent;
    } else if (typeof (agent as Agent).addRequest !== 'function') {
      throw errInvalidArgType('options.agent', ['Agent-like Object', 'undefined', 'false'], agent);
    }
    this.agent = agent ?? undefined;
    const protocol = opts.protocol || defaultAgent.protocol;
    const expected = this.agent?.protocol || defaultAgent.protocol;
    if (opts.path && INVALID_PATH.test(String(opts.path))) throw errUnescapedChars('Request path');
    if (protocol !== expected) throw errInvalidProtocol(protocol, expected);
    const defaultPort = opts.defaultPort || this.agent?.defaultPort;
    const connectOpts: RequestOptions = { __proto__: null, ...opts } as RequestOptions;
    const port = connectOpts.port = opts.port || defaultPort || 80;
    const host = connectOpts.host = validateHost(opts.hostname, 'hostname') || validateHost(opts.host, 'host') || 'localhost';
    const setHost = opts.setHost === undefined || Boolean(opts.setHost);
    this.socketPath = opts.socketPath;
    if (opts.timeout !== undefined) this.timeout = timerDuration(opts.timeout, 'timeout');
    if (opts.signal) {
      addAbortSignal(opts.signal, this as unknown as import('node:stream').Readable);
      delete connectOpts.signal;
    }
    let method = opts.method;
    if (method !== null && method !== undefined && typeof method !== 'string') {
      throw errInvalidArgType('options.method', 'string', method);
    }
    if (method) {
      // method = token (RFC 9110 9.1)
      if (!checkIsHttpToken(method)) throw errInvalidHttpToken('Method', method);
      method = method.toUpperCase();
    } else {
      method = 'GET';
    }
    this.method = method;
    this._framingMethod = method;
    if (opts.maxHeaderSize !== undefined) validateInteger(opts.maxHeaderSize, 'maxHeaderSize', 0);
    this.maxHeaderSize = opts.maxHeaderSize;
    if (opts.insecureHTTPParser !== undefined) validateBoolean(opts.insecureHTTPParser, 'options.insecureHTTPParser');
    this.insecureHTTPParser = opts.insecureHTTPParser;
    if (opts.joinDuplicateHeaders !== undefined) validateBoolean(opts.joinDuplicateHeaders, 'options.joinDuplicateHeaders');
    this.joinDuplicateHeaders = opts.joinDuplicateHeaders;
    this.path = opts.path || '/';
    // RFC 9112 3.2.3: "a client MUST send only the host and port of the tunnel destination as the request-target" of
    // a CONNECT; node sends the path as given, `CONNECT /` when there is none (impl/README.md, deliberate differences)
    if (method === 'CONNECT' && !validHost(this.path, true)) {
      throw errInvalidArgValue('options.path', this.path, 'must be the tunnel destination, host:port, for CONNECT (RFC 9112 3.2.3)');
    }
    if (cb) this.once('response', cb);
    // methods whose requests normally have no content are not chunked by default (RFC 9110 9.3)
    this.useChunkedEncodingByDefault = !['GET', 'HEAD', 'DELETE', 'OPTIONS', 'TRACE', 'CONNECT'].includes(method);
    this.host = host;
    this.protocol = protocol;
    if (this.agent) {
      // keep-alive only if the agent can actually reuse the connection
      const reusable = this.agent.keepAlive || Number.isFinite(this.agent.maxSockets);
      this._last = !reusable;
      this.shouldKeepAlive = reusable;
    }
    if (!Array.isArray(opts.headers)) {
      if (opts.headers) {
        for (const key of Object.keys(opts.headers)) {
          const value = opts.headers[key];
          // one Host field value (RFC 9112 3.2): node refuses a list here (null and undefined fall through, as in node)
          if (value !== null && value !== undefined && typeof value !== 'string' && key.length === 4 && key.toLowerCase() === 'host') {
            throw errInvalidArgType('options.headers.host', 'string', value);
          }
          this.setHeader(key, value);
        }
      }
      if (host && !this.getHeader('host') && setHost) {
        // Host = uri-host [ ":" port ]; IPv6 literals in brackets (RFC 9112 3.2, RFC 3986 3.2.2)
        let hostHeader = host;
        const colon = hostHeader.indexOf(':');
        if (colon !== -1 && hostHeader.includes(':', colon + 1) && hostHeader.charCodeAt(0) !== 91) hostHeader = `[${hostHeader}]`;
        if (port && +port !== defaultPort) hostHeader += `:${port}`;
        this.setHeader('Host', hostHeader);
      }
      if (opts.auth && !this.getHeader('Authorization')) {
        this.setHeader('Authorization', `Basic ${Buffer.from(opts.auth).toString('base64')}`);
      }
      if (this.getHeader('expect')) {
        if (this._header) throw errHeadersSent('render');
        this._storeHeader(`${this.method} ${this.path} HTTP/1.1\r\n`, this[kOutHeaders]);
      }
    } else {
      this._storeHeader(`${this.method} ${this.path} HTTP/1.1\r\n`, opts.headers);
    }
    this[kUniqueHeaders] = parseUniqueHeadersOption(opts.uniqueHeaders);

    if (this.agent) {
      this.agent.addRequest(this, connectOpts as Record<string, unknown>);
    } else {
      this._last = true;
      this.shouldKeepAlive = false;
      const copts: RequestOptions = { ...connectOpts };
      if (copts.socketPath) copts.path = copts.socketPath;
      else if (copts.path) copts.path = undefined;
      if (typeof copts.createConnection === 'function') {
        let called = false;
        const oncreate = (err: Error | null, socket?: net.Socket): void => {
          if (called) return;
          called = true;
          if (err) process.nextTick(() => this.emit('error', err));
          else this.onSocket(socket as net.Socket);
        };
        try {
          const s = copts.createConnection(copts, oncreate);
          if (s) oncreate(null, s);
        } catch (err) {
          oncreate(err as Error);
        }
      } else {
        this.onSocket(net.createConnection(copts as net.NetConnectOpts));
      }
    }
  }

  override _implicitHeader(): void {
    if (this._header) throw errHeadersSent('render');
    this._storeHeader(`${this.method} ${this.path} HTTP/1.1\r\n`, this[kOutHeaders]);
  }

  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    process.nextTick(() => this.emit('abort'));
    this.destroy();
  }

  override destroy(err?: Error): this {
    if (this.destroyed) return this;
    this.destroyed = true;
    if (this.res) this.res._dump();
    this._kError = err;
    this.socket?.destroy(err);
    return this;
  }

  onSocket(socket: net.Socket | null, err?: Error): void {
    process.nextTick(() => this.#onSocketNT(socket, err));
  }

  #onSocketNT(socket: net.Socket | null, err?: Error): void {
    if (this.destroyed || err) {
      this.destroyed = true;
      if (socket) {
        if (!err && this.agent && !socket.destroyed) socket.emit('free');
        else { destroySocketFor(this, socket, err); return; }
      }
      this._destroyed(err || this._kError);
      return;
    }
    attachSocket(this, socket as HttpSocket);
    this._flush();
  }

  /** the request could not get (or lost) its socket before any response: error then close */
  _destroyed(err?: Error | null): void {
    if (!this.aborted && !err) err = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    if (err) this.emit('error', err);
    this._closed = true;
    this.emit('close');
  }

  /** run a socket method once the socket is assigned and connected */
  _deferToConnect(method: 'setNoDelay' | 'setKeepAlive' | null, args: unknown[]): void {
    const call = (): void => { if (method && this.socket) (this.socket[method] as (...a: unknown[]) => void)(...args); };
    const onSocket = (): void => {
      if (this.socket?.writable) call(); else this.socket?.once('connect', call);
    };
    if (!this.socket) this.once('socket', onSocket); else onSocket();
  }

  override setTimeout(msecs: number, callback?: () => void): this {
    if (this._ended) return this;
    this._listenSocketTimeout();
    msecs = timerDuration(msecs, 'msecs');
    if (callback) this.once('timeout', callback);
    const set = (sock: net.Socket): void => {
      if (sock.connecting) sock.once('connect', () => sock.setTimeout(msecs)); else sock.setTimeout(msecs);
    };
    if (this.socket) set(this.socket); else this.once('socket', set);
    return this;
  }

  _listenSocketTimeout(): void {
    if (this.timeoutCb) return;
    const emitTimeout = (): void => { this.emit('timeout'); };
    this.timeoutCb = emitTimeout;
    if (this.socket) this.socket.once('timeout', emitTimeout);
    else this.on('socket', (s: net.Socket) => s.once('timeout', emitTimeout));
  }

  setNoDelay(noDelay?: boolean): void { this._deferToConnect('setNoDelay', [noDelay]); }
  setSocketKeepAlive(enable?: boolean, initialDelay?: number): void { this._deferToConnect('setKeepAlive', [enable, initialDelay]); }
  clearTimeout(cb?: () => void): void { this.setTimeout(0, cb); }

  /** the response ended and the request finished: give the socket back to the agent */
  _keepAlive(): void { detachForKeepAlive(this); }
}
