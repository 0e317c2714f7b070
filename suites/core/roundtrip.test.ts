// Round trips over the shared table in roundtrip-cases.ts: the serializer must write each case's messages as exactly
// its wire bytes, and the parser must read those bytes back into the same messages, in every delivery (whole, byte by
// byte, every split point, seeded random splits), with the framing the serializer decided.

import test from 'tape';
import { Parser } from '../../impl/core/parser';
import type { Framing, ParserSink } from '../../impl/core/types';
import { decideFraming, serializeMessage } from '../../impl/core/serializer';
import { roundTripCases, requestMethods, type RoundTripCase } from './roundtrip-cases';
import { parseAcrossDeliveries, type ParseEvent } from '../../harness/diff/split';

const bytes = (s: string): Uint8Array => Buffer.from(s, 'latin1');
const text = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');

/** A message as both sides see it. */
interface Seen {
  start: string;
  fields: string[];
  framing: Framing;
  body: string;
  trailers: string[];
  complete: boolean;
}

function expected(c: RoundTripCase): Seen[] {
  const methods = requestMethods(c);
  return c.messages.map((m, i) => {
    const h = m.head;
    const v = `${h.versionMajor ?? 1}.${h.versionMinor ?? 1}`;
    return {
      start: 'status' in h ? `${v} ${h.status} ${h.reason ?? ''}` : `${h.method} ${h.target} ${v}`,
      fields: [...h.fields],
      framing: decideFraming(h, { requestMethod: methods[i] }).framing,
      body: (m.body ?? []).join(''),
      trailers: [...(m.trailers ?? [])],
      complete: true,
    };
  });
}

function seen(log: ParseEvent[]): { messages: Seen[]; problems: ParseEvent[] } {
  const messages: Seen[] = [];
  const problems: ParseEvent[] = [];
  for (const e of log) {
    const cur = messages[messages.length - 1];
    switch (e.type) {
      case 'head': {
        const h = e.head;
        const v = `${h.versionMajor}.${h.versionMinor}`;
        messages.push({
          start: h.kind === 'response' ? `${v} ${h.status} ${h.reason}` : `${h.method} ${h.target} ${v}`,
          fields: h.fields, framing: h.framing, body: '', trailers: [], complete: false,
        });
        break;
      }
      case 'body': if (cur) cur.body += e.data; else problems.push(e); break;
      case 'trailers': if (cur) cur.trailers.push(...e.fields); else problems.push(e); break;
      case 'complete': if (cur) cur.complete = true; else problems.push(e); break;
      case 'chunk': break;
      default: problems.push(e);
    }
  }
  return { messages, problems };
}

function serialize(c: RoundTripCase): string {
  const methods = requestMethods(c);
  return c.messages.map((m, i) =>
    text(serializeMessage(m.head, (m.body ?? []).map(bytes), m.trailers, { requestMethod: methods[i] }))).join('');
}

const parserFor = (c: RoundTripCase) => (sink: ParserSink) => {
  const p = new Parser(c.kind, sink);
  for (const m of c.methods ?? []) p.pushRequestMethod(m);
  return p;
};

test('round trip: the serializer writes every case byte-exactly', (t) => {
  for (const c of roundTripCases) t.equal(serialize(c), c.wire, c.id);
  t.end();
});

test('round trip: the parser reads every case back, in every delivery', (t) => {
  for (const c of roundTripCases) {
    const inv = parseAcrossDeliveries(bytes(c.wire), parserFor(c), { eof: c.eof, random: 8, seed: 7 });
    if (inv.divergent) {
      t.deepEqual(inv.divergent.log, inv.log, `${c.id}: delivery ${inv.divergent.name} differs from whole`);
    } else {
      t.pass(`${c.id}: ${inv.runs} deliveries agree`);
    }
    const got = seen(inv.log);
    t.deepEqual(got.problems, [], `${c.id}: no error, stall or leftover`);
    t.deepEqual(got.messages, expected(c), `${c.id}: parsed back into the case`);
  }
  t.end();
});

test('round trip: the table covers what it promises', (t) => {
  const has = (p: (c: RoundTripCase) => boolean, what: string) => t.ok(roundTripCases.some(p), what);
  has((c) => c.kind === 'request' && c.messages.length > 1, 'pipelined requests');
  has((c) => c.kind === 'response' && c.messages.length > 1, 'pipelined responses');
  has((c) => c.messages.some((m) => m.trailers !== undefined), 'chunked with trailers');
  has((c) => c.methods?.includes('HEAD') === true, 'response to HEAD');
  has((c) => c.messages.some((m) => 'status' in m.head && m.head.status === 204), '204');
  has((c) => c.messages.some((m) => 'status' in m.head && m.head.status === 304), '304');
  has((c) => c.eof === true, 'close-delimited');
  const ids = roundTripCases.map((c) => c.id);
  t.equal(new Set(ids).size, ids.length, 'ids are unique');
  t.end();
});
