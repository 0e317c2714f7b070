// Benchmark (not a test): client requests/s of the reference implementation's client vs node:http's client.
//
// Usage: npm run bench:client [-- --rounds 5 --sequential 5000 --concurrent 20000 --concurrency 32 --max-seconds 60
//                                  --body-mib 256 --only body]
// Method: one node:http server ("Hello, World!", keep-alive) runs in its own process (bench/server-target.ts node
// hello, 127.0.0.1, port 0). This process runs both clients, each with its own `new Agent({ keepAlive: true })`:
//   sequential  --sequential requests one after another (each waits for the previous response's 'end')
//   concurrent  --concurrent requests issued by --concurrency workers at once (agent maxSockets = concurrency)
// Every response body is read to its end and checked. After one warm-up round per client, rounds alternate
// reference, node, reference, node, ...; reported: median requests/s over rounds and median(reference)/median(node), and the median of per-round ratios.
// Each round is bounded by its request count and by --max-seconds (a round cut short is reported).
// Body throughput: a raw TCP origin in its own process (this file with --serve-bodies; it writes prebuilt octets, so
// the client is the bottleneck) answers one GET with --body-mib MiB of content: Content-Length, or chunked in 64 KiB
// or 1 KiB chunks. Each client reads the body through 'data' events (octets counted and checked); reported: MiB/s
// over the whole response (head to 'end') and the client process's CPU ms per GiB (its rate column is node's CPU
// over the reference's, so above 1 is better for both rows), median over rounds, alternating clients, after one
// warm-up per client.
// `--only requests` or `--only body` runs one part.

import * as nodeHttp from 'node:http';
import * as net from 'node:net';
import * as readline from 'node:readline';
import { argString, argValue, fmt, median, printMachine, startJsonProcess, startTarget, type ImplName } from './server-lib';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const refHttp: typeof nodeHttp = require('../impl');
const HTTP: Record<ImplName, typeof nodeHttp> = { reference: refHttp, node: nodeHttp };
const IMPLS: ImplName[] = ['reference', 'node'];

