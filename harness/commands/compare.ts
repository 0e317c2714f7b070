// `h1compat compare OLD NEW`: regressions, fixes and changed verdicts between two results files, as Markdown.

import { resolve } from 'node:path';
import { UsageError, type Command } from '../cli-args';
import { compareResults, compareStatus, renderComparison, readResults, writeAtomic } from '../../reports';
import { guard } from './report-glue';

export const command: Command = {
  usage: 'h1compat compare OLD NEW [--out FILE]',
  summary: 'Regressions, fixes and changed verdicts between two results files, as Markdown. Exit 1 when anything regressed.',
  flags: { out: { type: 'string', arg: 'FILE', help: 'where to write (default: stdout)' } },
  run(v, positional) {
    if (positional.length !== 2) throw new UsageError('h1compat compare: give exactly two results files, OLD NEW');
    const [a, b] = positional;
    const c = compareResults(guard(() => readResults(a)), guard(() => readResults(b)));
    const md = renderComparison(c, a, b);
    if (typeof v.out === 'string') writeAtomic(resolve(v.out), md);
    else process.stdout.write(md);
    return compareStatus(c);
  },
};
