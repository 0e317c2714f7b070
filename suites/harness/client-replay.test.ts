// Client-role replay: every client fixture gets a verdict (never `error`) from the reference and node:http clients;
// the undici and curl command drivers run a few fixtures end to end.

import test from 'tape';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { loadCorpus } from '../../harness/fixture';
import { loadSubjects } from '../../harness/subjects';
import { runSubject } from '../../harness/replay/run';
import type { ResultRecord } from '../../reports/results-model';

const ROOT = join(__dirname, '../..');
const { corpus } = loadCorpus(join(ROOT, 'fixtures/client'), { canonical: false });
const plan = corpus.fixtures.map((fixture) => ({ fixture, file: corpus.fileOf(fixture.id)! }));
const subjects = loadSubjects(join(ROOT, 'subjects'));
/** well-understood fixtures that pin the engine's reading (the rest of the corpus is data and may grow) */
const PINNED = ['close-delimited-body', 'conflicting-content-length', 'early-hints-then-ok', 'empty-reason-phrase', 'expect-continue-waits'];

for (const name of ['reference-client', 'node-client']) {
  test(`client fixtures x ${name} x whole: a verdict for each, none an error`, async (t) => {
    const recs: ResultRecord[] = [];
    await runSubject(subjects.get(name)!, plan, { deliveries: ['whole'], jobs: 8 }, (r) => recs.push(r));
    const expected = plan.filter((p) => p.fixture.delivery.modes.includes('whole')).length;
    t.equal(recs.length, expected, `${expected} records`);
    const lacking = new Set(subjects.get(name)!.lacks);
    for (const r of recs) {
      // a fixture needing a capability the subject lacks (e.g. `pipelining`) is skip, and only such a fixture
      if (r.tags.some((tag) => lacking.has(tag))) {
        t.equal(r.verdict, 'skip', `${r.fixture}: skip (the subject lacks one of ${r.tags.join(', ')})`);
        continue;
      }
      t.ok(['pass', 'warn', 'info', 'fail'].includes(r.verdict), `${r.fixture}: ${r.verdict} — ${r.reason.slice(0, 160)}`);
      t.equal(r.role, 'client', `${r.fixture}: the record carries the role`);
      t.ok(r.observed !== undefined, `${r.fixture}: observation kept`);
    }
    for (const id of PINNED) {
      for (const r of recs.filter((x) => x.fixture === id)) t.equal(r.verdict, 'pass', `${id} passes: ${r.reason}`);
    }
  });
}

test('client role: the harness parses what the client sent, and the client reports what it received', async (t) => {
  const f = corpus.get('reuse-after-chunked');
  if (f === undefined) return t.skip('fixture reuse-after-chunked is not in the corpus');
  const recs: ResultRecord[] = [];
  await runSubject(subjects.get('reference-client')!, [{ fixture: f, file: 'x' }], { deliveries: ['whole'] }, (r) => recs.push(r));
  const o = recs[0].observed!;
  t.deepEqual(o.requests.map((q) => [q.method, q.target]), [['GET', '/a'], ['POST', '/b']], 'both requests parsed by the harness');
  t.deepEqual(o.responses.map((r) => Buffer.from(r.body, 'base64').toString()), ['abc', 'def'], 'both bodies as the client read them');
  t.ok(recs[0].wire.some((w) => w.side === 'origin' && w.dir === 'received'), 'wire log names the origin side');
});

const curl = spawnSync('curl', ['--version']).status === 0;
const ONE = plan.filter((p) => ['close-delimited-body', 'conflicting-content-length'].includes(p.fixture.id));

for (const name of ['undici-request', 'undici-fetch', 'curl']) {
  test(`${name}: the command driver runs fixtures end to end`, async (t) => {
    if (name === 'curl' && !curl) {
      t.skip('curl is not installed: the curl driver is not tested');
      return;
    }
    const recs: ResultRecord[] = [];
    await runSubject(subjects.get(name)!, ONE, { deliveries: ['whole'], jobs: 2 }, (r) => recs.push(r));
    t.equal(recs.length, ONE.length, `${ONE.length} records`);
    for (const r of recs) {
      // verdicts are the library's behaviour (curl 7.88 delivers a response with conflicting Content-Length values)
      t.ok(['pass', 'warn', 'info', 'fail'].includes(r.verdict), `${r.fixture}: ${r.verdict} — ${r.reason.slice(0, 160)}`);
      t.ok(r.observed!.responses.length > 0, `${r.fixture}: the driver reported a response or an error`);
      if (r.fixture === 'close-delimited-body') t.equal(r.verdict, 'pass', `close-delimited-body passes: ${r.reason}`);
    }
  });
}