function get(http: typeof nodeHttp, agent: nodeHttp.Agent, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: '/', method: 'GET', agent }, (res) => {
      let n = 0;
      res.on('data', (chunk: Buffer) => { n += chunk.length; });
      res.on('end', () => {
        if (res.statusCode !== 200 || n !== 13) reject(new Error(`bad response ${res.statusCode}, ${n} octets`));
        else resolve();
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

interface Round { rps: number; done: number; cut: boolean }

async function run(impl: ImplName, port: number, total: number, workers: number, maxMs: number): Promise<Round> {
  const http = HTTP[impl];
  const agent = new http.Agent({ keepAlive: true, maxSockets: workers });
  const start = process.hrtime.bigint();
  const deadline = Date.now() + maxMs;
  let issued = 0;
  let done = 0;
  let cut = false;
  async function worker(): Promise<void> {
    while (issued < total) {
      if (Date.now() > deadline) { cut = true; return; }
      issued++;
      await get(http, agent, port);
      done++;
    }
  }
  await Promise.all(Array.from({ length: workers }, worker));
  const secs = Number(process.hrtime.bigint() - start) / 1e9;
  agent.destroy();
  return { rps: done / secs, done, cut };
}

/** the raw body origin (--serve-bodies): GET /<cl|chunked>/<octets>/<chunk size> */
function serveBodies(): void {
  const frames = new Map<number, { buf: Buffer; payload: number }>();
  const frameBlock = (k: number): { buf: Buffer; payload: number } => {
    let b = frames.get(k);
    if (!b) {
      const frame = Buffer.concat([Buffer.from(`${k.toString(16)}\r\n`), Buffer.alloc(k, 0x61), Buffer.from('\r\n')]);
      const n = Math.max(1, Math.floor((256 << 10) / frame.length));
      b = { buf: Buffer.concat(Array<Buffer>(n).fill(frame)), payload: n * k };
      frames.set(k, b);
    }
    return b;
  };
  const plain = Buffer.alloc(256 << 10, 0x61);
  const server = net.createServer((s) => {
    let head = '';
    s.on('error', () => undefined);
    s.on('data', (d: Buffer) => {
      head += d.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      const [, mode, total, k] = head.split(' ')[1].split('/');
      head = '';
      let left = Number(total);
      if (mode === 'cl') {
        s.write(`HTTP/1.1 200 OK\r\nContent-Length: ${left}\r\n\r\n`);
        const pump = (): void => {
          while (left > 0) { const c = left >= plain.length ? plain : plain.subarray(0, left); left -= c.length; if (!s.write(c)) { s.once('drain', pump); return; } }
        };
        pump();
      } else {
        // whole blocks of frames: the body is rounded up to a multiple of the block's payload (the client is told)
        s.write('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n');
        const { buf, payload } = frameBlock(Number(k));
        const pump = (): void => {
          while (left > 0) { left -= payload; if (!s.write(buf)) { s.once('drain', pump); return; } }
          s.write('0\r\n\r\n');
        };
        pump();
      }
    });
  });
  server.listen(0, '127.0.0.1', () => process.stdout.write(`${JSON.stringify({ port: (server.address() as net.AddressInfo).port })}\n`));
  readline.createInterface({ input: process.stdin }).on('close', () => process.exit(0)).on('line', (l) => { if (l.trim() === 'exit') process.exit(0); });
}

/** octets a chunked body of `total` carries from serveBodies (whole blocks of frames) */
function chunkedTotal(total: number, k: number): number {
  const frame = k.toString(16).length + 4 + k;
  const payload = Math.max(1, Math.floor((256 << 10) / frame)) * k;
  return Math.ceil(total / payload) * payload;
}

/** MiB/s over the whole response, and this process's CPU time (user + system) per GiB read: on a shared machine
 *  the CPU figure depends far less on what other processes do than the wall-clock rate */
function readBody(http: typeof nodeHttp, port: number, path: string, expect: number): Promise<{ mbps: number; cpuPerGiB: number }> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const c0 = process.cpuUsage();
    const req = http.get({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      let n = 0;
      res.on('data', (chunk: Buffer) => { n += chunk.length; });
      res.on('end', () => {
        const secs = Number(process.hrtime.bigint() - t0) / 1e9;
        const c = process.cpuUsage(c0);
        const cpuMs = (c.user + c.system) / 1000;
        if (n !== expect) reject(new Error(`${path}: ${n} octets, expected ${expect}`));
        else resolve({ mbps: n / secs / 2 ** 20, cpuPerGiB: cpuMs / (n / 2 ** 30) });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

async function bodies(rounds: number, mib: number): Promise<string[]> {
  const origin = await startJsonProcess('bench/client.ts', ['--serve-bodies']);
  const port = Number(origin.hello.port);
  const total = mib << 20;
  const cases = [
    { name: `body: Content-Length, ${mib} MiB`, mode: 'cl', k: 0 },
    { name: `body: chunked, 64 KiB chunks, ${mib} MiB`, mode: 'chunked', k: 65536 },
    { name: `body: chunked, 1 KiB chunks, ${mib} MiB`, mode: 'chunked', k: 1024 },
  ];
  const rows: string[] = [];
  try {
    for (const c of cases) {
      const path = (n: number): string => `/${c.mode}/${n}/${c.k}`;
      const expect = (n: number): number => (c.mode === 'cl' ? n : chunkedTotal(n, c.k));
      const results: Record<ImplName, number[]> = { reference: [], node: [] };
      const cpu: Record<ImplName, number[]> = { reference: [], node: [] };
      const warm = Math.min(total, 32 << 20);
      for (const impl of IMPLS) await readBody(HTTP[impl], port, path(warm), expect(warm));
      for (let r = 0; r < rounds; r++) {
        for (const impl of IMPLS) {
          const { mbps, cpuPerGiB } = await readBody(HTTP[impl], port, path(total), expect(total));
          results[impl].push(mbps);
          cpu[impl].push(cpuPerGiB);
          console.log(`  ${c.name} round ${r + 1} ${impl.padEnd(9)} ${fmt(mbps).padStart(8)} MiB/s, ${fmt(cpuPerGiB).padStart(6)} CPU ms/GiB`);
        }
      }
      const ref = median(results.reference);
      const nod = median(results.node);
      const span = (xs: number[]) => `${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))}`;
      const paired = median(results.reference.map((x, i) => x / results.node[i]));
      rows.push(`| ${c.name} | ${fmt(ref)} MiB/s (${span(results.reference)}) | ${fmt(nod)} MiB/s (${span(results.node)}) | ${(ref / nod).toFixed(2)} | ${paired.toFixed(2)} |`);
      const cr = median(cpu.reference);
      const cn = median(cpu.node);
      // as a rate: node's CPU per GiB over the reference's (above 1: the reference needs less CPU per octet)
      rows.push(`| ${c.name}: client CPU per GiB | ${fmt(cr)} ms (${span(cpu.reference)}) | ${fmt(cn)} ms (${span(cpu.node)}) | ${(cn / cr).toFixed(2)} | ${median(cpu.reference.map((x, i) => cpu.node[i] / x)).toFixed(2)} |`);
    }
  } finally {
    await origin.stop();
  }
  return rows;
}

async function main(): Promise<void> {
  const rounds = argValue('rounds', 5);
  const sequential = argValue('sequential', 5000);
  const concurrent = argValue('concurrent', 20000);
  const concurrency = argValue('concurrency', 32);
  const maxMs = argValue('max-seconds', 60) * 1000;
  const only = argString('only');
  printMachine();
  const rows: string[] = [];
  if (only !== 'body') rows.push(...await requestRates(rounds, sequential, concurrent, concurrency, maxMs));
  if (only !== 'requests') rows.push(...await bodies(rounds, argValue('body-mib', 256)));
  console.log('\n| case | reference client median (min–max) | node:http client median (min–max) | reference/node (medians) | median of paired round ratios |');
  console.log('|---|---|---|---|---|');
  for (const r of rows) console.log(r);
}

async function requestRates(rounds: number, sequential: number, concurrent: number, concurrency: number, maxMs: number): Promise<string[]> {
  console.log(`server: node:http in its own process; ${rounds} rounds per client (alternating) after one warm-up round`);
  const server = await startTarget('node', 'hello');
  const cases = [
    { name: `sequential (N=${sequential}, 1 at a time)`, total: sequential, workers: 1 },
    { name: `concurrent (M=${concurrency} at once, ${concurrent} requests)`, total: concurrent, workers: concurrency },
  ];
  const rows: string[] = [];
  try {
    for (const c of cases) {
      const results: Record<ImplName, number[]> = { reference: [], node: [] };
      for (const impl of IMPLS) await run(impl, server.port, Math.min(c.total, 2000), c.workers, maxMs);
      for (let r = 0; r < rounds; r++) {
        for (const impl of IMPLS) {
          const res = await run(impl, server.port, c.total, c.workers, maxMs);
          results[impl].push(res.rps);
          console.log(`  ${c.name} round ${r + 1} ${impl.padEnd(9)} ${fmt(res.rps).padStart(8)} req/s${res.cut ? ` (cut at ${res.done} by --max-seconds)` : ''}`);
        }
      }
      const ref = median(results.reference);
      const nod = median(results.node);
      const span = (xs: number[]) => `${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))}`;
      const paired = median(results.reference.map((x, i) => x / results.node[i]));
      rows.push(`| ${c.name} | ${fmt(ref)} req/s (${span(results.reference)}) | ${fmt(nod)} req/s (${span(results.node)}) | ${(ref / nod).toFixed(2)} | ${paired.toFixed(2)} |`);
    }
  } finally {
    await server.stop();
  }
  return rows;
}

if (process.argv[2] === '--serve-bodies') serveBodies();
else main().catch((err) => { console.error(err); process.exit(1); });
