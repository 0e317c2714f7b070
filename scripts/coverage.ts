// Requirement coverage: reads fixtures/requirements.json (every requirement sentence of RFC 9112 and the message
// parsing/framing ones of RFC 9110) and the fixture corpus, decides which fixtures test which requirement, and
// writes docs/coverage.md. Gaps (requirements no fixture tests) are listed in their own section.
//
//   npm run coverage            regenerate docs/coverage.md
//   npm run coverage -- --check exit 1 if docs/coverage.md is not what the data gives
//
// Which fixture tests which requirement is decided by harness/fixture/requirements.ts (the rule is written there).

import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { allAnchors, loadCorpus, sectionTitle, type Fixture, type Role, type SpecAnchor } from '../harness/fixture';

export { BINDINGS, LEVELS, type Binding, type Level, type Requirement, type RequirementsFile } from '../harness/fixture/requirements';
import { BINDINGS, LEVELS, readRequirements as readFile, requirementMatches, type Requirement, type RequirementsFile } from '../harness/fixture/requirements';

export interface Covered {
  readonly requirement: Requirement;
  /** fixture ids in corpus order */
  readonly fixtures: readonly string[];
}

const ROOT = join(__dirname, '..');
export const REQUIREMENTS_PATH = join(ROOT, 'fixtures', 'requirements.json');
export const FIXTURES_PATH = join(ROOT, 'fixtures');
export const COVERAGE_PATH = join(ROOT, 'docs', 'coverage.md');

const ID = /^rfc(9110|9112)-[0-9a-z.]+-[a-z0-9]+(?:-[a-z0-9]+)*$/;
const ANCHOR = /^(RFC9110|RFC9112) ([0-9A-C][0-9.]*)$/;

export function readRequirements(path = REQUIREMENTS_PATH): RequirementsFile {
  return readFile(path);
}

function parseAnchor(text: string): SpecAnchor | undefined {
  const m = ANCHOR.exec(text);
  if (m === null) return undefined;
  const anchor = { rfc: m[1] as SpecAnchor['rfc'], section: m[2]! };
  return sectionTitle(anchor) === undefined ? undefined : anchor;
}

/** Problems with the data, one message per problem; empty when the file is sound. */
export function validateRequirements(file: RequirementsFile, fixtureIds: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  if (file.version !== 1) problems.push(`version: expected 1, got ${String(file.version)}`);
  for (const [i, r] of file.requirements.entries()) {
    const at = `requirements[${i}] ${r.id ?? '(no id)'}`;
    if (typeof r.id !== 'string' || !ID.test(r.id)) problems.push(`${at}: id must look like rfc9112-6.3-some-slug`);
    else if (seen.has(r.id)) problems.push(`${at}: duplicate id`);
    else seen.add(r.id);
    if (typeof r.id === 'string' && !r.id.startsWith(`${String(r.rfc).toLowerCase()}-${r.section}-`)) {
      problems.push(`${at}: id must start with ${String(r.rfc).toLowerCase()}-${r.section}-`);
    }
    if (parseAnchor(`${r.rfc} ${r.section}`) === undefined) problems.push(`${at}: unknown section ${r.rfc} ${r.section}`);
    if (!(LEVELS as readonly string[]).includes(r.level)) problems.push(`${at}: level must be one of ${LEVELS.join(', ')}`);
    if (!(BINDINGS as readonly string[]).includes(r.role)) problems.push(`${at}: role must be one of ${BINDINGS.join(', ')}`);
    if (typeof r.text !== 'string' || !/\b(MUST|SHOULD|RECOMMENDED)\b/.test(r.text)) {
      problems.push(`${at}: text must quote a sentence with MUST, SHOULD or RECOMMENDED`);
    } else {
      const keyword = r.level.startsWith('MUST') ? /\bMUST\b/ : /\b(SHOULD|RECOMMENDED)\b/;
      if (!keyword.test(r.text)) problems.push(`${at}: text does not contain the keyword of level ${r.level}`);
    }
    for (const a of r.match?.anchors ?? []) if (parseAnchor(a) === undefined) problems.push(`${at}: unknown anchor ${a}`);
    for (const id of r.fixtures ?? []) if (!fixtureIds.has(id)) problems.push(`${at}: no fixture with id ${id}`);
    if (r.testable === false && (r.fixtures?.length ?? 0) > 0) problems.push(`${at}: marked untestable but lists fixtures`);
  }
  return problems;
}

const key = (a: SpecAnchor): string => `${a.rfc} ${a.section}`;

export function computeCoverage(file: RequirementsFile, fixtures: readonly Fixture[]): Covered[] {
  return file.requirements.map((requirement) => ({
    requirement,
    fixtures: fixtures.filter((f) => requirementMatches(requirement, f)).map((f) => f.id),
  }));
}

/** Document order of sections, for sorting. */
const ORDER = new Map(allAnchors().map((a, i) => [key(a), i]));

function esc(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\*/g, '\\*').replace(/_/g, '\\_').replace(/</g, '&lt;');
}

const RFC_TITLES = { RFC9112: 'RFC 9112 (HTTP/1.1)', RFC9110: 'RFC 9110 (HTTP Semantics), message parsing and framing' } as const;

