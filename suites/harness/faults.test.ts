// A harness fault is `error`, never the subject's `fail` (DESIGN.md, verdicts): faults injected into adapters and
// into the harness's own side of a replay, through the one runner (harness/replay/run.ts), for every role.

import test from 'tape';
import { Duplex } from 'node:stream';
import { runSubject } from '../../harness/replay/run';
import type { SubjectHandle, SubjectSpec } from '../../harness/subjects';
import type { ResultRecord } from '../../reports/results-model';
import { CLIENT_GET, PROXY_GET, SIMPLE } from './misbehaving';

const FAST = { deliveries: ['whole' as const], waitMs: 300, timeoutMs: 3000, settleMs: 10, clientStartMs: 1500, clientTimeoutMs: 500 };

const server: SubjectSpec = { name: 'faulty', role: 'server', lacks: [], adapter: { kind: 'in-process', implementation: 'reference' } };

/** A started server subject whose in-memory connections come from `open` (the adapter under test). */
function handle(open: () => Duplex): SubjectHandle {
  return { spec: server, version: 'test', host: '127.0.0.1', port: 1, connectMemory: open, stop: async () => {}, output: () => ({ stdout: '', stderr: '' }) };
}

/** A connection whose every write throws: an exception inside the adapter while the harness sends. */
class ThrowingSocket extends Duplex {
  override _read(): void {}
  override _write(): void {
    throw new Error('adapter fault: write exploded');
  }
}



const CASES: { name: string; spec: SubjectSpec; plan: typeof SIMPLE; started?: SubjectHandle; why: RegExp }[] = [
  { name: 'a server adapter whose connection throws on write', spec: server, plan: SIMPLE, started: handle(() => new ThrowingSocket()), why: /harness error: Error: adapter fault: write exploded\n\s+at / },
  { name: 'a server adapter that cannot open a connection', spec: server, plan: SIMPLE, started: handle(() => { throw new Error('no memory connection'); }), why: /cannot open an in-memory connection: no memory connection/ },
  { name: 'a server adapter that returns no stream', spec: server, plan: SIMPLE, started: handle(() => ({}) as Duplex), why: /harness error: TypeError: .*\n\s+at / },
  { name: 'a client driver that crashes', spec: { name: 'crash', role: 'client', lacks: [], adapter: { kind: 'command', argv: [process.execPath, '-e', "throw new Error('driver bug')"], ready: { kind: 'port' } } }, plan: CLIENT_GET, why: /client adapter.*Error: driver bug\n\s+at /s },
  { name: 'a client subject on an address adapter', spec: { name: 'addr-client', role: 'client', lacks: [], adapter: { kind: 'address', host: '127.0.0.1', port: 9 } }, plan: CLIENT_GET, why: /cannot play the client role/ },
  { name: 'a proxy subject on an address adapter', spec: { name: 'addr-proxy', role: 'proxy', lacks: [], adapter: { kind: 'address', host: '127.0.0.1', port: 9 } }, plan: PROXY_GET, why: /the proxy did not start: .*cannot play the proxy role/ },
];

for (const c of CASES) {
  test(`${c.name}: error with the reason (and stack), never fail`, async (t) => {
    const recs: ResultRecord[] = [];
    await runSubject(c.spec, [{ fixture: c.plan, file: 'inline.h1' }], { ...FAST, repeat: 1 }, (r) => recs.push(r), c.started);
    t.equal(recs.length, 1, 'one record');
    t.equal(recs[0]?.verdict, 'error', `${recs[0]?.verdict}: ${recs[0]?.reason.slice(0, 200)}`);
    t.match(recs[0]?.reason ?? '', c.why, 'the reason says what broke');
  });
}
