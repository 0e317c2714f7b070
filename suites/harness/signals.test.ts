// SIGINT, SIGTERM and SIGHUP to `h1compat run` (Ctrl-C; CI cancellation, `timeout`, `docker stop`; a closed
// terminal): a real command subject that starts a child of its own is stopped with its whole process group, the
// results file holds the records so far marked interrupted, no temporary file is left, and the exit status is
// 128 + the signal number.

import test from 'tape';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BIN = join(__dirname, '../../bin/h1compat.js');

/** A server that accepts and never answers (every replay waits for its timeout), started by a parent process that
 *  stays: the harness's child is the parent, the listener is a grandchild in the same process group. */
const LISTENER = `require('net').createServer((s) => { s.on('error', () => {}); s.resume(); }).listen(Number(process.argv[2]), '127.0.0.1');`;
const PARENT = `const { spawn } = require('child_process'); const fs = require('fs');
const child = spawn(process.execPath, [process.argv[4], process.argv[2]], { stdio: 'ignore' });
fs.writeFileSync(process.argv[3], JSON.stringify([process.pid, child.pid]));
setInterval(() => {}, 1000);`;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Gone, or a zombie nobody has reaped yet (it holds no port and runs nothing). */
function gone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.startsWith('Z') ?? false;
  } catch {
    return true;
  }
}

async function until(what: string, ok: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

for (const [signal, status] of [['SIGTERM', 143], ['SIGHUP', 129], ['SIGINT', 130]] as const) {
  test(`${signal}: subject process group stopped, partial results marked interrupted, no temp files, exit ${status}`, async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'h1compat-signal-'));
    writeFileSync(join(dir, 'listener.js'), LISTENER);
    writeFileSync(join(dir, 'parent.js'), PARENT);
    const pidFile = join(dir, 'pids.json');
    const out = join(dir, 'out');
    const cmd = `"${process.execPath}" "${join(dir, 'parent.js')}" {port} "${pidFile}" "${join(dir, 'listener.js')}"`;
    const run = spawn(process.execPath, [BIN, 'run', '--cmd', cmd, '--role', 'server', '--level', 'MUST', '--delivery', 'whole', '--jobs', '1', '--timeout', '500', '--out', out],
      { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    run.stderr.on('data', (b: Buffer) => { err += b.toString(); });
    const exited = new Promise<number | null>((r) => run.once('exit', (code) => r(code)));
    let pids: number[] = [];
    try {
      // the subject is up and at least one record is on disk
      await until('the subject to start', () => existsSync(pidFile), 60000);
      pids = JSON.parse(readFileSync(pidFile, 'utf8')) as number[];
      const records = (): number => { try { return (JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { records: unknown[] }).records.length; } catch { return 0; } };
      await until('a first record', () => records() > 0, 60000);
      run.kill(signal);
      const code = await Promise.race([exited, sleep(20000).then(() => 'hung')]);
      t.equal(code, status, `exit ${status}`);
      const doc = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { run: { interrupted?: boolean; complete: boolean }; records: unknown[] };
      t.equal(doc.run.interrupted, true, 'results.json says interrupted');
      t.equal(doc.run.complete, false, 'and not complete');
      t.ok(doc.records.length > 0, `with the ${doc.records.length} record(s) so far`);
      t.deepEqual(readdirSync(out).filter((f) => f.endsWith('.tmp')), [], 'no temporary file left');
      t.match(err, new RegExp(`interrupted \\(${signal}\\)`), 'said on stderr');
      await until('the process group to be gone', () => pids.every(gone), 5000).catch(() => undefined);
      t.deepEqual(pids.filter((p) => !gone(p)), [], `the subject (${pids[0]}) and its child (${pids[1]}) are stopped`);
    } finally {
      if (run.exitCode === null) run.kill('SIGKILL');
      for (const p of pids) { try { process.kill(p, 'SIGKILL'); } catch { /* gone */ } }
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
