// The first-read rule of the one segmented writer (harness/replay/wire.ts `firstPieceRead`, harness/README.md "Over
// TCP, the pieces of a segmented step are paced"): a paced step writes a connection's second piece only once the
// subject has read the first (the kernel's account of its receive queue), so a subject slow to take up a new
// connection still reads the first octet alone. Real processes and loopback sockets.

import test from 'tape';
import * as net from 'node:net';
import { replayServer } from '../../harness/replay/engine';
import { subjectReadAll } from '../../harness/replay/wire';
import { judge } from '../../harness/replay/verdict';
import { startCommand } from '../../harness/subjects/command';
import type { SubjectHandle } from '../../harness/subjects';
import { fixture } from './misbehaving';

/** A server slow to take up a connection (it reads 150 ms after the connection arrived, as a proxy started for the
 *  replay may) that answers by its first read: 200 when it held one octet, else 400 (nghttpx 1.52 mangles a request
 *  whose first read is `P` alone: the read decides the answer). */
const SLOW_FIRST_READ = `
const net = require('net');
net.createServer({ pauseOnConnect: true }, (s) => {
  s.on('error', () => {});
  let first;
  let got = '';
  s.on('data', (d) => {
    if (first === undefined) first = d.length;
    got += d.toString('latin1');
    if (got.endsWith('\\r\\n\\r\\n')) s.end(first === 1 ? 'HTTP/1.1 200 OK\\r\\nContent-Length: 0\\r\\n\\r\\n' : 'HTTP/1.1 400 Bad Request\\r\\nContent-Length: 0\\r\\n\\r\\n');
  });
  setTimeout(() => s.resume(), 150);
}).listen(+process.argv[1], '127.0.0.1');`;

const FIRST_OCTET_ALONE = fixture(`id: first-octet-alone
title: A server must parse a request the same whatever the segmentation of its octets
spec: RFC9112 2.2
level: MUST
role: server
tags: test

exchange:
  send:
    "GET / HTTP/1.1\\r\\n"
    "Host: a\\r\\n"
    "\\r\\n"
  wait: response within 2000ms

outcome: answered
  level: MUST
  response: 200
`);

async function slowFirstRead(): Promise<SubjectHandle> {
  return startCommand({ name: 'slow-first-read', role: 'server', lacks: ['echo'],
    adapter: { kind: 'command', argv: [process.execPath, '-e', SLOW_FIRST_READ, '{port}'], ready: { kind: 'port' } } });
}

test('subjectReadAll: the kernel says whether the other end has read what we sent (loopback)', async (t) => {
  let peer: net.Socket | undefined;
  const server = net.createServer({ pauseOnConnect: true }, (s) => { peer = s; s.on('error', () => {}); });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const s = net.connect({ host: '127.0.0.1', port: (server.address() as net.AddressInfo).port, noDelay: true });
  try {
    await new Promise<void>((r) => s.once('connect', () => r()));
    t.equal(await subjectReadAll(s), true, 'nothing sent yet: nothing unread');
    await new Promise<void>((r) => s.write('abc', () => r()));
    await new Promise<void>((r) => setTimeout(r, 20));
    t.equal(await subjectReadAll(s), false, 'three octets sent, the other end not reading: unread');
    const read = new Promise<void>((r) => peer?.once('data', () => r()));
    peer?.resume();
    await read;
    t.equal(await subjectReadAll(s), true, 'after the other end read them: nothing unread');
  } finally {
    s.destroy();
    peer?.destroy();
    server.close();
  }
});

test('byte-by-byte: a subject slow to take up the connection still reads the first octet alone, every time', async (t) => {
  const h = await slowFirstRead();
  try {
    for (let i = 0; i < 5; i++) {
      const o = await replayServer(FIRST_OCTET_ALONE, h.host, h.port, { delivery: 'byte-by-byte', settleMs: 30 });
      t.deepEqual(o.responses.map((r) => r.status), [200], `replay ${i + 1}: its first read held one octet (200)`);
      t.equal(judge(FIRST_OCTET_ALONE, o, false).verdict, 'pass', `replay ${i + 1}: pass`);
    }
    // whole is one piece: nothing to wait for, the subject's first read holds the request
    const whole = await replayServer(FIRST_OCTET_ALONE, h.host, h.port, { delivery: 'whole', settleMs: 30 });
    t.deepEqual(whole.responses.map((r) => r.status), [400], 'whole: its first read held the whole request (400)');
  } finally {
    await h.stop();
  }
});
