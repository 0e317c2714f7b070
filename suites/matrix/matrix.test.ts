// The compatibility matrix (scripts/matrix.ts): subject files are well-formed, and a missing runtime is a one-line skip, not a crash.

import test from 'tape';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MATRIX_DIR, ROOT, loadMatrixSubjects, loadMatrixSubject, missingRuntime, compact, areaOf } from '../../scripts/matrix';
import { loadSubjects } from '../../harness/subjects';

const OUT = join(ROOT, 'out/matrix');

test('every subjects/matrix file loads, with a unique name, a version command and its files present', (t) => {
  const subjects = loadMatrixSubjects(MATRIX_DIR, OUT);
  t.ok(subjects.length >= 16, `${subjects.length} subject files`);
  const builtIn = new Set(loadSubjects().keys());
  const names = new Set<string>();
  for (const s of subjects) {
    const n = s.spec.name;
    t.notOk(names.has(n) || builtIn.has(n), `${n}: name is unique`);
    names.add(n);
    t.equal(s.spec.adapter.kind, 'command', `${n}: command adapter`);
    t.ok(s.info.version !== undefined && s.info.version.length > 0, `${n}: has a version command`);
    t.ok(s.info.needs.length > 0 || s.info.npm, `${n}: says what it needs`);
    if (s.spec.adapter.kind !== 'command') continue;
    const argv = s.spec.adapter.argv.join(' ');
    if (s.spec.role === 'server') t.ok(argv.includes('{port}'), `${n}: server argv has {port}`);
    if (s.spec.role === 'proxy') t.ok(argv.includes('{port}') && argv.includes('{upstreamPort}'), `${n}: proxy argv has {port} and {upstreamPort}`);
    if (s.spec.role === 'client') t.ok(argv.includes('{spec}'), `${n}: client argv has {spec}`);
    // every file of this repository the command names exists (built binaries live in out/ and are made by the matrix)
    for (const word of s.spec.adapter.argv.filter((w) => w.startsWith(ROOT) && !w.startsWith(OUT))) t.ok(existsSync(word), `${n}: ${word.slice(ROOT.length + 1)} exists`);
    for (const w of s.info.build ?? []) if (w.startsWith(ROOT) && !w.startsWith(OUT)) t.ok(existsSync(w), `${n}: build source ${w.slice(ROOT.length + 1)} exists`);
  }
  const roles = new Set(subjects.map((s) => s.spec.role));
  t.deepEqual([...roles].sort(), ['client', 'proxy', 'server'], 'all three roles');
  t.end();
});

test('every proxy template binds loopback only and uses both placeholders', (t) => {
  const dir = join(ROOT, 'subjects/proxy');
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.conf'))) {
    const text = readFileSync(join(dir, f), 'utf8');
    t.ok(text.startsWith('#'), `${f}: opening comment`);
    t.ok(text.includes('{upstreamPort}'), `${f}: {upstreamPort}`);
    t.notOk(/0\.0\.0\.0|\[::\]|\*:\{port\}/.test(text), `${f}: no wildcard address`);
  }
  t.end();
});

function fakeSubject(dir: string, name: string, matrix: Record<string, unknown>): void {
  writeFileSync(join(dir, `${name}.json`), JSON.stringify({
    name, role: 'server', adapter: { kind: 'command', argv: ['h1compat-no-such-runtime', '{port}'], ready: { kind: 'port' } }, lacks: [], matrix,
  }));
}

test('a subject whose runtime is missing is skipped with a one-line message', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'h1compat-matrix-'));
  try {
    fakeSubject(dir, 'fake-missing', { apt: ['h1compat-fake'], needs: ['h1compat-no-such-runtime'], version: ['h1compat-no-such-runtime', '--version'] });
    fakeSubject(dir, 'fake-broken', { needs: ['node'], version: ['node', '-e', 'process.exit(3)'] });
    const missing = missingRuntime(loadMatrixSubject(join(dir, 'fake-missing.json'), OUT));
    t.match(missing ?? '', /h1compat-no-such-runtime not found \(Debian: apt-get install h1compat-fake\)/, 'names the command and the package');
    t.match(missingRuntime(loadMatrixSubject(join(dir, 'fake-broken.json'), OUT)) ?? '', /failed/, 'a failing version check is a missing runtime');
    const out = join(dir, 'report');
    const r = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', join(ROOT, 'scripts/matrix.ts'), '--subjects', dir, '--only', 'fake-missing,fake-broken', '--no-install', '--out', out],
      { cwd: ROOT, encoding: 'utf8', timeout: 60000 });
    t.equal(r.status, 0, 'exit 0');
    t.equal(r.stderr.includes('Error'), false, 'no stack trace');
    t.match(r.stdout, /^skip fake-missing: h1compat-no-such-runtime not found/m, 'one line for the missing runtime');
    t.match(r.stdout, /^skip fake-broken: `node -e process.exit\(3\)` failed/m, 'one line for the failing check');
    const readme = readFileSync(join(out, 'README.md'), 'utf8');
    t.match(readme, /Not run on this machine:[\s\S]*fake-missing/, 'the README lists the skipped subject');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  t.end();
});

test('compact drops pass wire logs and caps the rest; areas come from the fixture folder', (t) => {
  const rec = (verdict: string, octets: string): Record<string, unknown> => ({ verdict, file: 'fixtures/server/chunked/x.h1', role: 'server', wire: [{ dir: 'sent', at: 0, segments: 1, octets }] });
  const doc = { run: { subjects: [{ name: 'x', stdout: 'y'.repeat(5000) }] }, records: [rec('pass', 'abc'), rec('fail', 'z'.repeat(3000))] };
  const c = compact(doc as never) as unknown as typeof doc & { records: { wire: { octets: string }[] }[] };
  t.deepEqual(c.records[0].wire, [], 'no wire log for a pass');
  t.ok(c.records[1].wire[0].octets.length < 1200, 'a fail keeps a capped wire log');
  t.equal(areaOf({ file: 'fixtures/server/chunked/x.h1', role: 'server' }), 'chunked');
  t.end();
});
