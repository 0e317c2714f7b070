// The h1compat executable as users run it (bin/h1compat.js in child processes, from a folder that is not the
// repository): help and version, usage errors (exit 2, one line), selection flags, one-line targets, gating and
// exit statuses 0/1/3, reporters, colour, the previous run kept, subject files checked by the schema, {subject}
// output paths that cannot leave their folder.

import test from 'tape';
import { spawnSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../harness/cli';
import { UsageError } from '../../harness/cli-args';
import { selectFixtures, sectionMatches } from '../../harness/run-command';
import { splitCommand } from '../../harness/commands/targets';
import { gatedFailures, useColour } from '../../harness/commands/run-output';
import { outputPath } from '../../harness/commands/output-path';

const ROOT = join(__dirname, '../..');
const BIN = join(ROOT, 'bin/h1compat.js');
/** every command runs from an empty folder outside the repository: nothing may depend on the working directory */
const CWD = mkdtempSync(join(tmpdir(), 'h1compat-cwd-'));
test.onFinish(() => rmSync(CWD, { recursive: true, force: true }));

function h1compat(args: string[], env: NodeJS.ProcessEnv = {}): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: CWD, encoding: 'utf8', timeout: 120000, env: { ...process.env, NO_COLOR: '', FORCE_COLOR: undefined, ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** The same, without blocking this process (needed when the server under test lives in this process). */
function h1compatAsync(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: CWD, env: { ...process.env, NO_COLOR: '', FORCE_COLOR: undefined, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => { out += b.toString(); });
    child.stderr.on('data', (b: Buffer) => { err += b.toString(); });
    const timer = setTimeout(() => child.kill('SIGKILL'), 120000);
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, out, err }); });
  });
}

const tmp = (): string => mkdtempSync(join(tmpdir(), 'h1compat-cli-'));

/** A loopback server for the test's lifetime: the reference echo server, or one that drops every connection. */
async function listen(server: net.Server): Promise<{ url: string; close: () => Promise<void> }> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => { (server as net.Server & { closeAllConnections?: () => void }).closeAllConnections?.(); server.close(() => r()); }) };
}
/** Answers nothing: closes each connection at its first octet (every MUST fixture fails, every SHOULD warns). */
const dropper = (): net.Server => net.createServer((s) => { s.on('error', () => undefined); s.once('data', () => s.destroy()); });

test('--help and --version, from any working directory', (t) => {
  const h = h1compat(['--help']);
  t.equal(h.code, 0);
  t.match(h.out, /h1compat run --url http:\/\/127\.0\.0\.1:8080/, 'the one-line use comes first');
  const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  t.equal(h1compat(['--version']).out.trim(), version, '--version prints package.json version');
  // every verb listed in the help has its file in harness/commands/ (loaded here), a usage line and flags
  const verbs = [...h.out.matchAll(/^ {2}([a-z]+) {2,}/gm)].map((m) => m[1]);
  t.ok(verbs.length >= 12, `${verbs.length} verbs listed`);
  for (const verb of verbs) {
    const { command } = require(`../../harness/commands/${verb}`) as typeof import('../../harness/commands/run');
    t.ok(command.usage.startsWith(`h1compat ${verb}`), `${verb}: harness/commands/${verb}.ts, usage \`${command.usage.slice(0, 40)}…\``);
  }
  for (const cmd of ['run', 'baseline']) {
    const r = h1compat([cmd, '--help']);
    t.equal(r.code, 0, `${cmd} --help exits 0`);
    t.match(r.out, new RegExp(`usage: h1compat ${cmd}`), `${cmd} --help shows usage`);
  }
  t.end();
});

