// Output paths with `{subject}` in them (`baseline update --out 'b/{subject}.txt'`): the name must be a safe file
// name and the filled-in path can never leave the folder the template names before `{subject}`.

import { dirname, relative, resolve, isAbsolute, sep } from 'node:path';
import { UsageError } from '../cli-args';

/** A subject name usable as one path segment on every platform: letters, digits, `.`, `_`, `-`; not `.`/`..`. */
export const SAFE_NAME = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,99}$/;

export function isSafeName(name: string): boolean {
  return SAFE_NAME.test(name) && name !== '.' && name !== '..';
}

/** The absolute path for `template` with `{subject}` replaced by `subject`; a usage error when the name is not a
 *  safe file name or the result is outside the folder that holds the template's first `{subject}`. */
export function outputPath(template: string, subject: string): string {
  const at = template.indexOf('{subject}');
  if (at < 0) return resolve(template);
  if (!isSafeName(subject)) throw new UsageError(`h1compat: subject name \`${subject}\` is not a safe file name (letters, digits, . _ -), so it cannot fill {subject} in \`${template}\``);
  const base = resolve(dirname(template.slice(0, at) + 'x'));
  const path = resolve(template.split('{subject}').join(subject));
  const rel = relative(base, path);
  if (rel === '' || rel.startsWith('..' + sep) || rel === '..' || isAbsolute(rel)) {
    throw new UsageError(`h1compat: \`${template}\` with subject \`${subject}\` would leave ${base}`);
  }
  return path;
}
