#!/usr/bin/env node
// The h1compat executable: runs the compiled CLI (dist/harness/cli.js, built by `npm run build` / `prepare`).
// Inside a development clone (harness/cli.ts beside this folder) it runs the TypeScript source through ts-node
// instead whenever the compiled files are missing or older than a source file, so a stale build is never run.
'use strict';

const { existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const compiled = join(root, 'dist', 'harness', 'cli.js');
const source = join(root, 'harness', 'cli.ts');

/** Newest modification time (ms) of the .ts/.json files under the given folders. */
function newestSource(dirs) {
  let newest = 0;
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts') || e.name.endsWith('.json')) newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  for (const d of dirs) if (existsSync(d)) walk(d);
  return newest;
}

function useCompiled() {
  if (!existsSync(compiled)) return false;
  if (!existsSync(source)) return true; // the installed package: compiled code only
  const stamp = join(root, 'dist', '.built');
  if (!existsSync(stamp)) return false;
  return statSync(stamp).mtimeMs >= newestSource(['impl', 'harness', 'reports'].map((d) => join(root, d)));
}

if (process.env.H1COMPAT_SOURCE !== '1' && useCompiled()) {
  require(compiled).cli(process.argv.slice(2));
} else if (existsSync(source)) {
  // development clone: the TypeScript source, with the repository's tsconfig whatever the working directory
  if (!require.extensions['.ts']) {
    require('ts-node').register({ project: join(root, 'tsconfig.json'), transpileOnly: true });
  }
  require(source).cli(process.argv.slice(2));
} else {
  process.stderr.write('h1compat: the compiled CLI (dist/) is missing; reinstall the package\n');
  process.exitCode = 3;
}
