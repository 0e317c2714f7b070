// `h1compat merge`: the results files of `run --shard i/n` merged into one, equal to an unsharded run.

import { resolve } from 'node:path';
import { UsageError, type Command } from '../cli-args';
import { mergeResults, readResults, resultsText, writeAtomic } from '../../reports';
import { guard, need } from './report-glue';

export const command: Command = {
  usage: 'h1compat merge FILE... --out FILE',
  summary: 'Merge results of `run --shard i/n` into one file equal to an unsharded run (records in canonical order).',
  flags: { out: { type: 'string', arg: 'FILE', help: 'the merged results file (required)' } },
  run(v, positional) {
    if (positional.length === 0) throw new UsageError('h1compat merge: give the results files to merge (e.g. shard1.json shard2.json)');
    const out = need(v, 'out', 'merge');
    const { doc, warnings } = guard(() => mergeResults(positional.map((p) => readResults(p)), positional));
    for (const w of warnings) process.stderr.write(`h1compat merge: warning: ${w}\n`);
    writeAtomic(resolve(out), resultsText(doc));
    process.stderr.write(`merged ${positional.length} file(s), ${doc.records.length} records: ${resolve(out)}\n`);
    return 0;
  },
};
