// Benchmark (not a test): harness throughput — the server corpus in memory against the in-process reference, and
// fixture-runs/s against a TCP subject (the reference echo server as a separate process) with --jobs 8.
//
// Usage: npm run bench:harness [-- --memory-jobs N] [-- --tcp-jobs N] [-- --rounds N]
// Part 1: every server fixture x {whole, byte-by-byte} against `reference` over the in-memory transport (one
//         process); wall time from the first replay to the last record, per round; median and best reported.
// Part 2: every server fixture x {whole} against a command subject (`h1compat serve --subject reference` on a free
//         loopback port) over TCP with --tcp-jobs (default 8); fixture-runs/s = records / wall time. Also reported:
//         the same for the replays that did not wait out a fixture's own `wait ... within` (which are time the
//         fixture asks for, not harness cost), so that the harness's own rate is visible.
// Machine, node version and load average are printed with the figures: the load of other processes matters.

import * as os from 'node:os';
import { join } from 'node:path';
import { loadCorpus } from '../harness/fixture';
import { loadSubjects, startSubject, type SubjectHandle, type SubjectSpec } from '../harness/subjects';
import { runSubject, type Planned } from '../harness/replay/run';
import type { ResultRecord } from '../reports/results-model';
import type { DeliveryMode } from '../harness/fixture';

const ROOT = join(__dirname, '..');

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

interface Round {
  readonly seconds: number;
  /** CPU seconds of this process (user + system) during the round */
  readonly cpu: number;
  readonly records: ResultRecord[];
}

/** One pass over the plan; the subject is already started (its start-up is not timed). */
async function round(spec: SubjectSpec, handle: SubjectHandle, plan: readonly Planned[], deliveries: DeliveryMode[], jobs: number): Promise<Round> {
  const records: ResultRecord[] = [];
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const info = await runSubject(spec, plan, { deliveries, jobs }, (r) => records.push(r), handle);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const c = process.cpuUsage(c0);
  const cpu = (c.user + c.system) / 1e6;
  if (info.startError !== undefined) throw new Error(`${spec.name} did not start: ${info.startError}`);
  return { seconds, cpu, records };
}

const tally = (rs: readonly ResultRecord[]): string => {
  const c: Record<string, number> = {};
  for (const r of rs) c[r.verdict] = (c[r.verdict] ?? 0) + 1;
  return Object.entries(c).map(([k, n]) => `${k} ${n}`).join(', ');
};

/** Replays that waited out one of the fixture's own waits (time asked for by the fixture, not harness cost). */
const waited = (r: ResultRecord): boolean => (r.observed?.timeouts.length ?? 0) > 0 || r.observed?.overallTimeout === true;

async function main(): Promise<void> {
  const rounds = flag('rounds', 3);
  const memoryJobs = flag('memory-jobs', 32);
  const tcpJobs = flag('tcp-jobs', 8);
  const { corpus } = loadCorpus(join(ROOT, 'fixtures'), { canonical: false });
  const plan = corpus.fixtures.filter((f) => f.role === 'server').map((fixture) => ({ fixture, file: corpus.fileOf(fixture.id)! }));
  const subjects = loadSubjects(join(ROOT, 'subjects'));
  const cpu = os.cpus();
  console.log(`machine: ${cpu.length} x ${cpu[0]?.model ?? 'unknown cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${process.platform}-${process.arch}, node ${process.version}`);
  console.log(`load average before: ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  console.log(`corpus: ${plan.length} server fixtures`);

  // ---- part 1: in memory -----------------------------------------------------------------------------------------
  const reference = subjects.get('reference')!;
  const mem: Round[] = [];
  const refHandle = await startSubject(reference);
  for (let i = 0; i < rounds; i++) mem.push(await round(reference, refHandle, plan, ['whole', 'byte-by-byte'], memoryJobs));
  await refHandle.stop();
  const memRecs = mem[0].records;
  const memWait = memRecs.filter(waited);
  console.log(`\n[1] reference, in memory, {whole, byte-by-byte}, --jobs ${memoryJobs}: ${memRecs.length} replays (${tally(memRecs)})`);
  console.log(`    wall time per round: ${mem.map((r) => r.seconds.toFixed(2)).join(' s, ')} s — median ${median(mem.map((r) => r.seconds)).toFixed(2)} s`);
  console.log(`    CPU time of the process per round: ${mem.map((r) => r.cpu.toFixed(2)).join(' s, ')} s (harness and subject: one process)`);
  console.log(`    ${memWait.length} replays waited out a fixture's own wait (sum of their durations ${(memWait.reduce((a, r) => a + r.durationMs, 0) / 1000).toFixed(1)} s, longest ${Math.max(0, ...memWait.map((r) => r.durationMs))} ms)`);
  console.log(`    transports: ${[...new Set(memRecs.map((r) => r.transport))].join(', ')}`);

  // ---- part 2: TCP subject in another process --------------------------------------------------------------------
  const tcpSubject: SubjectSpec = {
    name: 'reference-command', role: 'server', lacks: [],
    adapter: { kind: 'command', argv: [process.execPath, join(ROOT, 'bin/h1compat.js'), 'serve', '--subject', 'reference', '--port', '{port}'], ready: { kind: 'stdout', match: 'echo server on' }, readyTimeoutMs: 60000 },
  };
  const tcp: Round[] = [];
  const s0 = Date.now();
  const tcpHandle = await startSubject(tcpSubject);
  const startup = Date.now() - s0;
  try {
    for (let i = 0; i < rounds; i++) tcp.push(await round(tcpSubject, tcpHandle, plan, ['whole'], tcpJobs));
  } finally {
    await tcpHandle.stop();
  }
  const rates = tcp.map((r) => r.records.length / r.seconds);
  const best = tcp.reduce((a, b) => (a.seconds <= b.seconds ? a : b));
  const quick = best.records.filter((r) => !waited(r));
  const quickSeconds = quick.reduce((a, r) => a + r.durationMs, 0) / 1000 / tcpJobs;
  console.log(`\n[2] reference as a command subject over TCP, {whole}, --jobs ${tcpJobs}: ${best.records.length} fixture-runs (${tally(best.records)})`);
  console.log(`    subject start-up (not in the rates): ${startup} ms`);
  console.log(`    fixture-runs/s per round: ${rates.map((x) => x.toFixed(0)).join(', ')} — median ${median(rates).toFixed(0)}/s`);
  console.log(`    harness CPU per round: ${tcp.map((r) => r.cpu.toFixed(2)).join(' s, ')} s; a replay whose connection stays open watches it for settleMs (30 ms) after its last step (one the subject closes ends at the FIN)`);
  console.log(`    without the ${best.records.length - quick.length} replays that waited out a fixture's own wait: ${quick.length} runs, ~${(quick.length / quickSeconds).toFixed(0)}/s (their summed durations / jobs)`);
  const failing = tcp.flatMap((r, i) => r.records.filter((x) => x.verdict === 'fail' || x.verdict === 'error').map((x) => `round ${i + 1}: ${x.fixture} ${x.verdict}`));
  if (failing.length > 0) console.log(`    fail/error records: ${failing.join('; ')}`);
  console.log(`    transports: ${[...new Set(best.records.map((r) => r.transport))].join(', ')}`);
  console.log(`\nload average after: ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