test('usage errors: one line on stderr, exit 2, no stack trace (out-of-range numbers included)', async (t) => {
  const cases = [['run', '--bogus'], ['bogus'], ['run', '--jobs', 'x'], ['run', '--jobs', '0'], ['run', '--timeout', '0'], ['run', '--repeat', '0'],
    ['run', '--jobs', '1.5'], ['run', '--url', 'http://127.0.0.1:70000'], ['run', '--url', 'ftp://127.0.0.1:21'], ['run', '--url', 'http://127.0.0.1:8080/path'],
    ['run', '--cmd', 'node server.js'], ['run', '--proxy-cmd', 'x {port}'], ['run', '--cmd', "node 'unterminated {port}"], ['run', '--fail-on', 'sometimes'],
    ['run', '--level', 'MUST,OFTEN'], ['run', '--section', '6.1'], ['run', '--subject', 'nobody'], ['run', '--delivery', 'every-other'],
    ['run', '--fixtures', 'no/such/dir'], ['run', '--tap', '--json', '-'], ['serve', '--port', '70000'], ['serve', '--subject', 'x'], ['fixture', 'frob']];
  // the table in this process (each is refused before anything starts) ...
  for (const args of cases) {
    await main(args).then(() => t.fail(`${args.join(' ')} should be refused`), (e: unknown) => {
      t.ok(e instanceof UsageError && !e.message.includes('\n'), `${args.join(' ')}: one-line usage error (${(e as Error).message})`);
    });
  }
  // ... and what the user sees for a few of them
  for (const args of [['run', '--timeout', '0'], ['bogus'], ['run', '--url', 'http://127.0.0.1:70000']]) {
    const r = h1compat(args);
    t.equal(r.code, 2, `${args.join(' ')}: exit 2`);
    t.equal(r.err.trim().split('\n').length, 1, `${args.join(' ')}: one line (${r.err.trim()})`);
    t.doesNotMatch(r.err, /\n\s+at /, 'no stack trace');
  }
});

test('selection: --section is a prefix on spec anchors, --level a list, --exclude ids and patterns', (t) => {
  t.ok(sectionMatches('RFC9112 6.1', 'RFC9112 6.1') && sectionMatches('RFC9112 6.1.2', 'RFC9112 6.1'), '6.1 takes 6.1 and 6.1.x');
  t.notOk(sectionMatches('RFC9112 6.10', 'RFC9112 6.1'), '6.1 does not take 6.10');
  t.ok(sectionMatches('RFC9110 9.3', 'RFC9110') && !sectionMatches('RFC9112 9.3', 'RFC9110'), 'a bare RFC takes all of it');
  const ids = (v: Record<string, string>): string[] => selectFixtures(v).planned.map((p) => p.fixture.id);
  const s61 = selectFixtures({ section: 'RFC 9112 6.1' }).planned;
  t.ok(s61.length > 0 && s61.every((p) => p.fixture.spec.some((a) => `${a.rfc} ${a.section}` === 'RFC9112 6.1' || `${a.rfc} ${a.section}`.startsWith('RFC9112 6.1.'))), `${s61.length} fixtures, each citing RFC9112 6.1[.x]`);
  const levels = selectFixtures({ level: 'must,SHOULD' }).planned;
  t.ok(levels.length > 0 && levels.every((p) => p.fixture.level !== 'MAY'), 'MUST,SHOULD: no MAY fixture');
  t.ok(levels.some((p) => p.fixture.level === 'SHOULD') && levels.some((p) => p.fixture.level === 'MUST'), 'both levels');
  const te = ids({ grep: 'te-cl' });
  t.ok(te.includes('te-cl-conflict'));
  t.notOk(ids({ grep: 'te-cl', exclude: 'te-cl-conflict' }).includes('te-cl-conflict'), '--exclude an id');
  t.deepEqual(ids({ grep: 'te-cl', exclude: 'te-cl-*' }).filter((i) => i.startsWith('te-cl-')), [], '--exclude a pattern');
  t.end();
});

