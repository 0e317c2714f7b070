// Where the package lives: the folder holding h1compat's package.json, found from this file whether it runs as
// TypeScript source (harness/paths.ts) or compiled (dist/harness/paths.js). Fixtures, subjects and the echo servers
// resolve from here, never from the working directory, so every command works from any folder.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      try {
        if ((JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown }).name === 'h1compat') return dir;
      } catch {
        // not ours (or unreadable): keep walking up
      }
    }
    if (dirname(dir) === dir) throw new Error(`h1compat: cannot find the package root above ${from}`);
  }
}

/** The package root: the repository in a clone, node_modules/h1compat when installed. */
export const ROOT = findRoot(__dirname);

/** The package's version (package.json). */
export const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** A path inside the package. */
export function fromRoot(...parts: string[]): string {
  return join(ROOT, ...parts);
}
