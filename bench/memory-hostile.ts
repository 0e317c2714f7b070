// Benchmark (not a test): server memory per connection under hostile clients, reference vs node:http.
//
// Usage: npm run bench:memory-hostile [-- --rounds 1 --flood 10 --slow 50 --heads 1000 --idle 1000 --hold-seconds 3]
// Method: impl/ and bench/memory-hostile-target.ts are transpiled to JavaScript (as bench/memory.ts does, so that
// ts-node's heap does not skew the figures); for each scenario and server, a fresh server process
// (memory-hostile-target.js <reference|node>, node --expose-gc, timeouts off) on 127.0.0.1, and this process as the
// client. Warm-up: 20 connections with one request each, closed. Then: "before" = the server's
// process.memoryUsage() after two gc; open the scenario's connections and hold them --hold-seconds; "after" the same
// way. Reported per connection: (after - before) / connections for rss, heapUsed, external + arrayBuffers, and
// the server's counted buffers: octets it read, octets waiting in its sockets' write buffers, responses owed
// (dispatched to the handler, not finished), all per connection; median over rounds.
// Scenarios (every loop bounded in count and time):
//   flood    --flood connections, each pipelining GETs as fast as the socket takes them and never reading
//            (the client's own queue stays under 1 MiB per connection)
//   slow     --slow connections, each asking for a 64 MiB streamed body and reading nothing
//   heads    --heads connections, each holding half a request head (4,000 octets of a field line)
//   idle     --idle keep-alive connections, each after one request whose answer it read

import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { argValue, buildJs, median, printMachine, startJsonProcess, type ImplName } from './server-lib';

const IMPLS: ImplName[] = ['reference', 'node'];
const ULIMIT = 'ulimit -n 20000 2>/dev/null || ulimit -n "$(ulimit -Hn)"';
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface Mem { rss: number; heapUsed: number; external: number; arrayBuffers: number }
interface Report { mem: Mem; connections: number; bytesRead: number; writableLength: number; dispatched: number; owed: number }
interface Sample { rss: number; heapUsed: number; external: number; bytesRead: number; writableLength: number; owed: number }

/** one client connection, destroyed by the scenario's cleanup */
function connect(port: number, sockets: net.Socket[]): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1');
    sockets.push(s);
    s.on('error', () => undefined);
    s.once('connect', () => resolve(s));
    s.once('error', reject);
    setTimeout(() => reject(new Error('connect timed out')), 10_000).unref();
  });
}

/** open `n` connections, at most 100 connecting at once, running `each` on every one */
async function openMany(port: number, n: number, sockets: net.Socket[], each: (s: net.Socket) => Promise<void> | void): Promise<void> {
  for (let i = 0; i < n; i += 100) {
    await Promise.all(Array.from({ length: Math.min(100, n - i) }, async () => each(await connect(port, sockets))));
  }
}

function waitFor(s: net.Socket, pred: (text: string) => boolean, ms: number): Promise<void> {
  return new Promise((resolve) => {
    let text = '';
    const t = setTimeout(resolve, ms);
    s.on('data', (d: Buffer) => { text += d.toString('latin1'); if (pred(text)) { clearTimeout(t); resolve(); } });
  });
}

type Scenario = (port: number, n: number, sockets: net.Socket[], holdMs: number) => Promise<void>;

const SCENARIOS: Record<string, { arg: string; fallback: number; run: Scenario }> = {
  flood: {
    arg: 'flood', fallback: 10,
    async run(port, n, sockets, holdMs) {
      const batch = Buffer.from('GET / HTTP/1.1\r\nHost: a\r\n\r\n'.repeat(500), 'latin1');
      const floods: net.Socket[] = [];
      await openMany(port, n, sockets, (s) => { s.pause(); floods.push(s); });
      const deadline = Date.now() + holdMs;
      while (Date.now() < deadline) {
        for (const s of floods) while (!s.destroyed && s.writableLength < 1 << 20) s.write(batch);
        await sleep(5);
      }
    },
  },
  slow: {
    arg: 'slow', fallback: 50,
    async run(port, n, sockets, holdMs) {
      await openMany(port, n, sockets, (s) => { s.pause(); s.write('GET /big HTTP/1.1\r\nHost: a\r\n\r\n'); });
      await sleep(holdMs);
    },
  },
  heads: {
    arg: 'heads', fallback: 1000,
    async run(port, n, sockets, holdMs) {
      const half = `GET / HTTP/1.1\r\nHost: a\r\nX-Pad: ${'p'.repeat(4000)}`;
      await openMany(port, n, sockets, (s) => { s.write(half); });
      await sleep(holdMs);
    },
  },
  idle: {
    arg: 'idle', fallback: 1000,
    async run(port, n, sockets, holdMs) {
      await openMany(port, n, sockets, async (s) => {
        const done = waitFor(s, (t) => t.length >= 10 * 1024 && t.endsWith('a'), 10_000);
        s.write('GET / HTTP/1.1\r\nHost: a\r\n\r\n');
        await done;
      });
      await sleep(holdMs);
    },
  },
};

