// The reset-after-answer rule (RFC 9112 6.3, 9.6; harness/replay/observation.ts ResponseReader.reset): a subject
// that answers with a close-delimited response (no Content-Length, no chunked coding) and closes while our octets
// are still arriving ends the connection with a FIN or with a reset, depending on whether unread input was in its
// receive queue at its close — a race on the wire. Both must give the same observation and verdict. Real processes
// and loopback sockets: the subjects are separate node processes, as command subjects would be.

import test from 'tape';
import { replayServer } from '../../harness/replay/engine';
import { ResponseReader } from '../../harness/replay/observation';
import { PACE_MAX_OCTETS } from '../../harness/replay/wire';
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

/** racy and fin: a node process (racy does what node:http's socketOnError does: write the answer, destroy at once). */
function nodeProgram(ending: 'racy' | 'fin'): string {
  return `
const net = require('net');
net.createServer((s) => {
  let got = '';
  s.on('error', () => {});
  s.on('data', (d) => {
    got += d.toString('latin1');
    if (!got.includes('\\n') || s.answered) return;
    s.answered = true;
    s.write('${ENDINGS[ending]}');
    ${ending === 'racy' ? 's.destroy()' : 's.end()'};
  });
}).listen(+process.argv[1], '127.0.0.1');`;
}

/** The resets: a python3 process that closes with SO_LINGER {on, 0}, which makes Linux send a reset every time.
 *  (Node's resetAndDestroy() closed with a FIN in some tries here, so it cannot make a deterministic subject.) */
const PY_RESET = `
import socket, struct, sys
answer = sys.argv[2].encode('latin1')
srv = socket.socket()
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(('127.0.0.1', int(sys.argv[1])))
srv.listen(16)
while True:
    c, _ = srv.accept()
    got = b''
    while b'\\n' not in got:
        d = c.recv(4096)
        if not d:
            break
        got += d
    if got and answer:
        c.sendall(answer)
    c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))
    c.close()
`;

async function subject(ending: Ending): Promise<SubjectHandle> {
  const argv = ending === 'racy' || ending === 'fin' ? [process.execPath, '-e', nodeProgram(ending), '{port}']
    : ['python3', '-c', PY_RESET, '{port}', ENDINGS[ending].replace(/\\r/g, '\r').replace(/\\n/g, '\n')];
  return startCommand({ name: `answer-then-${ending}`, role: 'server', lacks: ['echo'],
    adapter: { kind: 'command', argv, ready: { kind: 'port' } } });
}

/** A bad request-line followed by a long field section: the subject answers at the line, the rest is still coming.
 *  Longer than PACE_MAX_OCTETS, so that byte-by-byte is not paced (wire.ts) and our octets outrun the subject's close:
 *  that is what makes its close a FIN in some replays and a reset in others. */
const TAIL = 'a'.repeat(PACE_MAX_OCTETS);
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

/** Each ending: what the harness may observe (how Linux reports a reset to the reader varies: a read error, or end of
 *  stream once the queued octets are read — seen by hand with a SO_LINGER-0 close), and the one verdict it must give. */
const TABLE: { ending: Ending; summaries: string[]; verdict: string; body?: string }[] = [
  { ending: 'fin', summaries: ['400 → closed'], verdict: 'pass', body: '' },
  // the reset ends the close-delimited body as a FIN would; a note says the body may have been cut by it
  { ending: 'rst', summaries: ['400 → reset', '400 → closed'], verdict: 'pass', body: 'bad' },
  // a reset with no answer, or in the middle of a head or a framed body, stays what it is: never a pass
  { ending: 'rst-only', summaries: ['no response → reset', 'no response → closed'], verdict: 'fail' },
  { ending: 'rst-head', summaries: ['no response partial response → reset', 'no response malformed (HPE_INVALID_EOF_STATE) → closed'], verdict: 'fail' },
  { ending: 'rst-framed', summaries: ['no response partial response → reset', 'no response malformed (HPE_INVALID_EOF_STATE) → closed'], verdict: 'fail' },
];

for (const row of TABLE) {
  test(`${row.ending}: ${row.summaries.join(' or ')}: ${row.verdict}`, async (t) => {
    const h = await subject(row.ending);
    try {
      for (const delivery of ['byte-by-byte', 'whole'] as const) {
        for (let i = 0; i < 3; i++) {
          const o = await replayServer(REJECT, h.host, h.port, { delivery, settleMs: 30 });
          const v = judge(REJECT, o, false);
          t.ok(row.summaries.includes(observed(o)), `${delivery} ${i + 1}: ${observed(o)}`);
          t.equal(v.verdict, row.verdict, `${delivery} ${i + 1}: ${v.verdict}`);
          const note = o.notes.find((n) => n.includes('ended by a reset, not a FIN'));
          t.equal(note !== undefined, row.verdict === 'pass' && o.connection === 'reset', `${delivery} ${i + 1}: ${note ?? 'no reset note'}`);
          if (row.body !== undefined) t.equal(o.responses[0]?.body, row.body, `${delivery} ${i + 1}: the body is what arrived before the close`);
        }
      }
    } finally {
      await h.stop();
    }
  });
}

/** The reader itself (deterministic): octets received, then a reset. */
const READER: { name: string; octets: string; responses: number[]; completes: number | undefined; partial: boolean; body?: string }[] = [
  { name: 'close-delimited 400, empty body', octets: 'HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n', responses: [400], completes: 400, partial: false, body: '' },
  { name: 'close-delimited 400 with body octets', octets: 'HTTP/1.1 400 Bad Request\r\n\r\nbad req', responses: [400], completes: 400, partial: false, body: 'bad req' },
  { name: 'a framed 200, then a close-delimited 400', octets: 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 400 Bad Request\r\n\r\n', responses: [200, 400], completes: 400, partial: false },
  { name: 'nothing', octets: '', responses: [], completes: undefined, partial: false },
  { name: 'half a head', octets: 'HTTP/1.1 400 Bad Re', responses: [], completes: undefined, partial: true },
  { name: 'a Content-Length body cut short', octets: 'HTTP/1.1 400 Bad Request\r\nContent-Length: 10\r\n\r\nbad', responses: [], completes: undefined, partial: true },
  { name: 'a chunked body cut short', octets: 'HTTP/1.1 400 Bad Request\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nbad\r\n', responses: [], completes: undefined, partial: true },
];

test('ResponseReader.reset: a reset completes a close-delimited response, nothing else', (t) => {
  for (const row of READER) {
    const r = new ResponseReader(['GET']);
    r.push(Buffer.from(row.octets, 'latin1'));
    const status = r.reset();
    t.deepEqual(r.responses.map((x) => x.status), row.responses, `${row.name}: responses ${row.responses.join(', ') || 'none'}`);
    t.equal(status, row.completes, `${row.name}: reset() completed ${status ?? 'nothing'}`);
    t.equal(!r.idle && r.malformation === undefined, row.partial, `${row.name}: ${row.partial ? 'still partial' : 'nothing left unfinished'}`);
    t.equal(r.malformation, undefined, `${row.name}: a reset is not the subject's malformed output`);
    if (row.body !== undefined) t.equal(r.responses[0]?.body, row.body, `${row.name}: the body is what arrived before the reset`);
  }
  t.end();
});
