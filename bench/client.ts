// Benchmark (not a test): client requests/s of the reference implementation's client vs node:http's client.
//
// Usage: npm run bench:client [-- --rounds 5 --sequential 5000 --concurrent 20000 --concurrency 32 --max-seconds 60]
// Method: one node:http server ("Hello, World!", keep-alive) runs in its own process (bench/server-target.ts node
// hello, 127.0.0.1, port 0). This process runs both clients, each with its own `new Agent({ keepAlive: true })`:
//   sequential  --sequential requests one after another (each waits for the previous response's 'end')
//   concurrent  --concurrent requests issued by --concurrency workers at once (agent maxSockets = concurrency)
// Every response body is read to its end and checked. After one warm-up round per client, rounds alternate
// reference, node, reference, node, ...; reported: median requests/s over rounds and median(reference)/median(node), and the median of per-round ratios.
// Each round is bounded by its request count and by --max-seconds (a round cut short is reported).

import * as nodeHttp from 'node:http';
import { argValue, fmt, median, printMachine, startTarget, type ImplName } from './server-lib';

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

async function main(): Promise<void> {
  const rounds = argValue('rounds', 5);
  const sequential = argValue('sequential', 5000);
  const concurrent = argValue('concurrent', 20000);
  const concurrency = argValue('concurrency', 32);
  const maxMs = argValue('max-seconds', 60) * 1000;
  printMachine();
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
      rows.push(`| ${c.name} | ${fmt(ref)} (${span(results.reference)}) | ${fmt(nod)} (${span(results.node)}) | ${(ref / nod).toFixed(2)} | ${paired.toFixed(2)} |`);
    }
  } finally {
    await server.stop();
  }
  console.log('\n| case | reference client req/s median (min–max) | node:http client req/s median (min–max) | reference/node (medians) | median of paired round ratios |');
  console.log('|---|---|---|---|---|');
  for (const r of rows) console.log(r);
}

main().catch((err) => { console.error(err); process.exit(1); });
