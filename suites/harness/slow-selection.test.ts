// Fixtures tagged `slow` are opt-in: left out of the default selection (each waits about as long as a server timeout),
// run with --include-slow, --tag slow, or a --fixtures path to the file itself; `run --help` documents the flag and a
// selection that only slow fixtures match says how to get them.

import test from 'tape';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { selectFixtures } from '../../harness/run-command';

const ROOT = join(__dirname, '../..');
const BIN = join(ROOT, 'bin/h1compat.js');
const TE_CL = join(ROOT, 'fixtures/server/smuggling/te-cl-conflict.h1');

function h1compat(args: string[], cwd: string): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', timeout: 120000, env: { ...process.env, NO_COLOR: '' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** A corpus of two copies of te-cl-conflict: `fast-one` as it is, `slow-one` with the `slow` tag added. */
function corpus(): string {
  const dir = mkdtempSync(join(tmpdir(), 'h1compat-slow-'));
  const text = readFileSync(TE_CL, 'utf8');
  mkdirSync(join(dir, 'server'));
  writeFileSync(join(dir, 'server/fast-one.h1'), text.replace('id: te-cl-conflict', 'id: fast-one'));
  writeFileSync(join(dir, 'server/slow-one.h1'), text.replace('id: te-cl-conflict', 'id: slow-one').replace(/^tags: /m, 'tags: slow, '));
  return dir;
}

test('slow fixtures are left out by default and selected by --include-slow, --tag slow or their file', (t) => {
  const dir = corpus();
  try {
    const ids = (v: Record<string, string | boolean>): string[] => selectFixtures(v).planned.map((p) => p.fixture.id).sort();
    t.deepEqual(ids({ fixtures: dir }), ['fast-one'], 'default: the slow fixture is left out');
    t.equal(selectFixtures({ fixtures: dir }).slow, 1, 'and counted');
    t.equal(selectFixtures({ fixtures: dir, grep: 'fast' }).slow, 0, 'a slow fixture the other filters drop is not counted');
    t.deepEqual(ids({ fixtures: dir, 'include-slow': true }), ['fast-one', 'slow-one'], '--include-slow');
    t.deepEqual(ids({ fixtures: dir, tag: 'slow' }), ['slow-one'], '--tag slow');
    t.deepEqual(ids({ fixtures: dir, tag: 'smuggling' }), ['fast-one'], 'another tag the slow fixture also has does not select it');
    t.deepEqual(ids({ fixtures: join(dir, 'server/slow-one.h1') }), ['slow-one'], 'a --fixtures path to the file itself');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  t.end();
});

test('the package corpus: silent-connection is slow, out of the default selection, in with --include-slow', (t) => {
  const all = selectFixtures({ role: 'server' });
  t.notOk(all.planned.some((p) => p.fixture.id === 'silent-connection'), 'not selected by default');
  t.ok(all.slow >= 1, `${all.slow} slow fixture(s) left out`);
  t.ok(all.planned.every((p) => !p.fixture.tags.includes('slow')), 'no selected fixture is tagged slow');
  t.ok(selectFixtures({ role: 'server', 'include-slow': true }).planned.some((p) => p.fixture.id === 'silent-connection'), '--include-slow selects it');
  t.end();
});

test('run --help documents --include-slow; a selection of only slow fixtures exits 3 naming the flag', (t) => {
  const dir = corpus();
  try {
    const help = h1compat(['run', '--help'], dir);
    t.equal(help.code, 0, 'run --help exits 0');
    t.match(help.out, /--include-slow\s+also run the fixtures tagged slow/, 'the flag and what it does');
    const none = h1compat(['run', '--subject', 'reference', '--fixtures', dir, '--grep', 'slow-one', '--out', join(dir, 'out')], dir);
    t.equal(none.code, 3, 'nothing selected: exit 3');
    t.match(none.err, /nothing selected: 0 fixture\(s\) match the filters; 1 slow fixture\(s\) left out \(--include-slow\)/, 'the message says how to run it');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  t.end();
});
