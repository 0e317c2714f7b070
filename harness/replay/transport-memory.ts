// The in-memory transport: two connected duplex streams, each write arriving at the peer as exactly one chunk.
//
// An in-process server accepts the server end as a connection (`server.emit('connection', end)`), so the harness
// needs no socket and segmentation is exact (TCP may coalesce or split writes; this transport never does).
// The ends carry the net.Socket members that node:http and the reference server use on an accepted socket
// (setTimeout with a real idle timer, setNoDelay, setKeepAlive, ref/unref, address fields, destroySoon,
// resetAndDestroy). Semantics follow TCP where a server can tell the difference:
// - `end()` is a FIN: the peer reads end-of-stream after every chunk written before it;
// - `destroy()` is a close: the peer reads end-of-stream (a FIN), and later writes to the closed end are dropped;
// - `resetAndDestroy()` is an RST: the peer gets an ECONNRESET error;
// - delivery is asynchronous, one chunk (or the end) per event-loop turn (setImmediate, in write order), never inside
//   the writer's call stack: as over loopback TCP, where a later segment (or the FIN) is read in a later loop turn,
//   the receiver runs its ticks and promise jobs between two chunks.

import { Duplex } from 'node:stream';

export interface MemorySocketOptions {
  /** net.Socket's default is false (end the write side when the peer ends); node's http.Server uses true */
  readonly allowHalfOpen: boolean;
  readonly localPort: number;
  readonly remotePort: number;
}

/** Ports reported by memory connections (never bound: there is no socket). */
let nextPort = 40000;

export class MemorySocket extends Duplex {
  #peer: MemorySocket | undefined;
  #timeoutMs = 0;
  #timer: NodeJS.Timeout | undefined;
  #touchedAt = Date.now();
  readonly #openedAt = Date.now();
  /** set on the harness's end by an adapter that knows its subject's server-level timers: the least connection age
   *  (ms) at which one of them may act on the connection (e.g. node's headersTimeout check); absent = unknown */
  subjectTimerFloorMs: number | undefined;
  /** time a wait of the harness skipped on this connection (ms): the exchange's own clock is ahead of the real one
   *  by this much (see quietMayEndWait) */
  skippedMs = 0;
  #chunksRead = 0;
  bytesRead = 0;
  bytesWritten = 0;
  readonly remoteAddress = '127.0.0.1';
  readonly remoteFamily = 'IPv4';
  readonly localAddress = '127.0.0.1';
  readonly remotePort: number;
  readonly localPort: number;
  readonly connecting = false;
  readonly pending = false;
  /** node:http looks for a native handle to consume the stream directly; a memory end has none */
  readonly _handle = null;

  constructor(options: MemorySocketOptions) {
    super({ allowHalfOpen: options.allowHalfOpen, decodeStrings: true });
    this.remotePort = options.remotePort;
    this.localPort = options.localPort;
  }

  /** Connect two ends (used once, by memoryPair). */
  static link(a: MemorySocket, b: MemorySocket): void {
    a.#peer = b;
    b.#peer = a;
  }

  /** Chunks this end has received so far (each write of the peer is one chunk). */
  get chunksRead(): number {
    return this.#chunksRead;
  }

  get readyState(): string {
    if (this.destroyed) return 'closed';
    if (!this.readableEnded && this.writable) return 'open';
    return this.writable ? 'writeOnly' : 'readOnly';
  }

