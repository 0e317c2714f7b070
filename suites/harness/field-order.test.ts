// Capability `field-order`: an echo built on a hash map (HAProxy's Lua, Undertow, actix-web) reports field lines in
// an order of its own, which changed verdicts between runs. RFC 9110 5.3: "The order in which field lines with
// differing field names are received in a section is not significant"; the order of lines with the SAME name is.
// A subject lacking `field-order` is matched on the multiset of its lines with each name's own order kept; a subject
// with it is matched in order, as before. A real node:http echo that reports its lines in reverse order.

import test from 'tape';
import * as http from 'node:http';
import type * as net from 'node:net';
import { echoBody } from '../../harness/echo/handler';
import { replayServer } from '../../harness/replay/engine';
import { judge } from '../../harness/replay/verdict';
import { fixture } from './misbehaving';

const OPTS = { delivery: 'whole' as const, waitMs: 500, timeoutMs: 4000, settleMs: 30 };

/** An echo whose report lists field lines reversed (`mode` reverse) or as received. */
function echo(reverse: boolean): Promise<http.Server> {
  const srv = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = req.rawHeaders;
      const lines: string[] = [];
      for (let i = 0; i + 1 < raw.length; i += 2) lines.push(raw[i], raw[i + 1]);
      const pairs: string[][] = [];
      for (let i = 0; i < lines.length; i += 2) pairs.push([lines[i], lines[i + 1]]);
      const shown = (reverse ? pairs.reverse() : pairs).flat();
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify(echoBody({ method: req.method, url: req.url, httpVersion: req.httpVersion, rawHeaders: shown, rawTrailers: [], on: () => undefined } as never, Buffer.concat(chunks))));
    });
  });
  return new Promise((resolve) => srv.listen(0, '127.0.0.1', () => resolve(srv)));
}

const F = (fields: string, expect: string): ReturnType<typeof fixture> => fixture(`id: t-order
title: A server must hand the fields on
spec: RFC9110 5.3
level: MUST
role: server
tags: test

exchange:
  send:
    "GET /x HTTP/1.1\\r\\n"
    "Host: a\\r\\n"
${fields}    "\\r\\n"
  wait: response

outcome: handed on
  level: MUST
  request:
    fields:
${expect}  response: 200
`);

const TWO_NAMES = F('    "X-A: 1\\r\\n"\n    "X-B: 2\\r\\n"\n', '      X-A: 1\n      X-B: 2\n');
const SAME_NAME = F('    "X-A: 1\\r\\n"\n    "X-A: 2\\r\\n"\n', '      X-A: 1\n      X-A: 2\n');

/** fixture, echo reverses, subject has field-order, expected verdict */
const CASES: [string, ReturnType<typeof fixture>, boolean, boolean, string][] = [
  ['two names reported in another order: pass without field-order', TWO_NAMES, true, false, 'pass'],
  ['two names reported in another order: fail with field-order (the echo claims to report it)', TWO_NAMES, true, true, 'fail'],
  ['one name reported in another order: fail either way (its order is significant)', SAME_NAME, true, false, 'fail'],
  ['one name in order: pass without field-order', SAME_NAME, false, false, 'pass'],
];

for (const [name, f, reverse, fieldOrder, verdict] of CASES) {
  test(`field order: ${name}`, async (t) => {
    const srv = await echo(reverse);
    try {
      const obs = await replayServer(f, '127.0.0.1', (srv.address() as net.AddressInfo).port, OPTS);
      const v = judge(f, obs, true, fieldOrder);
      t.equal(v.verdict, verdict, `${v.verdict}: ${v.reason.slice(0, 300)}`);
    } finally {
      srv.close();
    }
  });
}
