// Agent: the client connection pool — per-origin sockets, free (idle keep-alive) sockets and queued requests.

import { EventEmitter } from 'node:events';
import * as net from 'node:net';
import { validateNumber, validateOneOf } from './validate';
import type { HttpSocket } from './outgoing';

/** node's ReusedHandle: the resource a reused socket's handle is re-registered with, so that async_hooks (and domains,
 *  which hang on them) see the reuse as a new async resource of that name */
class ReusedHandle {
  readonly type: number;
  readonly handle: unknown;
  constructor(type: number, handle: unknown) { this.type = type; this.handle = handle; }
}

type AsyncHandle = { asyncReset?: (resource: object) => void; getProviderType(): number; getAsyncId(): number };

/** net.Socket's own async id slot (node's async_id_symbol, an own property of every socket), found by its description */
function asyncIdSymbol(socket: net.Socket): symbol | undefined {
  return Object.getOwnPropertySymbols(socket).find((s) => s.description === 'async_id_symbol');
}

/** node's asyncResetHandle: a pooled socket taken for another request gets a new async id on its handle */
function asyncResetHandle(socket: net.Socket): void {
  const handle = (socket as unknown as { _handle?: AsyncHandle | null })._handle;
  if (handle && typeof handle.asyncReset === 'function') {
    handle.asyncReset(new ReusedHandle(handle.getProviderType(), handle));
    const sym = asyncIdSymbol(socket);
    if (sym) (socket as unknown as Record<symbol, number>)[sym] = handle.getAsyncId();
  }
}

export interface AgentOptions extends Partial<net.TcpNetConnectOpts> {
  keepAlive?: boolean;
  keepAliveMsecs?: number;
  maxSockets?: number;
  maxTotalSockets?: number;
  maxFreeSockets?: number;
  scheduling?: 'fifo' | 'lifo';
  timeout?: number;
  /** milliseconds subtracted from a server's Keep-Alive: timeout= hint before reusing a socket (node's 1000) */
  agentKeepAliveTimeoutBuffer?: number;
}

/** what the Agent needs from a request (ClientRequest implements it) */
export interface PooledRequest {
  shouldKeepAlive: boolean;
  reusedSocket: boolean;
  timeout?: number;
  res?: { headers: Record<string, string | string[] | undefined> } | null;
  onSocket(socket: net.Socket | null, err?: Error): void;
}

type ConnectOptions = Record<string, unknown> & { host?: string; port?: number | string; localAddress?: string; family?: number; socketPath?: string };
type SocketList = Record<string, net.Socket[]>;
const kRequestOptions = Symbol('requestOptions');
type Queued = PooledRequest & { [kRequestOptions]?: ConnectOptions };

function freeSocketErrorListener(this: net.Socket): void {
  this.destroy();
  this.emit('agentRemove');
}

/** octets on an idle pooled connection answer no request: the client MUST NOT take them as a response and SHOULD
 *  close the connection (RFC 9112 9.2), since it can no longer tell where a next response would start */
function freeSocketDataListener(this: net.Socket): void {
  this.destroy();
}

export class Agent extends EventEmitter {
  static defaultMaxSockets = Infinity;
  defaultPort = 80;
  protocol = 'http:';
  options: AgentOptions & Record<string, unknown>;
  requests: Record<string, Queued[]> = Object.create(null);
  sockets: SocketList = Object.create(null);
  freeSockets: SocketList = Object.create(null);
  keepAliveMsecs: number;
  keepAlive: boolean;
  maxSockets: number;
  maxFreeSockets: number;
  scheduling: 'fifo' | 'lifo';
  maxTotalSockets: number;
  totalSocketCount = 0;
  agentKeepAliveTimeoutBuffer: number;

