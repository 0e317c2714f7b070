// The compatibility matrix (scripts/matrix.ts): subject files are well-formed, and a missing runtime is a one-line skip, not a crash.

import test from 'tape';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MATRIX_DIR, ROOT, loadMatrixSubjects, loadMatrixSubject, missingRuntime, compact, areaOf, renderFamilies, topFindings, type Planned } from '../../scripts/matrix';
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
    t.notEqual(s.parser, 'unknown', `${n}: names its parser family`);
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

test('every origin template binds loopback only and uses {port}', (t) => {
  const dir = join(ROOT, 'subjects/origin');
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.conf'))) {
    const text = readFileSync(join(dir, f), 'utf8');
    t.ok(text.startsWith('#'), `${f}: opening comment`);
    t.ok(text.includes('{port}'), `${f}: {port}`);
    t.ok(/127\.0\.0\.1/.test(text), `${f}: binds 127.0.0.1`);
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

test('a subject whose build step fails is skipped with the step\'s log, and the matrix goes on', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'h1compat-matrix-'));
  try {
    fakeSubject(dir, 'fake-unbuildable', { needs: ['node'], build: ['node', '-e', 'console.error("compiler says no"); process.exit(4)'], version: ['node', '-e', 'process.exit(3)'] });
    const out = join(dir, 'report');
    const r = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', join(ROOT, 'scripts/matrix.ts'), '--subjects', dir, '--only', 'fake-unbuildable', '--out', out],
      { cwd: ROOT, encoding: 'utf8', timeout: 60000 });
    t.equal(r.status, 0, 'exit 0');
    t.match(r.stdout, /^install: fake-unbuildable: FAILED in [\d.]+ s/m, 'the failed step is printed with its time');
    t.match(r.stdout, /^skip fake-unbuildable: install step `node -e .*` failed \(exit 4\).*compiler says no/m, 'the skip line carries the log');
    t.match(readFileSync(join(out, 'README.md'), 'utf8'), /fake-unbuildable: install step/, 'the README says why');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  t.end();
});

test('families: a MUST fixture failed by every subject of a parser family is listed once, as the family\'s', (t) => {
  const rec = (subject: string, fixture: string, verdict: string, area = 'chunked'): Record<string, unknown> => ({ subject, fixture, verdict, file: `fixtures/server/${area}/${fixture}.h1`, role: 'server' });
  const member = (name: string, parser: string, records: Record<string, unknown>[]): { doc: never; planned: Planned } => ({
    doc: { records } as never, planned: { spec: { name, role: 'server', adapter: { kind: 'in-process', implementation: 'node' }, lacks: [] }, version: '1', how: 'x', parser } });
  const lines = renderFamilies([
    member('a', 'p1', [rec('a', 'shared', 'fail'), rec('a', 'only-a', 'fail'), rec('a', 'ok', 'pass')]),
    member('b', 'p1', [rec('b', 'shared', 'fail'), rec('b', 'only-a', 'pass')]),
    member('c', 'p2', [rec('c', 'shared', 'fail')]),
  ]);
  const p1 = lines.find((l) => l.startsWith('| p1 |')) ?? '';
  t.match(p1, /\| a, b \| 1: \[`shared`\]\(\.\.\/\.\.\/fixtures\/server\/chunked\/shared\.h1\) \| 1 \|/, 'shared by both, linked; one failed by some');
  t.notOk(lines.some((l) => l.startsWith('| p2 |')), 'a family of one has no row');
  t.match(lines[lines.length - 1], /only subject of its parser family in its role: c \(p2, server\)/, 'it is named in one line');
  const top = topFindings([rec('a', 'z-late', 'fail', 'fields'), rec('a', 'smug', 'fail', 'smuggling'), rec('a', 'w', 'warn', 'smuggling')] as never, 3);
  t.deepEqual(top.map((r) => r.fixture), ['smug', 'z-late'], 'fails only, framing areas first');
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
