// `h1compat fuzz`: differential fuzzing of the reference parser against node's llhttp, seeded from the corpus;
// prints the run's numbers and classes, writes a candidate fixture for each new class. Exit 1 on crashes, stalls or split divergences (slow inputs are reported, never fail: timing is not a verdict).

import { join, resolve } from 'node:path';
import type { Flags } from '../cli-args';
import { UsageError } from '../cli-args';
import { runFuzz } from './engine';
import { corpusSeeds, BUILTIN_SEEDS } from './seeds';
import { summaryLines, classLines } from './report';

import { ROOT } from '../paths';
/** where candidate fixtures go unless --out says otherwise (inside the corpus, so they lint and replay with it) */
export const DEFAULT_CANDIDATES = join(ROOT, 'fixtures', 'fuzz-candidates');

export const FUZZ_FLAGS: Flags = {
  seed: { type: 'number', help: 'PRNG seed (default 1): the same seed and --count give the same run' },
  count: { type: 'number', help: 'number of inputs (default 10000)' },
  seconds: { type: 'number', help: 'stop after this many seconds (default 60)' },
  fixtures: { type: 'string', arg: 'DIR', help: 'corpus to seed from (default fixtures/)' },
  out: { type: 'string', arg: 'DIR', help: 'write candidate fixtures here (default fixtures/fuzz-candidates/)' },
  'no-write': { type: 'boolean', help: 'write no candidate fixtures' },
  'no-minimise': { type: 'boolean', help: 'do not minimise (faster; nothing is written either)' },
  'split-rate': { type: 'number', help: 'share of inputs also delivered in a random segmentation (default 0.25)' },
  classes: { type: 'boolean', help: 'print every discrepancy class with its root cause and minimal input' },
};

export function fuzzCommand(v: Record<string, unknown>): number {
  const num = (k: string, d: number): number => (v[k] as number | undefined) ?? d;
  const seed = num('seed', 1);
  const count = num('count', 10000);
  if (!Number.isInteger(seed) || !Number.isInteger(count)) throw new UsageError('h1compat fuzz: --seed and --count must be integers');
  const splitRate = num('split-rate', 0.25);
  if (splitRate > 1) throw new UsageError('h1compat fuzz: --split-rate must be between 0 and 1');
  const seeds = [...corpusSeeds(resolve((v.fixtures as string | undefined) ?? join(ROOT, 'fixtures'))), ...BUILTIN_SEEDS];
  const minimise = v['no-minimise'] !== true;
  const rep = runFuzz({
    seed, count, seconds: num('seconds', 60), seeds, splitRate, minimise,
    outDir: v['no-write'] === true || !minimise ? undefined : resolve((v.out as string | undefined) ?? DEFAULT_CANDIDATES),
    progress: (l) => process.stderr.write(l + '\n'),
  });
  process.stdout.write(`h1compat fuzz: reference vs llhttp ${process.versions.llhttp}, ${seeds.length} seeds\n`);
  for (const l of summaryLines(rep, ROOT)) process.stdout.write(l + '\n');
  if (v.classes === true) for (const l of classLines(rep)) process.stdout.write(l + '\n');
  return rep.crashes.length + rep.stalls.length + rep.splitDivergences.length > 0 ? 1 : 0;
}

/** The CLI table entry (harness/cli.ts). */
export const FUZZ_COMMAND = {
  usage: 'h1compat fuzz [--seed N] [--count N] [--seconds N] [--out DIR]',
  summary: 'Differential fuzzing, reference parser vs llhttp, seeded from the corpus; a candidate fixture per new discrepancy class (docs/fuzzing.md).',
  flags: FUZZ_FLAGS,
  run(values: Record<string, unknown>, positional: readonly string[]): Promise<number> {
    if (positional.length > 0) throw new UsageError(`h1compat fuzz: unexpected argument \`${positional[0]}\``);
    return Promise.resolve(fuzzCommand(values));
  },
};