  constructor(options?: AgentOptions) {
    super();
    this.options = { __proto__: null, ...options } as unknown as AgentOptions & Record<string, unknown>;
    if (this.options.noDelay === undefined) this.options.noDelay = true;
    this.options.path = null as unknown as string;
    this.keepAliveMsecs = this.options.keepAliveMsecs || 1000;
    this.keepAlive = this.options.keepAlive || false;
    this.maxSockets = this.options.maxSockets || Agent.defaultMaxSockets;
    this.maxFreeSockets = this.options.maxFreeSockets || 256;
    this.scheduling = this.options.scheduling || 'lifo';
    validateOneOf(this.scheduling, 'scheduling', ['fifo', 'lifo']);
    if (this.options.maxTotalSockets !== undefined) validateNumber(this.options.maxTotalSockets, 'maxTotalSockets', 1);
    this.maxTotalSockets = this.options.maxTotalSockets ?? Infinity;
    this.agentKeepAliveTimeoutBuffer = this.options.agentKeepAliveTimeoutBuffer ?? 1000;
    this.on('free', (socket: HttpSocket, opts: ConnectOptions) => this.#onFree(socket, opts));
  }

  #onFree(socket: HttpSocket, options: ConnectOptions): void {
    const name = this.getName(options);
    if (!socket.writable) { socket.destroy(); return; }
    const queue = this.requests[name];
    if (queue && queue.length) {
      const req = queue.shift() as Queued;
      this.#setRequestSocket(req, socket);
      if (queue.length === 0) delete this.requests[name];
      return;
    }
    const req = socket._httpMessage as unknown as PooledRequest | null | undefined;
    if (!req || !req.shouldKeepAlive || !this.keepAlive) { socket.destroy(); return; }
    const free = this.freeSockets[name] || [];
    const count = free.length + (this.sockets[name] ? this.sockets[name].length : 0);
    if (this.totalSocketCount > this.maxTotalSockets || count > this.maxSockets ||
        free.length >= this.maxFreeSockets || !this.keepSocketAlive(socket)) {
      socket.destroy();
      return;
    }
    this.freeSockets[name] = free;
    // (as node: a pooled socket belongs to no async resource until it is reused)
    const sym = asyncIdSymbol(socket);
    if (sym) (socket as unknown as Record<symbol, number>)[sym] = -1;
    socket._httpMessage = null;
    this.removeSocket(socket, options);
    socket.once('error', freeSocketErrorListener);
    socket.on('data', freeSocketDataListener);
    free.push(socket);
  }

  createConnection(options: net.NetConnectOpts, callback?: (err: Error | null, socket?: net.Socket) => void): net.Socket | undefined {
    return net.createConnection(options, callback as () => void);
  }

  getName(options: ConnectOptions = {}): string {
    let name = `${options.host || 'localhost'}:`;
    if (options.port) name += options.port;
    name += ':';
    if (options.localAddress) name += options.localAddress;
    if (options.family === 4 || options.family === 6) name += `:${options.family}`;
    if (options.socketPath) name += `:${options.socketPath}`;
    return name;
  }

  addRequest(req: Queued, options: ConnectOptions | string, port?: number, localAddress?: string): void {
    if (typeof options === 'string') options = { host: options, port, localAddress };
    options = { __proto__: null, ...options, ...this.options } as unknown as ConnectOptions;
    if (options.socketPath) options.path = options.socketPath;
    const name = this.getName(options);
    if (!this.sockets[name]) this.sockets[name] = [];
    const free = this.freeSockets[name];
    let socket: net.Socket | undefined;
    if (free) {
      while (free.length && free[0].destroyed) free.shift();
      socket = this.scheduling === 'fifo' ? free.shift() : free.pop();
      if (!free.length) delete this.freeSockets[name];
    }
    const sockLen = (free ? free.length : 0) + this.sockets[name].length;
    if (socket) {
      // (removed here, not in reuseSocket, so that a subclass overriding reuseSocket keeps working)
      socket.removeListener('data', freeSocketDataListener);
      asyncResetHandle(socket);
      this.reuseSocket(socket, req);
      this.#setRequestSocket(req, socket);
      this.sockets[name].push(socket);
    } else if (sockLen < this.maxSockets && this.totalSocketCount < this.maxTotalSockets) {
      this.createSocket(req, options, (err, s) => {
        if (err) req.onSocket(s ?? null, err); else this.#setRequestSocket(req, s as net.Socket);
      });
    } else {
      (this.requests[name] ??= []).push(req);
      req[kRequestOptions] = options;
    }
  }

