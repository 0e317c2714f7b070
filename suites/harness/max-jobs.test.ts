// A subject file's `maxJobs` caps the replays in flight against that subject whatever `--jobs` asks (subjects/README.md):
// over real loopback sockets, a command subject that counts its open connections reports the most it saw at once.

import test from 'tape';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseFixture } from '../../harness/fixture';
import { parseSubject } from '../../harness/subjects/load';
import { runSubject } from '../../harness/replay/run';
import type { ResultRecord } from '../../reports/results-model';
import type { Fixture } from '../../harness/fixture';

/** A server that answers every request with 200 after 30 ms (so replays overlap) and, on SIGTERM, writes the largest
 *  number of requests it had in hand at once (from their first octet to its answer) to the file named by its second
 *  argument. Connections are not counted: one that the harness has finished with may still be closing on this side
 *  when the next replay connects. */
const SERVER = `
const net = require('net'); const fs = require('fs');
let open = 0, most = 0;
const server = net.createServer((s) => {
  s.on('error', () => {});
  let got = '', counted = false;
  s.on('data', (d) => {
    got += d;
    if (!counted) { counted = true; open++; most = Math.max(most, open); }
    if (got.includes('\\r\\n\\r\\n')) setTimeout(() => { open--; s.end('HTTP/1.1 200 OK\\r\\nContent-Length: 0\\r\\nConnection: close\\r\\n\\r\\n'); }, 30);
  });
});
server.listen(Number(process.argv[1]), '127.0.0.1');
process.on('SIGTERM', () => { fs.writeFileSync(process.argv[2], String(most)); process.exit(0); });
`;

const fixture = (i: number) => {
  const r = parseFixture(`id: max-jobs-${i}
title: A server must answer a request
spec: RFC9112 3
level: MUST
role: server
tags: connection

exchange:
  send:
    "GET /${i} HTTP/1.1\\r\\n"
    "Host: a\\r\\n"
    "\\r\\n"
  wait: close

outcome: answered
  level: MUST
  response: 200
  connection: closed, reset
`, `max-jobs-${i}.h1`);
  if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.line}:${d.col} ${d.reason}`).join('; '));
  return r.fixture;
};

const CASES: ReadonlyArray<{ name: string; maxJobs?: number; jobs: number; most: (n: number) => boolean; says: string }> = [
  { name: 'maxJobs 1 with --jobs 8', maxJobs: 1, jobs: 8, most: (n) => n === 1, says: 'one request at a time' },
  { name: 'maxJobs 2 with --jobs 8', maxJobs: 2, jobs: 8, most: (n) => n >= 1 && n <= 2, says: 'at most two at once' },
  { name: 'no maxJobs with --jobs 8', jobs: 8, most: (n) => n > 2, says: 'more than two at once (the cap is what limits)' },
];

for (const c of CASES) {
  test(`max-jobs: ${c.name}`, async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'h1compat-maxjobs-'));
    try {
      const script = join(dir, 'server.js');
      const report = join(dir, 'most.txt');
      writeFileSync(script, SERVER);
      const spec = parseSubject({
        name: 'counting', role: 'server', lacks: ['echo'], ...(c.maxJobs === undefined ? {} : { maxJobs: c.maxJobs }),
        adapter: { kind: 'command', argv: [process.execPath, '-e', readFileSync(script, 'utf8'), '{port}', report], ready: { kind: 'port' } },
      }, 'max-jobs.test.ts');
      t.equal(spec.maxJobs, c.maxJobs, 'the subject file keeps maxJobs');
      const plan = Array.from({ length: 12 }, (_, i) => ({ fixture: fixture(i), file: `max-jobs-${i}.h1` }));
      const recs: ResultRecord[] = [];
      await runSubject(spec, plan, { deliveries: ['whole'], jobs: c.jobs, settleMs: 10 }, (r) => recs.push(r));
      t.equal(recs.length, 12, 'one record per fixture');
      t.ok(recs.every((r) => r.verdict === 'pass'), `every replay passes (${[...new Set(recs.map((r) => r.verdict))].join(', ')})`);
      const most = Number(readFileSync(report, 'utf8'));
      t.ok(c.most(most), `the subject had ${most} request(s) in hand at once: ${c.says}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('max-jobs: the schema refuses a cap below 1', (t) => {
  t.throws(() => parseSubject({ name: 'x', role: 'server', maxJobs: 0, adapter: { kind: 'address', host: '127.0.0.1', port: 1 } }, 'x.json'),
    /maxJobs/, 'maxJobs 0 is an error naming the key');
  t.end();
});
