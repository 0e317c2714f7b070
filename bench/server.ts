// Benchmark (not a test): server requests/s of the reference implementation vs node:http, load from wrk.
//
// Usage: npm run bench:server [-- --rounds 5 --duration 5 --warmup 3 --connections 64 --scenarios hello,pipeline,upload]
//        [-- --cpu-prof DIR [--cpu-prof-impl reference|node|both]]   (runs that server under node --cpu-prof; the profile
//        is written to DIR/<impl>/ when the server exits; default reference)
// Requires wrk (Debian: apt-get install wrk). wrk is a separate C process, so the load generator costs neither server
// any JavaScript time; it runs with one thread (-t1), the server is single-threaded node: one core each.
// Method: impl/ and bench/server-target.ts are transpiled to JavaScript in a temporary directory first, and the servers
// run on plain node (under ts-node, `domain` is loaded, which wraps every EventEmitter construction, and the
// TypeScript compiler sits in the heap). Per scenario, both servers run at once, each in its own child process
// (server-target, 127.0.0.1, port 0). Each server gets one warm-up run, then rounds alternate reference, node, reference, node, ...; each round
// is one wrk run of --duration seconds. Reported: median, min and max requests/s over rounds, and the ratio
// median(reference) / median(node), and the median of the per-round ratios (reference round i / node round i).
// Also the server process's CPU time (user + system, process.cpuUsage()) per request served, median over rounds:
// on a shared 2-core machine wrk and other processes compete for the cores, so req/s is noisy and often bounded by the
// load generator; CPU per request measures the server's own cost, and node/ref > 1 means the reference is cheaper. A round with non-2xx responses or socket errors is reported as such.
// Scenarios:
//   hello     keep-alive GET /, 200 "Hello, World!" (13 octets, Content-Length)
//   pipeline  as hello, but wrk writes 10 pipelined requests at a time (bench/server-pipeline.lua)
//   upload    POST with a 64 KiB body, Transfer-Encoding: chunked in 16 chunks of 4 KiB (bench/server-upload.lua);
//             the server reads the whole body and answers 200 with the octet count

import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { IMPLS, argString, argValue, buildJs, fmt, median, printMachine, startTarget, type ImplName, type Target } from './server-lib';

const SCRIPTS: Record<string, string | undefined> = {
  hello: undefined,
  pipeline: path.join(__dirname, 'server-pipeline.lua'),
  upload: path.join(__dirname, 'server-upload.lua'),
};

interface WrkResult { rps: number; requests: number; non2xx: number; socketErrors: number; cpuPerReq?: number }
interface Stats { requests: number; bodyBytes: number; cpuMicros: number }

function wrk(port: number, scenario: string, seconds: number, connections: number): Promise<WrkResult> {
  const args = ['-t1', `-c${connections}`, `-d${seconds}s`];
  const script = SCRIPTS[scenario];
  if (script) args.push('-s', script);
  args.push(`http://127.0.0.1:${port}/`);
  return new Promise((resolve, reject) => {
    const child = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    const killer = setTimeout(() => child.kill('SIGKILL'), (seconds + 15) * 1000);
    child.on('error', (err) => { clearTimeout(killer); reject(new Error(`wrk: ${err.message} (install wrk: apt-get install wrk)`)); });
    child.on('exit', (code) => {
      clearTimeout(killer);
      const rps = /Requests\/sec:\s*([\d.]+)/.exec(out);
      if (code !== 0 || !rps) { reject(new Error(`wrk exited ${code}:\n${out}`)); return; }
      const total = /(\d+) requests in/.exec(out);
      const non2xx = /Non-2xx or 3xx responses:\s*(\d+)/.exec(out);
      const sock = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
      resolve({
        rps: Number(rps[1]),
        requests: total ? Number(total[1]) : 0,
        non2xx: non2xx ? Number(non2xx[1]) : 0,
        socketErrors: sock ? sock.slice(1).reduce((a, b) => a + Number(b), 0) : 0,
      });
    });
  });
}