export function renderCoverage(covered: readonly Covered[], fileOf: (id: string) => string | undefined): string {
  const link = (id: string): string => {
    const file = fileOf(id);
    return file === undefined ? `\`${id}\`` : `[\`${id}\`](${relative(join(ROOT, 'docs'), file).split('\\').join('/')})`;
  };
  const sorted = [...covered].sort((a, b) => {
    const oa = ORDER.get(key(a.requirement)) ?? 0;
    const ob = ORDER.get(key(b.requirement)) ?? 0;
    return oa - ob;
  });
  const isGap = (c: Covered): boolean => c.fixtures.length === 0;
  const out: string[] = [];
  out.push('# Requirement coverage', '');
  out.push('Generated by `npm run coverage` (scripts/coverage.ts) from `fixtures/requirements.json` and the fixture corpus.',
    'Do not edit by hand: `suites/fixture/coverage.test.ts` fails when this file is not what the data gives.', '');
  out.push('`fixtures/requirements.json` lists every MUST, MUST NOT, SHOULD, SHOULD NOT and RECOMMENDED sentence of RFC 9112,',
    'and those of RFC 9110 that bear on message parsing, framing and forwarding (sections 2.2-2.4, 4.2, 5, 6, 7.2, 7.6-7.8, 8.6,',
    '9.3.6, 10.1.1, 10.1.4, 15), and the origin-server sentences the semantics suite tests (5.6.7, 6.6.1, 8.8.2.1, 9.3.2,',
    '9.3.7, 9.3.8, 13, 14.2; harness/echo/RESOURCE.md). A sentence with two keywords of different levels appears once per level. A fixture tests a',
    'requirement when it is listed for it, or when the requirement has match tags and the fixture cites its section (or an extra',
    'anchor), carries one of the tags (`a+b`: both), and has a role that can exercise the party the requirement binds (recipient,',
    'sender: any role; server: server or proxy; client: client or proxy). Requirements marked *not testable* cannot be exercised',
    'by replaying bytes over loopback TCP (TLS, IANA registration, deployment knowledge); they are counted as gaps.', '');

  out.push('## Summary', '');
  out.push('| | requirements | covered | gaps | of which not testable |', '|---|---:|---:|---:|---:|');
  const row = (label: string, cs: readonly Covered[]): string => {
    const gaps = cs.filter(isGap);
    return `| ${label} | ${cs.length} | ${cs.length - gaps.length} | ${gaps.length} | ${gaps.filter((c) => c.requirement.testable === false).length} |`;
  };
  for (const rfc of ['RFC9112', 'RFC9110'] as const) out.push(row(rfc.replace('RFC', 'RFC '), sorted.filter((c) => c.requirement.rfc === rfc)));
  for (const level of LEVELS) out.push(row(level, sorted.filter((c) => c.requirement.level === level)));
  out.push(row('**total**', sorted), '');

  out.push('## Gaps', '');
  const gaps = sorted.filter(isGap);
  if (gaps.length === 0) out.push('None.', '');
  else {
    out.push('Requirements that no fixture tests yet.', '');
    out.push('| requirement | section | level | binds | note |', '|---|---|---|---|---|');
    for (const c of gaps) {
      const r = c.requirement;
      const note = r.testable === false ? 'not testable by replay' : '';
      out.push(`| \`${r.id}\` | ${r.rfc.replace('RFC', 'RFC ')} ${r.section} | ${r.level} | ${r.role} | ${note} |`);
    }
    out.push('');
  }

  for (const rfc of ['RFC9112', 'RFC9110'] as const) {
    out.push(`## ${RFC_TITLES[rfc]}`, '');
    let section = '';
    for (const c of sorted.filter((x) => x.requirement.rfc === rfc)) {
      const r = c.requirement;
      if (r.section !== section) {
        section = r.section;
        out.push(`### ${r.section} ${sectionTitle({ rfc, section }) ?? ''}`.trimEnd(), '');
      }
      const flags = [r.level, `binds: ${r.role}`];
      if (r.testable === false) flags.push('not testable by replay');
      out.push(`#### \`${r.id}\``, '', `${flags.join(' · ')}`, '', `> ${esc(r.text)}`, '');
      if (r.note !== undefined) out.push(`Note: ${esc(r.note)}`, '');
      if (c.fixtures.length === 0) out.push('**Gap:** no fixture tests this requirement.', '');
      else out.push(`Fixtures (${c.fixtures.length}): ${c.fixtures.map(link).join(', ')}`, '');
    }
  }
  return out.join('\n').replace(/\n+$/, '\n');
}

/** Validate the data and render the document; throws with every problem when the data is unsound. */
export function buildCoverage(requirementsPath = REQUIREMENTS_PATH, fixturesPath = FIXTURES_PATH): { text: string; covered: Covered[] } {
  const { corpus, diagnostics } = loadCorpus([fixturesPath], { canonical: false });
  if (diagnostics.length > 0) throw new Error(`the fixture corpus does not load:\n${diagnostics.map((d) => `${d.file}:${d.line}:${d.col}: ${d.reason}`).join('\n')}`);
  const file = readRequirements(requirementsPath);
  const problems = validateRequirements(file, new Set(corpus.fixtures.map((f) => f.id)));
  if (problems.length > 0) throw new Error(`${requirementsPath}:\n${problems.join('\n')}`);
  const covered = computeCoverage(file, corpus.fixtures);
  return { text: renderCoverage(covered, (id) => corpus.fileOf(id)), covered };
}

function main(argv: readonly string[]): number {
  const check = argv.includes('--check');
  let built: { text: string; covered: Covered[] };
  try {
    built = buildCoverage();
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    return 1;
  }
  const gaps = built.covered.filter((c) => c.fixtures.length === 0).length;
  if (check) {
    let current = '';
    try { current = readFileSync(COVERAGE_PATH, 'utf8'); } catch { /* missing: stale */ }
    if (current !== built.text) {
      process.stderr.write('docs/coverage.md is out of date: run npm run coverage\n');
      return 1;
    }
    return 0;
  }
  writeFileSync(COVERAGE_PATH, built.text);
  process.stdout.write(`docs/coverage.md: ${built.covered.length} requirements, ${built.covered.length - gaps} covered, ${gaps} gaps\n`);
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
