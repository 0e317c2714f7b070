// `h1compat baseline update|check`: write the expected non-pass verdicts of subjects, or gate results on them.

import { UsageError, list, type Command } from '../cli-args';
import { baselineFrom, readResults, writeAtomic } from '../../reports';
import { guard, gateOnBaselines, need } from './report-glue';
import { outputPath } from './output-path';

export const command: Command = {
  usage: 'h1compat baseline update --results FILE --out FILE [--subject NAME] | baseline check --results FILE --baseline a,b',
  summary: 'update: write the expected non-pass verdicts of a subject from a results file. check: exit 1 when results are worse than the baselines.',
  flags: {
    results: { type: 'string', arg: 'FILE', help: 'a results file (results.json)' },
    out: { type: 'string', arg: 'FILE', help: 'update: the baseline file; {subject} is replaced by the subject name (never leaving the folder before it)' },
    subject: { type: 'string', arg: 'a,b', help: 'update: subjects to write (default: all; more than one needs {subject} in --out)' },
    baseline: { type: 'string', arg: 'a,b', help: 'baseline files (one per subject; see docs/reports.md)' },
  },
  run(v, positional) {
    const [sub] = positional;
    const doc = guard(() => readResults(need(v, 'results', 'baseline')));
    if (sub === 'check') return gateOnBaselines(doc, list(need(v, 'baseline', 'baseline check')), (l) => process.stdout.write(`${l}\n`));
    if (sub !== 'update') throw new UsageError(`h1compat baseline: unknown subcommand \`${sub ?? ''}\` (available: update, check)`);
    const out = need(v, 'out', 'baseline update');
    const names = doc.run.subjects.map((s) => s.name);
    const wanted = list(v.subject);
    const subjects = wanted.length > 0 ? wanted : names;
    for (const s of subjects) if (!names.includes(s)) throw new UsageError(`h1compat baseline update: no subject \`${s}\` in ${v.results} (subjects: ${names.join(', ')})`);
    if (subjects.length > 1 && !out.includes('{subject}')) throw new UsageError(`h1compat baseline update: the results hold ${subjects.length} subjects; give --subject NAME, or an --out path with {subject} in it (one baseline file per subject)`);
    const paths = subjects.map((s) => outputPath(out, s)); // every path checked before anything is written
    subjects.forEach((s, i) => {
      const { text, entries, errors } = baselineFrom(doc, s);
      writeAtomic(paths[i], text);
      process.stderr.write(`baseline for ${s}: ${entries} expectation(s): ${paths[i]}\n`);
      if (errors.length > 0) process.stderr.write(`  ${errors.length} error verdict(s) not baselined (harness errors must be fixed): ${errors.slice(0, 5).map((r) => `${r.fixture} ${r.delivery}`).join(', ')}${errors.length > 5 ? ', …' : ''}\n`);
    });
    return 0;
  },
};
