// Merge (4 synthetic shards = the unsharded run), baseline and compare logic tables, the one verdict order, and the
// results model's enums equal to the schema's.

import test from 'tape';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mergeResults, MergeError, parseBaseline, applyBaselines, gateStatus, baselineFrom, compareResults, compareStatus, resultsText, parseResults } from '../../reports';
import { judge } from '../../reports/baseline';
import { sortRecords } from '../../reports/model';
import * as R from '../../reports/results-model';
import { documentOf, record, subject } from './docs';
import type { ResultRecord, ResultsDocument, VerdictKind } from '../../reports/results-model';

test('the enums of reports/results-model.ts are the schema\'s', (t) => {
  const schema = JSON.parse(readFileSync(join(__dirname, '../../reports/results.schema.json'), 'utf8'));
  const rec = schema.$defs.record.properties;
  t.deepEqual(schema.$defs.verdict.enum, R.VERDICT_KINDS, 'verdicts');
  t.deepEqual(rec.delivery.enum, R.DELIVERY_MODES, 'delivery modes');
  t.deepEqual(rec.level.enum, R.LEVELS, 'levels');
  t.deepEqual(schema.$defs.role.enum, R.ROLES, 'roles');
  t.equal(schema.properties.version.const, R.RESULTS_VERSION, 'version');
  t.deepEqual(rec.transport.enum, R.TRANSPORTS, 'transports');
  t.equal(rec.repeats.items.$ref, '#/$defs/verdict', 'repeat verdicts');
  t.end();
});

test('one verdict order: worst, worse, gating severity and classes agree with VERDICT_ORDER', (t) => {
  t.deepEqual([...R.VERDICT_ORDER].sort(), [...R.VERDICT_KINDS].sort(), 'VERDICT_ORDER lists every verdict once');
  for (let i = 0; i < R.VERDICT_ORDER.length; i++) for (let j = 0; j < R.VERDICT_ORDER.length; j++) {
    const a = R.VERDICT_ORDER[i];
    const b = R.VERDICT_ORDER[j];
    t.equal(R.worse(a, b), i > j, `worse(${a}, ${b})`);
    t.equal(R.worst([a, b]), i >= j ? a : b, `worst(${a}, ${b})`);
    // gating never contradicts the order: a verdict later in VERDICT_ORDER is never less severe for gating
    if (i > j) t.ok(R.severity(a) >= R.severity(b), `severity(${a}) >= severity(${b})`);
  }
  t.deepEqual(R.VERDICT_ORDER.map(R.verdictClass), ['ok', 'ok', 'ok', 'warn', 'fail', 'error'], 'pass, skip and info are one gating class');
  t.equal(R.worst([]), undefined, 'worst of nothing');
  t.end();
});

/** An unsharded run: 24 fixtures × 2 subjects × 3 deliveries, records in a scrambled completion order. */
function unsharded(): ResultsDocument {
  const records: ResultRecord[] = [];
  const vs: VerdictKind[] = ['pass', 'pass', 'warn', 'fail', 'info', 'pass', 'error'];
  for (const s of ['reference', 'node']) for (let i = 0; i < 24; i++) for (const delivery of ['whole', 'byte-by-byte', 'random-splits'] as const) {
    records.push(record({ fixture: `fx-${String(i).padStart(2, '0')}`, subject: s, delivery, verdict: vs[(i * 3 + s.length + delivery.length) % vs.length] }));
  }
  const scrambled = records.map((r, i) => [(i * 7919) % records.length, r] as const).sort((a, b) => a[0] - b[0]).map(([, r]) => r);
  return documentOf([subject('reference'), subject('node')], scrambled, { fixtures: 24, shard: null });
}

function shards(doc: ResultsDocument, n: number): ResultsDocument[] {
  return Array.from({ length: n }, (_, k) => {
    const ids = [...new Set(doc.records.map((r) => r.fixture))].filter((_, i) => i % n === k);
    const recs = doc.records.filter((r) => ids.includes(r.fixture)).reverse();
    return { ...doc, run: { ...doc.run, startedAt: `2026-01-02T03:04:0${5 + k}.000Z`, options: { ...doc.run.options, fixtures: ids.length, shard: `${k + 1}/${n}` } }, records: recs };
  });
}

test('merge: 4 shards give the unsharded run (records in canonical order), byte for byte', (t) => {
  const whole = unsharded();
  const parts = shards(whole, 4);
  const { doc, warnings } = mergeResults([parts[2], parts[0], parts[3], parts[1]], ['s3', 's1', 's4', 's2']);
  t.deepEqual(warnings, []);
  const expected: ResultsDocument = { ...whole, run: { ...whole.run, startedAt: '2026-01-02T03:04:05.000Z' }, records: sortRecords(whole.records, ['reference', 'node']) };
  t.equal(resultsText(doc), resultsText(expected), 'same document');
  t.deepEqual(parseResults(resultsText(doc), 'merged').records.map((r) => r.verdict), expected.records.map((r) => r.verdict), 'same verdicts');
  t.end();
});

test('merge refuses what cannot be one run, warns about a missing shard', (t) => {
  const parts = shards(unsharded(), 4);
  t.throws(() => mergeResults([parts[0], parts[0]]), MergeError, 'the same shard twice');
  t.throws(() => mergeResults([parts[0], { ...parts[1], run: { ...parts[1].run, options: { ...parts[1].run.options, seed: 9 } } }]), /options differ/, 'different options');
  t.throws(() => mergeResults([parts[0], { ...parts[1], run: { ...parts[1].run, options: { ...parts[1].run.options, shard: '2/5' } } }]), /others are of 4/, 'different shard counts');
  const { doc, warnings } = mergeResults(parts.slice(0, 3));
  t.match(warnings.join('\n'), /missing shard\(s\) 4\/4/);
  t.equal(doc.run.complete, false, 'a partial merge is marked incomplete');
  t.end();
});

