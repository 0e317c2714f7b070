// The h1compat command line: a table of verbs, each in its own file harness/commands/<verb>.ts, loaded only when
// used (so `--help` and `--version` load no engine); usage errors exit 2 with one line, never a stack trace.

import { UsageError, helpText, parseArgs, type Command } from './cli-args';
import { VERSION } from './paths';

/* eslint-disable @typescript-eslint/no-require-imports */
/** Every verb: its one-line summary (for `h1compat --help`) and its module. Adding a verb is one line here and one
 *  file in harness/commands/. */
const COMMANDS: Readonly<Record<string, readonly [summary: string, load: () => Command]>> = {
  run: ['Replay fixtures against a server (--url, --cmd), proxy (--proxy-cmd) or subject files; summary, reports, exit status.', () => require('./commands/run').command],
  start: ['The default job (npm start): reference and node:http in every role and delivery mode.', () => require('./commands/start').command],
  list: ['List the selected fixtures.', () => require('./commands/list').command],
  serve: ['Run the reference or node echo server on 127.0.0.1, for poking with curl.', () => require('./commands/serve').command],
  fixture: ['Fixture tools: lint, new, show, export, import.', () => require('./commands/fixture').command],
  record: ['Capture proxy: live exchanges become fixtures.', () => require('./commands/record').command],
  minimize: ['Delta-debug a fixture to the smallest input that keeps a verdict.', () => require('./commands/minimize').command],
  report: ['Render a results file as HTML, Markdown, JUnit or TAP.', () => require('./commands/report').command],
  compare: ['Regressions and fixes between two results files.', () => require('./commands/compare').command],
  merge: ['Merge the results files of sharded runs.', () => require('./commands/merge').command],
  baseline: ['Write baselines from results, or gate results on them.', () => require('./commands/baseline').command],
  fuzz: ['Differential fuzzing of the reference parser against llhttp.', () => require('./commands/fuzz').command],
  pairs: ['Request-smuggling pairs: which proxy × origin server pairs disagree on message boundaries (grid, replay, --confirm live).', () => require('./commands/pairs').command],
};

function mainHelp(): string {
  const w = Math.max(...Object.keys(COMMANDS).map((k) => k.length));
  return [`h1compat ${VERSION}: HTTP/1.1 conformance and compatibility tests`, '',
    'usage: h1compat <command> [options]', '       h1compat run --url http://127.0.0.1:8080      test a server that is running',
    '       h1compat run --cmd \'python3 -m http.server {port}\'   start a server, test it, stop it', '',
    'commands:', ...Object.entries(COMMANDS).map(([k, [summary]]) => `  ${k.padEnd(w)}  ${summary}`), '',
    'h1compat <command> --help shows the options of a command; h1compat --version the version.'].join('\n');
}

export async function main(argv: readonly string[]): Promise<number> {
  const [word, ...rest] = argv;
  if (word === undefined || word === '--help' || word === '-h' || word === 'help') {
    process.stdout.write(mainHelp() + '\n');
    return word === undefined ? 2 : 0;
  }
  if (word === '--version' || word === '-V' || word === 'version') {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const entry = Object.hasOwn(COMMANDS, word) ? COMMANDS[word] : undefined;
  if (entry === undefined) throw new UsageError(`h1compat: unknown command \`${word}\` (commands: ${Object.keys(COMMANDS).join(', ')}; h1compat --help)`);
  const cmd = entry[1]();
  const { values, positional } = parseArgs(word, rest, cmd.flags);
  if (values.help === true) {
    process.stdout.write(helpText(cmd.usage, cmd.summary, cmd.flags) + '\n');
    return 0;
  }
  return cmd.run(values, positional);
}

/** Run the CLI and set process.exitCode: usage errors print one line (exit 2); anything unexpected is a harness
 *  error (exit 3) with its stack, so that it can be reported. */
export function cli(argv: readonly string[]): Promise<void> {
  return main(argv).then(
    (code) => { process.exitCode = code; },
    (e: unknown) => {
      if (e instanceof UsageError) {
        process.stderr.write(`${e.message}\n`);
        process.exitCode = 2;
      } else {
        process.stderr.write(`h1compat: internal error (please report it): ${(e as Error)?.stack ?? e}\n`);
        process.exitCode = 3;
      }
    },
  );
}

if (require.main === module) void cli(process.argv.slice(2));
