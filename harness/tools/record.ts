// `h1compat record`: a capture proxy on 127.0.0.1 that forwards octets unchanged to the upstream, keeps them both ways
// per connection, and writes one fixture per exchange (exchanges.ts); stops on SIGINT, --count N or --seconds S.

import * as net from 'node:net';
import { join } from 'node:path';
import { UsageError, type Flags } from '../cli-args';
import { REQUIREMENT_LEVELS, type RequirementLevel } from '../fixture';
import { exchangeFixture, splitExchanges, type ConnectionLog, type Exchange } from './exchanges';
import { ROOT } from './fixture-new';
import { SLUG, outFile, parseSpec, parseTags, writeFixture, type Written } from './write';

export const RECORD_FLAGS: Flags = {
  listen: { type: 'number', arg: 'PORT', help: 'port to listen on, on 127.0.0.1 (0 picks a free one; printed)' },
  upstream: { type: 'string', arg: 'HOST:PORT', help: 'where to forward each connection (e.g. 127.0.0.1:8080)' },
  count: { type: 'number', arg: 'N', help: 'stop after N complete exchanges (a final response each)' },
  seconds: { type: 'number', arg: 'S', help: 'stop after S seconds' },
  out: { type: 'string', arg: 'DIR', help: 'folder for the fixtures (default fixtures/server/recorded)' },
  prefix: { type: 'string', arg: 'SLUG', help: 'id prefix (default rec-<date>-<time>); ids are <prefix>-c<conn>-e<exchange>' },
  spec: { type: 'string', arg: 'ANCHORS', help: 'spec anchors of the fixtures (default "RFC9112 2.2")' },
  level: { type: 'string', arg: 'LEVEL', help: 'level of the fixtures and their outcome (default MUST)' },
  tag: { type: 'string', arg: 'a,b', help: 'tags besides `recorded`' },
  force: { type: 'boolean', help: 'overwrite existing files' },
};

/** Most octets kept per connection and direction; beyond it the proxy still forwards but stops keeping. */
const CAPTURE_CAP = 16 * 1024 * 1024;

export interface RecorderOptions {
  readonly port: number;
  readonly upstreamHost: string;
  readonly upstreamPort: number;
  /** called whenever the number of complete exchanges may have changed */
  readonly onProgress?: (complete: number) => void;
}

/** The capture proxy. No parsing on the forwarding path: octets are written on as they arrive. */
export class Recorder {
  readonly logs: ConnectionLog[] = [];
  readonly #opts: RecorderOptions;
  readonly #server: net.Server;
  readonly #sockets = new Set<net.Socket>();
  #stopped = false;

  constructor(opts: RecorderOptions) {
    this.#opts = opts;
    this.#server = net.createServer((c) => this.#accept(c));
  }

