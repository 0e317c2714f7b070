// Shared helpers for suites/stress: one script runs against node:http and impl over 127.0.0.1 raw sockets.
//
// Every wait here is bounded (a timer ends it), every socket and server a helper opens is registered with a Run
// and destroyed by Run.close(), whatever happens in the test.

import * as net from 'node:net';
import type * as NodeHttp from 'node:http';

export type Http = typeof NodeHttp;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const impl = require('../../impl') as Http;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const node = require('node:http') as Http;

/** the two subjects of every stress test, run with the same script */
export const MODULES: readonly { name: 'impl' | 'node'; http: Http }[] = [
  { name: 'node', http: node },
  { name: 'impl', http: impl },
];

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** a raw client connection that records what it receives and when it closed */
export class RawPeer {
  readonly socket: net.Socket;
  readonly openedAt = Date.now();
  closedAt: number | null = null;
  received = 0;
  #chunks: Buffer[] = [];
  #waiters: (() => void)[] = [];

  constructor(socket: net.Socket) {
    this.socket = socket;
    socket.on('data', (d: Buffer) => { this.received += d.length; if (this.#keep) this.#chunks.push(d); this.#wake(); });
    socket.on('error', () => undefined);
    socket.on('close', () => { this.closedAt = Date.now(); this.#wake(); });
  }

  /** keep the received octets (text()); off for floods, where only the count matters */
  #keep = true;
  discard(): void { this.#keep = false; this.#chunks = []; }

  get closed(): boolean { return this.closedAt !== null; }
  text(): string { return Buffer.concat(this.#chunks).toString('latin1'); }
  send(data: string | Buffer): boolean {
    if (this.socket.destroyed || !this.socket.writable) return false;
    return this.socket.write(typeof data === 'string' ? Buffer.from(data, 'latin1') : data);
  }

  #wake(): void { for (const w of this.#waiters.splice(0)) w(); }

  /** resolves true once pred holds, false when the peer closed first or after `ms` */
  waitFor(pred: (p: RawPeer) => boolean, ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(pred(this)), ms);
      const check = (): void => {
        if (pred(this)) { clearTimeout(timer); resolve(true); } else if (this.closed) { clearTimeout(timer); resolve(false); } else this.#waiters.push(check);
      };
      check();
    });
  }

  /** resolves true when the server closed the connection within `ms` */
  waitClosed(ms: number): Promise<boolean> { return this.waitFor((p) => p.closed, ms); }
}

/** one test's servers and sockets: everything is torn down by close() */
export class Run {
  readonly http: Http;
  readonly name: string;
  port = 0;
  server: NodeHttp.Server | null = null;
  #peers = new Set<RawPeer>();

  constructor(mod: { name: string; http: Http }) { this.http = mod.http; this.name = mod.name; }

  async listen(options: NodeHttp.ServerOptions, handler: NodeHttp.RequestListener): Promise<NodeHttp.Server> {
    const server = this.http.createServer(options, handler);
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.port = (server.address() as net.AddressInfo).port;
    return server;
  }

  /** a raw connection to the server under test (resolves once connected, or on error) */
  async connect(opts: { readableHighWaterMark?: number } = {}): Promise<RawPeer> {
    const socket = net.connect({ port: this.port, host: '127.0.0.1', ...opts });
    socket.setNoDelay(true);
    const peer = new RawPeer(socket);
    this.#peers.add(peer);
    await new Promise<void>((resolve) => { socket.once('connect', resolve); socket.once('error', () => resolve()); });
    return peer;
  }

  /** a GET on a fresh connection: the status line of the answer, or why there was none, within `ms` */
  async probe(ms = 3000): Promise<string> {
    const peer = await this.connect();
    peer.send('GET /probe HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n');
    await peer.waitFor((p) => /\r\n\r\n/.test(p.text()), ms);
    const t = peer.text();
    peer.socket.destroy();
    return t ? t.slice(0, t.indexOf('\r\n')) : peer.closed ? 'closed without an answer' : 'no answer';
  }

  async close(): Promise<void> {
    for (const p of this.#peers) p.socket.destroy();
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => { server.close(() => resolve()); setTimeout(resolve, 500).unref(); });
  }
}

/** run `body` against one module with a fresh Run, always closing it */
export async function withRun<T>(mod: { name: string; http: Http }, body: (run: Run) => Promise<T>): Promise<T> {
  const run = new Run(mod);
  try {
    return await body(run);
  } finally {
    await run.close();
  }
}

/** the status code of the last response in a raw text, or 0 */
export function lastStatus(text: string): number {
  const all = [...text.matchAll(/HTTP\/1\.1 (\d{3})/g)];
  return all.length ? Number(all[all.length - 1][1]) : 0;
}
