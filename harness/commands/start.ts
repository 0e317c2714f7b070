// `h1compat start` (npm start): the default job — server fixtures against reference and node, client fixtures
// against reference-client and node-client — with the summary, results.json and the reports.

import { UsageError, type Command } from '../cli-args';
import { runCommand } from '../run-command';
import { RUN_OPTIONS } from './run';

export const command: Command = {
  usage: 'h1compat start [--out DIR] [--jobs N] [--tap]',
  summary: 'The default job (npm start): server fixtures against reference and node, client fixtures against reference-client and node-client, in every delivery mode the fixture allows; summary, results.json, report.md, report.html. Exit 3 on harness errors, else 0 (failures are its output).',
  flags: { out: RUN_OPTIONS.out, jobs: RUN_OPTIONS.jobs, tap: RUN_OPTIONS.tap, junit: RUN_OPTIONS.junit, json: RUN_OPTIONS.json },
  run(values, positional) {
    if (positional.length > 0) throw new UsageError(`h1compat start: unexpected argument \`${positional[0]}\``);
    return runCommand({ ...values, subject: 'reference,node,reference-client,node-client' }, false);
  },
};