  /** Deliver one chunk from the peer: exactly one `push`, so that it is read as its own chunk. */
  #receive(chunk: Buffer): void {
    if (this.destroyed || this.readableEnded) return;
    this.#chunksRead++;
    this.bytesRead += chunk.length;
    this.#touch();
    this.push(chunk);
  }

  #receiveEnd(): void {
    if (this.destroyed || this.readableEnded) return;
    this.push(null);
  }

  override _read(): void {
    // data is pushed by the peer's writes; nothing to pull
  }

  // The write completes at once (as a socket write the kernel accepts) and is delivered on a later turn, with the
  // peer captured now: a destroy() right after the write (an error response, then close) still delivers it first.
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.bytesWritten += chunk.length;
    this.#touch();
    const peer = this.#peer;
    if (peer !== undefined) {
      const copy = Buffer.from(chunk);
      setImmediate(() => peer.#receive(copy));
    }
    callback();
  }

  override _final(callback: (error?: Error | null) => void): void {
    const peer = this.#peer;
    if (peer !== undefined) setImmediate(() => peer.#receiveEnd());
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.#clearTimer();
    const peer = this.#peer;
    this.#peer = undefined;
    if (peer !== undefined && !peer.destroyed) {
      // a close reads as end-of-stream on the other side, after whatever was already delivered
      setImmediate(() => {
        peer.#receiveEnd();
        peer.#peer = undefined;
      });
    }
    callback(error);
  }

  /** An RST: the peer sees ECONNRESET; this end is destroyed. */
  resetAndDestroy(): this {
    const peer = this.#peer;
    this.#peer = undefined;
    if (peer !== undefined && !peer.destroyed) {
      setImmediate(() => peer.destroy(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET', errno: -104, syscall: 'read' })));
    }
    return this.destroy();
  }

  /** net.Socket#destroySoon: end the write side, destroy once it has finished. */
  destroySoon(): void {
    if (this.writable) this.end();
    if (this.writableFinished) this.destroy();
    else this.once('finish', () => this.destroy());
  }

  // ---- the idle timeout of net.Socket: 'timeout' after `ms` without reads or writes ------------------------------
  setTimeout(ms: number, callback?: () => void): this {
    this.#timeoutMs = ms;
    if (callback !== undefined) {
      if (ms === 0) this.removeListener('timeout', callback);
      else this.once('timeout', callback);
    }
    this.#touch();
    return this;
  }

  get timeout(): number | undefined {
    return this.#timeoutMs === 0 ? undefined : this.#timeoutMs;
  }

  /** when this end's idle timer ('timeout') would fire, if one is set */
  get idleDeadline(): number | undefined {
    return this.#timer !== undefined ? this.#touchedAt + this.#timeoutMs : undefined;
  }

  /**
   * May a wait of the harness that nothing but a timer of the subject can satisfy any more end now instead of at
   * `until` (ms, real clock), with the same outcome? (Called on the harness's end, once the connection is quiet.)
   * Yes when the subject's timers are known (subjectTimerFloorMs) and none can act before the wait's end on the
   * exchange's clock: the server-level timers not before the connection is subjectTimerFloorMs old, and the idle
   * timer of the subject's end not at all — or, for the last step (`last`: nothing after it depends on the time),
   * not before `until`. A later step then starts earlier than it would have: that changes nothing the subject can
   * see, because no timer of its is pending that could fire in between.
   */
  quietMayEndWait(until: number, last: boolean): boolean {
    const floor = this.subjectTimerFloorMs;
    const peer = this.#peer;
    if (floor === undefined || peer === undefined) return false;
    if (until + this.skippedMs - this.#openedAt >= floor) return false;
    const idle = peer.idleDeadline;
    return idle === undefined || (last && idle > until);
  }

  #touch(): void {
    this.#touchedAt = Date.now();
    this.#clearTimer();
    if (this.#timeoutMs > 0 && !this.destroyed) {
      this.#timer = setTimeout(() => {
        this.#timer = undefined;
        this.emit('timeout');
      }, this.#timeoutMs);
      this.#timer.unref();
    }
  }

  #clearTimer(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  setNoDelay(_noDelay?: boolean): this {
    return this;
  }

  setKeepAlive(_enable?: boolean, _delay?: number): this {
    return this;
  }

  ref(): this {
    return this;
  }

  unref(): this {
    return this;
  }

  address(): { address: string; family: string; port: number } {
    return { address: this.localAddress, family: 'IPv4', port: this.localPort };
  }
}

/** A connected pair: `client` for the harness (half-open like net.connect: ends its side when the peer ends),
 *  `server` for the subject (half-open allowed, as http.Server's sockets). */
export function memoryPair(): { client: MemorySocket; server: MemorySocket } {
  const clientPort = nextPort;
  nextPort = nextPort >= 60000 ? 40000 : nextPort + 1;
  const client = new MemorySocket({ allowHalfOpen: false, localPort: clientPort, remotePort: 80 });
  const server = new MemorySocket({ allowHalfOpen: true, localPort: 80, remotePort: clientPort });
  MemorySocket.link(client, server);
  return { client, server };
}
