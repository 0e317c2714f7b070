// Transpiling the command client drivers to plain JavaScript once per run (out/.drivers/), so that each replay starts
// a bare `node` (tens of ms) instead of ts-node (a second or more of CPU per process, too slow at --jobs 8).

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
/** Where the JavaScript goes: inside the repository, so that `require('undici')` finds node_modules. */
export const DRIVERS_OUT = join(ROOT, 'out', '.drivers');
const ENTRIES = ['harness/client/drivers/undici.ts', 'harness/client/drivers/curl.ts'];
/** Most files one compile walks (the drivers import a handful). */
const MAX_FILES = 200;

let compiled: string | undefined;

function localImports(source: string): string[] {
  const out: string[] = [];
  const re = /(?:from\s+|require\(|import\()\s*'(\.{1,2}\/[^']+)'/g;
  for (let m = re.exec(source); m !== null; m = re.exec(source)) out.push(m[1]);
  return out;
}

function sourceOf(spec: string, from: string): string | undefined {
  const base = resolve(dirname(from), spec);
  for (const c of [`${base}.ts`, join(base, 'index.ts')]) if (existsSync(c)) return c;
  return undefined;
}

/** The folder holding `harness/client/drivers/*.js`, transpiled now if not yet in this process. */
export function compiledDrivers(): string {
  if (compiled !== undefined) return compiled;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ts = require('typescript') as typeof import('typescript');
  const queue = ENTRIES.map((e) => join(ROOT, e));
  const seen = new Set<string>();
  while (queue.length > 0 && seen.size < MAX_FILES) {
    const file = queue.shift()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    const js = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, resolveJsonModule: true },
      fileName: file,
    }).outputText;
    const target = join(DRIVERS_OUT, relative(ROOT, file)).replace(/\.ts$/, '.js');
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, js);
    for (const spec of localImports(source)) {
      const dep = sourceOf(spec, file);
      if (dep !== undefined) queue.push(dep);
    }
  }
  compiled = join(DRIVERS_OUT, 'harness/client/drivers');
  return compiled;
}
