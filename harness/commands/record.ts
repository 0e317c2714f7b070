// `h1compat record`: the capture proxy that turns live exchanges into fixtures (code in harness/tools/record.ts).

import type { Command } from '../cli-args';
import { RECORD_COMMAND } from '../tools/record';

export const command: Command = RECORD_COMMAND;
