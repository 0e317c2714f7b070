// `h1compat fixture lint|new|show|export|import`: the fixture tools (harness/tools/fixture-*.ts, harness/fixture/lint-cli.ts).

import type { Command } from '../cli-args';
import { lintCommand } from '../fixture';
import { FIXTURE_COMMAND } from '../tools/fixture-command';
import { SHOW_FLAGS, SHOW_SUMMARY, SHOW_USAGE, showCommand } from '../tools/fixture-show';
import { fromRoot } from '../paths';

export const command: Command = {
  usage: `${FIXTURE_COMMAND.usage} | ${SHOW_USAGE}`,
  summary: `${FIXTURE_COMMAND.summary} ${SHOW_SUMMARY}`,
  flags: { ...FIXTURE_COMMAND.flags, ...SHOW_FLAGS },
  run(values, positional) {
    const [sub, ...paths] = positional;
    if (sub === 'show') return showCommand(values, paths);
    if (sub !== 'lint') return FIXTURE_COMMAND.run(sub ?? '', values, paths);
    // the whole corpus of the package by default, from any working directory
    return lintCommand(paths.length > 0 ? paths : [fromRoot('fixtures')]);
  },
};
