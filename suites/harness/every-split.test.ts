// every-split delivery against the in-process reference and node:http: a verdict for every fixture, never an error,
// and the split replays of each fixture folded into one record. A fixed slice of the corpus (shard 1/8 by id hash,
// plus the pinned fixtures) keeps `npm test` short; `h1compat run --delivery every-split` runs the whole corpus.

import test from 'tape';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { loadCorpus } from '../../harness/fixture';
import { loadSubjects } from '../../harness/subjects';
import { runSubject } from '../../harness/replay/run';
import { splitPlan } from '../../harness/replay/every-split';
import { inShard } from '../../harness/replay/shard';
import type { ResultRecord } from '../../reports/results-model';

const ROOT = join(__dirname, '../..');
const { corpus } = loadCorpus(join(ROOT, 'fixtures/server'), { canonical: false });
const PINNED = ['te-cl-conflict', 'chunked-trailers-kept-apart', 'pipelined-requests-keep-alive', 'expect-100-continue', 'http10-request-closes'];
const plan = corpus.fixtures
  .filter((f) => f.delivery.modes.includes('every-split') && (PINNED.includes(f.id) || inShard(f.id, { index: 1, count: 8 })))
  .map((fixture) => ({ fixture, file: corpus.fileOf(fixture.id)! }));
const subjects = loadSubjects(join(ROOT, 'subjects'));
const SCHEMA = JSON.parse(readFileSync(join(ROOT, 'reports/results.schema.json'), 'utf8')) as { $defs: { record: { required: string[]; properties: Record<string, { required?: string[] }> } } };

for (const name of ['reference', 'node']) {
  test(`every-split x ${name} on ${plan.length} server fixtures: one record each, a verdict, no error`, async (t) => {
    const recs: ResultRecord[] = [];
    const info = await runSubject(subjects.get(name)!, plan, { deliveries: ['every-split'], jobs: 16 }, (r) => recs.push(r));
    t.equal(info.startError, undefined, 'subject started');
    t.equal(info.transport, 'memory', 'in-process subjects run every-split in memory');
    t.equal(recs.length, plan.length, 'one record per fixture');
    for (const r of recs) {
      const { points } = splitPlan(corpus.get(r.fixture)!);
      t.ok(['pass', 'warn', 'info', 'fail'].includes(r.verdict), `${r.fixture}: ${r.verdict} — ${r.reason.slice(0, 160)}`);
      t.equal(r.splits?.replays, points.length, `${r.fixture}: ${points.length} split replays`);
      t.notOk(r.splits?.verdicts.error, `${r.fixture}: no split replay is an error`);
    }
    const rec = SCHEMA.$defs.record;
    const keys = new Set(recs.flatMap((r) => Object.keys(r)));
    t.deepEqual([...keys].filter((k) => !(k in rec.properties)), [], 'every field of the records is in the results schema');
    t.ok(recs.every((r) => rec.required.every((k) => k in r)), 'every required field is present');
    t.ok(recs.every((r) => rec.properties.splits.required!.every((k) => r.splits !== undefined && k in r.splits)), 'splits has its required fields');
    if (name === 'reference') {
      for (const id of PINNED) t.equal(recs.find((r) => r.fixture === id)?.verdict, 'pass', `${id} passes at every split point`);
    }
  });
}
