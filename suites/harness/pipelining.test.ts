// Client pipelining (RFC 9112 9.3.2, 9.6) over real loopback sockets: the request checks `connection`, `nth` and
// `after-serve` (where and when the harness received a request) in the matcher, and the four fixtures of
// fixtures/client/pipelining judged against scripted raw-socket clients that pipeline as told (each fixture once
// kept and once broken), against undici's pipelining Client (the verdicts of its by-hand-checked behaviour), and
// against the reference client, which cannot pipeline and is skipped through `lacks`; and the same facts in the
// proxy role (what the reference proxy forwarded).

import test from 'tape';
import { join } from 'node:path';
import { loadFixtureFile, parseFixture, type Fixture, type RequestArrival, type RequestExpectation } from '../../harness/fixture';
import type { InterpretedRequest } from '../../harness/echo/decode';
import { requestMatch } from '../../harness/replay/match';
import { runSubject } from '../../harness/replay/run';
import { loadSubjectFile, type SubjectSpec } from '../../harness/subjects';
import type { ResultRecord } from '../../reports/results-model';

const ROOT = join(__dirname, '..', '..');
const DIR = join(ROOT, 'fixtures', 'client', 'pipelining');

function fixture(id: string): Fixture {
  const r = loadFixtureFile(join(DIR, `${id}.h1`));
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.reason).join('; '));
  return r.fixture;
}

// --- the matcher: one request, its arrival, a check -------------------------------------------------------------

const GET_A: InterpretedRequest = { method: 'GET', target: '/a', version: 'HTTP/1.1', fields: [], body: '', trailers: [] };
const lit = (octets: string) => ({ pieces: [{ kind: 'literal' as const, octets }] });
const check = (x: Partial<RequestExpectation>): RequestExpectation => ({ absent: [], contains: [], ...x });
const AT: RequestArrival = { connection: 2, nth: 1, afterServe: 3 };

const MATCHES: [string, RequestExpectation, RequestArrival | undefined, string | undefined][] = [
  ['connection equal', check({ connection: 2 }), AT, undefined],
  ['connection differs', check({ connection: 1 }), AT, 'connection 2 is not 1'],
  ['nth equal', check({ nth: 1 }), AT, undefined],
  ['nth differs', check({ nth: 2 }), AT, 'nth 1 is not 2'],
  ['after-serve equal', check({ afterServe: 3 }), AT, undefined],
  ['after-serve is exact, not at least', check({ afterServe: 2 }), AT, 'after-serve 3 is not 2'],
  ['after-serve 0 (before any serve step)', check({ afterServe: 0 }), AT, 'after-serve 3 is not 0'],
  ['all three with target', check({ target: lit('/a'), connection: 2, nth: 1, afterServe: 3 }), AT, undefined],
  ['the target is checked first', check({ target: lit('/b'), connection: 1 }), AT, 'target "/a" is not "/b"'],
  ['no arrival known (the harness did not receive it)', check({ nth: 1 }), undefined, 'nth: the harness did not receive this request itself'],
  ['no arrival keys: arrival not needed', check({ target: lit('/a') }), undefined, undefined],
];

for (const [name, exp, at, want] of MATCHES) {
  test(`requestMatch arrival: ${name}`, (t) => {
    t.equal(requestMatch(exp, GET_A, undefined, true, at), want);
    t.end();
  });
}

// --- scripted clients over loopback -------------------------------------------------------------------------------

/**
 * A command client (`node -e`) that pipelines exactly as `plan` says: one entry per connection it opens in turn, each
 * a list of batches; a batch's requests (targets of the spec) are written together, then it reads until it has one
 * response per request of the batch or the connection ends. Each request's result is the last response it got, else
 * an error (or, `fabricate`, a made-up 200 "?": a client that assumes an unanswered request was processed);
 * `stubborn`: it writes its next batch even after the origin ended the connection.
 */
