// Differential harness: runs one scenario against node:http and against impl on loopback and records a trace.

import * as net from 'node:net';
import type * as NodeHttp from 'node:http';

export type Http = typeof NodeHttp;

/** one row of the table: a scenario is code written for node:http that logs what it observes */
export interface Scenario {
  name: string;
  run(ctx: Ctx): Promise<void>;
  /** impl deliberately differs from node here because node breaks an RFC MUST: impl's trace must equal this */
  rfc?: { section: string; impl: (nodeTrace: unknown[]) => unknown[] };
}

/** a raw TCP peer: bytes in both directions as latin1 text */
export interface Peer {
  socket: net.Socket;
  /** everything received so far, with Date values and the server's port normalised */
  readonly text: string;
  send(data: string | Buffer): void;
  /** resolves once the received text satisfies the predicate (or the peer closes) */
  waitFor(pred: (text: string) => boolean): Promise<string>;
  /** resolves with the full text when the other side closes */
  closed: Promise<string>;
  end(): void;
}

const SCENARIO_TIMEOUT_MS = 5000;

export function normalise(text: string, port?: number): string {
  let t = text.replace(/^(date: ).*$/gim, '$1<date>');
  if (port) t = t.split(`:${port}`).join(':<port>');
  return t;
}

function makePeer(socket: net.Socket, port: number): Peer {
  let text = '';
  let ended = false;
  const waiters: (() => void)[] = [];
  const wake = (): void => { for (const w of waiters.splice(0)) w(); };
  socket.setNoDelay(true);
  socket.on('data', (d: Buffer) => { text += d.toString('latin1'); wake(); });
  socket.on('error', () => {});
  const closed = new Promise<string>((resolve) => socket.on('close', () => { ended = true; wake(); resolve(normalise(text, port)); }));
  return {
    socket,
    get text() { return normalise(text, port); },
    send(data) { if (!socket.destroyed) socket.write(typeof data === 'string' ? Buffer.from(data, 'latin1') : data); },
    waitFor(pred) {
      return new Promise((resolve) => {
        const check = (): void => {
          const t = normalise(text, port);
          if (pred(t) || ended) resolve(t); else waiters.push(check);
        };
        check();
      });
    },
    closed,
    end() { socket.end(); },
  };
}

/** A scenario's view of the world: the http module under test, a trace and loopback helpers. */
export class Ctx {
  readonly http: Http;
  readonly trace: unknown[] = [];
  port = 0;
  #servers: net.Server[] = [];
  #sockets = new Set<net.Socket>();
  #agents: { destroy(): void }[] = [];

  constructor(http: Http) { this.http = http; }

  log(...event: unknown[]): void { this.trace.push(event.length === 1 ? event[0] : event); }

