// The read-after-write-error rule (RFC 9112 9.6, harness/replay/wire.ts): a subject that answers 400 and closes
// while the harness is still sending makes a later write fail (EPIPE); the harness still reads and judges the 400.
// Real processes and loopback sockets: the subject is a separate node process, as a command subject would be.

import test from 'tape';
import * as net from 'node:net';
import { replayRole, replayServer } from '../../harness/replay/engine';
import { keepReadingAfterWriteError, PACE_MAX_OCTETS } from '../../harness/replay/wire';
import { judge } from '../../harness/replay/verdict';
import { startCommand } from '../../harness/subjects/command';
import type { SubjectHandle } from '../../harness/subjects';
import { fixture } from './misbehaving';

/** Answers 400 and closes as soon as the request-line has arrived, however much is still on its way. */
const EARLY_400 = `
const net = require('net');
net.createServer((s) => {
  let got = '';
  s.on('error', () => {});
  s.on('data', (d) => {
    got += d.toString('latin1');
    if (got.includes('\\n') && !s.answered) {
      s.answered = true;
      // the answer, then a full close: octets that arrive later are answered by the kernel with an RST
      s.end('HTTP/1.1 400 Bad Request\\r\\nContent-Length: 0\\r\\nConnection: close\\r\\n\\r\\n', () => s.destroy());
    }
  });
}).listen(+process.argv[1], '127.0.0.1');`;

/** A request whose field section goes on long after the request-line (the subject stops reading at the line);
 *  longer than PACE_MAX_OCTETS, so that byte-by-byte is not paced (wire.ts) and our writes outrun the subject's close. */
const TAIL = 'a'.repeat(PACE_MAX_OCTETS);
const REQUEST = `GET / HTTP/1.1\r\nHost: a\r\nX-Tail: ${TAIL}\r\n\r\n`;

const BAD_LINE = fixture(`id: answered-early
title: A server that rejects a request may answer and close before the request has been sent in full
spec: RFC9112 9.6
level: MUST
role: server
tags: test

exchange:
  send:
    "GET / HTTP/1.1\\r\\n"
    "Host: a\\r\\n"
    "X-Tail: ${TAIL}\\r\\n"
    "\\r\\n"
  wait: response within 1000ms

outcome: rejected
  level: MUST
  response: 400
  connection: closed, reset
`);

async function early400(): Promise<SubjectHandle> {
  return startCommand({ name: 'early-400', role: 'server', lacks: ['echo'],
    adapter: { kind: 'command', argv: [process.execPath, '-e', EARLY_400, '{port}'], ready: { kind: 'port' } } });
}

/** Write REQUEST one octet per write until a write fails; what was read, and whether a write failed. */
function writeUntilFailure(port: number, keep: boolean): Promise<{ read: string; failed: string | undefined }> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port, noDelay: true });
    let read = '';
    let failed: string | undefined;
    const done = (): void => { clearTimeout(timer); s.destroy(); resolve({ read, failed }); };
    const timer = setTimeout(done, 2000);
    if (keep) keepReadingAfterWriteError(s);
    s.on('data', (d: Buffer) => { read += d.toString('latin1'); });
    s.on('error', () => {});
    s.on('end', () => setTimeout(done, 20));
    s.on('close', done);
    s.once('connect', async () => {
      const bytes = Buffer.from(REQUEST, 'latin1');
      for (let i = 0; i < bytes.length && failed === undefined && s.writable; i++) {
        await new Promise<void>((r) => s.write(bytes.subarray(i, i + 1), (e) => { if (e) failed = (e as NodeJS.ErrnoException).code; r(); }));
      }
    });
  });
}

test('a socket under the rule still reads the 400 that came before a failed write (the Node mechanism)', async (t) => {
  const h = await early400();
  try {
    let failures = 0;
    for (let i = 0; i < 10; i++) {
      const r = await writeUntilFailure(h.port, true);
      if (r.failed !== undefined) failures++;
      t.ok(r.read.startsWith('HTTP/1.1 400 '), `try ${i + 1}: the 400 is read${r.failed !== undefined ? ` after the write failed (${r.failed})` : ''}`);
    }
    t.comment(`${failures} of 10 tries had a failed write`);
  } finally {
    await h.stop();
  }
});

