// Under --expose-internals (how node's own tests run) node code reads an OutgoingMessage's header store through node's
// kOutHeaders symbol: impl's store is keyed by that symbol then, so the same child script prints the same for
// node:http and impl (expose-internals-child.ts, in child processes with the flag).

import test from 'tape';
import { execFile } from 'node:child_process';
import { join } from 'node:path';

const CHILD = join(__dirname, 'expose-internals-child.ts');

function run(which: 'node' | 'impl'): Promise<string> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--expose-internals', '-r', 'ts-node/register/transpile-only', CHILD, which],
      { env: { ...process.env, NODE_OPTIONS: '' }, timeout: 30000, cwd: join(__dirname, '../..') },
      (err, stdout, stderr) => resolve(err ? `failed: ${err.message} ${stderr.split('\n')[0]}` : stdout.trim()));
  });
}

test('--expose-internals: msg[kOutHeaders] is the header store, for node:http and impl alike', async (t) => {
  const [node, impl] = await Promise.all([run('node'), run('impl')]);
  t.ok(node.startsWith('{'), `node:http child ran (${node.slice(0, 160)})`);
  t.ok(node.includes('"store":{"x-one":["X-One","1"]'), 'node shows the store under kOutHeaders');
  t.equal(impl, node, 'impl prints what node:http prints');
});
