// The example server fixtures replayed against the in-process reference and node:http: every replay gets a verdict.

import test from 'tape';
import { join } from 'node:path';
import { loadCorpus } from '../../harness/fixture';
import { loadSubjects } from '../../harness/subjects';
import { runSubject } from '../../harness/replay/run';
import type { ResultRecord } from '../../reports/results-model';

const ROOT = join(__dirname, '../..');
const { corpus } = loadCorpus(join(ROOT, 'fixtures/server'), { canonical: false });
const plan = corpus.fixtures.map((fixture) => ({ fixture, file: corpus.fileOf(fixture.id)! }));
const subjects = loadSubjects(join(ROOT, 'subjects'));
const PINNED = ['te-cl-conflict', 'chunked-trailers-kept-apart', 'pipelined-requests-keep-alive', 'expect-100-continue', 'http10-request-closes', 'pause-inside-head'];

for (const name of ['reference', 'node']) {
  test(`server fixtures x ${name} x {whole, byte-by-byte}: a verdict for each, none an error`, async (t) => {
    const recs: ResultRecord[] = [];
    const info = await runSubject(subjects.get(name)!, plan, { deliveries: ['whole', 'byte-by-byte'], jobs: 4 }, (r) => recs.push(r));
    t.equal(info.startError, undefined, 'subject started');
    const expected = plan.reduce((n, p) => n + ['whole', 'byte-by-byte'].filter((m) => p.fixture.delivery.modes.includes(m as never)).length, 0);
    t.equal(recs.length, expected, `${expected} records`);
    for (const r of recs) {
      t.ok(['pass', 'warn', 'info', 'fail'].includes(r.verdict), `${r.fixture} ${r.delivery}: ${r.verdict} — ${r.reason.slice(0, 160)}`);
      t.ok(r.observed !== undefined && r.wire.length > 0, `${r.fixture} ${r.delivery}: observation and wire log kept`);
    }
    // a few well-understood fixtures pin the engine's reading (the rest of the corpus is data and may grow)
    for (const id of PINNED) {
      for (const r of recs.filter((x) => x.fixture === id)) t.equal(r.verdict, 'pass', `${id} ${r.delivery} passes: ${r.reason}`);
    }
  });
}

test('echo bodies decode into the interpreted requests a fixture checks', async (t) => {
  const f = corpus.get('pipelined-requests-keep-alive')!;
  const recs: ResultRecord[] = [];
  await runSubject(subjects.get('node')!, [{ fixture: f, file: 'x' }], { deliveries: ['whole'] }, (r) => recs.push(r));
  const reqs = recs[0].observed!.requests;
  t.deepEqual(reqs.map((q) => [q.method, q.target]), [['GET', '/one'], ['POST', '/two']]);
  t.deepEqual(Buffer.from(reqs[1].body, 'base64'), Buffer.from([0x00, 0xff, 0x5c, 0x22]), 'binary body kept byte-exactly');
  t.equal(recs[0].verdict, 'pass');
});
