// `h1compat fixture new|export|import` (lint stays in cli.ts): the flags of all three and the dispatch.

import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { UsageError, type Flags } from '../cli-args';
import { formatDiagnostic, loadFixtureFile } from '../fixture';
import { exportNock, ExportError } from '../nock/export';
import { ImportError, parseRecordings, recordToFixture } from '../nock/import';
import { NEW_FLAGS, ROOT, newCommand } from './fixture-new';
import { SLUG, checkId, outFile, writeFixture } from './write';

export const FIXTURE_USAGE = 'h1compat fixture lint [paths...] | new [options] | export --nock FIXTURE | import --nock FILE';
export const FIXTURE_SUMMARY = 'lint: lint fixture files or folders (default fixtures/). new: a fixture from raw bytes and flags (docs/bug-reports.md). '
  + 'export --nock: a fixture\'s exchange as nock definitions (JSON for nock.define). import --nock: nock.recorder objects as client fixtures.';

export const FIXTURE_FLAGS: Flags = {
  ...NEW_FLAGS,
  nock: { type: 'string', arg: 'PATH', help: 'export: the fixture file; import: the nock.recorder output (JSON array, output_objects: true)' },
  scope: { type: 'string', arg: 'URL', help: 'export: the nock scope (default http://<Host of the request>, else http://localhost)' },
  prefix: { type: 'string', arg: 'SLUG', help: 'import: id prefix (default nock-<file name>); ids are <prefix>-1, -2, ...' },
};

type Values = Record<string, string | number | boolean | undefined>;

function exportCommand(v: Values, rest: readonly string[]): number {
  const file = (v.nock as string | undefined) ?? rest[0];
  if (file === undefined) throw new UsageError('fixture export: give the fixture: h1compat fixture export --nock FIXTURE.h1');
  const loaded = loadFixtureFile(file);
  if (!loaded.ok) {
    for (const d of loaded.diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`);
    return 1;
  }
  let defs;
  try {
    defs = exportNock(loaded.fixture, v.scope as string | undefined);
  } catch (e) {
    if (e instanceof ExportError) throw new UsageError(`fixture export: ${e.message}`);
    throw e;
  }
  const text = JSON.stringify(defs, null, 2) + '\n';
  if (typeof v.out === 'string') writeFileSync(v.out, text);
  else process.stdout.write(text);
  return 0;
}

function importCommand(v: Values, rest: readonly string[]): number {
  const file = (v.nock as string | undefined) ?? rest[0];
  if (file === undefined) throw new UsageError('fixture import: give the recording: h1compat fixture import --nock FILE.json');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`fixture import: ${(e as Error).message}`);
  }
  const prefix = (v.prefix as string | undefined) ?? `nock-${basename(file).replace(/\.[^.]*$/, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'recording'}`;
  if (!SLUG.test(prefix)) throw new UsageError(`--prefix: \`${prefix}\` is not a slug`);
  const out = (v.out as string | undefined) ?? join(ROOT, 'fixtures', 'client', 'nock');
  let failed = false;
  try {
    const records = parseRecordings(text, file);
    records.forEach((r, i) => {
      const f = recordToFixture(r, checkId(`${prefix}-${i + 1}`), basename(file));
      const w = writeFixture(f, outFile(out, f.id), v.force === true);
      process.stdout.write(`${w.file}\n`);
      for (const p of w.problems) process.stdout.write(`${p}\n`);
      failed ||= w.problems.length > 0;
    });
  } catch (e) {
    if (e instanceof ImportError) throw new UsageError(`fixture import: ${e.message}`);
    throw e;
  }
  return failed ? 1 : 0;
}

/** Dispatch `fixture new|export|import`. */
export function fixtureTool(sub: string, v: Values, rest: readonly string[]): Promise<number> {
  switch (sub) {
    case 'new': return newCommand(v);
    case 'export': return Promise.resolve(exportCommand(v, rest));
    case 'import': return Promise.resolve(importCommand(v, rest));
    default: throw new UsageError(`h1compat fixture: unknown subcommand \`${sub}\` (available: lint, new, show, export, import)`);
  }
}

/** The CLI table entry (harness/cli.ts): `lint` stays there, the other subcommands run here. */
export const FIXTURE_COMMAND = { usage: FIXTURE_USAGE, summary: FIXTURE_SUMMARY, flags: FIXTURE_FLAGS, run: fixtureTool };
