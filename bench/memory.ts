// Benchmark (not a test): memory per idle keep-alive connection of the reference server vs node:http.
//
// Usage: npm run bench:memory [-- --connections 5000 --rounds 2]
// Method: impl/ and bench/server-target.ts are first transpiled to JavaScript in a temporary directory, so that the
// servers run on plain node: under ts-node the TypeScript compiler's heap (tens of MiB, more for the reference,
// which has more files to transpile) would dominate RSS and skew the deltas.
// For each round, for reference then node: start the server in its own process (server-target.js
// <impl> idle: "Hello, World!", keepAliveTimeout 600 s, headers/request timeouts off, node --expose-gc), and a load
// process (bench/memory-load.ts) on 127.0.0.1. Both are started through bash with `ulimit -n 20000` (5,000
// connections need 5,000 descriptors on each side). Warm-up: 200 connections, one request each, then closed.
// Then: gc twice and read process.memoryUsage() in the server ("before"); open --connections connections, each
// completing one GET and then idle; wait 2 s; gc twice and read it again ("after"). Reported per connection:
// (after - before) / connections for rss, heapUsed, and external + arrayBuffers; and the median over rounds.

import * as fs from 'node:fs';
import { argValue, buildJs, median, printMachine, startJsonProcess, startTarget, type ImplName } from './server-lib';

type Mem = NodeJS.MemoryUsage;
const IMPLS: ImplName[] = ['reference', 'node'];
const ULIMIT = 'ulimit -n 20000 2>/dev/null || ulimit -n "$(ulimit -Hn)"';

interface Sample { rss: number; heapUsed: number; heapTotal: number; external: number; rssBefore: number; heapBefore: number }

async function measure(impl: ImplName, n: number, jsDir: string): Promise<Sample> {
  const target = await startTarget(impl, 'idle', { nodeArgs: ['--expose-gc'], shellPrefix: ULIMIT, jsDir });
  const load = await startJsonProcess('bench/memory-load.ts', [String(target.port)], { shellPrefix: ULIMIT });
  try {
    const warm = await load.ask<{ failed: number }>('open 200', 60_000);
    if (warm.failed) throw new Error(`${impl}: ${warm.failed} warm-up connections failed`);
    await load.ask('close');
    await new Promise((r) => setTimeout(r, 1000));
    const before = (await target.ask<{ mem: Mem; connections: number }>('mem')).mem;
    const opened = await load.ask<{ open: number; failed: number; ms: number }>(`open ${n}`, 120_000);
    if (opened.failed) throw new Error(`${impl}: ${opened.failed} of ${n} connections failed (ulimit -n? backlog?)`);
    await new Promise((r) => setTimeout(r, 2000));
    const afterMsg = await target.ask<{ mem: Mem; connections: number }>('mem');
    if (afterMsg.connections !== n) throw new Error(`${impl}: server sees ${afterMsg.connections} connections, expected ${n}`);
    const after = afterMsg.mem;
    console.log(`  ${impl.padEnd(9)} ${n} connections opened in ${opened.ms} ms; rss ${(before.rss / 2 ** 20).toFixed(1)} -> ${(after.rss / 2 ** 20).toFixed(1)} MiB, heapUsed ${(before.heapUsed / 2 ** 20).toFixed(1)} -> ${(after.heapUsed / 2 ** 20).toFixed(1)} MiB`);
    return {
      rss: (after.rss - before.rss) / n,
      heapUsed: (after.heapUsed - before.heapUsed) / n,
      heapTotal: (after.heapTotal - before.heapTotal) / n,
      external: (after.external + after.arrayBuffers - before.external - before.arrayBuffers) / n,
      rssBefore: before.rss,
      heapBefore: before.heapUsed,
    };
  } finally {
    await load.stop();
    await target.stop();
  }
}

async function main(): Promise<void> {
  const n = argValue('connections', 5000);
  const rounds = argValue('rounds', 2);
  printMachine();
  console.log(`${n} idle keep-alive connections, ${rounds} rounds (reference, node, reference, node, ...), fresh processes each`);
  const jsDir = buildJs();
  const results: Record<ImplName, Sample[]> = { reference: [], node: [] };
  try {
    for (let r = 0; r < rounds; r++) {
      for (const impl of IMPLS) results[impl].push(await measure(impl, n, jsDir));
    }
  } finally {
    fs.rmSync(jsDir, { recursive: true, force: true });
  }
  const kib = (x: number) => (x / 1024).toFixed(2);
  console.log('\n| server | RSS per connection (KiB) | heapUsed per connection (KiB) | heapTotal per connection (KiB) | external+arrayBuffers per connection (KiB) | rounds (RSS KiB) |');
  console.log('|---|---|---|---|---|---|');
  for (const impl of IMPLS) {
    const s = results[impl];
    const m = (k: keyof Sample) => median(s.map((x) => x[k]));
    console.log(`| ${impl === 'node' ? 'node:http' : impl} | ${kib(m('rss'))} | ${kib(m('heapUsed'))} | ${kib(m('heapTotal'))} | ${kib(m('external'))} | ${s.map((x) => kib(x.rss)).join(', ')} |`);
  }
  const ratio = (k: keyof Sample) => (median(results.reference.map((x) => x[k])) / median(results.node.map((x) => x[k]))).toFixed(2);
  console.log(`\nreference/node (lower is better): RSS ${ratio('rss')}, heapUsed ${ratio('heapUsed')}`);
}

main().catch((err) => { console.error(err); process.exit(1); });
