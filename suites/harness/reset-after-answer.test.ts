// The reset-after-answer rule (RFC 9112 6.3, 9.6; harness/replay/observation.ts ResponseReader.reset): a subject
// that answers with a close-delimited response (no Content-Length, no chunked coding) and closes while our octets
// are still arriving ends the connection with a FIN or with a reset, depending on whether unread input was in its
// receive queue at its close — a race on the wire. Both must give the same observation and verdict. Real processes
// and loopback sockets: the subjects are separate node processes, as command subjects would be.

import test from 'tape';
import { replayServer } from '../../harness/replay/engine';
import { judge, observed } from '../../harness/replay/verdict';
import { startCommand } from '../../harness/subjects/command';
import type { SubjectHandle } from '../../harness/subjects';
import { fixture } from './misbehaving';

/** How each subject ends the connection after its answer (or instead of one), once the request-line has arrived:
 *  `racy` closes at once (FIN, or RST when input is still unread: node:http's socketOnError does this), `fin` closes
 *  its sending side only, `rst` resets after the answer has left, `rst-only` resets without answering, `rst-head`
 *  resets in the middle of the head, `rst-framed` resets in the middle of a Content-Length body. */
const ENDINGS = {
  racy: 'HTTP/1.1 400 Bad Request\\r\\nConnection: close\\r\\n\\r\\n',
  fin: 'HTTP/1.1 400 Bad Request\\r\\nConnection: close\\r\\n\\r\\n',
  rst: 'HTTP/1.1 400 Bad Request\\r\\nConnection: close\\r\\n\\r\\nbad',
  'rst-only': '',
  'rst-head': 'HTTP/1.1 400 Bad Re',
  'rst-framed': 'HTTP/1.1 400 Bad Request\\r\\nContent-Length: 10\\r\\n\\r\\nbad',
} as const;
type Ending = keyof typeof ENDINGS;

function program(ending: Ending): string {
  // racy: what node:http's socketOnError does (write the answer, destroy at once). The resets go through a timer:
  // on Node 20 here, resetAndDestroy() called from the write callback or an immediate closed with a FIN instead.
  const after = ending === 'racy' ? 's.destroy()' : ending === 'fin' ? 's.end()' : 'setTimeout(() => s.resetAndDestroy(), 1)';
  return `
const net = require('net');
net.createServer((s) => {
  let got = '';
  s.on('error', () => {});
  s.on('data', (d) => {
    got += d.toString('latin1');
    if (!got.includes('\\n') || s.answered) return;
    s.answered = true;
    const answer = '${ENDINGS[ending]}';
    if (answer !== '') s.write(answer);
    ${after};
  });
}).listen(+process.argv[1], '127.0.0.1');`;
}

async function subject(ending: Ending): Promise<SubjectHandle> {
  return startCommand({ name: `answer-then-${ending}`, role: 'server', lacks: ['echo'],
    adapter: { kind: 'command', argv: [process.execPath, '-e', program(ending), '{port}'], ready: { kind: 'port' } } });
}

/** A bad request-line followed by a long field section: the subject answers at the line, the rest is still coming. */
const TAIL = 'a'.repeat(400);
const REJECT = fixture(`id: rejected-while-sending
title: A server that rejects a request may answer and close before the request has been sent in full
spec: RFC9112 9.6
level: MUST
role: server
tags: test

exchange:
  send:
    "GET /a b HTTP/1.1\\r\\n"
    "Host: a\\r\\n"
    "X-Tail: ${TAIL}\\r\\n"
    "\\r\\n"
  wait: response within 1000ms
  wait: close within 1000ms

outcome: reject with 400, then close
  level: MUST
  response: 400
  connection: closed, reset
`);

test('racy close after a close-delimited 400: the same observation and verdict on every replay', async (t) => {
  const h = await subject('racy');
  try {
    for (const delivery of ['byte-by-byte', 'whole'] as const) {
      const seen = new Map<string, number>();
      let resets = 0;
      for (let i = 0; i < 20; i++) {
        const o = await replayServer(REJECT, h.host, h.port, { delivery, settleMs: 30 });
        if (o.connection === 'reset') resets++;
        const v = judge(REJECT, o, false);
        const key = `${o.responses.map((r) => r.status).join(',')} partial=${o.partial} ${v.verdict}`;
        seen.set(key, (seen.get(key) ?? 0) + 1);
      }
      t.deepEqual([...seen.keys()], ['400 partial=false pass'], `${delivery}: 20 of 20 replays are 400, complete, pass`);
      t.comment(`${delivery}: the subject's close was a reset in ${resets} of 20 replays`);
    }
  } finally {
    await h.stop();
  }
});

/** Each ending, deterministic: what the harness observes and how the rejection fixture judges it. */
const TABLE: { ending: Ending; summary: string; verdict: string; note: boolean; body?: string }[] = [
  { ending: 'fin', summary: '400 → closed', verdict: 'pass', note: false, body: '' },
  // the reset ends the close-delimited body as a FIN would; the note says the body may have been cut by it
  { ending: 'rst', summary: '400 → reset', verdict: 'pass', note: true, body: 'bad' },
  // a reset with no answer, or in the middle of a head or a framed body, stays what it is: never a pass
  { ending: 'rst-only', summary: 'no response → reset', verdict: 'fail', note: false },
  { ending: 'rst-head', summary: 'no response partial response → reset', verdict: 'fail', note: false },
  { ending: 'rst-framed', summary: 'no response partial response → reset', verdict: 'fail', note: false },
];

for (const row of TABLE) {
  test(`${row.ending}: ${row.summary}, ${row.verdict}`, async (t) => {
    const h = await subject(row.ending);
    try {
      for (const delivery of ['byte-by-byte', 'whole'] as const) {
        for (let i = 0; i < 3; i++) {
          const o = await replayServer(REJECT, h.host, h.port, { delivery, settleMs: 30 });
          const v = judge(REJECT, o, false);
          t.equal(observed(o), row.summary, `${delivery} ${i + 1}: ${observed(o)}`);
          t.equal(v.verdict, row.verdict, `${delivery} ${i + 1}: ${v.verdict}`);
          t.equal(o.malformation, undefined, `${delivery} ${i + 1}: a reset is not the subject's malformed output`);
          const note = o.notes.find((n) => n.includes('ended by a reset, not a FIN'));
          t.equal(note !== undefined, row.note, `${delivery} ${i + 1}: ${note ?? 'no reset note'}`);
          if (row.body !== undefined) t.equal(o.responses[0]?.body, row.body, `${delivery} ${i + 1}: the body is what arrived before the close`);
        }
      }
    } finally {
      await h.stop();
    }
  });
}
