// Misbehaving subjects still get a verdict: silent, reset, flood, garbage, close, overall timeout, never ready, crash.

import test from 'tape';
import { replayServer } from '../../harness/replay/engine';
import { judge } from '../../harness/replay/verdict';
import { runSubject } from '../../harness/replay/run';
import type { ResultRecord } from '../../reports/results-model';
import type { SubjectSpec } from '../../harness/subjects';
import { LONG_WAIT, SIMPLE, startMisbehaving, type Behaviour } from './misbehaving';

const FAST = { waitMs: 300, timeoutMs: 3000, settleMs: 10 };

async function replayAgainst(kind: Behaviour, delivery: 'whole' | 'byte-by-byte' = 'whole', extra: object = {}) {
  const h = await startMisbehaving(kind);
  try {
    const obs = await replayServer(kind === 'silent' && 'long' in extra ? LONG_WAIT : SIMPLE, h.host, h.port, { delivery, ...FAST, ...extra });
    return { obs, verdict: judge(SIMPLE, obs) };
  } finally {
    await h.stop();
  }
}

test('a silent subject gets fail with the timed-out wait in the reason, not a hang', async (t) => {
  const { obs, verdict } = await replayAgainst('silent');
  t.equal(verdict.verdict, 'fail');
  t.equal(obs.connection, 'open');
  t.equal(obs.timeouts.length, 1, 'one wait timed out');
  t.match(verdict.reason, /timed out/);
});

test('the overall timeout cuts a replay whose wait is longer', async (t) => {
  const { obs, verdict } = await replayAgainst('silent', 'whole', { long: true, timeoutMs: 300 });
  t.ok(obs.overallTimeout, 'overall timeout recorded');
  t.equal(verdict.verdict, 'fail');
  t.match(verdict.reason, /overall timeout/);
});

test('a subject that resets the connection gets fail with connection reset', async (t) => {
  for (const delivery of ['whole', 'byte-by-byte'] as const) {
    const { obs, verdict } = await replayAgainst('reset', delivery);
    t.equal(obs.connection, 'reset', `${delivery}: reset observed`);
    t.equal(verdict.verdict, 'fail', `${delivery}: fail`);
  }
});

test('a subject that closes without answering gets fail with connection closed', async (t) => {
  const { obs, verdict } = await replayAgainst('close');
  t.ok(obs.connection === 'closed' || obs.connection === 'reset', `connection ${obs.connection}`);
  t.equal(obs.responses.length, 0);
  t.equal(verdict.verdict, 'fail');
});

test('a flooding subject is cut at the capture cap and gets a verdict', async (t) => {
  const cap = 256 * 1024;
  const { obs, verdict } = await replayAgainst('flood', 'whole', { receiveCap: cap });
  t.ok(obs.flooded, 'flood recorded');
  t.ok(obs.received.length <= cap, 'capture capped');
  t.ok(obs.partial, 'the endless response is partial');
  t.equal(verdict.verdict, 'fail');
});

test('garbage from the subject is a malformation and fails', async (t) => {
  const { obs, verdict } = await replayAgainst('garbage');
  t.equal(obs.malformation?.code, 'HPE_INVALID_STATUS');
  t.equal(verdict.verdict, 'fail');
  t.match(verdict.reason, /malformed output/);
});

test('a 200 without an echo body matches no request expectation', async (t) => {
  const { obs, verdict } = await replayAgainst('plain-200');
  t.equal(obs.responses.length, 1);
  t.equal(obs.requests.length, 0);
  t.equal(verdict.verdict, 'fail');
  t.match(verdict.reason, /expected 1 request, observed 0/);
});

const records = async (spec: SubjectSpec): Promise<{ info: Awaited<ReturnType<typeof runSubject>>; recs: ResultRecord[] }> => {
  const recs: ResultRecord[] = [];
  const info = await runSubject(spec, [{ fixture: SIMPLE, file: 'inline.h1' }], { deliveries: ['whole', 'byte-by-byte'], ...FAST }, (r) => recs.push(r));
  return { info, recs };
};

test('a command subject that never becomes ready: every replay gets error, never blamed on the fixture', async (t) => {
  const { info, recs } = await records({
    name: 'exits', role: 'server', lacks: [],
    adapter: { kind: 'command', argv: [process.execPath, '-e', 'process.exit(3)'], ready: { kind: 'port' }, readyTimeoutMs: 5000 },
  });
  t.match(info.startError ?? '', /exited before it was ready/);
  t.deepEqual(recs.map((r) => r.verdict), ['error', 'error']);
});

test('a command subject is started on {port}, replayed, and reaped', async (t) => {
  const script = "require('http').createServer((q,s)=>{q.resume();q.on('end',()=>s.end('x'))}).listen(+process.argv[1],'127.0.0.1',()=>console.log('listening'))";
  const { info, recs } = await records({
    name: 'cmd', role: 'server', lacks: ['echo'],
    adapter: { kind: 'command', argv: [process.execPath, '-e', script, '{port}'], ready: { kind: 'stdout', match: 'listening' } },
  });
  t.equal(info.startError, undefined);
  t.match(info.stdout ?? '', /listening/, 'stdout kept');
  t.deepEqual(recs.map((r) => r.verdict), ['pass', 'pass'], 'without echo only status and connection are checked');
});

test('a command subject that crashes mid-run: the remaining replays still get verdicts', async (t) => {
  const script = "require('net').createServer((s)=>{process.exit(1)}).listen(+process.argv[1],'127.0.0.1')";
  const { recs } = await records({
    name: 'crash', role: 'server', lacks: [],
    adapter: { kind: 'command', argv: [process.execPath, '-e', script, '{port}'], ready: { kind: 'port' } },
  });
  t.equal(recs.length, 2, 'a record per delivery');
  t.ok(recs.every((r) => r.verdict === 'fail' || r.verdict === 'error'), recs.map((r) => `${r.verdict}: ${r.reason}`).join(' / '));
});
