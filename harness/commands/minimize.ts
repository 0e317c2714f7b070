// `h1compat minimize`: delta-debug a fixture's octets against a subject (code in harness/tools/minimize.ts).

import type { Command } from '../cli-args';
import { MINIMIZE_COMMAND } from '../tools/minimize';

export const command: Command = MINIMIZE_COMMAND;
