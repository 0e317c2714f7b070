// The command client drivers are compiled once per run into a private folder, published whole by a rename and
// removed when the run ends (harness/client/compile.ts): runs in parallel never share or rewrite each other's drivers.

import test from 'tape';
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DRIVERS_OUT } from '../../harness/client/compile';

const ROOT = join(__dirname, '..', '..');

/** One run in its own process: compile, load the compiled driver's shared module, print the folder and its files. */
const RUN = `const { compiledDrivers } = require('./harness/client/compile');
const dir = compiledDrivers();
const again = compiledDrivers();
require(require('path').join(dir, 'common.js'));
console.log(JSON.stringify({ dir, same: dir === again, files: require('fs').readdirSync(dir).sort() }));`;

function run(): Promise<{ dir: string; same: boolean; files: string[] }> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', RUN], { cwd: ROOT, timeout: 60000 }, (e, stdout) => {
      if (e !== null) reject(e);
      else resolve(JSON.parse(stdout.trim().split('\n').pop()!) as { dir: string; same: boolean; files: string[] });
    });
  });
}

test('parallel runs compile into private folders, complete, removed when each run ends', async (t) => {
  const runs = await Promise.all([run(), run(), run()]);
  t.equal(new Set(runs.map((r) => r.dir)).size, 3, 'three runs, three folders');
  for (const r of runs) {
    t.ok(r.same, 'compiled once per run (the second call gives the same folder)');
    t.deepEqual(r.files, ['common.js', 'curl.js', 'undici-pipelining.js', 'undici.js'], `${r.dir.slice(DRIVERS_OUT.length)}: every driver`);
    t.ok(r.dir.startsWith(DRIVERS_OUT), 'inside out/.drivers (node_modules resolves from there)');
    t.notOk(existsSync(r.dir), 'removed when the run ended');
  }
  const pids = runs.map((r) => /-(\d+)\/harness\/client\/drivers$/.exec(r.dir)?.[1]);
  t.notOk(readdirSync(DRIVERS_OUT).some((n) => pids.some((pid) => n.startsWith(`.building-${pid}-`))), 'no half-built folder left behind');
});
