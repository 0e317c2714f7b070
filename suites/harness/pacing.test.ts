// The pacing rule of the one segmented writer (harness/replay/wire.ts `paced`, harness/README.md "Over TCP, the
// pieces of a segmented step are paced"): which steps are paced, and that a paced step over a real loopback socket
// leaves its pieces in order and whole, with the pauses between them.

import test from 'tape';
import * as net from 'node:net';
import { memoryPair } from '../../harness/replay/transport-memory';
import { PACE_MAX_OCTETS, PACE_MS, paced, Waiters, writeSegments } from '../../harness/replay/wire';

const octets = (n: number, size = 1): Buffer[] => Array.from({ length: n }, () => Buffer.alloc(size, 0x61));

/** A loopback connection: the harness's end and everything the other end received. */
async function loopback(): Promise<{ socket: net.Socket; received: () => Buffer; close: () => void }> {
  const got: Buffer[] = [];
  const server = net.createServer((s) => { s.on('data', (d: Buffer) => got.push(d)); s.on('error', () => {}); });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  const socket = net.connect({ host: '127.0.0.1', port, noDelay: true });
  await new Promise<void>((r) => socket.once('connect', () => r()));
  return { socket, received: () => Buffer.concat(got), close: () => { socket.destroy(); server.close(); } };
}

test('paced: which steps are paced (over TCP, two pieces or more, at most PACE_MAX_OCTETS octets)', async (t) => {
  const tcp = await loopback();
  const { client } = memoryPair();
  try {
    const rows: [string, boolean, boolean][] = [
      // [what, over TCP?, paced?]
      ['one piece (whole)', true, false],
      ['40 one-octet pieces (byte-by-byte)', true, true],
      [`${PACE_MAX_OCTETS} one-octet pieces`, true, true],
      [`${PACE_MAX_OCTETS + 1} one-octet pieces (too long: best effort)`, true, false],
      ['3 pieces of 100 octets (random splits)', true, true],
      ['40 one-octet pieces in memory (exact already)', false, false],
    ];
    const pieces = [octets(1), octets(40), octets(PACE_MAX_OCTETS), octets(PACE_MAX_OCTETS + 1), octets(3, 100), octets(40)];
    rows.forEach(([what, overTcp, want], i) => t.equal(paced(overTcp ? tcp.socket : client, pieces[i]), want, `${what}: ${want ? 'paced' : 'not paced'}`));
  } finally {
    tcp.close();
    client.destroy();
  }
});

test('a paced step over loopback arrives whole and in order, PACE_MS apart at least', async (t) => {
  const tcp = await loopback();
  try {
    const text = 'GET /paced HTTP/1.1\r\nHost: a\r\n\r\n';
    const pieces = [...text].map((c) => Buffer.from(c, 'latin1'));
    const waiters = new Waiters(Date.now() + 10000, () => false);
    const t0 = Date.now();
    const n = await writeSegments(tcp.socket, pieces, 0, waiters, () => {}, () => false, () => {}, paced(tcp.socket, pieces));
    const took = Date.now() - t0;
    await new Promise<void>((r) => setTimeout(r, 50));
    t.equal(n, text.length, 'every octet handed to the socket');
    t.equal(tcp.received().toString('latin1'), text, 'the subject received the step whole and in order');
    // a lower bound only, with room for the event loop's cached clock (a 1 ms timer can end a little short of 1 ms
    // by Date.now()); no upper bound is asserted. Unpaced, these 32 writes take a few ms.
    const floor = Math.floor(((pieces.length - 1) * PACE_MS) / 2);
    t.ok(took >= floor, `the writes took ${took} ms for ${pieces.length} pieces (at least ${floor} ms)`);
  } finally {
    tcp.close();
  }
});
