// Transpiling the command client drivers to plain JavaScript once per run, so that each replay starts a bare `node`
// (tens of ms) instead of ts-node (a second or more of CPU per process, too slow at --jobs 8). Each run (process)
// compiles into its own folder, out/.drivers/run-<pid>-<random>/, written whole under a temporary name and renamed
// into place, and removed when the process exits: runs in parallel never read each other's half-written drivers
// (issue 13: a driver rewritten under a running replay crashed with "... is not a function").

import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

import { ROOT } from '../paths';
/** Where the per-run folders go: inside the repository, so that `require('undici')` finds node_modules. */
export const DRIVERS_OUT = join(ROOT, 'out', '.drivers');
const ENTRIES = ['harness/client/drivers/undici.ts', 'harness/client/drivers/undici-pipelining.ts', 'harness/client/drivers/curl.ts'];
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

/** The folder holding `harness/client/drivers/*.js` for this run, transpiled now if not yet in this process. */
export function compiledDrivers(): string {
  if (compiled !== undefined) return compiled;
  // the installed package ships the drivers compiled (dist/, read-only, no TypeScript at run time)
  if (!existsSync(join(ROOT, ENTRIES[0])) && existsSync(join(ROOT, 'dist/harness/client/drivers/undici.js'))) return (compiled = join(ROOT, 'dist/harness/client/drivers'));
  mkdirSync(DRIVERS_OUT, { recursive: true });
  removeStale();
  // written under a temporary name, published by one rename: a folder that exists is complete
  const building = mkdtempSync(join(DRIVERS_OUT, `.building-${process.pid}-`));
  const final = join(DRIVERS_OUT, `run-${building.slice(building.lastIndexOf('-') + 1)}-${process.pid}`);
  try {
    transpileInto(building);
    renameSync(building, final);
  } catch (e) {
    rmSync(building, { recursive: true, force: true });
    throw e;
  }
  process.once('exit', () => rmSync(final, { recursive: true, force: true }));
  compiled = join(final, 'harness/client/drivers');
  return compiled;
}

/** Folders left by runs that were killed (their process is gone). */
function removeStale(): void {
  for (const name of readdirSync(DRIVERS_OUT)) {
    const m = /^(?:run-[^-]+-|\.building-)(\d+)/.exec(name);
    if (m === null) continue;
    try {
      process.kill(Number(m[1]), 0);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ESRCH') rmSync(join(DRIVERS_OUT, name), { recursive: true, force: true });
    }
  }
}

function transpileInto(out: string): void {
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
    const target = join(out, relative(ROOT, file)).replace(/\.ts$/, '.js');
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, js);
    for (const spec of localImports(source)) {
      const dep = sourceOf(spec, file);
      if (dep !== undefined) queue.push(dep);
    }
  }
}