test('fuzz candidates are opt-in: left out unless --include-candidates or a --fixtures path inside fuzz-candidates', (t) => {
  const dir = tmp();
  const src = join(ROOT, 'fixtures/server');
  const one = readdirSync(src, { recursive: true }).map(String).find((f) => f.endsWith('te-cl-conflict.h1'))!;
  const text = readFileSync(join(src, one), 'utf8');
  mkdirSync(join(dir, 'server'));
  mkdirSync(join(dir, 'fuzz-candidates'));
  writeFileSync(join(dir, 'server/te-cl-conflict.h1'), text);
  writeFileSync(join(dir, 'fuzz-candidates/cand-te-cl.h1'), text.replace('id: te-cl-conflict', 'id: cand-te-cl'));
  writeFileSync(join(dir, 'server/tagged-cand.h1'), text.replace('id: te-cl-conflict', 'id: tagged-cand').replace(/^tags: /m, 'tags: fuzz-candidate, '));
  const ids = (v: Record<string, string | boolean>): string[] => selectFixtures(v).planned.map((p) => p.fixture.id).sort();
  t.deepEqual(ids({ fixtures: dir }), ['te-cl-conflict'], 'default: neither the folder nor the tag');
  t.equal(selectFixtures({ fixtures: dir }).candidates, 2, 'and says how many were left out');
  t.deepEqual(ids({ fixtures: dir, 'include-candidates': true }), ['cand-te-cl', 'tagged-cand', 'te-cl-conflict'], '--include-candidates');
  t.deepEqual(ids({ fixtures: join(dir, 'fuzz-candidates') }), ['cand-te-cl'], 'an explicit path to the candidates');
  t.notOk(selectFixtures({}).planned.some((p) => p.file.includes('fuzz-candidates')), 'the package corpus by default: no candidate');
  rmSync(dir, { recursive: true });
  t.end();
});

