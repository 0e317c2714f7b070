// Table-driven parser tests: every case runs whole, byte-by-byte and at every split point, and must emit the same log.

import test from 'tape';
import { runParser } from '../../harness/diff/log';
import { deliveries } from '../../harness/diff/split';
import { expectedLog, type ParserCase } from './case';
import { requestHeadCases } from './cases-request-head';
import { framingCases } from './cases-framing';
import { responseCases } from './cases-response';

export const parserCases: ParserCase[] = [...requestHeadCases, ...framingCases, ...responseCases];

test('parser cases have unique ids', (t) => {
  const seen = new Set<string>();
  for (const c of parserCases) { t.notOk(seen.has(c.id), `unique id ${c.id}`); seen.add(c.id); }
  t.end();
});

for (const c of parserCases) {
  test(`${c.spec} ${c.id}`, (t) => {
    const want = expectedLog(c);
    const bytes = Buffer.from(c.input, 'latin1');
    let failures = 0;
    for (const { name, chunks } of deliveries(bytes, { random: 4, seed: 7 })) {
      const got = runParser(c.kind ?? 'request', chunks, c.opts);
      if (JSON.stringify(got) !== JSON.stringify(want)) {
        failures++;
        if (failures <= 2) t.deepEqual(got, want, `${name}`);
      }
    }
    t.equal(failures, 0, `same log whole, byte-by-byte, at all ${bytes.length - 1} split points and 4 seeded random splits`);
    t.end();
  });
}
