// The h1compat executable: help, usage errors (exit 2, one line), list, lint, and a small run with its results file.

import test from 'tape';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../harness/cli';
import { UsageError } from '../../harness/cli-args';
import { selectFixtures } from '../../harness/run-command';

const ROOT = join(__dirname, '../..');
const BIN = join(ROOT, 'bin/h1compat.js');

function h1compat(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('--help on the tool and on each command', (t) => {
  t.equal(h1compat('--help').code, 0);
  for (const cmd of ['run', 'start', 'list', 'serve', 'fixture']) {
    const r = h1compat(cmd, '--help');
    t.equal(r.code, 0, `${cmd} --help exits 0`);
    t.match(r.out, new RegExp(`usage: h1compat ${cmd}`), `${cmd} --help shows usage`);
  }
  t.end();
});

test('bad flags and commands: one line on stderr, exit 2, no stack trace', (t) => {
  for (const args of [['run', '--bogus'], ['bogus'], ['run', '--jobs', 'x'], ['run', '--subject', 'nobody'], ['run', '--delivery', 'every-other'], ['serve', '--subject', 'x'], ['fixture', 'frob']]) {
    const r = h1compat(...args);
    t.equal(r.code, 2, `${args.join(' ')}: exit 2`);
    t.equal(r.err.trim().split('\n').length, 1, `${args.join(' ')}: one line (${r.err.trim()})`);
    t.doesNotMatch(r.err, /\n\s+at /, 'no stack trace');
  }
  t.end();
});

test('list and fixture lint', (t) => {
  const l = h1compat('list', '--role', 'server', '--tag', 'smuggling');
  t.equal(l.code, 0);
  t.match(l.out, /^te-cl-conflict\tserver\tMUST/m);
  t.doesNotMatch(l.out, /\tclient\t/);
  const lint = h1compat('fixture', 'lint', 'fixtures/server');
  t.ok(lint.code === 0 || lint.code === 1, `lint exit ${lint.code}`);
  t.end();
});

test('run writes results.json and report.md; TAP when piped; exit 0 when nothing failed', (t) => {
  const out = mkdtempSync(join(tmpdir(), 'h1compat-run-'));
  const r = h1compat('run', '--subject', 'reference', '--grep', 'te-cl-conflict', '--delivery', 'whole', '--out', out);
  t.equal(r.code, 0, r.err);
  t.match(r.out, /^TAP version 13$/m);
  t.match(r.out, /^ok 1 - reference whole te-cl-conflict$/m);
  const doc = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
  t.equal(doc.version, 1);
  t.equal(doc.run.complete, true);
  t.equal(doc.records.length, 1);
  t.equal(doc.records[0].verdict, 'pass');
  t.ok(existsSync(join(out, 'report.md')));
  rmSync(out, { recursive: true });
  t.end();
});

test('run with a command subject whose program is missing: every record an error with the reason, said once at the end, exit 1', (t) => {
  const out = mkdtempSync(join(tmpdir(), 'h1compat-run-'));
  const subject = join(out, 'ghost.json');
  writeFileSync(subject, JSON.stringify({ name: 'ghost', role: 'server', adapter: { kind: 'command', argv: ['h1compat-no-such-program', '{port}'], ready: { kind: 'port' } } }));
  const r = h1compat('run', '--subject', subject, '--grep', 'te-cl-conflict', '--delivery', 'whole', '--out', out);
  t.equal(r.code, 1, 'exit 1: the records are errors');
  t.match(r.out, /^# subject ghost: program `h1compat-no-such-program` not found .* the subject did not start; its records are errors$/m, 'one summary line');
  const doc = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
  t.equal(doc.records.length, 1, 'the record is kept');
  t.equal(doc.records[0].verdict, 'error');
  t.match(doc.records[0].reason, /program `h1compat-no-such-program` not found/, 'the reason names the program');
  rmSync(out, { recursive: true });
  t.end();
});

test('run with a command subject: {root} is filled in argv and cwd; a missing working directory is said as such', (t) => {
  const out = mkdtempSync(join(tmpdir(), 'h1compat-run-'));
  const good = join(out, 'root.json');
  writeFileSync(good, JSON.stringify({ name: 'rooted', role: 'server', adapter: { kind: 'command', cwd: '{root}',
    argv: [process.execPath, '{root}/bin/h1compat.js', 'serve', '--subject', 'reference', '--port', '{port}'], ready: { kind: 'port' } } }));
  const r = h1compat('run', '--subject', good, '--grep', 'te-cl-conflict', '--delivery', 'whole', '--out', out);
  t.equal(r.code, 0, `a subject under {root} starts and passes (${r.out.split('\n').filter((l) => /did not start|not ok/.test(l)).join('; ')})`);
  const bad = join(out, 'nowhere.json');
  writeFileSync(bad, JSON.stringify({ name: 'nowhere', role: 'server', adapter: { kind: 'command', cwd: '{root}/no-such-dir', argv: [process.execPath, '{port}'], ready: { kind: 'port' } } }));
  const r2 = h1compat('run', '--subject', bad, '--grep', 'te-cl-conflict', '--delivery', 'whole', '--out', out);
  t.equal(r2.code, 1);
  t.match(r2.out, /working directory `.*no-such-dir` does not exist \(adapter\.cwd\)/, 'the missing directory is named, not the program');
  rmSync(out, { recursive: true });
  t.end();
});

test('--shard and --transport: bad values are usage errors (checked in-process: no spawn)', async (t) => {
  for (const args of [['run', '--shard', '3/2'], ['run', '--shard', 'x'], ['run', '--transport', 'udp']]) {
    await main(args).then(() => t.fail(`${args.join(' ')} should be refused`), (e: unknown) => {
      t.ok(e instanceof UsageError, `${args.join(' ')}: usage error (${(e as Error).message})`);
    });
  }
});

test('run --shard i/n: the shards partition the selection; the shard is in the run options; every-split in memory', (t) => {
  const all = selectFixtures({ role: 'server', grep: 'te-cl' }).planned.map((p) => p.fixture.id);
  const shards = [1, 2].map((i) => selectFixtures({ role: 'server', grep: 'te-cl', shard: `${i}/2` }).planned);
  const parts = shards.map((ps) => ps.map((p) => p.fixture.id));
  t.deepEqual([...parts[0], ...parts[1]].sort(), [...all].sort(), 'the two shards together are the unsharded selection, each fixture once');
  // run the shard that holds a fixture allowing every-split
  const i = shards.findIndex((ps) => ps.some((p) => p.fixture.delivery.modes.includes('every-split'))) + 1;
  t.ok(i > 0, `shard ${i}/2 has a fixture that allows every-split`);
  const out = mkdtempSync(join(tmpdir(), 'h1compat-shard-'));
  const r = h1compat('run', '--subject', 'reference', '--grep', 'te-cl', '--role', 'server', '--delivery', 'whole,every-split', '--shard', `${i}/2`, '--out', out);
  t.equal(r.code, 0, `shard ${i}/2 exits 0 ${r.err}`);
  const doc = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
  t.equal(doc.run.options.shard, `${i}/2`, 'the shard is in the run options (for merge)');
  t.deepEqual([...new Set(doc.records.map((x: { fixture: string }) => x.fixture))].sort(), [...parts[i - 1]].sort(), 'the records are those of the shard');
  t.ok(doc.records.every((x: { transport: string }) => x.transport === 'memory'), 'in-process: in memory');
  const splits = doc.records.filter((x: { delivery: string; splits?: object }) => x.delivery === 'every-split' && x.splits !== undefined).length;
  t.ok(splits > 0, `${splits} every-split records, each with its splits`);
  rmSync(out, { recursive: true });
  t.end();
});