test('run --url: an address subject; --fail-on gates by level; --json - and --junit in the same run; TAP only with --tap', async (t) => {
  const s = await listen(dropper());
  try {
    const out = tmp();
    const base = ['run', '--url', s.url, '--grep', 'chunked', '--role', 'server', '--delivery', 'whole', '--out', out];
    const should = await h1compatAsync([...base, '--level', 'SHOULD']);
    t.equal(should.code, 0, 'SHOULD warnings pass the default gate (--fail-on must)');
    t.match(should.out, /^subject\s+level\s+pass\s+warn\s+fail/m, 'a summary table by level');
    t.match(should.out, /^127\.0\.0\.1-\d+\s+SHOULD\s+0\s+[1-9]/m, 'the subject is named from host and port; its SHOULD warnings counted');
    t.doesNotMatch(should.out, /TAP version/, 'no TAP without --tap');
    t.equal((await h1compatAsync([...base, '--level', 'SHOULD', '--fail-on', 'should'])).code, 1, '--fail-on should: exit 1');
    const must = await h1compatAsync([...base, '--level', 'MUST', '--junit', join(out, 'j.xml'), '--json', '-']);
    t.equal(must.code, 1, 'a MUST failure: exit 1');
    const doc = JSON.parse(must.out) as { records: { verdict: string; level: string }[] };
    t.ok(doc.records.length > 0 && doc.records.every((r) => r.level === 'MUST'), '--json -: the results document on stdout');
    t.match(must.err, /top problems/, 'the summary went to stderr');
    t.match(must.err, /^\s+fail\s+127\.0\.0\.1-\d+\s+\S+\s+\[MUST; RFC/m, 'top failures: verdict, subject, fixture id, level and spec');
    t.match(must.err, /^\s+why: /m, 'and a one-line reason');
    t.match(readFileSync(join(out, 'j.xml'), 'utf8'), /<testsuites/, '--junit FILE written');
    const tap = await h1compatAsync([...base, '--level', 'MUST', '--tap']);
    t.match(tap.out, /^TAP version 13\n1\.\.\d+\nnot ok 1 - /, '--tap: TAP on stdout');
    t.ok(existsSync(join(out, 'previous/results.json')), 'the previous run is kept in out/previous');
    t.match(tap.err, /previous run was kept in/, 'and the summary says so');
    rmSync(out, { recursive: true });
  } finally {
    await s.close();
  }
});

test('exit 3: a subject that does not start, a broken fixture file, nothing selected', (t) => {
  const out = tmp();
  const ghost = h1compat(['run', '--cmd', 'h1compat-no-such-program {port}', '--grep', 'te-cl-conflict', '--delivery', 'whole', '--out', out]);
  t.equal(ghost.code, 3, 'a --cmd whose program is missing');
  t.match(ghost.out, /program `h1compat-no-such-program` not found .* the subject did not start; its records are errors$/m, `said once ${ghost.err.slice(0, 300)}`);
  const doc = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
  t.equal(doc.records[0].verdict, 'error', 'the record is an error, not a fail');
  const fx = join(out, 'fx');
  mkdirSync(fx);
  writeFileSync(join(fx, 'broken.h1'), 'id: broken\ntitle: no\n');
  const src = readdirSync(join(ROOT, 'fixtures/server'), { recursive: true }).map(String).find((f) => f.endsWith('te-cl-conflict.h1'))!;
  cpSync(join(ROOT, 'fixtures/server', src), join(fx, 'te-cl-conflict.h1'));
  const broken = h1compat(['run', '--subject', 'reference', '--fixtures', fx, '--delivery', 'whole', '--out', out]);
  t.equal(broken.code, 3, 'a broken fixture file beside a good one: exit 3');
  t.match(broken.err, /broken\.h1:\d+:\d+/, 'file:line:col of the problem');
  const none = h1compat(['run', '--subject', 'reference', '--grep', 'no-fixture-has-this-id', '--out', out]);
  t.equal(none.code, 3, 'nothing selected: exit 3');
  t.match(none.err, /nothing selected/);
  rmSync(out, { recursive: true });
  t.end();
});

test('run --cmd: the program is started on {port} and stopped; --echo runs the request checks; --name', (t) => {
  const out = tmp();
  const r = h1compat(['run', '--cmd', `"${process.execPath}" "${BIN}" serve --port {port}`, '--echo', '--name', 'my-server', '--grep', 'te-cl-conflict', '--delivery', 'whole', '--out', out, '--json', join(out, 'r.json')]);
  t.equal(r.code, 0, `the reference echo server passes (${r.err.trim().split('\n').pop()})`);
  const doc = JSON.parse(readFileSync(join(out, 'r.json'), 'utf8'));
  t.deepEqual(doc.run.subjects.map((s: { name: string; adapter: string; lacks: string[] }) => [s.name, s.adapter, s.lacks]), [['my-server', 'command', []]], 'one command subject with echo');
  t.deepEqual(splitCommand(`a 'b c' "d \\"e\\"" f\\ g {port}`), ['a', 'b c', 'd "e"', 'f g', '{port}'], 'words split as a shell splits them, no expansion');
  rmSync(out, { recursive: true });
  t.end();
});

test('run --proxy-cmd: a proxy started on {port} forwarding to {upstreamPort}; the harness plays client and origin', (t) => {
  const out = tmp();
  // a byte pipe: forwards each connection to the origin unchanged
  writeFileSync(join(out, 'pipe.js'), "const net = require('net'); const [port, up] = process.argv.slice(2).map(Number);\n"
    + "net.createServer((c) => { const u = net.connect(up, '127.0.0.1'); c.pipe(u); u.pipe(c); c.on('error', () => u.destroy()); u.on('error', () => c.destroy()); }).listen(port, '127.0.0.1');\n");
  const r = h1compat(['run', '--proxy-cmd', `"${process.execPath}" "${join(out, 'pipe.js')}" {port} {upstreamPort}`, '--name', 'pipe', '--shard', '1/8', '--delivery', 'whole', '--out', out]);
  t.ok(r.code === 0 || r.code === 1, `exit ${r.code}: judged, no harness error (${r.out.split('\n').pop()})`);
  const doc = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
  t.deepEqual(doc.run.subjects.map((x: { name: string; role: string }) => [x.name, x.role]), [['pipe', 'proxy']], 'one proxy subject');
  t.ok(doc.records.length > 0 && doc.records.every((x: { role: string; verdict: string }) => x.role === 'proxy' && x.verdict !== 'error'), `${doc.records.length} proxy records, none an error`);
  rmSync(out, { recursive: true });
  t.end();
});

test('subject files: unknown keys, wrong types, out-of-range ports, unsafe names: exit 2 with file, key path, reason', (t) => {
  const dir = tmp();
  const cases: [object, RegExp][] = [
    [{ name: 'x', role: 'server', lack: ['echo'], adapter: { kind: 'address', host: '127.0.0.1', port: 8080 } }, /lack: unknown key/],
    [{ name: 'x', role: 'server', adapter: { kind: 'command', argv: ['x', '{port}'], env: { A: 1 } } }, /adapter\.env\.A: must be string/],
    [{ name: 'x', role: 'server', adapter: { kind: 'address', host: '127.0.0.1', port: 70000 } }, /adapter\.port: must be <= 65535/],
    [{ name: '../../x', role: 'server', adapter: { kind: 'address', host: '127.0.0.1', port: 8080 } }, /name: must be a safe file name/],
    [{ name: 'x', role: 'server', adapter: { kind: 'command', argv: ['x'], ready: { kind: 'stdout' } } }, /adapter\.ready\.match: is required/],
  ];
  cases.forEach(([subject, why], i) => {
    const file = join(dir, `s${i}.json`);
    writeFileSync(file, JSON.stringify(subject));
    const r = h1compat(['run', '--subject', file, '--out', dir]);
    t.equal(r.code, 2, `case ${i}: exit 2`);
    t.ok(r.err.startsWith(`${file}: `) && why.test(r.err), `case ${i}: ${r.err.trim()}`);
  });
  const schema = JSON.parse(readFileSync(join(ROOT, 'subjects/subject.schema.json'), 'utf8'));
  t.equal(schema.additionalProperties, false, 'the published schema rejects unknown keys');
  rmSync(dir, { recursive: true });
  t.end();
});

test('{subject} in output paths never leaves its folder (baseline update --out)', (t) => {
  const dir = tmp();
  t.equal(outputPath(join(dir, 'b/{subject}.txt'), 'node'), join(dir, 'b/node.txt'));
  for (const bad of ['../../x', '..', 'a/b', '.']) t.throws(() => outputPath(join(dir, 'b/{subject}.txt'), bad), UsageError, `\`${bad}\` refused`);
  // through the CLI, with a results file whose subject name was tampered with
  const r = h1compat(['run', '--subject', 'reference', '--grep', 'te-cl-conflict', '--delivery', 'whole', '--out', dir]);
  t.equal(r.code, 0);
  const doc = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'));
  doc.run.subjects[0].name = '../../escaped';
  for (const rec of doc.records) rec.subject = '../../escaped';
  writeFileSync(join(dir, 'evil.json'), JSON.stringify(doc));
  const b = h1compat(['baseline', 'update', '--results', join(dir, 'evil.json'), '--out', join(dir, 'b/{subject}.txt')]);
  t.equal(b.code, 2, `refused: ${b.err.trim()}`);
  t.notOk(existsSync(join(dir, '../escaped.txt')) || existsSync(join(dir, 'escaped.txt')), 'nothing written outside b/');
  rmSync(dir, { recursive: true });
  t.end();
});

test('--fail-on: which verdicts gate at each level (error is never a gated failure: it is exit 3)', (t) => {
  const rec = (verdict: string, level: string, matched: string[] = []): never => ({ verdict, level, matched }) as never;
  const rows: [ReturnType<typeof rec>, boolean, boolean, boolean][] = [
    // record                          must   should may
    [rec('fail', 'MUST'), true, true, true],
    [rec('fail', 'SHOULD'), true, true, true], // a MUST NOT never-clause violated on a SHOULD fixture
    [rec('warn', 'SHOULD'), false, true, true],
    [rec('info', 'MAY'), false, false, true], // a MAY fixture whose behaviour matched no outcome
    [rec('info', 'MAY', ['accept']), false, false, false],
    [rec('pass', 'MUST'), false, false, false],
    [rec('skip', 'MUST'), false, false, false],
    [rec('error', 'MUST'), false, false, false],
  ];
  for (const [r, must, should, may] of rows) {
    const doc = { records: [r] } as never;
    t.deepEqual([gatedFailures(doc, 'must').length, gatedFailures(doc, 'should').length, gatedFailures(doc, 'may').length], [+must, +should, +may], JSON.stringify(r));
  }
  t.end();
});

test('--help and --version load no command module and no engine', (t) => {
  const probe = "const { main } = require('./harness/cli'); main([process.env.PROBE_FLAG]).then(() => process.stderr.write(JSON.stringify(Object.keys(require.cache))));";
  for (const flag of ['--help', '--version']) {
    const r = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', probe], { cwd: ROOT, encoding: 'utf8', timeout: 60000, env: { ...process.env, PROBE_FLAG: flag } });
    const loaded = (JSON.parse(r.stderr) as string[]).filter((f) => f.startsWith(ROOT) && !f.includes('node_modules')).map((f) => f.slice(ROOT.length + 1)).sort();
    t.deepEqual(loaded, ['harness/cli-args.ts', 'harness/cli.ts', 'harness/paths.ts'], `${flag}: only the dispatcher, the flag parser and the package paths`);
  }
  t.end();
});

test('colour: FORCE_COLOR wins, NO_COLOR turns it off, otherwise only on a terminal', (t) => {
  const rows: [NodeJS.ProcessEnv, boolean, boolean][] = [
    [{}, false, false], [{}, true, true], [{ NO_COLOR: '1' }, true, false], [{ FORCE_COLOR: '1' }, false, true],
    [{ FORCE_COLOR: '0' }, true, false], [{ FORCE_COLOR: '1', NO_COLOR: '1' }, false, true], [{ NO_COLOR: '' }, true, true],
  ];
  for (const [env, tty, want] of rows) t.equal(useColour({ isTTY: tty }, env), want, `${JSON.stringify(env)} tty=${tty}`);
  const out = tmp();
  const forced = h1compat(['run', '--url', 'http://127.0.0.1:1', '--grep', 'te-cl-conflict', '--delivery', 'whole', '--out', out], { FORCE_COLOR: '1' });
  t.match(forced.out, /\x1b\[/, 'FORCE_COLOR=1 through a pipe: colour');
  const plain = h1compat(['run', '--url', 'http://127.0.0.1:1', '--grep', 'te-cl-conflict', '--delivery', 'whole', '--out', out], { NO_COLOR: '1' });
  t.doesNotMatch(plain.out, /\x1b\[/, 'NO_COLOR=1: none');
  rmSync(out, { recursive: true });
  t.end();
});

test('--shard and --transport: bad values are usage errors (in-process: no spawn)', async (t) => {
  for (const args of [['run', '--shard', '3/2'], ['run', '--shard', 'x'], ['run', '--transport', 'udp']]) {
    await main(args).then(() => t.fail(`${args.join(' ')} should be refused`), (e: unknown) => {
      t.ok(e instanceof UsageError, `${args.join(' ')}: usage error (${(e as Error).message})`);
    });
  }
});

test('serve stops on SIGTERM', async (t) => {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0'], { cwd: CWD, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const line = await new Promise<string>((resolve, reject) => {
      child.stdout.once('data', (b: Buffer) => resolve(b.toString()));
      setTimeout(() => reject(new Error('serve did not start in 30 s')), 30000).unref();
    });
    t.match(line, /echo server on http:\/\/127\.0\.0\.1:\d+\//);
    const code = await new Promise<number | null>((resolve) => { child.once('exit', (c) => resolve(c)); child.kill('SIGTERM'); });
    t.equal(code, 0, 'exit 0 after SIGTERM');
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});

test('a subject file: {root} is filled in argv and cwd; a missing working directory is said as such (exit 3)', (t) => {
  const out = tmp();
  const good = join(out, 'root.json');
  writeFileSync(good, JSON.stringify({ name: 'rooted', role: 'server', adapter: { kind: 'command', cwd: '{root}',
    argv: [process.execPath, '{root}/bin/h1compat.js', 'serve', '--subject', 'reference', '--port', '{port}'], ready: { kind: 'port' } } }));
  const r = h1compat(['run', '--subject', good, '--grep', 'te-cl-conflict', '--delivery', 'whole', '--out', out]);
  t.equal(r.code, 0, `a subject under {root} starts and passes (${r.out.split('\n').filter((l) => /did not start|error/.test(l)).join('; ')})`);
  const bad = join(out, 'nowhere.json');
  writeFileSync(bad, JSON.stringify({ name: 'nowhere', role: 'server', adapter: { kind: 'command', cwd: '{root}/no-such-dir', argv: [process.execPath, '{port}'], ready: { kind: 'port' } } }));
  const r2 = h1compat(['run', '--subject', bad, '--grep', 'te-cl-conflict', '--delivery', 'whole', '--out', out]);
  t.equal(r2.code, 3);
  t.match(r2.out, /working directory `.*no-such-dir` does not exist \(adapter\.cwd\)/, 'the missing directory is named, not the program');
  rmSync(out, { recursive: true });
  t.end();
});

test('runs of different subjects with the same options merge into one results file (the matrix on many machines)', (t) => {
  const out = tmp();
  for (const s of ['reference', 'node']) {
    const r = h1compat(['run', '--subject', s, '--grep', 'te-cl-conflict', '--delivery', 'whole', '--out', join(out, s)]);
    t.equal(r.code, 0, `${s} ran`);
  }
  const m = h1compat(['merge', join(out, 'reference/results.json'), join(out, 'node/results.json'), '--out', join(out, 'all.json')]);
  t.equal(m.code, 0, `merged: ${m.err.trim()}`);
  const doc = JSON.parse(readFileSync(join(out, 'all.json'), 'utf8'));
  t.deepEqual(doc.run.subjects.map((x: { name: string }) => x.name), ['reference', 'node'], 'both subjects');
  t.equal(doc.records.length, 2, 'both records');
  rmSync(out, { recursive: true });
  t.end();
});

test('run --shard i/n: the shards partition the selection; the shard is in the run options; every-split in memory', (t) => {
  const all = selectFixtures({ role: 'server', grep: 'te-cl' }).planned.map((p) => p.fixture.id);
  const shards = [1, 2].map((i) => selectFixtures({ role: 'server', grep: 'te-cl', shard: `${i}/2` }).planned);
  const parts = shards.map((ps) => ps.map((p) => p.fixture.id));
  t.deepEqual([...parts[0], ...parts[1]].sort(), [...all].sort(), 'the two shards together are the unsharded selection, each fixture once');
  const i = shards.findIndex((ps) => ps.some((p) => p.fixture.delivery.modes.includes('every-split'))) + 1;
  t.ok(i > 0, `shard ${i}/2 has a fixture that allows every-split`);
  const out = tmp();
  const r = h1compat(['run', '--subject', 'reference', '--grep', 'te-cl', '--role', 'server', '--delivery', 'whole,every-split', '--shard', `${i}/2`, '--out', out]);
  t.equal(r.code, 0, `shard ${i}/2 exits 0 ${r.err}`);
  const doc = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
  t.equal(doc.run.options.shard, `${i}/2`, 'the shard is in the run options (for merge)');
  t.deepEqual([...new Set(doc.records.map((x: { fixture: string }) => x.fixture))].sort(), [...parts[i - 1]].sort(), 'the records are those of the shard');
  t.ok(doc.records.every((x: { transport: string }) => x.transport === 'memory'), 'in-process: in memory');
  rmSync(out, { recursive: true });
  t.end();
});
