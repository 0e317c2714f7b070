// The read-after-write-error rule (RFC 9112 9.6, harness/replay/wire.ts): a subject that answers 400 and closes
// while the harness is still sending makes a later write fail (EPIPE); the harness still reads and judges the 400.
// Real processes and loopback sockets: the subject is a separate node process, as a command subject would be.

import test from 'tape';
import * as net from 'node:net';
import { replayServer } from '../../harness/replay/engine';
import { keepReadingAfterWriteError } from '../../harness/replay/wire';
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

/** A request whose field section goes on long after the request-line (the subject stops reading at the line). */
const TAIL = 'a'.repeat(600);
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
