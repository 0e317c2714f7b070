// node's --max-http-header-size and --insecure-http-parser, given on the command line or in NODE_OPTIONS, set
// http.maxHeaderSize and the default parser limit and leniency of servers and clients: the same child script
// (process-options-child.ts) runs under node:http and under impl with each option set, and the outputs must be equal.

import test from 'tape';
import { execFile } from 'node:child_process';
import { join } from 'node:path';

const CHILD = join(__dirname, 'process-options-child.ts');
const REGISTER = ['-r', 'ts-node/register/transpile-only'];

function run(which: 'node' | 'impl', flags: string[], nodeOptions: string): Promise<string> {
  return new Promise((resolve) => {
    const env = { ...process.env, NODE_OPTIONS: nodeOptions };
    execFile(process.execPath, [...flags, ...REGISTER, CHILD, which], { env, timeout: 30000, cwd: join(__dirname, '../..') },
      (err, stdout, stderr) => resolve(err ? `failed: ${err.message} ${stderr.split('\n')[0]}` : stdout.trim()));
  });
}

const CASES: { name: string; flags: string[]; nodeOptions: string; expect: Record<string, unknown> }[] = [
  { name: 'defaults', flags: [], nodeOptions: '', expect: { maxHeaderSize: 16384 } },
  { name: '--max-http-header-size=150 on the command line', flags: ['--max-http-header-size=150'], nodeOptions: '', expect: { maxHeaderSize: 150 } },
  { name: '--insecure-http-parser on the command line', flags: ['--insecure-http-parser'], nodeOptions: '', expect: { maxHeaderSize: 16384 } },
  { name: 'both in NODE_OPTIONS', flags: [], nodeOptions: '--max-http-header-size=150 --insecure-http-parser', expect: { maxHeaderSize: 150 } },
];

for (const c of CASES) {
  test(`process options: ${c.name}`, async (t) => {
    const [node, impl] = await Promise.all([run('node', c.flags, c.nodeOptions), run('impl', c.flags, c.nodeOptions)]);
    t.ok(node.startsWith('{'), `node:http child ran (${node.slice(0, 120)})`);
    t.equal(impl, node, 'impl behaves as node:http under the same options');
    if (node.startsWith('{')) {
      const parsed = JSON.parse(node) as Record<string, unknown>;
      for (const [k, v] of Object.entries(c.expect)) t.equal(parsed[k], v, `node: ${k} = ${String(v)}`);
    }
  });
}
