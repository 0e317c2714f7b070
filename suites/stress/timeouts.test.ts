// Connection timeouts over real loopback sockets, one script for node:http and impl: a silent connection gets 408
// and close after headersTimeout/requestTimeout counted from the accept, a keep-alive connection between requests
// obeys keepAliveTimeout (until the next request's head is complete, as in node 20).
//
// Asserted: what is on the wire and whether the server closed, and that no timeout fired before its time (a lower
// bound, measured from the moment the test itself sent or connected). Never how fast: every wait is bounded.

import test from 'tape';
import { MODULES, withRun, lastStatus, sleep, type Run } from './lib';

interface Outcome { closed: boolean; statuses: number[]; early: boolean }

interface Case {
  name: string;
  /** RFC 9110 15.5.9 (408) and node's server options */
  options: Record<string, number>;
  handler?: 'hold';
  /** drives one connection; returns what was observed, with `since` the time the governing clock started */
  script(run: Run): Promise<{ text: string; closed: boolean; since: number; closedAt: number | null }>;
  /** the governing timeout in ms (the server must not close before it), 0 for none */
  floor: number;
  expect: Omit<Outcome, 'early'>;
}

const INTERVAL = 50; // connectionsCheckingInterval: small so that a timeout is noticed soon after it expires
const REQ = 'GET / HTTP/1.1\r\nHost: a\r\n\r\n';

const CASES: Case[] = [
  {
    name: 'silent connection: 408 and close after headersTimeout counted from the accept',
    options: { headersTimeout: 300, requestTimeout: 1000, keepAliveTimeout: 5000 },
    async script(run) {
      const p = await run.connect();
      await p.waitClosed(4000);
      return { text: p.text(), closed: p.closed, since: p.openedAt, closedAt: p.closedAt };
    },
    floor: 300,
    expect: { closed: true, statuses: [408] },
  },
  {
    name: 'silent connection with headersTimeout 0: requestTimeout gives 408 and close',
    options: { headersTimeout: 0, requestTimeout: 400, keepAliveTimeout: 5000 },
    async script(run) {
      const p = await run.connect();
      await p.waitClosed(4000);
      return { text: p.text(), closed: p.closed, since: p.openedAt, closedAt: p.closedAt };
    },
    floor: 400,
    expect: { closed: true, statuses: [408] },
  },
  {
    name: 'first octet after 150 ms: headersTimeout counts again from the start of the message',
    options: { headersTimeout: 300, requestTimeout: 1000, keepAliveTimeout: 5000 },
    async script(run) {
      const p = await run.connect();
      await sleep(150);
      const since = Date.now();
      p.send('GET / HT');
      await p.waitClosed(4000);
      return { text: p.text(), closed: p.closed, since, closedAt: p.closedAt };
    },
    floor: 300,
    expect: { closed: true, statuses: [408] },
  },
  {
    name: 'head complete, body stalls: requestTimeout gives 408 and close',
    options: { headersTimeout: 200, requestTimeout: 500, keepAliveTimeout: 5000 },
    handler: 'hold',
    async script(run) {
      const p = await run.connect();
      const since = Date.now();
      p.send('POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc');
      await p.waitClosed(4000);
      return { text: p.text(), closed: p.closed, since, closedAt: p.closedAt };
    },
    floor: 500,
    expect: { closed: true, statuses: [408] },
  },
  {
    name: 'idle keep-alive connection: closed after keepAliveTimeout, nothing more written',
    options: { headersTimeout: 3000, requestTimeout: 3000, keepAliveTimeout: 200 },
    async script(run) {
      const p = await run.connect();
      p.send(REQ);
      await p.waitFor((x) => x.text().endsWith('ok'), 2000);
      const since = Date.now();
      await p.waitClosed(4000);
      return { text: p.text(), closed: p.closed, since, closedAt: p.closedAt };
    },
    floor: 200,
    expect: { closed: true, statuses: [200] },
  },
  {
    name: 'keep-alive, then half a request: keepAliveTimeout still runs until the head is complete (node 20), close without an answer',
    // node re-arms the socket timeout only when a head is complete (resetSocketTimeout in parserOnIncoming), so the
    // keep-alive wait (100 ms, plus node's 1 s) ends the connection before headersTimeout (2500 ms) could
    options: { headersTimeout: 2500, requestTimeout: 3000, keepAliveTimeout: 100 },
    async script(run) {
      const p = await run.connect();
      p.send(REQ);
      await p.waitFor((x) => x.text().endsWith('ok'), 2000);
      const since = Date.now();
      await sleep(30);
      p.send('GET / HTTP/1.1\r\n');
      await p.waitClosed(5000);
      return { text: p.text(), closed: p.closed, since, closedAt: p.closedAt };
    },
    floor: 100,
    expect: { closed: true, statuses: [200] },
  },
  {
    name: 'keepAliveTimeout 0: an idle connection outlives headersTimeout; the next request head still gets 408',
    options: { headersTimeout: 400, requestTimeout: 3000, keepAliveTimeout: 0 },
    async script(run) {
      const p = await run.connect();
      p.send(REQ);
      await p.waitFor((x) => x.text().endsWith('ok'), 2000);
      await sleep(700); // idle longer than headersTimeout: between messages no clock runs
      const since = Date.now();
      p.send('GET / HTTP/1.1\r\nConnection: ');
      await p.waitClosed(4000);
      return { text: p.text(), closed: p.closed, since, closedAt: p.closedAt };
    },
    floor: 400,
    expect: { closed: true, statuses: [200, 408] },
  },
  {
    name: 'pipelined: a complete request and half of the next in one read; the half gets 408 after headersTimeout',
    options: { headersTimeout: 400, requestTimeout: 0, keepAliveTimeout: 0 },
    async script(run) {
      const p = await run.connect();
      const since = Date.now();
      p.send(`${REQ}GET / HTTP/1.1\r\nHost: a\r\nConnection: `);
      await p.waitClosed(4000);
      return { text: p.text(), closed: p.closed, since, closedAt: p.closedAt };
    },
    floor: 400,
    expect: { closed: true, statuses: [200, 408] },
  },
];

