// Results files are validated against reports/results.schema.json on load: a malformed or type-confused file is one
// line naming the file and the JSON path, from parseResults and from every command that reads results (report,
// compare, merge, baseline update|check: exit 2, no stack trace).

import test from 'tape';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseResults, resultsText, ResultsFileError } from '../../reports';
import type { ResultsDocument } from '../../reports/results-model';
import { realSample } from './docs';

const ROOT = join(__dirname, '../..');
const BIN = join(ROOT, 'bin/h1compat.js');

type Mutable = { [k: string]: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A valid document with one change made to a deep copy. */
function broken(change: (d: Mutable) => void): string {
  const d = JSON.parse(JSON.stringify(realSample())) as Mutable;
  change(d);
  return JSON.stringify(d);
}

const firstWithResponse = (d: Mutable): Mutable => (d.records as Mutable[]).find((r) => r.observed?.responses?.length > 0)!;

// [what, change, the one-line reason after "not an h1compat results file: "]
const CASES: [string, (d: Mutable) => void, string][] = [
  ['a null in spec', (d) => { d.records[0].spec = [null]; }, 'records[0].spec[0] must be string, got null'],
  ['expected.outcomes null', (d) => { d.records[0].expected.outcomes = null; }, 'records[0].expected.outcomes must be array, got null'],
  ['an outcome name that is a number', (d) => { d.records[0].expected.outcomes = [{ name: 7, level: 'MUST' }]; }, 'records[0].expected.outcomes[0].name must be string, got 7'],
  ['an unknown verdict', (d) => { d.records[1].verdict = 'great'; }, 'records[1].verdict must be equal to one of the allowed values (pass, warn, fail, info, skip, error), got "great"'],
  ['a record without title', (d) => { delete d.records[2].title; }, 'records[2]: missing title'],
  ['octets whose base64 is a number', (d) => { firstWithResponse(d).observed.responses[0].reason = { base64: 5 }; }, '.reason.base64 must be string, got 5'],
  ['a header line of one element', (d) => { firstWithResponse(d).observed.responses[0].fields = [['Host']]; }, '.fields[0] must NOT have fewer than 2 items, got ["Host"]'],
  ['a string where the wire log goes', (d) => { d.records[0].wire = 'GET /'; }, 'records[0].wire must be array, got "GET /"'],
  ['a malformed date', (d) => { d.run.startedAt = 'yesterday'; }, 'run.startedAt must match format "date-time", got "yesterday"'],
  ['records an object', (d) => { d.records = {}; }, 'records must be array, got {}'],
  ['no run', (d) => { delete d.run; }, 'missing run'],
  ['another version', (d) => { d.version = 2; }, 'results format version 2, expected 1'],
  ['another tool', (d) => { d.tool.name = 'h2spec'; }, 'tool.name must be equal to constant, got "h2spec"'],
  ['an unknown verdict in a split tally', (d) => { d.records[0].splits = { replays: 1, steps: [], verdicts: { great: 1 }, shown: { step: 0, at: 0 }, deviations: [] }; }, 'records[0].splits.verdicts'],
];

test('parseResults: each malformation is one line naming the file and the JSON path', (t) => {
  t.doesNotThrow(() => parseResults(resultsText(realSample()), 'sample.json'), 'the real sample is valid');
  for (const [what, change, reason] of CASES) {
    try {
      parseResults(broken(change), 'x.json');
      t.fail(`${what}: accepted`);
    } catch (e) {
      t.ok(e instanceof ResultsFileError, `${what}: a ResultsFileError`);
      const m = (e as Error).message;
      t.ok(m.startsWith('x.json: not an h1compat results file: '), `${what}: names the file: ${m}`);
      t.ok(m.includes(reason), `${what}: says "${reason}"`);
      t.notOk(m.includes('\n'), `${what}: one line`);
    }
  }
  t.throws(() => parseResults('{"version": 1,', 'x.json'), (e: unknown) => e instanceof ResultsFileError && /^x\.json: not JSON \(/.test(e.message), 'not JSON');
  t.end();
});

test('report, compare, merge, baseline update|check on a type-confused file: exit 2, one line with the path', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'h1c-load-'));
  try {
    const good = join(dir, 'good.json');
    const bad = join(dir, 'bad.json');
    writeFileSync(good, resultsText(realSample() as ResultsDocument));
    writeFileSync(bad, broken((d) => { d.records[3].spec = [null]; d.records[3].expected.outcomes = null; }));
    const runs: [string, string[]][] = [
      ['report', ['report', '--results', bad, '--format', 'md']],
      ['report --previous', ['report', '--results', good, '--previous', bad, '--format', 'md']],
      ['compare', ['compare', good, bad]],
      ['merge', ['merge', good, bad, '--out', join(dir, 'merged.json')]],
      ['baseline update', ['baseline', 'update', '--results', bad, '--out', join(dir, '{subject}.txt')]],
      ['baseline check', ['baseline', 'check', '--results', bad, '--baseline', join(dir, 'none.txt')]],
    ];
    for (const [what, args] of runs) {
      const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60000 });
      t.equal(r.status, 2, `${what}: exit 2`);
      const lines = r.stderr.trim().split('\n');
      t.equal(lines.length, 1, `${what}: one line on stderr: ${r.stderr.trim()}`);
      t.ok(lines[0].includes(`${bad}: not an h1compat results file: records[3].spec[0] must be string, got null`), `${what}: names the file and records[3].spec[0]`);
      t.notOk(/\n\s+at /.test(r.stderr), `${what}: no stack trace`);
    }
    t.equal(readFileSync(good, 'utf8').length > 0, true, 'the good file is untouched');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  t.end();
});
