// Invariance checks over the whole corpus, at the reference parser: split-point invariance of every fixture's octets;
// a probe request appended after a rejected stream is never parsed; toggling one leniency flag changes the parse only
// for the fixtures mapped to that flag (leniency-map.ts), and changes each of them.

import test from 'tape';
import { join } from 'node:path';
import { loadCorpus, type Fixture } from '../../harness/fixture';
import { streamOf } from '../../harness/fuzz/seeds';
import { runParser } from '../../harness/diff/log';
import { acrossDeliveries } from '../../harness/diff/split';
import { LENIENCY_FLAGS } from '../../impl/core/leniency';
import { LENIENCY_MAP } from './leniency-map';

const { corpus } = loadCorpus(join(__dirname, '../../fixtures'), { canonical: false });

interface Stream { id: string; kind: 'request' | 'response'; bytes: Buffer; fixture: Fixture }

/** every stream of the corpus the reference parser reads: server/proxy send octets, client/proxy serve octets */
const streams: Stream[] = [];
for (const f of corpus.fixtures) {
  const send = streamOf(f, 'send');
  const serve = streamOf(f, 'serve');
  if (send && f.role !== 'client') streams.push({ id: f.id, kind: 'request', bytes: Buffer.from(send, 'latin1'), fixture: f });
  if (serve && f.role !== 'server') streams.push({ id: f.id, kind: 'response', bytes: Buffer.from(serve, 'latin1'), fixture: f });
}

test('split-point invariance: every fixture stream gives the same log whole, byte by byte and at every split point', (t) => {
  let runs = 0;
  let divergent = 0;
  for (const s of streams) {
    // streams over 16 KiB (the 1 MiB request-target limits) get 16 seeded random segmentations, not every split point
    const big = s.bytes.length > 16384;
    const r = acrossDeliveries(s.bytes, (chunks) => runParser(s.kind, chunks, { eof: true }),
      big ? { byteByByte: s.bytes.length <= 65536, splitPoints: false, random: 16, seed: s.bytes.length } : { random: 2 });
    runs += r.runs;
    if (r.divergent) {
      divergent++;
      t.fail(`${s.id} (${s.kind}): ${r.divergent.name} gives ${JSON.stringify(r.divergent.log)} instead of ${JSON.stringify(r.log)}`);
    }
  }
  t.equal(divergent, 0, `${streams.length} streams of ${corpus.size} fixtures, ${runs} deliveries`);
  t.end();
});

const PROBE = 'GET /fuzz-invariance-probe HTTP/1.1\r\nHost: a\r\n\r\n';
const probeParsed = (log: string[]): boolean => log.some((l) => l.startsWith('request ') && l.split(' ')[2] === '/fuzz-invariance-probe');

/** the fixture's outcomes all require a rejection: no request parsed, or a 4xx/5xx final response */
function expectsRejection(f: Fixture): boolean {
  return f.outcomes.length > 0 && f.outcomes.every((o) => (o.requests !== undefined && o.requests.length === 0)
    || (o.responses ?? []).some((r) => (r.status.kind === 'code' && r.status.code >= 400) || (r.status.kind === 'class' && r.status.digit >= 4)));
}

test('a probe appended after a stream the fixture expects rejected is never parsed', (t) => {
  let rejecting = 0;
  let parserRejects = 0;
  const notAtParser: string[] = [];
  for (const s of streams) {
    if (s.kind !== 'request' || s.fixture.role !== 'server' || !expectsRejection(s.fixture)) continue;
    rejecting++;
    const plain = runParser('request', [s.bytes], { eof: false });
    const withProbe = runParser('request', [s.bytes, Buffer.from(PROBE, 'latin1')], { eof: false });
    if (!plain.some((l) => l.startsWith('error '))) { notAtParser.push(s.id); continue; }
    parserRejects++;
    if (probeParsed(withProbe)) t.fail(`${s.id}: the probe is parsed: ${JSON.stringify(withProbe)}`);
    const err = (log: string[]): string | undefined => log.find((l) => l.startsWith('error '));
    if (err(withProbe) !== err(plain)) t.fail(`${s.id}: the probe changes the error: ${err(plain)} -> ${err(withProbe)}`);
  }
  t.ok(parserRejects > 50, `${parserRejects} of ${rejecting} fixtures that expect rejection are rejected by the parser; the probe is never parsed after them`);
  t.comment(`expect rejection above the parser (server layer: Expect, limits of the node API, ...): ${notAtParser.length}`);
  t.end();
});

test('toggling one leniency flag changes the parse only for the fixtures mapped to it', (t) => {
  for (const flag of LENIENCY_FLAGS) {
    const changed = new Set<string>();
    for (const s of streams) {
      const strict = JSON.stringify(runParser(s.kind, [s.bytes], { eof: true }));
      const lenient = JSON.stringify(runParser(s.kind, [s.bytes], { eof: true, lenient: { [flag]: true } }));
      if (strict !== lenient) changed.add(s.id);
    }
    const mapped = new Set(LENIENCY_MAP[flag].fixtures.filter((id) => corpus.get(id) !== undefined));
    t.deepEqual([...changed].filter((id) => !mapped.has(id)).sort(), [], `${flag}: changes no fixture outside its row (${LENIENCY_MAP[flag].admits})`);
    t.deepEqual([...mapped].filter((id) => !changed.has(id)).sort(), [], `${flag}: changes every fixture of its row (${mapped.size})`);
  }
  t.end();
});
