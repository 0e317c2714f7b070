// Shared by the fixture tools (new, record, minimize, nock import): spec/tag/id checks, and writing a fixture in
// canonical form followed by the linter's verdict on the file written.

import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { UsageError } from '../cli-args';
import { formatDiagnostic, lintPaths, parseFixture, printFixture, sectionTitle, FIXTURE_SUFFIX, type Fixture, type SpecAnchor } from '../fixture';
import { SLUG } from '../fixture/loader';

export { SLUG };

/** `RFC9112 6.1, RFC 9110 5.5` -> anchors; each must be a section of the RFC (spec-sections.json). */
export function parseSpec(text: string, flag = '--spec'): SpecAnchor[] {
  const out: SpecAnchor[] = [];
  for (const part of text.split(',').map((x) => x.trim()).filter((x) => x !== '')) {
    const m = /^RFC ?(9110|9112) +([0-9A-Z][0-9.]*)$/i.exec(part);
    const a = m ? { rfc: `RFC${m[1]}` as SpecAnchor['rfc'], section: m[2].toUpperCase() } : undefined;
    if (a === undefined || sectionTitle(a) === undefined) throw new UsageError(`${flag}: \`${part}\` is not a section of RFC 9110 or RFC 9112 (write e.g. \`RFC9112 6.1\`)`);
    out.push(a);
  }
  if (out.length === 0) throw new UsageError(`${flag}: at least one anchor, e.g. \`RFC9112 6.1\``);
  return out;
}

export function parseTags(text: string): string[] {
  const tags = text.split(',').map((x) => x.trim()).filter((x) => x !== '');
  const bad = tags.find((t) => !SLUG.test(t));
  if (bad !== undefined) throw new UsageError(`--tag: \`${bad}\` is not a slug (lowercase letters, digits, single dashes)`);
  if (tags.length === 0) throw new UsageError('--tag: at least one tag');
  return tags;
}

export function checkId(id: string): string {
  if (!SLUG.test(id) || id.length > 80) throw new UsageError(`--id: \`${id}\` is not a slug of at most 80 characters (lowercase letters, digits, single dashes)`);
  return id;
}

/** A title says must/should/may and starts with a capital letter (fixtures/README.md). */
export function checkTitle(title: string): string {
  if (!/^[A-Z]/.test(title) || !/\b(must|should|may)\b/i.test(title)) throw new UsageError('--title: one sentence starting with a capital letter that says must, should or may');
  return title;
}

/** Where `--out` puts a fixture of this id: a `.h1` path as given (it must be named after the id), else a folder. */
export function outFile(out: string, id: string): string {
  if (out.endsWith(FIXTURE_SUFFIX)) {
    if (!out.endsWith(`/${id}${FIXTURE_SUFFIX}`) && out !== `${id}${FIXTURE_SUFFIX}`) throw new UsageError(`--out: the file must be named \`${id}${FIXTURE_SUFFIX}\` after the fixture's id`);
    return out;
  }
  if (existsSync(out) && !statSync(out).isDirectory()) throw new UsageError(`--out: \`${out}\` is a file; give a folder or <id>.h1`);
  return join(out, `${id}${FIXTURE_SUFFIX}`);
}

export interface Written {
  readonly file: string;
  /** lint diagnostics of the written file, formatted (empty: clean) */
  readonly problems: string[];
}

/** Print `f` canonically, check it loads back, write it (never over an existing file unless `force`), lint it. */
export function writeFixture(f: Fixture, file: string, force = false): Written {
  if (existsSync(file) && !force) throw new UsageError(`${file} exists (pass --force to overwrite)`);
  const text = printFixture(f);
  const back = parseFixture(text, file);
  if (!back.ok) return { file, problems: back.diagnostics.map(formatDiagnostic) };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  return { file, problems: lintPaths([file]).map(formatDiagnostic) };
}