const B = `# comment\nsubject: node\nfx-a fail  # observed 400\nfx-b byte-by-byte warn\nfx-c fail,pass\nfx-d error\n`;

test('baseline: parse and judge (table)', (t) => {
  const b = parseBaseline(B, 'b.txt');
  t.equal(b.subject, 'node');
  t.equal(b.entries.length, 4);
  const rows: [VerdictKind, VerdictKind[], string][] = [
    ['pass', ['pass'], 'expected'], ['info', ['pass'], 'expected'], ['skip', ['pass'], 'expected'], ['warn', ['pass'], 'worse'], ['fail', ['pass'], 'worse'],
    ['error', ['pass'], 'worse'], ['fail', ['fail'], 'expected'], ['pass', ['fail'], 'better'], ['warn', ['fail'], 'better'], ['error', ['fail'], 'worse'],
    ['fail', ['warn'], 'worse'], ['pass', ['fail', 'pass'], 'expected'], ['fail', ['fail', 'pass'], 'expected'],
  ];
  for (const [actual, exp, want] of rows) t.equal(judge(actual, exp), want, `${actual} against ${exp.join(',')}: ${want}`);
  for (const [bad, why] of [['fx fail', /subject/], ['subject: a\nfx nope', /unknown verdict/], ['subject: a\nfx whole-ish fail', /unknown delivery/], ['subject: a\nfx fail\nfx fail', /second expectation/], ['subject: a\nsubject: b', /second subject/]] as const) {
    t.throws(() => parseBaseline(bad, 'x'), why, `rejects ${JSON.stringify(bad)}`);
  }
  t.end();
});

test('baseline: gate only on unexpected results; update round-trips', (t) => {
  const recs = [
    record({ fixture: 'fx-a', subject: 'node', verdict: 'fail' }), record({ fixture: 'fx-a', subject: 'node', delivery: 'byte-by-byte', verdict: 'fail' }),
    record({ fixture: 'fx-b', subject: 'node', verdict: 'pass' }), record({ fixture: 'fx-b', subject: 'node', delivery: 'byte-by-byte', verdict: 'warn' }),
    record({ fixture: 'fx-c', subject: 'node', verdict: 'pass' }), record({ fixture: 'fx-e', subject: 'node', verdict: 'pass' }),
  ];
  const doc = documentOf([subject('node')], recs);
  const b = parseBaseline(B, 'b.txt');
  let rep = applyBaselines(doc, [b]);
  t.equal(rep.worse.length, 0);
  t.equal(gateStatus(rep), 0, 'all as expected: exit 0');
  t.deepEqual(rep.unused.map((u) => u.entry.fixture), ['fx-d'], 'fx-d matched nothing');
  const worse = documentOf([subject('node')], [...recs.slice(0, 5), record({ fixture: 'fx-e', subject: 'node', verdict: 'fail' })]);
  rep = applyBaselines(worse, [b]);
  t.deepEqual(rep.worse.map((j) => j.record.fixture), ['fx-e'], 'a new failure is unexpected');
  t.equal(gateStatus(rep), 1, 'and gates');
  const better = documentOf([subject('node')], [record({ fixture: 'fx-a', subject: 'node', verdict: 'pass' })]);
  rep = applyBaselines(better, [b]);
  t.deepEqual([rep.better.length, gateStatus(rep)], [1, 0], 'an unexpected pass is reported, not gated');
  const written = baselineFrom(doc, 'node');
  t.equal(written.entries, 2, 'update writes fx-a (all deliveries) and fx-b byte-by-byte');
  t.match(written.text, /^fx-a fail {2}# /m);
  t.match(written.text, /^fx-b byte-by-byte warn/m);
  t.equal(gateStatus(applyBaselines(doc, [parseBaseline(written.text)])), 0, 'the results pass their own baseline');
  t.end();
});

test('compare: regressions, fixes, changes (table)', (t) => {
  const rows: [VerdictKind, VerdictKind, 'regressions' | 'fixes' | 'changed' | 'unchanged'][] = [
    ['pass', 'fail', 'regressions'], ['pass', 'warn', 'regressions'], ['warn', 'fail', 'regressions'], ['fail', 'error', 'regressions'], ['info', 'warn', 'regressions'],
    ['fail', 'pass', 'fixes'], ['warn', 'pass', 'fixes'], ['error', 'fail', 'fixes'], ['pass', 'info', 'changed'], ['skip', 'pass', 'changed'], ['fail', 'fail', 'unchanged'],
  ];
  for (const [a, b, want] of rows) {
    const c = compareResults(documentOf([subject('n')], [record({ fixture: 'f', subject: 'n', verdict: a })]), documentOf([subject('n')], [record({ fixture: 'f', subject: 'n', verdict: b })]));
    const got = c.regressions.length ? 'regressions' : c.fixes.length ? 'fixes' : c.changed.length ? 'changed' : 'unchanged';
    t.equal(got, want, `${a} -> ${b}: ${want}`);
    t.equal(compareStatus(c), want === 'regressions' ? 1 : 0, `${a} -> ${b}: exit ${want === 'regressions' ? 1 : 0}`);
  }
  const c = compareResults(documentOf([subject('n')], [record({ fixture: 'old', subject: 'n', verdict: 'pass' })]), documentOf([subject('n')], [record({ fixture: 'new', subject: 'n', verdict: 'fail' })]));
  t.deepEqual([c.added.length, c.removed.length, compareStatus(c)], [1, 1, 0], 'added and removed records are listed, not regressions');
  t.end();
});