  /** listen on 127.0.0.1 on a free port; the server is closed after the scenario */
  async listen(server: net.Server): Promise<number> {
    this.#servers.push(server);
    server.on('connection', (s: net.Socket) => { this.#sockets.add(s); s.on('close', () => this.#sockets.delete(s)); });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.port = (server.address() as net.AddressInfo).port;
    return this.port;
  }

  /** connect a raw peer to `port` */
  async connect(port = this.port): Promise<Peer> {
    const socket = net.connect(port, '127.0.0.1');
    this.#sockets.add(socket);
    await new Promise<void>((resolve) => { socket.once('connect', resolve); socket.once('error', () => resolve()); });
    return makePeer(socket, port);
  }

  /** send bytes on a fresh connection and return everything received until the server closes */
  async raw(data: string | string[], port = this.port): Promise<string> {
    const peer = await this.connect(port);
    for (const d of Array.isArray(data) ? data : [data]) peer.send(d);
    return peer.closed;
  }

  /** send bytes and return what arrived once `pred` holds, leaving the connection open */
  async rawUntil(data: string, pred: (t: string) => boolean, port = this.port): Promise<Peer> {
    const peer = await this.connect(port);
    peer.send(data);
    await peer.waitFor(pred);
    return peer;
  }

  /** a raw TCP server playing the origin for client scenarios */
  async rawServer(onPeer: (peer: Peer) => void): Promise<number> {
    const server = net.createServer((s) => onPeer(makePeer(s, this.port)));
    return this.listen(server);
  }

  agent(options?: NodeHttp.AgentOptions): NodeHttp.Agent {
    const a = new this.http.Agent(options);
    this.#agents.push(a);
    return a;
  }

  /** record an error as its stable parts */
  err(e: unknown): unknown {
    const x = e as { code?: string; name?: string; message?: string } | null;
    // parse errors: same HPE_* code as llhttp; the reason text is the implementation's own
    if (x && typeof x.code === 'string' && x.code.startsWith('HPE_')) return { code: x.code, parseError: /^Parse Error: /.test(String(x.message)) };
    return x ? { name: x.name, code: x.code } : x;
  }

  /** read a whole stream as latin1 */
  body(stream: NodeJS.ReadableStream): Promise<string> {
    return new Promise((resolve) => {
      let s = '';
      stream.on('data', (d: Buffer | string) => { s += typeof d === 'string' ? d : d.toString('latin1'); });
      stream.on('end', () => resolve(s));
      stream.on('error', () => resolve(s));
      stream.on('close', () => resolve(s));
    });
  }

  /** make a request with the module under test and log the response; resolves when it ends or fails */
  fetch(options: NodeHttp.RequestOptions, body?: string | null, label = 'res'): Promise<NodeHttp.IncomingMessage | null> {
    return new Promise((resolve) => {
      const req = this.http.request({ host: '127.0.0.1', port: this.port, ...options }, (res) => {
        this.body(res).then((b) => {
          this.log(label, res.statusCode, res.statusMessage, normaliseRaw(res.rawHeaders, this.port), b);
          resolve(res);
        });
      });
      req.on('error', (e) => { this.log('error', this.err(e)); resolve(null); });
      req.end(body ?? undefined);
    });
  }

  async cleanup(): Promise<void> {
    for (const a of this.#agents) a.destroy();
    for (const s of this.#sockets) s.destroy();
    for (const server of this.#servers) {
      (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      await new Promise<void>((resolve) => { server.close(() => resolve()); setTimeout(resolve, 200).unref(); });
    }
  }
}

export function normaliseRaw(raw: string[], port?: number): string[] {
  return raw.map((v, i) => (i % 2 === 1 && /^date$/i.test(raw[i - 1]) ? '<date>' : port ? v.split(`:${port}`).join(':<port>') : v));
}

/** run one scenario against one module; never throws, never hangs longer than the scenario timeout */
export async function runScenario(http: Http, scenario: Scenario): Promise<unknown[]> {
  const ctx = new Ctx(http);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => { timer = setTimeout(() => { ctx.log('TIMEOUT'); resolve(); }, SCENARIO_TIMEOUT_MS); });
  try {
    await Promise.race([scenario.run(ctx).catch((e: unknown) => { ctx.log('THREW', ctx.err(e), String((e as Error)?.message)); }), timeout]);
  } finally {
    clearTimeout(timer);
    await ctx.cleanup();
  }
  return ctx.trace;
}

export const tick = (): Promise<void> => new Promise((r) => setImmediate(r));
/** wait until `pred` holds, at most `maxTurns` short timer turns (a bounded wait for asynchronous state such as a
 *  pooled socket becoming free or being closed; the caller logs what it sees either way, so nothing is timed) */
export async function settle(pred: () => boolean, maxTurns = 500): Promise<void> {
  for (let i = 0; i < maxTurns && !pred(); i++) await new Promise((r) => setTimeout(r, 1));
}
export const later = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** call f and record the outcome: a primitive result, or the thrown error's class, code and message */
export function attempt(f: () => unknown): unknown {
  try {
    const r = f();
    return ['ok', r !== null && typeof r === 'object' ? typeof r : r];
  } catch (e) {
    const x = e as Error & { code?: string };
    return ['throws', x.name, x.code, x.message];
  }
}
