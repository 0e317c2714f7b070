// A short seeded differential fuzz run (part of npm test): no exception, no stall, split invariance, the same digest
// for the same seed, and every discrepancy class with llhttp triaged to a documented root cause (docs/fuzzing.md).

import test from 'tape';
import { runFuzz } from '../../harness/fuzz/engine';
import { corpusSeeds, BUILTIN_SEEDS } from '../../harness/fuzz/seeds';
import { causeOf, sortedClasses } from '../../harness/fuzz/report';

const seeds = [...corpusSeeds(), ...BUILTIN_SEEDS];

test('fuzz: 3,000 seeded inputs against the reference parser and llhttp', (t) => {
  const rep = runFuzz({ seed: 8, count: 3000, seconds: 20, seeds });
  t.equal(rep.inputs, 3000, 'every input ran (the count, not the clock, bounds this run)');
  t.deepEqual(rep.crashes.map((c) => c.input), [], 'no exception');
  t.deepEqual(rep.stalls.map((c) => c.input), [], 'no stall (execute consumed nothing without an error)');
  t.deepEqual(rep.splitDivergences.map((c) => c.input), [], 'the same log in a random segmentation');
  t.ok(rep.classes.size > 10, `${rep.classes.size} discrepancy classes found`);
  for (const [key, c] of sortedClasses(rep)) {
    const cause = causeOf(c);
    t.notEqual(cause.id, 'unexplained', `${key}: ${cause.id} (${cause.rfc}) — ${JSON.stringify(c.minimal ?? c.first.input)}`);
  }
  t.comment(`${rep.inputs} inputs, max ${rep.maxMs.toFixed(1)} ms per input, peak RSS ${rep.peakRssMiB.toFixed(0)} MiB, digest ${rep.digest}`);
  t.end();
});

test('fuzz: the same seed gives the same run', (t) => {
  const a = runFuzz({ seed: 99, count: 1000, seconds: 20, seeds, minimise: false });
  const b = runFuzz({ seed: 99, count: 1000, seconds: 20, seeds, minimise: false });
  t.equal(a.inputs, 1000);
  t.equal(a.digest, b.digest, `digest ${a.digest}`);
  t.deepEqual([...a.classes.keys()].sort(), [...b.classes.keys()].sort(), 'the same classes');
  t.end();
});
