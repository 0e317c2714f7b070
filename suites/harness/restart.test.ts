// A command subject that stops answering after one request is restarted; the other replays get real verdicts and the
// replay after which it stopped is named (harness/replay/keeper.ts). Real processes and loopback sockets.

import test from 'tape';
import { runSubject } from '../../harness/replay/run';
import type { ResultRecord } from '../../reports/results-model';
import type { SubjectSpec } from '../../harness/subjects';
import { simpleGet } from './misbehaving';

const FAST = { waitMs: 300, timeoutMs: 3000, settleMs: 10, probeMs: 500 };

/** A plain HTTP server that answers `ok` to everything but `/wedge`, where it does what argv[2] says. */
const SERVER = `
const http = require('http');
const how = process.argv[2];
const server = http.createServer((q, s) => {
  q.resume();
  if (q.url !== '/wedge') return s.end('ok');
  if (how === 'busy') { const end = Date.now() + 20000; while (Date.now() < end); }
  if (how === 'unlisten') server.close();
  if (how === 'exit') process.exit(0);
  // 'silent': this request is not answered, every other one is
});
server.listen(+process.argv[1], '127.0.0.1');`;

/** A GET of `path` that must be answered with 200 (no echo: these servers answer plain text). */
const get = (id: string, path: string) => simpleGet(id, path, false);
const WEDGE = get('wedge', '/wedge');
const others = [1, 2, 3, 4].map((i) => get(`simple-${i}`, `/${i}`));

function spec(how: string): SubjectSpec {
  return {
    name: how, role: 'server', lacks: ['echo'],
    adapter: { kind: 'command', argv: [process.execPath, '-e', SERVER, '{port}', how], ready: { kind: 'port' } },
  };
}

const cases = [
  { how: 'busy', restarted: true, why: 'its event loop blocked' },
  { how: 'unlisten', restarted: true, why: 'it stopped listening' },
  { how: 'exit', restarted: true, why: 'it exited' },
  { how: 'silent', restarted: false, why: 'it ignores one request but answers the others' },
];

for (const c of cases) {
  test(`a subject that stops answering (${c.how}: ${c.why}) ${c.restarted ? 'is restarted' : 'is not restarted'}; no replay is error`, async (t) => {
    const recs: ResultRecord[] = [];
    const plan = [WEDGE, ...others].map((f) => ({ fixture: f, file: 'inline.h1' }));
    const info = await runSubject(spec(c.how), plan, { deliveries: ['whole', 'byte-by-byte'], jobs: 3, ...FAST }, (r) => recs.push(r));
    t.equal(recs.length, 10, 'a record per fixture and delivery');
    t.deepEqual(recs.filter((r) => r.verdict === 'error').map((r) => r.reason), [], 'no error records');
    t.deepEqual(recs.filter((r) => r.fixture !== 'wedge' && r.verdict !== 'pass').map((r) => `${r.fixture} ${r.delivery}: ${r.reason}`), [], 'the other fixtures pass');
    const wedged = recs.filter((r) => r.fixture === 'wedge');
    t.ok(wedged.every((r) => r.verdict === 'fail'), 'the unanswered request fails');
    if (c.restarted) {
      t.ok(wedged.every((r) => /stopped answering new connections; it was restarted/.test(r.reason)), 'its records say so');
      for (const d of ['whole', 'byte-by-byte']) {
        t.ok(info.restarts?.some((x) => x.includes(`after replay wedge (${d})`)), `the restarts name wedge (${d})`);
      }
    } else {
      t.equal(info.restarts, undefined, 'no restart');
      t.ok(wedged.every((r) => !/restarted/.test(r.reason)), 'nothing said about restarts');
    }
  });
}
