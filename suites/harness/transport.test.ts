// The in-memory transport: each write arrives as exactly one chunk, FIN/close/RST reach the peer, and replays of
// in-process subjects over it see the segmentation of each delivery mode exactly (a subject that logs chunks).

import test from 'tape';
import * as net from 'node:net';
import { memoryPair, type MemorySocket } from '../../harness/replay/transport-memory';
import { startServerSubject, type SubjectSpec } from '../../harness/subjects';
import { runSubject } from '../../harness/replay/run';
import { splitPoints } from '../../harness/replay/segment';
import type { ResultRecord } from '../../reports/results-model';
import { SIMPLE } from './misbehaving';

const REQUEST_LENGTH = 'GET /hello HTTP/1.1\r\nHost: a\r\n\r\n'.length;

const chunksOf = (s: MemorySocket): Promise<{ chunks: number[]; how: string }> => new Promise((resolve) => {
  const chunks: number[] = [];
  s.on('data', (d: Buffer) => chunks.push(d.length));
  s.on('end', () => resolve({ chunks, how: 'end' }));
  s.on('error', (e: NodeJS.ErrnoException) => resolve({ chunks, how: e.code ?? e.message }));
});

test('memory pair: three writes are three chunks, in order, then end', async (t) => {
  const { client, server } = memoryPair();
  const got = chunksOf(server);
  client.write('a');
  client.write('bc');
  client.write('def');
  client.end();
  const { chunks, how } = await got;
  t.deepEqual(chunks, [1, 2, 3], 'one chunk per write');
  t.equal(how, 'end', 'end() reads as end-of-stream');
  t.equal(server.chunksRead, 3);
  client.destroy();
  server.destroy();
});

test('memory pair: a write then destroy() delivers the write, then end-of-stream; resetAndDestroy() is ECONNRESET', async (t) => {
  const a = memoryPair();
  const got = chunksOf(a.client);
  a.server.write('HTTP/1.1 400 Bad Request\r\n\r\n');
  a.server.destroy();
  t.deepEqual(await got, { chunks: [28], how: 'end' });
  const b = memoryPair();
  const reset = chunksOf(b.client);
  b.server.resetAndDestroy();
  t.equal((await reset).how, 'ECONNRESET');
  a.client.destroy();
});

test('memory pair: the socket members node:http and the reference use on an accepted socket', (t) => {
  const { client, server } = memoryPair();
  t.equal(server.remoteAddress, '127.0.0.1');
  t.equal(server.remotePort, client.localPort);
  t.equal(server.setNoDelay(true), server);
  t.equal(server.setKeepAlive(true), server);
  t.equal(server.setTimeout(0), server);
  t.equal(typeof server.destroySoon, 'function');
  client.destroy();
  server.destroy();
  t.end();
});

/** An in-process subject (so the harness uses memory) that logs the chunk sizes of each connection and answers
 *  a plain 200 once the whole request has arrived. */
async function chunkLogger(): Promise<{ connections: number[][]; stop: () => Promise<void>; run: (d: 'whole' | 'byte-by-byte' | 'random-splits' | 'every-split') => Promise<ResultRecord[]> }> {
  const connections: number[][] = [];
  const server = net.createServer((s) => {
    const log: number[] = [];
    connections.push(log);
    let seen = 0;
    s.on('data', (d: Buffer) => {
      log.push(d.length);
      seen += d.length;
      if (seen === REQUEST_LENGTH) s.write('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n');
    });
    s.on('error', () => {});
  });
  const spec: SubjectSpec = { name: 'chunk-logger', role: 'server', adapter: { kind: 'in-process', implementation: 'reference' }, lacks: ['echo'] };
  const handle = await startServerSubject(spec, server, 'test');
  return {
    connections,
    stop: () => handle.stop(),
    run: async (delivery) => {
      const recs: ResultRecord[] = [];
      await runSubject(spec, [{ fixture: SIMPLE, file: 'inline.h1' }], { deliveries: [delivery], jobs: 4, waitMs: 300 }, (r) => recs.push(r), handle);
      return recs;
    },
  };
}

test('an in-process subject sees each delivery mode exactly: whole, byte-by-byte, random splits, every split', async (t) => {
  const s = await chunkLogger();
  try {
    let recs = await s.run('whole');
    t.equal(recs[0].transport, 'memory', 'in-process subjects replay in memory');
    t.deepEqual(s.connections.splice(0), [[REQUEST_LENGTH]], 'whole: one chunk');
    recs = await s.run('byte-by-byte');
    t.deepEqual(s.connections.splice(0), [Array(REQUEST_LENGTH).fill(1)], 'byte-by-byte: one chunk per octet');
    recs = await s.run('random-splits');
    const random = s.connections.splice(0);
    t.equal(random.length, 1);
    t.equal(random[0].reduce((a, b) => a + b, 0), REQUEST_LENGTH, 'random splits: the octets, in the pieces written');
    t.equal(random[0].length, recs[0].wire[0].segments, 'as many chunks arrived as writes were made');
    recs = await s.run('every-split');
    const seen = s.connections.splice(0).map((c) => c.join('+')).sort();
    const want = splitPoints(Buffer.alloc(REQUEST_LENGTH)).points.map((at) => `${at}+${REQUEST_LENGTH - at}`).sort();
    t.equal(want.length, REQUEST_LENGTH - 1, 'a short step is split at every point');
    t.deepEqual(seen, want, 'every-split: one connection per split point, each seeing exactly the two pieces');
    t.equal(recs.length, 1, 'one record for all split replays');
    t.equal(recs[0].splits?.replays, REQUEST_LENGTH - 1);
    t.equal(recs[0].verdict, 'pass', recs[0].reason);
  } finally {
    await s.stop();
  }
});

test('split points: short steps at every point; long steps capped at 256 evenly spaced plus CR/LF neighbours', (t) => {
  const short = splitPoints(Buffer.from('GET / HTTP/1.1\r\n\r\n'));
  t.deepEqual(short.points, Array.from({ length: 17 }, (_, i) => i + 1));
  t.equal(short.capped, false);
  const long = Buffer.from(`GET /${'a'.repeat(5000)} HTTP/1.1\r\nHost: a\r\n\r\n`);
  const plan = splitPoints(long);
  t.equal(plan.capped, true);
  t.equal(plan.total, long.length - 1);
  t.ok(plan.points.length <= 512, `${plan.points.length} points`);
  for (const at of [long.indexOf('\r\n'), long.indexOf('\r\n') + 1, long.indexOf('\r\n') + 2, long.length - 1]) t.ok(plan.points.includes(at), `split next to CR/LF at ${at}`);
  t.deepEqual(plan.points, [...plan.points].sort((a, b) => a - b), 'in order');
  t.equal(new Set(plan.points).size, plan.points.length, 'no duplicates');
  t.end();
});
