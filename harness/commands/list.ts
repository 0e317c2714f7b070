// `h1compat list`: the selected fixtures, one line each (id, role, level, spec, delivery modes, title).

import type { Command } from '../cli-args';
import { listCommand } from '../run-command';
import { SELECT_FLAGS } from './run';

export const command: Command = {
  usage: 'h1compat list [options]',
  summary: 'List fixtures: id, role, level, spec, delivery modes, title (tab-separated).',
  flags: SELECT_FLAGS,
  run: (values) => listCommand(values),
};
