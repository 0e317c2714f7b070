// `h1compat fuzz`: differential fuzzing of the reference parser against llhttp (code in harness/fuzz/command.ts).

import type { Command } from '../cli-args';
import { FUZZ_COMMAND } from '../fuzz/command';

export const command: Command = FUZZ_COMMAND;