  start(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(this.#opts.port, '127.0.0.1', () => {
        this.#server.off('error', reject);
        resolve((this.#server.address() as net.AddressInfo).port);
      });
    });
  }

  readonly #complete = new Map<ConnectionLog, number>();

  /** Complete exchanges so far (request with its final response), over every connection; `changed` is re-split. */
  completeExchanges(changed?: ConnectionLog): number {
    for (const l of changed !== undefined ? [changed] : this.logs) this.#complete.set(l, splitExchanges(l).filter((x) => x.responses.length > 0).length);
    return [...this.#complete.values()].reduce((a, b) => a + b, 0);
  }

  #accept(client: net.Socket): void {
    if (this.#stopped) { client.destroy(); return; }
    const log: ConnectionLog = { id: this.logs.length + 1, chunks: [] };
    this.logs.push(log);
    const kept = { c2s: 0, s2c: 0 };
    const keep = (dir: 'c2s' | 's2c', data: Buffer): void => {
      if (kept[dir] + data.length > CAPTURE_CAP) return;
      kept[dir] += data.length;
      log.chunks.push({ dir, data: Buffer.from(data) });
    };
    const up = net.connect({ host: this.#opts.upstreamHost, port: this.#opts.upstreamPort, noDelay: true });
    client.setNoDelay(true);
    for (const s of [client, up]) { this.#sockets.add(s); s.once('close', () => this.#sockets.delete(s)); }
    client.on('data', (d: Buffer) => { keep('c2s', d); up.write(d); });
    up.on('data', (d: Buffer) => { keep('s2c', d); client.write(d); if (this.#opts.onProgress) this.#opts.onProgress(this.completeExchanges(log)); });
    client.on('end', () => { log.clientEndAt ??= log.chunks.length; up.end(); });
    up.on('end', () => { log.upstreamEnd ??= { kind: 'closed', at: log.chunks.length }; client.end(); if (this.#opts.onProgress) this.#opts.onProgress(this.completeExchanges(log)); });
    up.on('error', (e: NodeJS.ErrnoException) => {
      log.upstreamEnd ??= { kind: 'reset', at: log.chunks.length };
      if (e.code !== 'ECONNRESET' && e.code !== 'EPIPE') process.stderr.write(`h1compat record: upstream ${this.#opts.upstreamHost}:${this.#opts.upstreamPort}: ${e.message}\n`);
      client.resetAndDestroy();
    });
    client.on('error', () => up.destroy());
    up.on('close', () => { log.upstreamEnd ??= { kind: 'closed', at: log.chunks.length }; if (!client.destroyed) client.end(); });
    client.on('close', () => { if (!up.destroyed) up.end(); });
  }

  /** Stop accepting; give open connections up to `graceMs` to end by themselves (a close that follows the last
   *  response belongs in the recording), then cut them (their octets so far are kept). */
  async stop(graceMs = 0): Promise<void> {
    this.#stopped = true;
    for (let waited = 0; waited < graceMs && this.#sockets.size > 0; waited += 10) await new Promise((r) => setTimeout(r, 10));
    for (const s of this.#sockets) s.destroy();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }

  exchanges(): Exchange[] {
    return this.logs.flatMap((l) => splitExchanges(l));
  }
}

function stamp(d: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

export interface WriteOptions {
  readonly out: string;
  readonly prefix: string;
  readonly upstream: string;
  readonly spec?: string;
  readonly level?: RequirementLevel;
  readonly tags?: readonly string[];
  readonly force?: boolean;
}

/** Write one fixture per exchange; returns what was written with its lint result. */
export function writeExchanges(exchanges: readonly Exchange[], o: WriteOptions): Written[] {
  const opts = {
    prefix: o.prefix, upstream: o.upstream, spec: parseSpec(o.spec ?? 'RFC9112 2.2'), level: o.level ?? 'MUST',
    tags: ['recorded', ...(o.tags ?? []).filter((t) => t !== 'recorded')], date: new Date().toISOString().slice(0, 10),
  };
  return exchanges.map((x) => {
    const f = exchangeFixture(x, opts);
    return writeFixture(f, outFile(o.out, f.id), o.force === true);
  });
}

type Values = Record<string, string | number | boolean | undefined>;

/** `h1compat record`: exit 0 when every fixture written lints clean, 1 otherwise. */
export async function recordCommand(v: Values): Promise<number> {
  const upstream = v.upstream as string | undefined;
  const m = upstream !== undefined ? /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(upstream) : null;
  if (m === null) throw new UsageError('h1compat record: --upstream HOST:PORT is required (e.g. 127.0.0.1:8080)');
  const port = v.listen as number | undefined;
  if (port === undefined || !Number.isInteger(port) || port > 65535) throw new UsageError('h1compat record: --listen PORT is required (0-65535; 0 picks a free one)');
  const level = ((v.level as string | undefined) ?? 'MUST').toUpperCase() as RequirementLevel;
  if (!REQUIREMENT_LEVELS.includes(level)) throw new UsageError(`--level must be one of ${REQUIREMENT_LEVELS.join(', ')}`);
  const prefix = (v.prefix as string | undefined) ?? `rec-${stamp(new Date())}`;
  if (!SLUG.test(prefix)) throw new UsageError(`--prefix: \`${prefix}\` is not a slug`);
  const tags = v.tag !== undefined ? parseTags(String(v.tag)) : [];
  const spec = v.spec as string | undefined;
  if (spec !== undefined) parseSpec(spec);
  const count = v.count as number | undefined;
  let finish: () => void = () => {};
  const done = new Promise<void>((resolve) => { finish = resolve; });
  const rec = new Recorder({
    port, upstreamHost: m[1].replace(/^\[|\]$/g, ''), upstreamPort: Number(m[2]),
    onProgress: count !== undefined ? (n) => { if (n >= count) finish(); } : undefined,
  });
  const listening = await rec.start().catch((e: Error) => { throw new UsageError(`h1compat record: cannot listen on 127.0.0.1:${port}: ${e.message}`); });
  process.stderr.write(`recording on http://127.0.0.1:${listening}/ -> ${upstream}; Ctrl-C writes the fixtures\n`);
  const onSigint = (): void => finish();
  process.once('SIGINT', onSigint);
  const timer = v.seconds !== undefined ? setTimeout(finish, (v.seconds as number) * 1000) : undefined;
  await done;
  process.off('SIGINT', onSigint);
  if (timer !== undefined) clearTimeout(timer);
  await rec.stop(1000);
  const written = writeExchanges(rec.exchanges(), { out: (v.out as string | undefined) ?? join(ROOT, 'fixtures', 'server', 'recorded'), prefix, upstream: upstream!, spec, level, tags, force: v.force === true });
  for (const w of written) {
    process.stdout.write(`${w.file}\n`);
    for (const p of w.problems) process.stdout.write(`${p}\n`);
  }
  process.stderr.write(`${written.length} fixture(s) from ${rec.logs.length} connection(s)\n`);
  return written.every((w) => w.problems.length === 0) ? 0 : 1;
}

/** The CLI table entry (harness/cli.ts). */
export const RECORD_COMMAND = {
  usage: 'h1compat record --listen PORT --upstream HOST:PORT [--count N] [--seconds S] [--out DIR]',
  summary: 'A capture proxy on 127.0.0.1: forwards every connection to the upstream unchanged, records the octets both ways, and writes one server fixture per exchange with what the upstream did as the expectation (docs/bug-reports.md). Stops on Ctrl-C, --count or --seconds.',
  flags: RECORD_FLAGS,
  run(values: Record<string, unknown>, positional: readonly string[]): Promise<number> {
    if (positional.length > 0) throw new UsageError(`h1compat record: unexpected argument \`${positional[0]}\``);
    return recordCommand(values as Values);
  },
};