async function main(): Promise<void> {
  const rounds = argValue('rounds', 5);
  const duration = argValue('duration', 5);
  const warmup = argValue('warmup', 3);
  const connections = argValue('connections', 64);
  const scenarios = (argString('scenarios') ?? 'hello,pipeline,upload').split(',');
  const profDir = argString('cpu-prof');
  const profImpl = argString('cpu-prof-impl') ?? 'reference';
  for (const s of scenarios) if (!(s in SCRIPTS)) throw new Error(`unknown scenario ${s}`);

  printMachine();
  console.log(`wrk -t1 -c${connections} -d${duration}s, ${rounds} rounds per server (alternating), ${warmup}s warm-up each`);
  const rows: string[] = [];
  const jsDir = buildJs();
  process.on('exit', () => fs.rmSync(jsDir, { recursive: true, force: true }));
  for (const scenario of scenarios) {
    const targets = {} as Record<ImplName, Target>;
    for (const impl of IMPLS) {
      const profiled = profDir && (profImpl === 'both' || profImpl === impl);
      const nodeArgs = profiled ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(profDir, impl)] : [];
      targets[impl] = await startTarget(impl, scenario, { nodeArgs, jsDir });
    }
    const results: Record<ImplName, WrkResult[]> = { reference: [], node: [] };
    try {
      for (const impl of IMPLS) await wrk(targets[impl].port, scenario, warmup, connections);
      for (let r = 0; r < rounds; r++) {
        for (const impl of IMPLS) {
          const before = await targets[impl].ask<Stats>('stats');
          const res = await wrk(targets[impl].port, scenario, duration, connections);
          const after = await targets[impl].ask<Stats>('stats');
          res.cpuPerReq = (after.cpuMicros - before.cpuMicros) / Math.max(1, after.requests - before.requests);
          results[impl].push(res);
          const bad = res.non2xx || res.socketErrors ? ` (non-2xx ${res.non2xx}, socket errors ${res.socketErrors})` : '';
          console.log(`  ${scenario} round ${r + 1} ${impl.padEnd(9)} ${fmt(res.rps).padStart(9)} req/s  ${res.cpuPerReq.toFixed(1).padStart(6)} µs server CPU/req${bad}`);
        }
      }
      if (scenario === 'upload') {
        for (const impl of IMPLS) {
          const st = await targets[impl].ask<Stats>('stats');
          if (st.bodyBytes !== st.requests * 65536) console.log(`  WARNING ${impl}: ${st.bodyBytes} body octets for ${st.requests} requests`);
        }
      }
    } finally {
      for (const impl of IMPLS) await targets[impl].stop();
    }
    const med = (impl: ImplName) => median(results[impl].map((x) => x.rps));
    const span = (impl: ImplName) => {
      const xs = results[impl].map((x) => x.rps);
      return `${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))}`;
    };
    const errs = IMPLS.map((i) => results[i].reduce((a, x) => a + x.non2xx + x.socketErrors, 0));
    // paired ratio: each reference round against the node round right after it (robust to slow drifts in load)
    const paired = median(results.reference.map((x, i) => x.rps / results.node[i].rps));
    const cpu = (impl: ImplName) => median(results[impl].map((x) => x.cpuPerReq ?? 0));
    rows.push(`| ${scenario} | ${fmt(med('reference'))} (${span('reference')}) | ${fmt(med('node'))} (${span('node')}) | ${(med('reference') / med('node')).toFixed(2)} | ${paired.toFixed(2)} | ${cpu('reference').toFixed(1)} / ${cpu('node').toFixed(1)} (${(cpu('node') / cpu('reference')).toFixed(2)}) | ${errs.join(' / ')} |`);
  }
  console.log('\n| scenario | reference req/s median (min–max) | node:http req/s median (min–max) | reference/node (medians) | median of paired round ratios | server CPU µs/req ref / node (node/ref) | errors ref / node |');
  console.log('|---|---|---|---|---|---|---|');
  for (const r of rows) console.log(r);
}

main().catch((err) => { console.error(err); process.exit(1); });
