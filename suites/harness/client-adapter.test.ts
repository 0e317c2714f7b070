// The command client adapter (harness/client/launch.ts): `{root}` in a client subject's cwd is filled as in argv; a
// working directory that does not exist is named in the `error` record (spawn says "spawn <program> ENOENT"); every
// temporary folder a client replay makes — the adapter's own and those its driver makes in the temp folder — is gone
// when the replay ends, also when the driver is killed before its cleanup and when the run is stopped by a signal.

import test from 'tape';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { replayRole } from '../../harness/replay/engine';
import { judge } from '../../harness/replay/verdict';
import type { SubjectSpec } from '../../harness/subjects';
import { CLIENT_GET as GET } from './misbehaving';

const ROOT = resolve(__dirname, '../..');
const BIN = join(ROOT, 'bin/h1compat.js');
const FAST = { delivery: 'whole' as const, waitMs: 300, timeoutMs: 3000, settleMs: 10, clientStartMs: 3000, clientTimeoutMs: 500 };

/** A command client written inline (`node -e`), with an optional working directory. */
function client(name: string, script: string, cwd?: string): SubjectSpec {
  return { name, role: 'client', adapter: { kind: 'command', argv: [process.execPath, '-e', script, '{spec}'], ready: { kind: 'port' }, ...(cwd !== undefined ? { cwd } : {}) }, lacks: [] };
}

/** Connects, sends GET /x with the given extra field lines, then runs `after` on the first response octets. */
const REQUEST = (fields: string, after: string): string => `const spec = JSON.parse(require('fs').readFileSync(process.argv[1], 'utf8'));
const s = require('net').connect(spec.origin.port, '127.0.0.1', () => s.write('GET /x HTTP/1.1\\r\\nHost: a\\r\\n' + ${fields} + '\\r\\n'));
s.on('error', () => {}); s.on('data', () => { ${after} });`;
const REPORT_200 = "console.log(JSON.stringify({ h1compatClientResult: 1, results: [{ status: 200, headers: [], body: 'b2s=' }] }));";

/** Run `body` with the system temp folder (TMPDIR: os.tmpdir() and the adapter read it) pointed at a fresh folder. */
async function withTemp(body: (temp: string) => Promise<void>): Promise<void> {
  const temp = mkdtempSync(join(tmpdir(), 'h1compat-adapter-test-'));
  const saved = process.env.TMPDIR;
  process.env.TMPDIR = temp;
  try {
    await body(temp);
  } finally {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
    rmSync(temp, { recursive: true, force: true });
  }
}

test('client cwd: {root} is filled in (the client runs in the repository)', async (t) => {
  const c = client('cwd-root', REQUEST("'X-Cwd: ' + process.cwd() + '\\r\\n'", `${REPORT_200} process.exit(0)`), '{root}');
  const obs = await replayRole(c, GET, FAST);
  const v = judge(GET, obs);
  t.equal(obs.harnessError, undefined, 'no harness error');
  t.deepEqual(obs.requests[0]?.fields.find(([n]) => n === 'X-Cwd'), ['X-Cwd', ROOT], 'the client ran in the repository root');
  t.equal(v.verdict, 'pass', v.reason.slice(0, 200));
});

test('client cwd: a working directory that does not exist is an error that names it', async (t) => {
  const missing = join(ROOT, 'no-such-folder-h1compat');
  const obs = await replayRole(client('cwd-missing', REQUEST("''", 'process.exit(0)'), missing), GET, FAST);
  const v = judge(GET, obs);
  t.equal(v.verdict, 'error');
  t.match(v.reason, new RegExp(`working directory \`${missing}\` does not exist \\(adapter\\.cwd\\)`), v.reason.slice(0, 300));
  t.doesNotMatch(v.reason, /ENOENT/, 'not the misleading "spawn <program> ENOENT"');
});

// What each client does with the temp folder before the replay ends; none of its folders may remain.
const LEAKS: [string, string][] = [
  ['reports and exits without removing its folder', `${REPORT_200} process.exit(0)`],
  ['reports, then is killed by the harness before its cleanup (ignores stdin end and SIGTERM)', `${REPORT_200} process.on('SIGTERM', () => {}); setInterval(() => {}, 1000)`],
  ['hangs without a report and is stopped by the harness', 'setInterval(() => {}, 1000)'],
  ['crashes', "throw new Error('boom')"],
];

for (const [name, after] of LEAKS) {
  test(`temp folders: a client that ${name} leaves none behind`, (t) => withTemp(async (temp) => {
    // as the curl and wget drivers do: a folder of its own under os.tmpdir(), with a file in it
    const mk = "(() => { const os = require('os'), fs = require('fs'), p = require('path'); const d = fs.mkdtempSync(p.join(os.tmpdir(), 'h1compat-curl-')); fs.writeFileSync(p.join(d, 'h0'), 'x'); return 'X-Tmp: ' + d + '\\r\\n'; })()";
    const obs = await replayRole(client('temp', REQUEST(mk, after)), GET, FAST);
    const made = obs.requests[0]?.fields.find(([n]) => n === 'X-Tmp')?.[1] ?? '';
    t.ok(made.startsWith(temp), `the driver's folder was made under the temp folder: ${made}`);
    t.deepEqual(readdirSync(temp), [], 'nothing is left in the temp folder');
  }));
}