  createSocket(req: PooledRequest, options: ConnectOptions, cb: (err: Error | null, s?: net.Socket) => void): void {
    options = { __proto__: null, ...options, ...this.options } as unknown as ConnectOptions;
    if (options.socketPath) options.path = options.socketPath;
    const name = this.getName(options);
    options._agentKey = name;
    options.encoding = null;
    let done = false;
    const oncreate = (err: Error | null, s?: net.Socket): void => {
      if (done) return;
      done = true;
      if (err) { cb(err); return; }
      const sock = s as net.Socket;
      (this.sockets[name] ??= []).push(sock);
      this.totalSocketCount++;
      this.#installListeners(sock, options);
      cb(null, sock);
    };
    if (this.keepAlive) {
      options.keepAlive = this.keepAlive;
      options.keepAliveInitialDelay = this.keepAliveMsecs;
    }
    const s = this.createConnection(options as unknown as net.NetConnectOpts, oncreate);
    if (s) oncreate(null, s);
  }

  #installListeners(s: net.Socket, options: ConnectOptions): void {
    const onFree = (): void => { this.emit('free', s, options); };
    const onClose = (): void => { this.totalSocketCount--; this.removeSocket(s, options); };
    const onTimeout = (): void => {
      // an idle pooled socket that times out is closed
      for (const name of Object.keys(this.freeSockets)) if (this.freeSockets[name].includes(s)) { s.destroy(); return; }
    };
    const onRemove = (): void => {
      this.totalSocketCount--;
      this.removeSocket(s, options);
      s.removeListener('close', onClose);
      s.removeListener('free', onFree);
      s.removeListener('timeout', onTimeout);
      s.removeListener('agentRemove', onRemove);
    };
    s.on('free', onFree);
    s.on('close', onClose);
    s.on('timeout', onTimeout);
    s.on('agentRemove', onRemove);
  }

  removeSocket(s: net.Socket, options: ConnectOptions): void {
    const name = this.getName(options);
    const sets = [this.sockets];
    if (!s.writable) sets.push(this.freeSockets);
    for (const set of sets) {
      const list = set[name];
      if (list) {
        const i = list.indexOf(s);
        if (i !== -1) {
          list.splice(i, 1);
          if (list.length === 0) delete set[name];
        }
      }
    }
    let req: Queued | undefined;
    if (this.requests[name] && this.requests[name].length) {
      req = this.requests[name][0];
    } else {
      for (const prop of Object.keys(this.requests)) {
        if (this.sockets[prop] && this.sockets[prop].length) break;
        req = this.requests[prop][0];
        options = req[kRequestOptions] as ConnectOptions;
        break;
      }
    }
    if (req && options) {
      req[kRequestOptions] = undefined;
      const pending = req;
      this.createSocket(pending, options, (err, socket) => {
        if (err) pending.onSocket(socket ?? null, err); else socket?.emit('free');
      });
    }
  }

  /** keep an idle socket, honouring the server's Keep-Alive: timeout= hint (RFC 9112 9.5: idle closes race) */
  keepSocketAlive(socket: HttpSocket): boolean {
    socket.setKeepAlive(true, this.keepAliveMsecs);
    socket.unref();
    let agentTimeout = this.options.timeout || 0;
    let canKeep = true;
    const req = socket._httpMessage as unknown as PooledRequest | null | undefined;
    const hint = req?.res?.headers['keep-alive'];
    if (typeof hint === 'string') {
      const secs = /^timeout=(\d+)/.exec(hint)?.[1];
      if (secs) {
        let serverHint = parseInt(secs, 10) * 1000 - this.agentKeepAliveTimeoutBuffer;
        serverHint = serverHint > 0 ? serverHint : 0;
        if (serverHint === 0) canKeep = false;
        else if (serverHint < agentTimeout) agentTimeout = serverHint;
      }
    }
    if ((socket as unknown as { timeout?: number }).timeout !== agentTimeout) socket.setTimeout(agentTimeout);
    return canKeep;
  }

  reuseSocket(socket: net.Socket, req: PooledRequest): void {
    socket.removeListener('error', freeSocketErrorListener);
    req.reusedSocket = true;
    socket.ref();
  }

  destroy(): void {
    for (const set of [this.freeSockets, this.sockets]) {
      for (const key of Object.keys(set)) for (const s of [...set[key]]) s.destroy();
    }
  }

  #setRequestSocket(req: PooledRequest, socket: net.Socket): void {
    req.onSocket(socket);
    const agentTimeout = this.options.timeout || 0;
    if (req.timeout === undefined || req.timeout === agentTimeout) return;
    socket.setTimeout(req.timeout);
  }
}

export let globalAgent = new Agent({ keepAlive: true, scheduling: 'lifo', timeout: 5000 });
export function setGlobalAgent(agent: Agent): void { globalAgent = agent; }
