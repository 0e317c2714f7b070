// The reference parser under fuzz (npm run fuzz:campaign): 1,000,000 seeded inputs, differential against llhttp;
// prints inputs, crashes, hangs, peak memory, discrepancy classes and fixtures added, and writes the class table.
//
// Usage: npm run fuzz:campaign [-- --count N] [-- --seed N] [-- --seconds N] [-- --out DIR] [-- --table FILE]
// Seeds (harness/fuzz/seeds.ts): the corpus, the built-in messages, the parser cases (fixtures/parser/*.md) and the
// differential inputs (harness/diff/inputs.ts).

import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from '../harness/cli-args';
import { runFuzz } from '../harness/fuzz/engine';
import { caseSeeds, corpusSeeds, BUILTIN_SEEDS } from '../harness/fuzz/seeds';
import { summaryLines, classLines, classTable } from '../harness/fuzz/report';
import { DEFAULT_CANDIDATES } from '../harness/fuzz/command';
import { fnv1a } from '../harness/fuzz/rng';
import { execFileSync } from 'node:child_process';

const ROOT = join(__dirname, '..');

function main(): number {
  const { values: v } = parseArgs('fuzz:campaign', process.argv.slice(2), {
    count: { type: 'number', help: '' }, seed: { type: 'number', help: '' }, seconds: { type: 'number', help: '' },
    out: { type: 'string', help: '' }, table: { type: 'string', help: '' },
  });
  const seeds = [...corpusSeeds(), ...BUILTIN_SEEDS, ...caseSeeds()];
  const count = (v.count as number | undefined) ?? 1_000_000;
  const seed = (v.seed as number | undefined) ?? 20261121;
  const rep = runFuzz({
    seed, count, seconds: (v.seconds as number | undefined) ?? 1800, seeds,
    outDir: resolve((v.out as string | undefined) ?? DEFAULT_CANDIDATES),
    progress: (l) => process.stderr.write(l + '\n'),
  });
  let rev = 'unknown';
  try { rev = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim(); } catch { /* not a checkout */ }
  process.stdout.write(`fuzz campaign: reference vs llhttp ${process.versions.llhttp} (node ${process.version}), git ${rev}, `
    + `${seeds.length} seeds (digest ${fnv1a(seeds.map((x) => x.input).join('\u0000'))}), seed ${seed}, count ${count}\n`);
  for (const l of summaryLines(rep, ROOT)) process.stdout.write(l + '\n');
  for (const l of classLines(rep)) process.stdout.write(l + '\n');
  const table = resolve((v.table as string | undefined) ?? join(ROOT, 'out', 'fuzz-campaign.md'));
  mkdirSync(dirname(table), { recursive: true });
  writeFileSync(table, [...summaryLines(rep, ROOT).map((l) => `- ${l}`), '', ...classTable(rep), ''].join('\n'));
  process.stdout.write(`class table: ${table}\n`);
  return rep.crashes.length + rep.stalls.length + rep.splitDivergences.length > 0 ? 1 : 0;
}

if (require.main === module) process.exitCode = main();