function scripted(name: string, plan: string[][][], how: Quirk = ''): SubjectSpec {
  const fabricate = how === 'fabricate';
  const stubborn = how === 'stubborn';
  const script = `const fs = require('fs'), net = require('net');
const spec = JSON.parse(fs.readFileSync(process.argv[1], 'utf8'));
const plan = ${JSON.stringify(plan)}, fabricate = ${fabricate}, stubborn = ${stubborn};
const dec = (o) => (typeof o === 'string' ? o : Buffer.from(o.base64, 'base64').toString('latin1'));
const byTarget = new Map(spec.requests.map((r) => [dec(r.target), r]));
const got = new Map();
function wire(t) {
  const r = byTarget.get(t); const body = r.body === undefined ? '' : Buffer.from(r.body, 'base64').toString('latin1');
  return dec(r.method) + ' ' + t + ' HTTP/1.1\\r\\nHost: a\\r\\n' + (r.body === undefined ? '' : 'Content-Length: ' + body.length + '\\r\\n') + '\\r\\n' + body;
}
function connection(batches) {
  return new Promise((done) => {
    const s = net.connect({ port: spec.origin.port, host: '127.0.0.1', allowHalfOpen: true });
    let buf = '', queue = [], ended = false, wake = () => {};
    s.on('data', (d) => { buf += d.toString('latin1'); parse(); wake(); });
    s.on('end', () => { ended = true; wake(); }); s.on('close', () => { ended = true; wake(); }); s.on('error', () => {});
    function parse() {
      for (;;) {
        const h = buf.indexOf('\\r\\n\\r\\n'); if (h < 0) return;
        const m = /Content-Length: *(\\d+)/i.exec(buf.slice(0, h)); const n = m ? Number(m[1]) : 0;
        if (buf.length < h + 4 + n) return;
        const status = Number(buf.slice(9, 12)), body = buf.slice(h + 4, h + 4 + n);
        buf = buf.slice(h + 4 + n);
        const t = queue.shift(); if (t !== undefined) got.set(t, { status, headers: [], body: Buffer.from(body, 'latin1').toString('base64') });
      }
    }
    s.on('connect', async () => {
      for (const batch of batches) {
        if (ended && !stubborn) break;
        queue.push(...batch); s.write(batch.map(wire).join(''));
        await new Promise((r) => { wake = () => { if (queue.length === 0 || ended) r(); }; wake(); });
      }
      s.end(); done();
    });
  });
}
(async () => {
  for (const c of plan) await connection(c);
  const results = spec.requests.map((r) => got.get(dec(r.target)) ?? (fabricate ? { status: 200, headers: [], body: 'Pw==' } : { error: { code: 'NO_RESPONSE', message: 'unanswered' } }));
  console.log(JSON.stringify({ h1compatClientResult: 1, client: 'scripted', results }));
})();`;
  return { name, role: 'client', adapter: { kind: 'command', argv: [process.execPath, '-e', script, '{spec}'], ready: { kind: 'port' } }, lacks: [] };
}

const OPTIONS = { deliveries: ['whole' as const], settleMs: 30, clientTimeoutMs: 3000, repeat: 1, jobs: 4 };

async function records(spec: SubjectSpec, ids: readonly string[]): Promise<Map<string, ResultRecord>> {
  const out = new Map<string, ResultRecord>();
  await runSubject(spec, ids.map((id) => ({ fixture: fixture(id), file: join(DIR, `${id}.h1`) })), OPTIONS, (r) => out.set(r.fixture, r));
  return out;
}

type Quirk = '' | 'fabricate' | 'stubborn';

