// The h1compat command line: run, start, list, serve, fixture lint|new|show|export|import, record, minimize, report, compare, merge, baseline, fuzz; `--help` on each; usage errors exit 2.

import { join } from 'node:path';
import { UsageError, helpText, parseArgs, type Flags } from './cli-args';
import { RUN_FLAGS, ROOT, listCommand, runCommand } from './run-command';
import { lintCommand } from './fixture';
import { createEchoServer } from './subjects';
import { REPORT_COMMANDS } from './report-commands';
import { FUZZ_COMMAND } from './fuzz/command';
import { FIXTURE_COMMAND } from './tools/fixture-command';
import { SHOW_FLAGS, SHOW_SUMMARY, SHOW_USAGE, showCommand } from './tools/fixture-show';
import { RECORD_COMMAND } from './tools/record';
import { MINIMIZE_COMMAND } from './tools/minimize';

const NO_FLAGS: Flags = {};
const LIST_FLAGS: Flags = { fixtures: RUN_FLAGS.fixtures, grep: RUN_FLAGS.grep, tag: RUN_FLAGS.tag, role: RUN_FLAGS.role, level: RUN_FLAGS.level };
const SERVE_FLAGS: Flags = {
  subject: { type: 'string', arg: 'NAME', help: 'reference or node (default reference)' },
  port: { type: 'number', help: 'port on 127.0.0.1 (default 8080; 0 picks a free one)' },
};
const START_FLAGS: Flags = { out: RUN_FLAGS.out, jobs: RUN_FLAGS.jobs, tap: RUN_FLAGS.tap };

const COMMANDS = {
  run: { usage: 'h1compat run [options]', summary: 'Replay fixtures against subjects; write results.json and report.md. Exit 0 only when nothing failed or errored.', flags: RUN_FLAGS },
  start: { usage: 'h1compat start [--out DIR]', summary: 'The default job (npm start): server fixtures against reference and node, client fixtures against reference-client and node-client, in every delivery mode the fixture allows; summary table, results.json, report.md. Exit 1 only on harness errors.', flags: START_FLAGS },
  list: { usage: 'h1compat list [options]', summary: 'List fixtures: id, role, level, spec, delivery modes, title.', flags: LIST_FLAGS },
  serve: { usage: 'h1compat serve [--subject reference|node] [--port N]', summary: 'Run an echo server (harness/echo/CONTRACT.md) on 127.0.0.1, for poking with curl. Ctrl-C stops it.', flags: SERVE_FLAGS },
  fixture: { ...FIXTURE_COMMAND, usage: `${FIXTURE_COMMAND.usage} | ${SHOW_USAGE}`, summary: `${FIXTURE_COMMAND.summary} ${SHOW_SUMMARY}`, flags: { ...FIXTURE_COMMAND.flags, ...SHOW_FLAGS } },
  record: RECORD_COMMAND,
  minimize: MINIMIZE_COMMAND,
  ...REPORT_COMMANDS,
  fuzz: FUZZ_COMMAND,
} as const;

type Command = keyof typeof COMMANDS;

function mainHelp(): string {
  return ['usage: h1compat <command> [options]', '', 'commands:', ...Object.entries(COMMANDS).map(([k, c]) => `  ${k.padEnd(8)} ${c.summary}`), '',
    'h1compat <command> --help shows the options of a command.'].join('\n');
}

function serve(v: Record<string, unknown>): Promise<number> {
  const impl = (v.subject as string | undefined) ?? 'reference';
  if (impl !== 'reference' && impl !== 'node') throw new UsageError(`h1compat serve: --subject must be reference or node, got \`${impl}\``);
  const port = (v.port as number | undefined) ?? 8080;
  if (!Number.isInteger(port) || port > 65535) throw new UsageError(`h1compat serve: --port must be an integer 0-65535`);
  const server = createEchoServer(impl);
  return new Promise((resolve) => {
    server.once('error', (e: Error) => { process.stderr.write(`h1compat serve: ${e.message}\n`); resolve(1); });
    server.listen(port, '127.0.0.1', () => {
      const a = server.address() as { port: number };
      process.stdout.write(`${impl} echo server on http://127.0.0.1:${a.port}/  (try: curl -i http://127.0.0.1:${a.port}/hello)\n`);
    });
    // Ctrl-C: stop accepting, give open connections a moment, then leave (keep-alive sockets must not hold us)
    process.once('SIGINT', () => {
      server.close(() => resolve(0));
      setTimeout(() => process.exit(0), 300);
    });
  });
}

export async function main(argv: readonly string[]): Promise<number> {
  const [word, ...rest] = argv;
  if (word === undefined || word === '--help' || word === '-h' || word === 'help') {
    process.stdout.write(mainHelp() + '\n');
    return word === undefined ? 2 : 0;
  }
  if (!(word in COMMANDS)) throw new UsageError(`h1compat: unknown command \`${word}\` (commands: ${Object.keys(COMMANDS).join(', ')})`);
  const cmd = COMMANDS[word as Command];
  const { values, positional } = parseArgs(word, rest, cmd.flags);
  if (values.help === true || rest.includes('--help')) {
    process.stdout.write(helpText(cmd.usage, cmd.summary, cmd.flags) + '\n');
    return 0;
  }
  switch (word as Command) {
    case 'run':
      if (positional.length > 0) throw new UsageError(`h1compat run: unexpected argument \`${positional[0]}\` (use --fixtures, --grep)`);
      return runCommand(values, true);
    case 'start':
      if (positional.length > 0) throw new UsageError(`h1compat start: unexpected argument \`${positional[0]}\``);
      return runCommand({ ...values, subject: 'reference,node,reference-client,node-client' }, false);
    case 'list':
      return listCommand(values);
    case 'serve':
      return serve(values);
    case 'fixture': {
      const [sub, ...paths] = positional;
      if (sub === 'show') return showCommand(values, paths);
      if (sub !== 'lint') return FIXTURE_COMMAND.run(sub ?? '', values, paths);
      return lintCommand(paths.length > 0 ? paths : [join(ROOT, 'fixtures')]);
    }
    case 'report': case 'compare': case 'merge': case 'baseline':
      return REPORT_COMMANDS[word as keyof typeof REPORT_COMMANDS].run(values, positional);
    case 'fuzz':
      return FUZZ_COMMAND.run(values, positional);
    case 'record': case 'minimize':
      return COMMANDS[word as 'record' | 'minimize'].run(values, positional);
  }
}

/** Run the CLI and set process.exitCode; usage errors print one line (exit 2), never a stack trace. */
export function cli(argv: readonly string[]): Promise<void> {
  return main(argv).then(
    (code) => { process.exitCode = code; },
    (e: unknown) => {
      if (e instanceof UsageError) {
        process.stderr.write(`${e.message}\n`);
        process.exitCode = 2;
      } else {
        process.stderr.write(`h1compat: internal error: ${(e as Error)?.stack ?? e}\n`);
        process.exitCode = 3;
      }
    },
  );
}

if (require.main === module) void cli(process.argv.slice(2));
