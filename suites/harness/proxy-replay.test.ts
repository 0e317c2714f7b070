// Proxy-role replay: the in-process test proxy (harness/subjects/test-proxy.ts) forwards through the harness's
// client and origin; every proxy fixture gets a verdict; a proxy that drops connections still gets one.

import test from 'tape';
import { join } from 'node:path';
import { loadCorpus } from '../../harness/fixture';
import { loadSubjects, type SubjectSpec } from '../../harness/subjects';
import { runSubject } from '../../harness/replay/run';
import { replayRole } from '../../harness/replay/engine';
import { judge } from '../../harness/replay/verdict';
import type { ResultRecord } from '../../reports/results-model';

const ROOT = join(__dirname, '../..');
const { corpus } = loadCorpus(join(ROOT, 'fixtures/proxy'), { canonical: false });
const plan = corpus.fixtures.map((fixture) => ({ fixture, file: corpus.fileOf(fixture.id)! }));
const proxy = loadSubjects(join(ROOT, 'subjects')).get('reference-proxy')!;

test('proxy fixtures x reference-proxy x {whole, byte-by-byte}: a verdict for each, none an error', async (t) => {
  const recs: ResultRecord[] = [];
  await runSubject(proxy, plan, { deliveries: ['whole', 'byte-by-byte'], jobs: 4 }, (r) => recs.push(r));
  t.ok(recs.length >= plan.length, `${recs.length} records`);
  for (const r of recs) {
    t.ok(['pass', 'warn', 'info', 'fail'].includes(r.verdict), `${r.fixture} ${r.delivery}: ${r.verdict} — ${r.reason.slice(0, 160)}`);
    t.equal(r.role, 'proxy');
  }
  for (const r of recs.filter((x) => x.fixture === 'connection-options-removed')) t.equal(r.verdict, 'pass', `connection-options-removed ${r.delivery}: ${r.reason}`);
});

test('proxy role: the forwarded request is re-parsed, hop-by-hop fields are gone, the response comes back', async (t) => {
  const f = corpus.get('connection-options-removed')!;
  const obs = await replayRole(proxy, f, { delivery: 'whole' });
  t.deepEqual(obs.requests.map((q) => [q.method, q.target]), [['GET', '/r']], 'absolute-form turned into origin-form');
  t.notOk(obs.requests[0].fields.some(([n]) => /^(connection|x-hop|keep-alive)$/i.test(n)), 'hop-by-hop fields removed');
  t.ok(obs.requestsRaw![0].startsWith('GET /r HTTP/1.1\r\n'), 'raw forwarded octets kept');
  t.deepEqual(obs.responses.map((r) => [r.status, r.body]), [[200, 'ok']]);
  t.ok(obs.wire.some((w) => (w as { side?: string }).side === 'origin'), 'wire log has both sides');
});

test('a proxy that accepts and drops every connection gets fail, not error', async (t) => {
  const f = corpus.get('connection-options-removed')!;
  const dropper: SubjectSpec = {
    name: 'dropper', role: 'proxy', lacks: [],
    adapter: { kind: 'command', argv: [process.execPath, '-e', "require('net').createServer((s) => s.destroy()).listen(+process.argv[1], '127.0.0.1')", '{port}'], ready: { kind: 'port' } },
  };
  const obs = await replayRole(dropper, f, { delivery: 'whole', waitMs: 300, timeoutMs: 3000, settleMs: 10 });
  const v = judge(f, obs);
  t.equal(obs.harnessError, undefined, 'not a harness error');
  t.equal(v.verdict, 'fail', v.reason);
  t.equal(obs.requests.length, 0, 'nothing forwarded');
});

test('a proxy that never starts is a setup error with the reason', async (t) => {
  const f = corpus.get('connection-options-removed')!;
  const dead: SubjectSpec = { name: 'dead', role: 'proxy', lacks: [], adapter: { kind: 'command', argv: [process.execPath, '-e', 'process.exit(3)'], ready: { kind: 'port' }, readyTimeoutMs: 2000 } };
  const obs = await replayRole(dead, f, { delivery: 'whole' });
  t.equal(judge(f, obs).verdict, 'error');
  t.match(obs.harnessError ?? '', /did not start/);
});