async function measure(impl: ImplName, name: string, n: number, holdMs: number, jsDir: string): Promise<Sample> {
  const target = await startJsonProcess(path.join(jsDir, 'bench/memory-hostile-target.js'), [impl], { nodeArgs: ['--expose-gc'], plain: true, shellPrefix: ULIMIT });
  const port = Number(target.hello.port);
  const sockets: net.Socket[] = [];
  try {
    await openMany(port, 20, sockets, async (s) => { const d = waitFor(s, (t) => t.endsWith('a'), 5000); s.write('GET / HTTP/1.1\r\nHost: a\r\n\r\n'); await d; });
    for (const s of sockets.splice(0)) s.destroy();
    await sleep(500);
    const before = await target.ask<Report>('mem');
    await SCENARIOS[name].run(port, n, sockets, holdMs);
    const after = await target.ask<Report>('mem', 60_000);
    console.log(`  ${name.padEnd(6)} ${impl.padEnd(9)} ${n} connections (server sees ${after.connections}): rss ${(before.mem.rss / 2 ** 20).toFixed(1)} -> ${(after.mem.rss / 2 ** 20).toFixed(1)} MiB; read ${after.bytesRead}, unsent ${after.writableLength}, owed ${after.owed} of ${after.dispatched - before.dispatched}`);
    const d = (k: keyof Mem): number => (after.mem[k] - before.mem[k]) / n;
    return {
      rss: d('rss'), heapUsed: d('heapUsed'), external: d('external') + d('arrayBuffers'),
      bytesRead: after.bytesRead / n, writableLength: after.writableLength / n, owed: after.owed / n,
    };
  } finally {
    for (const s of sockets) s.destroy();
    await target.stop();
  }
}

/** transpile the target next to the transpiled impl (buildJs covers impl/ and server-target.ts only) */
function addTarget(jsDir: string): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ts: typeof import('typescript') = require('typescript');
  const rel = 'bench/memory-hostile-target.ts';
  const src = fs.readFileSync(path.join(__dirname, '..', rel), 'utf8');
  const js = ts.transpileModule(src, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true }, fileName: rel }).outputText;
  fs.writeFileSync(path.join(jsDir, 'bench/memory-hostile-target.js'), js);
}

async function main(): Promise<void> {
  const rounds = argValue('rounds', 1);
  const holdMs = argValue('hold-seconds', 3) * 1000;
  printMachine();
  const jsDir = buildJs();
  addTarget(jsDir);
  const rows: string[] = [];
  const kib = (x: number): string => (x / 1024).toFixed(1);
  try {
    for (const [name, sc] of Object.entries(SCENARIOS)) {
      const n = argValue(sc.arg, sc.fallback);
      const res: Record<ImplName, Sample[]> = { reference: [], node: [] };
      for (let r = 0; r < rounds; r++) for (const impl of IMPLS) res[impl].push(await measure(impl, name, n, holdMs, jsDir));
      for (const impl of IMPLS) {
        const m = (k: keyof Sample): number => median(res[impl].map((x) => x[k]));
        rows.push(`| ${name} (${n}) | ${impl === 'node' ? 'node:http' : impl} | ${kib(m('rss'))} | ${kib(m('heapUsed'))} | ${kib(m('external'))} | ${kib(m('bytesRead'))} | ${kib(m('writableLength'))} | ${m('owed').toFixed(1)} |`);
      }
    }
  } finally {
    fs.rmSync(jsDir, { recursive: true, force: true });
  }
  console.log(`\nper connection, held ${holdMs / 1000} s, median of ${rounds} round(s)`);
  console.log('| scenario (connections) | server | RSS KiB | heapUsed KiB | external+arrayBuffers KiB | octets read KiB | unsent in socket KiB | responses owed |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of rows) console.log(r);
}

main().catch((err) => { console.error(err); process.exit(1); });