for (const c of CASES) {
  test(`stress/timeouts: ${c.name}`, async (t) => {
    const results = await Promise.all(MODULES.map((mod) => withRun(mod, async (run) => {
      await run.listen({ ...c.options, connectionsCheckingInterval: INTERVAL }, (req, res) => {
        if (c.handler === 'hold') { req.resume(); req.on('end', () => res.end('ok')); return; }
        res.end('ok');
      });
      const o = await c.script(run);
      const statuses = [...o.text.matchAll(/HTTP\/1\.1 (\d{3})/g)].map((m) => Number(m[1]));
      // a timer may fire a few ms early by the wall clock: 20 ms of slack
      const early = o.closedAt !== null && o.closedAt - o.since < c.floor - 20;
      return { name: mod.name, outcome: { closed: o.closed, statuses, early }, lived: o.closedAt === null ? null : o.closedAt - o.since };
    })));
    for (const r of results) {
      t.deepEqual(r.outcome, { ...c.expect, early: false }, `${r.name}: ${JSON.stringify(r.outcome)} (closed ${r.lived} ms after the clock started; timeout ${c.floor} ms)`);
    }
  });
}

test('stress/timeouts: a connection that has sent nothing is not idle for closeIdleConnections (as in node)', async (t) => {
  for (const mod of MODULES) {
    await withRun(mod, async (run) => {
      const server = await run.listen({ headersTimeout: 3000, requestTimeout: 3000, connectionsCheckingInterval: INTERVAL }, (_q, s) => s.end('ok'));
      const silent = await run.connect();
      const served = await run.connect();
      served.send(REQ);
      await served.waitFor((x) => x.text().endsWith('ok'), 2000);
      server.closeIdleConnections();
      await served.waitClosed(2000);
      await sleep(100);
      t.deepEqual([silent.closed, served.closed, lastStatus(served.text())], [false, true, 200],
        `${mod.name}: silent connection kept, idle keep-alive connection closed`);
    });
  }
});
