// `h1compat run`: replay the selected fixtures against subjects (files, names, or one-line --url/--cmd/--proxy-cmd
// targets) and gate on the results (harness/run-command.ts does the work).

import { UsageError, type Command, type Flags } from '../cli-args';
import { DELIVERY_MODES, REQUIREMENT_LEVELS, ROLES } from '../fixture';
import { TCP_MODES } from '../replay/segment';
import { DEFAULTS } from '../replay/engine';
import { runCommand } from '../run-command';

/** Fixture selection: shared by run, start and list. */
export const SELECT_FLAGS = {
  fixtures: { type: 'string', arg: 'PATH', help: 'fixture folder or file (default: the package\'s fixtures/)' },
  grep: { type: 'string', arg: 'TEXT', help: 'only fixtures whose id or title contains TEXT' },
  tag: { type: 'string', arg: 'a,b', help: 'only fixtures with one of these tags' },
  role: { type: 'string', arg: 'ROLE', help: `only fixtures of this role (${ROLES.join(', ')})` },
  level: { type: 'string', arg: 'a,b', help: `only fixtures of these levels (${REQUIREMENT_LEVELS.join(',')})` },
  section: { type: 'string', arg: 'a,b', help: 'only fixtures citing these spec sections or their subsections (\'RFC9112 6.1\' takes 6.1 and 6.1.x)' },
  exclude: { type: 'string', arg: 'a,b', help: 'leave out these fixture ids (`*` matches any text)' },
  shard: { type: 'string', arg: 'i/n', help: 'only fixtures whose id hashes to shard i of n (FNV-1a of the id mod n; harness/replay/shard.ts)' },
  'include-candidates': { type: 'boolean', help: 'also run the unreviewed fuzz candidates (fixtures/fuzz-candidates/; left out by default)' },
  'include-slow': { type: 'boolean', help: 'also run the fixtures tagged slow (each waits about as long as a server timeout, e.g. silent-connection; left out by default, also selected by --tag slow or a --fixtures path to the file)' },
} as const satisfies Flags;

/** Running and reporting: shared by run and start. */
export const RUN_OPTIONS = {
  delivery: { type: 'string', arg: 'a,b', help: `delivery modes (${DELIVERY_MODES.join(', ')}; default: every mode the transport runs — ${TCP_MODES.join(',')} over TCP, also every-split in memory)` },
  jobs: { type: 'number', integer: true, min: 1, max: 256, help: 'replays in flight at once per subject (default 8; the results file is the same for any N)' },
  repeat: { type: 'number', arg: 'N', integer: true, min: 1, max: 100, help: 'replay each case N times; a case whose verdict changes is marked flaky (default 1)' },
  transport: { type: 'string', arg: 'KIND', help: 'auto (default: in-process subjects in memory, others over TCP) or tcp (TCP for all)' },
  timeout: { type: 'number', arg: 'MS', integer: true, min: 1, max: 600000, help: `overall limit of one replay (default ${DEFAULTS.timeoutMs})` },
  wait: { type: 'number', arg: 'MS', integer: true, min: 1, max: 600000, help: `default limit of a wait step (default ${DEFAULTS.waitMs})` },
  seed: { type: 'number', integer: true, max: 2 ** 32 - 1, help: `seed for random splits (default ${DEFAULTS.seed})` },
  out: { type: 'string', arg: 'DIR', help: 'output folder for results.json, report.md, report.html (default: ./h1compat-out; the previous run moves to DIR/previous)' },
  junit: { type: 'string', arg: 'FILE', help: 'also write JUnit XML' },
  json: { type: 'string', arg: 'FILE|-', help: 'also write the results JSON (- : to stdout; the summary then goes to stderr)' },
  tap: { type: 'boolean', help: 'TAP on stdout at the end (the summary then goes to stderr)' },
} as const satisfies Flags;

export const command: Command = {
  usage: 'h1compat run [--url http://HOST:PORT | --cmd \'PROGRAM ARGS {port}\' | --proxy-cmd \'... {port} {upstreamPort}\' | --subject a,b] [options]',
  summary: 'Replay fixtures against subjects; write results.json, report.md and report.html; print a summary. '
    + 'Exit status: 0 nothing failed at the --fail-on level, 1 something did, 2 usage error, 3 harness or setup error (a subject did not start, a broken fixture file, nothing selected).',
  flags: {
    url: { type: 'string', arg: 'URL', help: 'a server already listening (http://127.0.0.1:8080): status and connection checks (no echo)' },
    cmd: { type: 'string', arg: 'COMMAND', help: 'start this server on a free loopback port: {port} (also $PORT) is the port; stopped at the end' },
    'proxy-cmd': { type: 'string', arg: 'COMMAND', help: 'start this proxy: {port} where it listens, {upstreamPort} the harness\'s origin' },
    echo: { type: 'boolean', help: 'the --cmd server implements the echo contract (harness/echo/CONTRACT.md): request checks run too' },
    name: { type: 'string', arg: 'NAME', help: 'subject name for --url/--cmd/--proxy-cmd (default: from the host or program)' },
    'ready-timeout': { type: 'number', arg: 'MS', integer: true, min: 1, max: 600000, help: 'how long --cmd/--proxy-cmd may take to accept connections (default 10000)' },
    subject: { type: 'string', arg: 'a,b', help: 'subjects by name (the package\'s subjects/*.json) or path to a .json file (default: reference,node when no target is given)' },
    ...SELECT_FLAGS,
    'fail-on': { type: 'string', arg: 'LEVEL', help: 'must (default): exit 1 when a MUST fails; should: also SHOULD warnings; may: also MAY fixtures matching no outcome' },
    baseline: { type: 'string', arg: 'a,b', help: 'baseline files (one per subject, docs/reports.md): exit 1 only on results worse than them' },
    ...RUN_OPTIONS,
  },
  run(values, positional) {
    if (positional.length > 0) throw new UsageError(`h1compat run: unexpected argument \`${positional[0]}\` (use --url, --cmd, --subject, --fixtures, --grep)`);
    return runCommand(values, true);
  },
};