const hasCurl = spawnSync('curl', ['--version']).status === 0;

test('temp folders: `run` of the curl client subject leaves no h1compat-* folder in the temp folder', { skip: !hasCurl }, (t) => withTemp(async (temp) => {
  const out = join(temp, 'out');
  const r = spawnSync(process.execPath, [BIN, 'run', '--subject', 'curl', '--grep', 'content-length', '--delivery', 'whole', '--out', out],
    { cwd: ROOT, encoding: 'utf8', timeout: 180000, env: { ...process.env, TMPDIR: temp } });
  t.ok(r.status === 0 || r.status === 1, `run ended with 0 or 1 (got ${r.status}): ${r.stderr.slice(-300)}`);
  t.match(r.stdout, /curl/, 'the curl subject ran');
  t.deepEqual(readdirSync(temp).filter((n) => n.startsWith('h1compat-')), [], 'no h1compat-* folder remains');
}));

test('temp folders: a run stopped by SIGTERM mid-replay leaves no h1compat-* folder', (t) => withTemp(async (temp) => {
  // a client that never reports: the run is certainly mid-replay when the signal comes
  const subject = join(temp, 'hang.json');
  writeFileSync(subject, JSON.stringify({ name: 'hang', role: 'client', adapter: { kind: 'command', argv: [process.execPath, '-e',
    "const d = require('fs').mkdtempSync(require('path').join(require('os').tmpdir(), 'h1compat-wget-')); console.error('made ' + d); setInterval(() => {}, 1000)", '{spec}'] }, lacks: [] }));
  const child = spawn(process.execPath, [BIN, 'run', '--subject', subject, '--grep', 'content-length', '--delivery', 'whole', '--out', join(temp, 'out')],
    { cwd: ROOT, env: { ...process.env, TMPDIR: temp }, stdio: ['ignore', 'pipe', 'pipe'] });
  const code = await new Promise<number | null>((done) => {
    const deadline = setTimeout(() => child.kill('SIGKILL'), 60000);
    // once the client has made its folder, stop the run
    const poll = setInterval(() => {
      const inner = readdirSync(temp).filter((n) => n.startsWith('h1compat-client-')).flatMap((n) => { try { return readdirSync(join(temp, n, 'tmp')); } catch { return []; } });
      if (inner.length > 0) { clearInterval(poll); child.kill('SIGTERM'); }
    }, 50);
    child.on('exit', (c) => { clearInterval(poll); clearTimeout(deadline); done(c); });
  });
  t.equal(code, 143, 'the run exits 143 on SIGTERM');
  t.deepEqual(readdirSync(temp).filter((n) => n.startsWith('h1compat-')), [], 'no h1compat-* folder remains');
}));

// A client that has not reported when the harness stops it: the record must not depend on how its runtime dies.
const HANGS: [string, string][] = [
  ['dies by the signal (node)', 'setInterval(() => {}, 1000)'],
  ['exits with code 143 on SIGTERM (as a JVM does)', "process.on('SIGTERM', () => process.exit(143)); setInterval(() => {}, 1000)"],
];

for (const [name, after] of HANGS) {
  test(`a client that hangs and ${name} gets the subject's fail, never error`, async (t) => {
    const obs = await replayRole(client('hang', REQUEST("''", after)), GET, FAST);
    const v = judge(GET, obs);
    t.equal(v.verdict, 'fail', v.reason.slice(0, 200));
    t.equal(obs.harnessError, undefined, 'not a harness error');
    t.ok(obs.notes.some((n) => /had not reported when the harness stopped it/.test(n)), `the record says so: ${obs.notes.join(' | ').slice(0, 300)}`);
  });
}

test('a client may report a status outside 100-999 as it read it (Go reads `099` as 99): the record holds it', async (t) => {
  const obs = await replayRole(client('status-99', REQUEST("''", "console.log(JSON.stringify({ h1compatClientResult: 1, results: [{ status: 99, headers: [], body: 'b2s=' }] })); process.exit(0)")), GET, FAST);
  t.equal(obs.harnessError, undefined, 'not a harness error');
  t.equal(obs.responses[0]?.status, 99, 'the reported status is recorded');
  t.equal(judge(GET, obs).verdict, 'fail', 'judged against the fixture (200 expected)');
});

test('the fixture clock starts at the client\'s first request octets, not at its connection (a slow start is not judged)', async (t) => {
  // connects at once, writes its request only after 3 times the first `wait: request` limit (FAST.waitMs)
  const late = client('late-head', `const spec = JSON.parse(require('fs').readFileSync(process.argv[1], 'utf8'));
const s = require('net').connect(spec.origin.port, '127.0.0.1', () => setTimeout(() => s.write('GET /x HTTP/1.1\\r\\nHost: a\\r\\n\\r\\n'), ${FAST.waitMs * 3}));
s.on('error', () => {}); s.on('data', () => { ${REPORT_200} process.exit(0) });`);
  const obs = await replayRole(late, GET, FAST);
  t.deepEqual(obs.timeouts, [], 'no wait timed out');
  t.equal(judge(GET, obs).verdict, 'pass');
});