for (const delivery of ['byte-by-byte', 'whole'] as const) {
  test(`${delivery}: a subject that answers 400 and closes while the harness is still sending gets its 400 judged, every time`, async (t) => {
    const h = await early400();
    try {
      let failedWrites = 0;
      for (let i = 0; i < 10; i++) {
        const o = await replayServer(BAD_LINE, h.host, h.port, { delivery, settleMs: 30 });
        const account = o.notes.find((n) => n.startsWith('connection: '));
        if (account !== undefined) failedWrites++;
        t.deepEqual([o.responses.map((r) => r.status), o.connection], [[400], 'closed'], `replay ${i + 1}: 400, closed${account !== undefined ? ` (${account})` : ''}`);
        t.equal(judge(BAD_LINE, o, false).verdict, 'pass', `replay ${i + 1}: pass`);
        if (account !== undefined) {
          // the account is in order: what was read after the failed write came before it
          t.match(account, /^connection: answered 400 (at|before) octet \d+; closed (at|before) octet \d+; our write failed at octet (\d+) \(EPIPE\)/, 'the account says what happened, in order');
          t.ok(o.octetsSent < Buffer.byteLength(REQUEST), 'sending stopped at the failed write');
        }
      }
      // byte-by-byte must have exercised the rule (the subject stops reading after the request-line, ~600 octets early)
      if (delivery === 'byte-by-byte') t.ok(failedWrites > 0, `a write failed in ${failedWrites} of 10 replays`);
      else t.comment(`a write failed in ${failedWrites} of 10 replays`);
    } finally {
      await h.stop();
    }
  });
}

/** A client that sends its GET, reports after the first octets of the response and closes at once: with octets
 *  unread its kernel resets the connection (no FIN), else it closes (FIN) and resets what arrives later. argv: the
 *  spec file. */
const IMPATIENT_CLIENT = `const fs = require('fs');
const spec = JSON.parse(fs.readFileSync(process.argv[1], 'utf8'));
const s = require('net').connect(spec.origin.port, '127.0.0.1', () => s.write('GET /x HTTP/1.1\\r\\nHost: a\\r\\n\\r\\n'));
s.on('error', () => {});
s.once('data', () => {
  s.destroy();
  console.log(JSON.stringify({ h1compatClientResult: 1, client: 'impatient', results: [{ error: { code: 'GAVE_UP', message: 'closed early' } }] }));
  process.stdin.resume();
  process.stdin.on('end', () => process.exit(0));
});`;

/** The response is longer than PACE_MAX_OCTETS (wire.ts), so byte-by-byte writes it as fast as TCP takes it, and a
 *  write after the client's close fails; a paced step would notice the close between two pieces and stop first. */
const LONG_SERVE = fixture(`id: served-long
title: A client may close while the response is still arriving
spec: RFC9112 9.6
level: MAY
role: client
tags: test

client-request:
  method: GET
  target: /x

exchange:
  wait: request
  serve:
    "HTTP/1.1 200 OK\\r\\n"
    "Content-Length: 3000\\r\\n"
    "\\r\\n"
    "${'b'.repeat(3000)}"
  wait: close within 1000ms

outcome: gave up
  level: MAY
  request:
    method: GET
    target: /x
  response: error
  connection: closed, reset
`);

test('origin side: a client that closes while the harness is still serving byte-by-byte keeps its request and its close', async (t) => {
  let failedWrites = 0;
  for (let i = 0; i < 5; i++) {
    const o = await replayRole({ name: 'impatient', role: 'client', lacks: [], adapter: { kind: 'command', argv: [process.execPath, '-e', IMPATIENT_CLIENT, '{spec}'], ready: { kind: 'port' } } },
      LONG_SERVE, { delivery: 'byte-by-byte', settleMs: 30, clientStartMs: 5000 });
    const account = o.notes.find((n) => n.startsWith('origin connection: '));
    if (account !== undefined) failedWrites++;
    t.deepEqual([o.requests.map((q) => q.target), o.harnessError], [['/x'], undefined], `replay ${i + 1}: the GET kept, no harness error${account !== undefined ? ` (${account})` : ''}`);
    // after a failed write the outcome follows the kernel's account of it: ECONNRESET = a reset with no FIN before it;
    // with no failed write, the client's close is a FIN, or an RST when it left octets unread (both are its close)
    const want = account === undefined ? ['closed', 'reset'] : [account.includes('(ECONNRESET)') ? 'reset' : 'closed'];
    t.ok(want.includes(o.connection), `replay ${i + 1}: connection ${o.connection}`);
    t.equal(judge(LONG_SERVE, o).verdict, 'info', `replay ${i + 1}: judged (${judge(LONG_SERVE, o).reason.slice(0, 100)})`);
    if (account !== undefined) t.match(account, /^origin connection: sent a request at octet 0; (closed|reset) before octet (\d+); our write failed at octet \2 \((EPIPE|ECONNRESET)\)/, 'the account says what happened, in order');
  }
  t.ok(failedWrites > 0, `a serve write failed in ${failedWrites} of 5 replays`);
});