const SCRIPTED: [string, string, string[][][], Quirk, string, RegExp][] = [
  ['no-pipelining-after-non-idempotent', 'waits for the POST\'s response', [[['/p1'], ['/g2']]], '', 'pass', /./],
  ['no-pipelining-after-non-idempotent', 'pipelines GET behind the POST', [[['/p1', '/g2']]], '', 'warn', /GET \/g2 is sent on the POST's connection.*connection 1, 2nd on it, after 0 serve steps/],
  ['retry-unanswered-pipelined', 'retries /b on a new connection', [[['/a', '/b']], [['/b']]], '', 'pass', /./],
  ['retry-unanswered-pipelined', 'reports an error for /b', [[['/a', '/b']]], '', 'warn', /no outcome matched/],
  ['no-pipelining-on-retry', 'retries /2 alone, then pipelines /3 and /4', [[['/1', '/2', '/3', '/4']], [['/2'], ['/3', '/4']]], '', 'pass', /./],
  ['no-pipelining-on-retry', 'pipelines /2, /3, /4 right after connecting again', [[['/1', '/2', '/3', '/4']], [['/2', '/3', '/4']]], '', 'fail', /retry connection before the first is answered.*"\/3"; connection 2, 2nd on it, after 1 serve step/],
  ['no-assumption-on-pipelined', 'reports an error for /b', [[['/a', '/b']]], '', 'pass', /./],
  ['no-assumption-on-pipelined', 'sends /b again on a new connection', [[['/a', '/b']], [['/b']]], '', 'pass', /./],
  ['no-assumption-on-pipelined', 'reports a response for /b it never got', [[['/a', '/b']]], 'fabricate', 'warn', /no outcome matched/],
  ['no-assumption-on-pipelined', 'sends /b again on the closed connection', [[['/a', '/b'], ['/b']]], 'stubborn', 'fail', /on the first connection after the response with close.*connection 1, 3rd on it, after 1 serve step/],
];

for (const [id, what, plan, how, verdict, why] of SCRIPTED) {
  test(`${id}: a client that ${what} gets ${verdict}`, async (t) => {
    const r = (await records(scripted(`scripted-${id}`, plan, how), [id])).get(id);
    t.equal(r?.verdict, verdict, `${r?.verdict}: ${r?.reason.slice(0, 300)}`);
    t.match(r?.reason ?? '', why, 'the reason names what happened');
  });
}

// --- real clients -------------------------------------------------------------------------------------------------

const IDS = ['no-pipelining-after-non-idempotent', 'retry-unanswered-pipelined', 'no-pipelining-on-retry', 'no-assumption-on-pipelined'];

test('undici Client with pipelining: the verdicts of its behaviour checked by hand (reports/compat/divergences.md)', async (t) => {
  const recs = await records(loadSubjectFile(join(ROOT, 'subjects', 'undici-pipelining.json')), IDS);
  const want: Record<string, [string, RegExp]> = {
    // GET /g2 written with the POST (undici holds back a non-idempotent request behind others, not others behind it)
    'no-pipelining-after-non-idempotent': ['warn', /"\/g2"; connection 1, 2nd on it, after 0 serve steps/],
    // the head of the pipeline fails with the connection ("other side closed"); only the requests behind it are retried
    'retry-unanswered-pipelined': ['warn', /error UND_ERR_SOCKET/],
    // /3 and /4 are written together on the new connection
    'no-pipelining-on-retry': ['fail', /"\/4"; connection 2, 2nd on it, after 1 serve step/],
    // after a response with close, undici sends /b again on a new connection
    'no-assumption-on-pipelined': ['pass', /./],
  };
  for (const id of IDS) {
    const r = recs.get(id);
    t.equal(r?.verdict, want[id]![0], `${id}: ${r?.verdict}: ${r?.reason.slice(0, 240)}`);
    t.match(r?.reason ?? '', want[id]![1], `${id}: the reason`);
  }
});

test('the reference client cannot pipeline: every pipelining fixture is skip through `lacks`', async (t) => {
  const recs = await records(loadSubjectFile(join(ROOT, 'subjects', 'reference-client.json')), IDS);
  for (const id of IDS) {
    t.equal(recs.get(id)?.verdict, 'skip', `${id}: ${recs.get(id)?.reason}`);
    t.match(recs.get(id)?.reason ?? '', /lacks `pipelining`/);
  }
});

// --- the proxy role: the same facts for what a proxy forwards ----------------------------------------------------

/** Two requests through the reference proxy, the second sent after the first response came back: forwarded on one
 *  or two upstream connections, each after the serve steps before it. */
const PROXIED = (checks: string): string => `id: proxied
title: A proxy must forward the request
spec: RFC9112 9.3
level: MUST
role: proxy
tags: proxy

exchange:
  send: "GET http://origin.example/1 HTTP/1.1\\r\\nHost: origin.example\\r\\n\\r\\n"
  wait: request
  serve: "HTTP/1.1 200 OK\\r\\nContent-Length: 1\\r\\n\\r\\n1"
  wait: response
  send: "GET http://origin.example/2 HTTP/1.1\\r\\nHost: origin.example\\r\\n\\r\\n"
  wait: request
  serve: "HTTP/1.1 200 OK\\r\\nContent-Length: 1\\r\\n\\r\\n2"
  wait: response

outcome: forwarded
  level: MUST
${checks}`;

const PROXY_CASES: [string, string, string][] = [
  ['the second request arrived after one serve step, second on its connection or first on a new one', '  request:\n    target: /1\n    nth: 1\n    after-serve: 0\n  request:\n    target: /2\n    after-serve: 1\n', 'pass'],
  ['a wrong after-serve is a mismatch', '  request:\n    target: /1\n    after-serve: 1\n  request: any\n', 'fail'],
];

for (const [name, checks, verdict] of PROXY_CASES) {
  test(`proxy role (reference-proxy over loopback): ${name}`, async (t) => {
    const r = parseFixture(PROXIED(checks), 'proxied.h1');
    if (!r.ok) return t.fail(r.diagnostics.map((d) => `${d.line}:${d.col} ${d.reason}`).join('; '));
    const recs: ResultRecord[] = [];
    await runSubject(loadSubjectFile(join(ROOT, 'subjects', 'reference-proxy.json')), [{ fixture: r.fixture, file: 'proxied.h1' }], OPTIONS, (x) => recs.push(x));
    t.equal(recs[0]?.verdict, verdict, `${recs[0]?.verdict}: ${recs[0]?.reason.slice(0, 240)}`);
  });
}
