// In memory, a wait that only a timer of the idle subject could still satisfy ends early (harness/replay/exchange.ts,
// transport-memory.ts quietMayEndWait) — with the observation that waiting it out over loopback TCP gives; a wait
// during which the subject's keep-alive timer is due is waited out, and so is one that is not the last step while a
// timer of the subject is pending (a later step must not move ahead of it).

import test from 'tape';
import type * as http from 'node:http';
import { replayOver, replayServer } from '../../harness/replay/engine';
import { connectorFor } from '../../harness/replay/transport-tcp';
import type { Observation } from '../../harness/replay/observation';
import { createEchoServer, serverTimerFloor, startServerSubject } from '../../harness/subjects/in-process';
import type { SubjectHandle } from '../../harness/subjects';
import { fixture } from './misbehaving';

const GET = (path: string): string => `  send:\n    "GET ${path} HTTP/1.1\\r\\n"\n    "Host: a\\r\\n"\n    "\\r\\n"\n`;

function exchange(id: string, steps: string): ReturnType<typeof fixture> {
  return fixture(`id: ${id}
title: A server may keep the connection open after a response
spec: RFC9112 9.3
level: MAY
role: server
tags: test

exchange:
${steps}
outcome: answered
  level: MAY
  response: 200
`);
}

/** GET, its response, then a last `wait close` of 1500 ms */
const LAST_WAIT = exchange('last-wait', `${GET('/a')}  wait: response within 1000ms\n  wait: close within 1500ms\n`);
/** GET, its response, a `wait close` of 300 ms that is not the last step, a pause of 1 s, another GET */
const MIDDLE_WAIT = exchange('middle-wait', `${GET('/a')}  wait: response within 1000ms\n  wait: close within 300ms\n  pause: 1000ms\n${GET('/b')}  wait: response within 500ms\n`);

/** node:http's echo server with the given keep-alive timeout (ms; node 20 adds a buffer of 1 s to it before it closes
 *  an idle connection), its timers known to the memory transport. */
async function echo(keepAliveMs: number): Promise<SubjectHandle> {
  const server = createEchoServer('node') as http.Server;
  server.keepAliveTimeout = keepAliveMs;
  return startServerSubject({ name: 'node-echo', role: 'server', lacks: [], adapter: { kind: 'in-process', implementation: 'node' } }, server, 'test', () => serverTimerFloor(server));
}

const seen = (o: Observation): unknown => ({ statuses: o.responses.map((r) => r.status), connection: o.connection, timeouts: o.timeouts });
const early = (o: Observation): boolean => o.notes.some((n) => n.includes('ended as soon as the idle subject'));

const CASES = [
  { name: 'keep-alive 5 s, last wait of 1.5 s', keepAliveMs: 5000, f: LAST_WAIT, shortened: true,
    want: { statuses: [200], connection: 'open', timeouts: ['wait close (step 3) timed out after 1500 ms'] } },
  { name: 'keep-alive 100 ms (+1 s), due within the last wait', keepAliveMs: 100, f: LAST_WAIT, shortened: false,
    want: { statuses: [200], connection: 'closed', timeouts: [] } },
  // ended early, the second GET would leave at ~1.0 s, before the close at ~1.1 s, and be answered
  { name: 'keep-alive 100 ms (+1 s), pending during a middle wait', keepAliveMs: 100, f: MIDDLE_WAIT, shortened: false,
    want: { statuses: [200], connection: 'closed', timeouts: ['wait close (step 3) timed out after 300 ms'] } },
];

for (const c of CASES) {
  test(`${c.name}: memory ${c.shortened ? 'ends the wait early' : 'waits it out'}, with the observation TCP gives`, async (t) => {
    const h = await echo(c.keepAliveMs);
    try {
      const memory = await replayOver(c.f, connectorFor(h, 'auto'), { delivery: 'whole', settleMs: 30 });
      const tcp = await replayServer(c.f, h.host, h.port, { delivery: 'whole', settleMs: 30 });
      t.deepEqual(seen(tcp), c.want, `TCP: ${JSON.stringify(seen(tcp))}`);
      t.deepEqual(seen(memory), c.want, `memory: ${JSON.stringify(seen(memory))}`);
      t.equal(early(memory), c.shortened, c.shortened ? 'the memory replay says a wait ended early' : 'no wait ended early');
      t.notOk(early(tcp), 'TCP waits are never shortened');
    } finally {
      await h.stop();
    }
  });
}
