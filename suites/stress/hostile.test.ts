// Hostile clients that hold server resources without flooding: a reader that takes one octet at a time, many
// connections each holding a half-sent request head, many idle keep-alive connections. Same script against
// node:http and impl over 127.0.0.1; a probe from a fresh connection is answered during each.
//
// The slow reader is measured in counted octets (what the handler produced and what the peer received). Heads and
// idle connections are measured as the growth of this process's heapUsed + external + arrayBuffers after a full
// gc, divided by the number of connections; client and server share the process, so the client sockets' cost is
// in both figures and cancels in the difference that is asserted (impl - node per connection).

import test from 'tape';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { Readable } from 'node:stream';
import { MODULES, withRun, sleep, lastStatus, type RawPeer, type Run } from './lib';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

function used(): number {
  gc(); gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.external + m.arrayBuffers;
}

/** open `n` connections, run `each` on every one, and return the memory growth per connection */
async function perConnection(run: Run, n: number, each: (p: RawPeer) => Promise<void>): Promise<{ bytes: number; peers: RawPeer[] }> {
  await each(await run.connect()); // warm-up: the first connection pays for code and caches
  await sleep(50);
  const before = used();
  const peers: RawPeer[] = [];
  for (let i = 0; i < n; i += 50) {
    const group = await Promise.all(Array.from({ length: Math.min(50, n - i) }, () => run.connect()));
    await Promise.all(group.map(each));
    peers.push(...group);
  }
  await sleep(200);
  return { bytes: (used() - before) / n, peers };
}

const CHUNK = 16 * 1024;
const LIMIT = 64 << 20; // the handler produces at most 64 MiB

test('stress/hostile: a reader that takes one octet at a time — the response stream is held back, probe answered', async (t) => {
  const r: Record<string, { produced: number; received: number; probe: string }> = {};
  for (const mod of MODULES) {
    r[mod.name] = await withRun(mod, async (run) => {
      let produced = 0;
      await run.listen({}, (req, res) => {
        if (req.url === '/probe') { res.end('probe'); return; }
        // a well-behaved handler: pipe() honours write()'s backpressure
        Readable.from((function* () { while (produced < LIMIT) { produced += CHUNK; yield Buffer.alloc(CHUNK, 0x62); } })()).pipe(res);
      });
      const peer = await run.connect({ readableHighWaterMark: 1 });
      peer.socket.pause();
      peer.socket.removeAllListeners('data');
      let received = 0;
      peer.send('GET /big HTTP/1.1\r\nHost: a\r\n\r\n');
      // one octet per 200 ms for 2 s (the short window stands for one per second)
      for (let i = 0; i < 10; i++) { await sleep(200); if (peer.socket.read(1)) received++; }
      const probe = await run.probe();
      return { produced, received, probe };
    });
  }
  for (const [name, x] of Object.entries(r)) {
    t.comment(`${name}: produced ${x.produced} octets for a reader that took ${x.received}`);
    t.equal(x.probe, 'HTTP/1.1 200 OK', `${name}: probe answered`);
    t.ok(x.produced < LIMIT, `${name}: the handler was held back (${x.produced} < ${LIMIT})`);
  }
  // what was produced and not taken sits in kernel buffers (the same for both) and the server's own buffers
  const margin = 256 * 1024;
  t.ok(r.impl.produced <= r.node.produced + margin, `impl produced ${r.impl.produced}, node ${r.node.produced} (margin ${margin})`);
});

test('stress/hostile: 300 connections each holding half a request head — bounded, 408 after headersTimeout, probe answered', async (t) => {
  const N = 300;
  const HALF = `GET / HTTP/1.1\r\nHost: a\r\nX-Pad: ${'p'.repeat(4000)}`;
  const r: Record<string, { perConn: number; probe: string; statuses: number[]; open: number }> = {};
  for (const mod of MODULES) {
    r[mod.name] = await withRun(mod, async (run) => {
      await run.listen({ headersTimeout: 2500, requestTimeout: 5000, connectionsCheckingInterval: 100 }, (_req, res) => res.end('ok'));
      const { bytes, peers } = await perConnection(run, N, async (p) => { p.send(HALF); await sleep(1); });
      const probe = await run.probe();
      const open = peers.filter((p) => !p.closed).length;
      await Promise.all(peers.map((p) => p.waitClosed(6000)));
      const statuses = [...new Set(peers.map((p) => lastStatus(p.text())))];
      return { perConn: bytes, probe, statuses, open };
    });
  }
  for (const [name, x] of Object.entries(r)) {
    t.comment(`${name}: ${(x.perConn / 1024).toFixed(1)} KiB per connection (heap + external, client included)`);
    t.equal(x.probe, 'HTTP/1.1 200 OK', `${name}: probe answered`);
    t.equal(x.open, N, `${name}: all ${N} were open when the probe was answered`);
    t.deepEqual(x.statuses, [408], `${name}: every one got 408 after headersTimeout`);
  }
  const margin = 8 * 1024;
  t.ok(r.impl.perConn <= r.node.perConn + margin, `impl ${(r.impl.perConn / 1024).toFixed(1)} KiB <= node ${(r.node.perConn / 1024).toFixed(1)} KiB + 8 KiB per connection`);
});

test('stress/hostile: 300 idle keep-alive connections — bounded, probe answered, closed after keepAliveTimeout', async (t) => {
  const N = 300;
  const r: Record<string, { perConn: number; probe: string; closedAll: boolean }> = {};
  for (const mod of MODULES) {
    r[mod.name] = await withRun(mod, async (run) => {
      await run.listen({ keepAliveTimeout: 1500, connectionsCheckingInterval: 100 }, (_req, res) => res.end('ok'));
      const { bytes, peers } = await perConnection(run, N, async (p) => {
        p.send('GET / HTTP/1.1\r\nHost: a\r\n\r\n');
        await p.waitFor((x) => x.text().endsWith('ok'), 3000);
      });
      const probe = await run.probe();
      const closed = await Promise.all(peers.map((p) => p.waitClosed(6000)));
      return { perConn: bytes, probe, closedAll: closed.every(Boolean) };
    });
  }
  for (const [name, x] of Object.entries(r)) {
    t.comment(`${name}: ${(x.perConn / 1024).toFixed(1)} KiB per connection (heap + external, client included)`);
    t.equal(x.probe, 'HTTP/1.1 200 OK', `${name}: probe answered`);
    t.ok(x.closedAll, `${name}: every idle connection closed after keepAliveTimeout`);
  }
  const margin = 4 * 1024;
  t.ok(r.impl.perConn <= r.node.perConn + margin, `impl ${(r.impl.perConn / 1024).toFixed(1)} KiB <= node ${(r.node.perConn / 1024).toFixed(1)} KiB + 4 KiB per connection`);
});
