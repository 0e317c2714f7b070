// --jobs, --shard, --repeat: the results file does not depend on the number of jobs (same records, same order, same
// verdicts), the shards of a run are disjoint and together equal the unsharded run, repeats mark changing verdicts.

import test from 'tape';
import { join } from 'node:path';
import * as net from 'node:net';
import { startServerSubject, type SubjectSpec } from '../../harness/subjects';
import { SIMPLE } from './misbehaving';
import { loadCorpus } from '../../harness/fixture';
import { loadSubjects } from '../../harness/subjects';
import { runSubject, type Planned, type RunOptions } from '../../harness/replay/run';
import { inShard, parseShard, shardOfId } from '../../harness/replay/shard';
import { sortRecords } from '../../harness/results/writer';
import type { ResultRecord } from '../../reports/results-model';

const ROOT = join(__dirname, '../..');
const { corpus } = loadCorpus(join(ROOT, 'fixtures/server'), { canonical: false });
const subjects = loadSubjects(join(ROOT, 'subjects'));
// a fixed slice of the corpus, by id hash, so that the test does not grow with it
const plan: Planned[] = corpus.fixtures.filter((f) => inShard(f.id, { index: 2, count: 10 })).map((fixture) => ({ fixture, file: corpus.fileOf(fixture.id)! }));
const OPTIONS: RunOptions = { deliveries: ['whole', 'byte-by-byte', 'random-splits'] };

/** What must be identical between runs: the verdict and everything it rests on — not times (durations, wire
 *  timestamps, the Date field of responses). */
const stable = (r: ResultRecord): string => JSON.stringify({
  fixture: r.fixture, delivery: r.delivery, verdict: r.verdict, reason: r.reason, matched: r.matched, violated: r.violated,
  mismatches: r.mismatches, summary: r.observed?.summary, connection: r.observed?.connection, requests: r.observed?.requests,
  statuses: r.observed?.responses.map((x) => x.status), sent: r.wire.filter((w) => w.dir === 'sent').map((w) => [w.octets, w.segments]),
});

async function run(p: readonly Planned[], jobs: number): Promise<ResultRecord[]> {
  const recs: ResultRecord[] = [];
  await runSubject(subjects.get('reference')!, p, { ...OPTIONS, jobs }, (r) => recs.push(r));
  sortRecords(recs, ['reference']);
  return recs;
}

test(`--jobs 1 and --jobs 8 give the same records in the same order (${plan.length} fixtures, reference, 3 modes)`, async (t) => {
  const one = await run(plan, 1);
  const eight = await run(plan, 8);
  t.ok(one.length >= plan.length, `${one.length} records`);
  t.deepEqual(eight.map((r) => `${r.fixture} ${r.delivery}`), one.map((r) => `${r.fixture} ${r.delivery}`), 'same order');
  t.deepEqual(eight.map((r) => r.verdict), one.map((r) => r.verdict), 'same verdicts');
  const differ = one.filter((r, i) => stable(r) !== stable(eight[i])).map((r) => `${r.fixture} ${r.delivery}`);
  t.deepEqual(differ, [], 'records identical but for times');
});

test('--shard i/n: disjoint, covering, and the union of 3 shards equals the unsharded run', async (t) => {
  const whole = await run(plan, 8);
  const parts: ResultRecord[] = [];
  const seen = new Set<string>();
  for (let i = 1; i <= 3; i++) {
    const mine = plan.filter((p) => inShard(p.fixture.id, parseShard(`${i}/3`)));
    for (const p of mine) {
      t.notOk(seen.has(p.fixture.id), `${p.fixture.id} in one shard only`);
      seen.add(p.fixture.id);
    }
    parts.push(...(await run(mine, 8)));
  }
  t.equal(seen.size, plan.length, 'every fixture in some shard');
  sortRecords(parts, ['reference']);
  t.deepEqual(parts.map((r) => `${r.fixture} ${r.delivery} ${r.verdict}`), whole.map((r) => `${r.fixture} ${r.delivery} ${r.verdict}`), 'same records and verdicts');
});

test('shard assignment depends on the id alone, and parseShard rejects bad values', (t) => {
  t.equal(shardOfId('te-cl-conflict', 4), shardOfId('te-cl-conflict', 4), 'stable');
  t.ok(shardOfId('x', 1) === 1);
  t.deepEqual(parseShard(' 2 / 4 '), { index: 2, count: 4 });
  for (const bad of ['0/4', '5/4', '1/0', 'a/b', '1', '']) t.throws(() => parseShard(bad), /--shard/, `\`${bad}\` rejected`);
  t.end();
});

test('--repeat N: a steady subject is not flaky; one whose answer alternates is marked flaky with every verdict', async (t) => {
  const steady: ResultRecord[] = [];
  await runSubject(subjects.get('reference')!, [{ fixture: SIMPLE, file: 'inline.h1' }], { deliveries: ['whole'], repeat: 3 }, (r) => steady.push(r));
  t.deepEqual(steady[0].repeats, ['pass', 'pass', 'pass']);
  t.equal(steady[0].flaky, undefined, 'not flaky');
  let n = 0;
  const server = net.createServer((s) => {
    const status = n++ % 2 === 0 ? '200 OK' : '503 Busy';
    s.once('data', () => s.write(`HTTP/1.1 ${status}\r\nContent-Length: 0\r\n\r\n`));
    s.on('error', () => {});
  });
  const spec: SubjectSpec = { name: 'alternating', role: 'server', adapter: { kind: 'in-process', implementation: 'reference' }, lacks: ['echo'] };
  const handle = await startServerSubject(spec, server, 'test');
  const recs: ResultRecord[] = [];
  try {
    await runSubject(spec, [{ fixture: SIMPLE, file: 'inline.h1' }], { deliveries: ['whole'], repeat: 4, waitMs: 300 }, (r) => recs.push(r), handle);
  } finally {
    await handle.stop();
  }
  t.deepEqual(recs[0].repeats, ['pass', 'fail', 'pass', 'fail'], 'every repeat recorded, in order');
  t.equal(recs[0].flaky, true, 'marked flaky');
  t.equal(recs[0].verdict, 'fail', 'the record shows the worst repeat');
  t.match(recs[0].reason, /^flaky \(pass, fail, pass, fail\): /);
});

test('every-split asked of a TCP subject: a skip record with the reason, not a best-effort replay', async (t) => {
  const recs: ResultRecord[] = [];
  await runSubject(subjects.get('reference')!, [{ fixture: SIMPLE, file: 'inline.h1' }], { deliveries: ['whole', 'every-split'], transport: 'tcp' }, (r) => recs.push(r));
  sortRecords(recs, ['reference']);
  t.deepEqual(recs.map((r) => [r.delivery, r.transport, r.verdict]), [['whole', 'tcp', 'pass'], ['every-split', 'tcp', 'skip']]);
  t.match(recs.find((r) => r.delivery === 'every-split')!.reason, /in-memory transport/);
});
