// Over TCP, after the last step, a server whose last response announced "close" gets the wait limit to close
// (RFC 9112 9.6: it MUST initiate closure after that response), not the 30 ms settle time; a response without "close"
// keeps the settle time. Real loopback sockets, one command subject per case (harness/replay/exchange.ts closeDueMs).

import test from 'tape';
import { parseFixture } from '../../harness/fixture';
import { parseSubject } from '../../harness/subjects/load';
import { runSubject } from '../../harness/replay/run';
import type { ResultRecord } from '../../reports/results-model';

/** A server that answers the first request head with a 400 (with or without Connection: close) and closes its
 *  connection `delay` ms later (never, when negative). */
const server = (close: boolean, delay: number): string => `
const net = require('net');
net.createServer((s) => {
  s.on('error', () => {});
  let got = '';
  s.on('data', (d) => {
    got += d;
    if (!got.includes('\\r\\n\\r\\n') || s.answered) return;
    s.answered = true;
    s.write('HTTP/1.1 400 Bad Request\\r\\nContent-Length: 0\\r\\n${close ? 'Connection: close\\r\\n' : ''}\\r\\n');
    if (${delay} >= 0) setTimeout(() => s.end(), ${delay});
  });
}).listen(Number(process.argv[1]), '127.0.0.1');
`;

const parsed = parseFixture(`id: close-announced
title: A server must reject the request with 400 and close
spec: RFC9112 9.6
level: MUST
role: server
tags: connection

exchange:
  send:
    "GET /x HTTP/1.1\\r\\n"
    "Host: a\\r\\n"
    "\\r\\n"
  wait: response

outcome: reject with 400 then close
  level: MUST
  response: 400
  connection: closed, reset
`, 'close-announced.h1');

const CASES: ReadonlyArray<{ name: string; close: boolean; delay: number; connection: string; verdict: string }> = [
  { name: 'close announced, closed at once', close: true, delay: 0, connection: 'closed', verdict: 'pass' },
  { name: 'close announced, closed 250 ms after the answer', close: true, delay: 250, connection: 'closed', verdict: 'pass' },
  { name: 'close announced, never closed (bounded by the wait limit)', close: true, delay: -1, connection: 'open', verdict: 'fail' },
  { name: 'no close announced, closed 250 ms later (settle time only)', close: false, delay: 250, connection: 'open', verdict: 'fail' },
];

for (const c of CASES) {
  test(`close-announced: ${c.name}`, async (t) => {
    if (!parsed.ok) return t.fail(parsed.diagnostics.map((d) => `${d.line}:${d.col} ${d.reason}`).join('; '));
    const spec = parseSubject({
      name: 'closer', role: 'server', lacks: ['echo'],
      adapter: { kind: 'command', argv: [process.execPath, '-e', server(c.close, c.delay), '{port}'], ready: { kind: 'port' } },
    }, 'close-announced.test.ts');
    const recs: ResultRecord[] = [];
    const t0 = Date.now();
    await runSubject(spec, [{ fixture: parsed.fixture, file: 'close-announced.h1' }], { deliveries: ['whole'], jobs: 1, waitMs: 1000 }, (r) => recs.push(r));
    const ms = Date.now() - t0;
    t.equal(recs[0]?.observed?.connection, c.connection, `connection ${recs[0]?.observed?.connection} (${recs[0]?.observed?.summary})`);
    t.equal(recs[0]?.verdict, c.verdict, `${recs[0]?.verdict}: ${recs[0]?.reason.slice(0, 160)}`);
    if (c.delay < 0) t.ok(ms < 10000, `a subject that never closes is given the wait limit, not more (${ms} ms in all)`);
  });
}
