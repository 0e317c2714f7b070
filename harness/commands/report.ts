// `h1compat report`: render a results file as HTML, Markdown, JUnit or TAP (the renderers of reports/).

import { resolve } from 'node:path';
import { UsageError, list, type Command, type Flags } from '../cli-args';
import { REPORT_FORMATS, renderReport, readResults, writeAtomic, type ReportFormat } from '../../reports';
import { guard, loadBaselines, need } from './report-glue';

export const command: Command = {
  usage: 'h1compat report --results FILE [--format html|md|junit|tap] [--out FILE]',
  summary: 'Render a results file as a single-file HTML report, a Markdown summary, JUnit XML or TAP.',
  flags: {
    results: { type: 'string', arg: 'FILE', help: 'a results file (results.json)' },
    format: { type: 'string', arg: 'FORMAT', help: `${REPORT_FORMATS.join(', ')} (default html)` },
    out: { type: 'string', arg: 'FILE', help: 'where to write (default: stdout)' },
    previous: { type: 'string', arg: 'FILE', help: 'md: previous results; new failures against them are listed first' },
    baseline: { type: 'string', arg: 'a,b', help: 'md: baselines; results worse than them are listed first' },
  } satisfies Flags,
  run(v, positional) {
    if (positional.length > 0) throw new UsageError(`h1compat report: unexpected argument \`${positional[0]}\` (use --results)`);
    const format = (v.format as string | undefined) ?? 'html';
    if (!REPORT_FORMATS.includes(format as ReportFormat)) throw new UsageError(`h1compat report: --format must be one of ${REPORT_FORMATS.join(', ')}`);
    const doc = guard(() => readResults(need(v, 'results', 'report')));
    const previous = typeof v.previous === 'string' ? guard(() => readResults(v.previous as string)) : undefined;
    const baselines = typeof v.baseline === 'string' ? loadBaselines(list(v.baseline)) : undefined;
    const text = renderReport(doc, format as ReportFormat, { previous, previousName: v.previous as string | undefined, baselines });
    if (typeof v.out === 'string') {
      writeAtomic(resolve(v.out), text);
      process.stderr.write(`report: ${resolve(v.out)}\n`);
    } else process.stdout.write(text);
    return 0;
  },
};
