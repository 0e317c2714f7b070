// Loading impl does not load node's own http modules: node code may replace the http_parser binding after requiring
// http and before `_http_common` is loaded (node's test-http-parser-lazy-loaded), so impl looks up node's symbols
// (kConnectionsCheckingInterval, kHighWaterMark) at first use. Checked in a child process, whose module list is fresh.

import test from 'tape';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..');

/** node's built-in modules loaded after running `code` in a fresh process with impl available as `impl` */
function loadedAfter(code: string): string[] {
  const script = `const impl = require(${JSON.stringify(path.join(root, 'impl'))});
${code}
process.stdout.write(JSON.stringify(process.moduleLoadList.filter((m) => /^NativeModule _http_/.test(m))));`;
  const out = execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script],
    { cwd: root, encoding: 'utf8', timeout: 30_000, env: { ...process.env, NODE_OPTIONS: '' } });
  return JSON.parse(out) as string[];
}

const cases: { name: string; code: string; expect: (mods: string[]) => boolean; says: string }[] = [
  { name: 'require(impl) alone', code: '', expect: (m) => m.length === 0, says: 'no _http_* module of node loaded' },
  {
    name: 'a response object made (node\'s kHighWaterMark looked up)',
    code: 'new impl.OutgoingMessage();',
    expect: (m) => m.includes('NativeModule _http_outgoing'),
    says: 'node\'s _http_outgoing loaded at first use',
  },
];

for (const c of cases) {
  test(`lazy load: ${c.name}`, (t) => {
    const mods = loadedAfter(c.code);
    t.ok(c.expect(mods), `${c.says} (${JSON.stringify(mods)})`);
    t.end();
  });
}
