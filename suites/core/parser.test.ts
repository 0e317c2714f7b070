// Table-driven parser tests over the case files of fixtures/parser/ (harness/diff/cases.ts reads them): every case runs
// whole, byte-by-byte, at every split point and at four seeded random splits, and must emit exactly its expected log.

import test from 'tape';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runParser } from '../../harness/diff/log';
import { deliveries } from '../../harness/diff/split';
import { formatProblem, loadParserCases, parseCaseFile, type ParserCase } from '../../harness/diff/cases';

const { cases, problems } = loadParserCases();

/** Deliveries of a case whose log differs from the expected one (none when the parser and the case agree). */
export function mismatches(c: ParserCase): { name: string; got: string[] }[] {
  const bytes = Buffer.from(c.input, 'latin1');
  const out: { name: string; got: string[] }[] = [];
  for (const { name, chunks } of deliveries(bytes, { random: 4, seed: 7 })) {
    const got = runParser(c.kind, chunks, c.opts);
    if (JSON.stringify(got) !== JSON.stringify(c.log)) out.push({ name, got });
  }
  return out;
}

test('the parser case files load without problems', (t) => {
  t.deepEqual(problems.map(formatProblem), [], 'no file:line:col problems');
  t.ok(cases.length >= 314, `${cases.length} cases (314 when they moved out of TypeScript)`);
  t.end();
});

for (const c of cases) {
  test(`${c.spec} ${c.id} (${c.at})`, (t) => {
    const bad = mismatches(c);
    for (const m of bad.slice(0, 2)) t.deepEqual(m.got, c.log, m.name);
    t.equal(bad.length, 0, `same log whole, byte-by-byte, at all ${Math.max(0, c.input.length - 1)} split points and 4 seeded random splits`);
    t.end();
  });
}

test('a case whose expectation is changed fails (the suite can fail)', (t) => {
  const c = cases.find((x) => x.id === 'cl-body');
  t.ok(c !== undefined, 'cl-body is a case');
  if (c !== undefined) {
    t.equal(mismatches(c).length, 0, 'as written it passes');
    const changed: ParserCase = { ...c, log: c.log.map((l) => (l === 'body hello' ? 'body hellO' : l)) };
    t.ok(mismatches(changed).length > 0, 'with one octet of the expected body changed it fails in every delivery');
  }
  t.end();
});

// malformed case files: each problem is one `file:line:col: reason`
const BAD: [string, string, string][] = [
  ['no spec', '# t\n\n## a\n\nwhy\n\n```input\n"x"\n```\n\n```log\n```\n', 'x.md:3:1: case a: no `- spec: RFC9112 6.3` line'],
  ['bad spec', '# t\n\n## a\n\n- spec: RFC 9112 6.3\n\nwhy\n', 'x.md:5:9: spec `RFC 9112 6.3` is not an anchor like `RFC9112 6.3`'],
  ['unknown key', '# t\n\n## a\n\n- spec: RFC9112 6.3\n- level: MUST\n', 'x.md:6:3: unknown key `level` (spec, kind, options)'],
  ['bad options', '# t\n\n## a\n\n- spec: RFC9112 6.3\n- options: {"strict": true}\n', 'x.md:6:12: unknown option `strict`'],
  ['options not JSON', '# t\n\n## a\n\n- spec: RFC9112 6.3\n- options: {eof}\n', 'x.md:6:12: options are a JSON object'],
  ['no why', '# t\n\n## a\n\n- spec: RFC9112 6.3\n\n```input\n"x"\n```\n\n```log\n```\n', 'x.md:3:1: case a: no sentence on why'],
  ['bad escape', '# t\n\n## a\n\n- spec: RFC9112 6.3\n\nwhy\n\n```input\n"GET \\q"\n```\n\n```log\n```\n', 'x.md:10:'],
  ['unquoted input', '# t\n\n## a\n\n- spec: RFC9112 6.3\n\nwhy\n\n```input\nGET / HTTP/1.1\n```\n\n```log\n```\n', 'x.md:10:1: each input line is an octet string in quotes'],
  ['unclosed block', '# t\n\n## a\n\n- spec: RFC9112 6.3\n\nwhy\n\n```input\n"x"\n', 'x.md:9:1: the ```input block is not closed'],
  ['marker not in input', '# t\n\n## a\n\n- spec: RFC9112 6.3\n\nwhy\n\n```input\n"x"\n```\n\n```log\nerror HPE_X at "y"\n```\n', 'x.md:14:16: the marker "y" is not in the input'],
  ['error not last', '# t\n\n## a\n\n- spec: RFC9112 6.3\n\nwhy\n\n```input\n"x"\n```\n\n```log\nerror HPE_X @0\ncomplete\n```\n', 'x.md:14:1: the error line is the last line of the log'],
  ['trailing space', '# t\n\n## a\n\n- spec: RFC9112 6.3\n\nwhy\n\n```input\n"x"\n```\n\n```log\nfield Host: \n```\n', 'x.md:14:12: trailing whitespace in a log line'],
  ['bad id', '# t\n\n## A b\n', 'x.md:3:4: case id `A b` must be a lowercase slug'],
  ['no title', '## a\n', 'x.md:1:1: a case file starts with a `# title` line'],
];

test('a malformed case file is an error with file:line:col', (t) => {
  for (const [what, text, want] of BAD) {
    const r = parseCaseFile(text, 'x.md');
    const got = r.problems.map(formatProblem);
    t.ok(got.some((g) => g.startsWith(want)), `${what}: ${got.join(' | ') || '(no problem reported)'}`);
    t.equal(r.cases.length, 0, `${what}: no half-read case`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'h1c-cases-'));
  try {
    const one = '# t\n\n## same\n\n- spec: RFC9112 6.3\n\nwhy\n\n```input\n"x"\n```\n\n```log\n```\n';
    writeFileSync(join(dir, 'a.md'), one);
    writeFileSync(join(dir, 'b.md'), one);
    const r = loadParserCases(dir);
    t.equal(r.cases.length, 1, 'a duplicate id is loaded once');
    t.ok(r.problems.some((p) => formatProblem(p).includes('b.md:3:4: case id same is already used at')), 'and reported at its second place');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  t.end();
});
