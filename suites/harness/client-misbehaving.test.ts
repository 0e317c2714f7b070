// Misbehaving client subjects: one that never connects and one that reports fewer results than requests get the
// subject's `fail`; a client program that ends without its result line (exits, crashes, prints garbage) broke the
// contract its adapter must keep, so its record is `error` with the stack in the reason, never `fail` (issue 13).

import test from 'tape';
import { replayRole } from '../../harness/replay/engine';
import { judge } from '../../harness/replay/verdict';
import type { SubjectSpec } from '../../harness/subjects';
import { CLIENT_GET as GET } from './misbehaving';

const FAST = { delivery: 'whole' as const, waitMs: 300, timeoutMs: 3000, settleMs: 10, clientStartMs: 1500, clientTimeoutMs: 500 };


/** A command client written inline: `node -e <script>`; the script gets the spec path as its last argument. */
function client(name: string, script: string): SubjectSpec {
  return { name, role: 'client', adapter: { kind: 'command', argv: [process.execPath, '-e', script, '{spec}'], ready: { kind: 'port' } }, lacks: [] };
}

const CONNECT_AND = (after: string): string => `const spec = JSON.parse(require('fs').readFileSync(process.argv[1], 'utf8'));
const s = require('net').connect(spec.origin.port, '127.0.0.1', () => s.write('GET /x HTTP/1.1\\r\\nHost: a\\r\\n\\r\\n'));
s.on('error', () => {}); s.on('data', () => { ${after} });`;

const CASES: [string, string, 'fail' | 'error', RegExp][] = [
  ['never connects', 'setTimeout(() => {}, 20000)', 'fail', /never connected/],
  ['reports no results', CONNECT_AND("console.log(JSON.stringify({ h1compatClientResult: 1, results: [] })); process.exit(0)"), 'fail', /0 result\(s\) for 1 request/],
  ['exits silently', 'process.exit(0)', 'error', /without a result/],
  ['crashes', CONNECT_AND("throw new Error('boom')"), 'error', /Error: boom\n\s+at /],
  ['prints garbage', CONNECT_AND("process.stdout.write('hello, harness\\n{not json}\\n'); process.exit(0)"), 'error', /no result line/],
];

for (const [name, script, verdict, why] of CASES) {
  test(`a client that ${name} gets ${verdict} with the reason in the record`, async (t) => {
    const obs = await replayRole(client(name.replace(/ /g, '-'), script), GET, FAST);
    const v = judge(GET, obs);
    t.equal(v.verdict, verdict, `${name}: ${v.reason.slice(0, 300)}`);
    t.equal(obs.harnessError !== undefined, verdict === 'error', verdict === 'error' ? 'a harness (adapter) error' : 'not a harness error');
    t.ok(obs.notes.some((n) => why.test(n)) && (verdict === 'fail' || why.test(v.reason)), `the record says why: ${obs.notes.join(' | ').slice(0, 300)}`);
  });
}

test('a client whose request is malformed gets fail for its own output', async (t) => {
  const bad = client('bad-request', `const spec = JSON.parse(require('fs').readFileSync(process.argv[1], 'utf8'));
const s = require('net').connect(spec.origin.port, '127.0.0.1', () => s.write('GET /x HTTP/1.1\\r\\nHost a\\r\\n\\r\\n'));
s.on('error', () => {}); setTimeout(() => { console.log(JSON.stringify({ h1compatClientResult: 1, results: [{ status: 200, headers: [], body: 'b2s=' }] })); process.exit(0); }, 200);`);
  const obs = await replayRole(bad, GET, FAST);
  const v = judge(GET, obs);
  t.ok(obs.malformation !== undefined, `malformation recorded: ${obs.malformation?.code}`);
  t.equal(v.verdict, 'fail');
  t.match(v.reason, /malformed output/);
});
