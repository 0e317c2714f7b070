// --repeat works for every role (one runner, harness/replay/run.ts): a client or proxy subject whose behaviour
// alternates between replays gets its record marked flaky with every repeat's verdict; a steady one does not.
// Real processes and loopback sockets; each subject counts its replays in a file of its own.

import test from 'tape';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSubject } from '../../harness/replay/run';
import type { SubjectSpec } from '../../harness/subjects';
import type { ResultRecord } from '../../reports/results-model';
import { CLIENT_GET, PROXY_GET } from './misbehaving';

const FAST = { deliveries: ['whole' as const], waitMs: 1000, timeoutMs: 4000, settleMs: 10, clientStartMs: 3000, clientTimeoutMs: 1000 };



/** The replay number (1, 2, ...) from a counter file: odd replays behave, even ones do not (every replay behaves
 *  when the counter file's name is \`steady\`). */
const COUNT = `const fs = require('fs');
const count = (file) => { if (file.endsWith('steady')) return 1; const n = (fs.existsSync(file) ? +fs.readFileSync(file, 'utf8') : 0) + 1; fs.writeFileSync(file, String(n)); return n; };`;

/** A client that reports the 200 on odd replays and a 500 on even ones. argv: spec file, counter file. */
const ALTERNATING_CLIENT = `${COUNT}
const n = count(process.argv[2]);
const spec = JSON.parse(fs.readFileSync(process.argv[1], 'utf8'));
const s = require('net').connect(spec.origin.port, '127.0.0.1', () => s.write('GET /x HTTP/1.1\\r\\nHost: a\\r\\n\\r\\n'));
s.on('error', () => {});
s.once('data', () => {
  const entry = n % 2 === 1 ? { status: 200, reason: 'OK', headers: [['Content-Length', '2']], body: 'b2s=' } : { status: 500, reason: 'No', headers: [], body: '' };
  console.log(JSON.stringify({ h1compatClientResult: 1, client: 'alternating', results: [entry] }));
  process.stdin.resume();
  process.stdin.on('end', () => process.exit(0));
});`;

/** A proxy that forwards on odd replays and answers 502 itself on even ones. argv: port, upstream port, counter. */
const ALTERNATING_PROXY = `${COUNT}
const net = require('net');
const [port, up, file] = process.argv.slice(1);
const n = count(file);
net.createServer((c) => {
  c.on('error', () => {});
  if (n % 2 === 0) { c.once('data', () => c.end('HTTP/1.1 502 Bad Gateway\\r\\nContent-Length: 0\\r\\n\\r\\n')); return; }
  const u = net.connect(+up, '127.0.0.1');
  u.on('error', () => c.destroy());
  c.pipe(u);
  u.pipe(c);
}).listen(+port, '127.0.0.1', () => console.log('ready'));`;

function alternating(role: 'client' | 'proxy', counter: string): SubjectSpec {
  const argv = role === 'client' ? [process.execPath, '-e', ALTERNATING_CLIENT, '{spec}', counter]
    : [process.execPath, '-e', ALTERNATING_PROXY, '{port}', '{upstreamPort}', counter];
  return { name: `alternating-${role}`, role, lacks: [], adapter: { kind: 'command', argv, ready: { kind: 'stdout', match: 'ready' } } };
}

async function records(spec: SubjectSpec, f: typeof CLIENT_GET, repeat: number): Promise<ResultRecord[]> {
  const recs: ResultRecord[] = [];
  await runSubject(spec, [{ fixture: f, file: 'inline.h1' }], { ...FAST, repeat }, (r) => recs.push(r));
  return recs;
}

for (const [role, f] of [['client', CLIENT_GET], ['proxy', PROXY_GET]] as const) {
  test(`--repeat 3 marks a ${role} subject whose verdict changes between replays as flaky`, async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'h1compat-repeat-'));
    try {
      const [r] = await records(alternating(role, join(dir, 'count')), f, 3);
      t.deepEqual(r.repeats, ['pass', 'fail', 'pass'], `every repeat's verdict, in order (${r.reason.slice(0, 120)})`);
      t.equal(r.flaky, true, 'marked flaky');
      t.equal(r.verdict, 'fail', 'the record shows the worst verdict');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test(`--repeat 2 leaves a steady ${role} subject unmarked`, async (t) => {
    const [r] = await records(alternating(role, 'steady'), f, 2);
    t.deepEqual(r.repeats, ['pass', 'pass'], `both repeats pass (${r.reason.slice(0, 120)})`);
    t.equal(r.flaky, undefined, 'not flaky');
  });
}
