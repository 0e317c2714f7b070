// Parser cases as data: the Markdown case files of fixtures/parser/ (format: fixtures/parser/README.md), read into
// ParserCase values for the parser suite (suites/core/parser.test.ts) and the fuzzer's seeds (scripts/fuzz-campaign.ts).
// A malformed file is a list of `file:line:col: reason` problems, never a half-read case.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { octetsOf, parseBytes } from '../fixture/bytes';
import type { RunOptions } from './log';

export interface ParserCase {
  /** stable slug, never reused */
  readonly id: string;
  /** the RFC section the case pins down, e.g. `RFC9112 6.3` */
  readonly spec: string;
  readonly kind: 'request' | 'response';
  /** latin1 string; one char per octet */
  readonly input: string;
  /** the whole expected event log (harness/diff/log.ts render), the error line included */
  readonly log: readonly string[];
  /** the expected error code, when the log ends in one */
  readonly err?: string;
  readonly opts: RunOptions;
  /** why the case exists, in a sentence or more */
  readonly why: string;
  /** where it is written: `fixtures/parser/framing.md:12` */
  readonly at: string;
}

export interface CaseProblem {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  readonly reason: string;
}

export const formatProblem = (p: CaseProblem): string => `${p.file}:${p.line}:${p.col}: ${p.reason}`;

/** The case folder of this checkout (source tree, or the compiled package beside it). */
export function defaultCaseDir(): string {
  const up = ['../..', '../../..'].map((u) => join(__dirname, u, 'fixtures', 'parser'));
  return up.find((d) => existsSync(d)) ?? up[0];
}

const ID = /^[a-z0-9]+(?:[-.][a-z0-9]+)*$/;
const SPEC = /^RFC(9110|9112|9111|9113) [0-9A-C][0-9.]*$/;
const KEYS = ['spec', 'kind', 'options'] as const;
/** RunOptions a case may set (impl/core/types.ts ParserOptions, harness/diff/split.ts FeedOptions, methods) */
const OPTION_KEYS = ['lenient', 'eof', 'chunks', 'methods', 'maxHeaderSize', 'maxFieldLines', 'maxBodySize', 'maxChunkExtensionSize'] as const;

/** Read one case file. `name` is how problems name it (a path relative to the working directory). */
export function parseCaseFile(text: string, name: string): { cases: ParserCase[]; problems: CaseProblem[] } {
  const lines = text.split('\n');
  const problems: CaseProblem[] = [];
  const cases: ParserCase[] = [];
  const report = (line: number, col: number, reason: string): void => { problems.push({ file: name, line, col, reason }); };
  if (!lines[0]?.startsWith('# ')) report(1, 1, 'a case file starts with a `# title` line');
  let i = 0;
  while (i < lines.length && !lines[i].startsWith('## ')) {
    if (/^```/.test(lines[i])) report(i + 1, 1, 'a fenced block before the first `## case-id` heading');
    i++;
  }
  while (i < lines.length) {
    const start = i;
    const end = nextHeading(lines, i + 1);
    const c = parseCase(lines, start, end, name, report);
    if (c !== undefined) cases.push(c);
    i = end;
  }
  return { cases, problems };
}

function nextHeading(lines: readonly string[], from: number): number {
  let inFence = false;
  for (let i = from; i < lines.length; i++) {
    if (lines[i].startsWith('```')) inFence = !inFence;
    else if (!inFence && lines[i].startsWith('## ')) return i;
  }
  return lines.length;
}

type Report = (line: number, col: number, reason: string) => void;

function parseCase(lines: readonly string[], start: number, end: number, name: string, report: Report): ParserCase | undefined {
  const id = lines[start].slice(3).trim();
  const bad = (line: number, col: number, reason: string): undefined => { report(line + 1, col, reason); return undefined; };
  if (!ID.test(id)) return bad(start, 4, `case id \`${id}\` must be a lowercase slug (a-z, 0-9, - and .)`);
  const meta = new Map<string, { value: string; line: number }>();
  const why: string[] = [];
  let input: { lines: { text: string; line: number }[]; line: number } | undefined;
  let log: { lines: { text: string; line: number }[]; line: number } | undefined;
  for (let i = start + 1; i < end; i++) {
    const l = lines[i];
    if (l.startsWith('```')) {
      const tag = l.slice(3).trim();
      const close = lines.findIndex((x, j) => j > i && x.startsWith('```'));
      if (close < 0 || close >= end) return bad(i, 1, `the \`\`\`${tag} block is not closed`);
      const body = lines.slice(i + 1, close).map((text, k) => ({ text, line: i + 1 + k }));
      if (tag === 'input') {
        if (input !== undefined) return bad(i, 1, 'a second ```input block');
        input = { lines: body, line: i };
      } else if (tag === 'log') {
        if (log !== undefined) return bad(i, 1, 'a second ```log block');
        log = { lines: body, line: i };
      } else return bad(i, 4, `unknown block \`\`\`${tag} (input, log)`);
      i = close;
      continue;
    }
    const m = /^- ([a-z]+):\s*(.*)$/.exec(l);
    if (m !== null) {
      if (!(KEYS as readonly string[]).includes(m[1])) return bad(i, 3, `unknown key \`${m[1]}\` (${KEYS.join(', ')})`);
      if (meta.has(m[1])) return bad(i, 3, `a second \`${m[1]}\``);
      meta.set(m[1], { value: m[2].trim(), line: i });
    } else if (l.trim() !== '') why.push(l.trim());
  }
  const spec = meta.get('spec');
  if (spec === undefined) return bad(start, 1, `case ${id}: no \`- spec: RFC9112 6.3\` line`);
  if (!SPEC.test(spec.value)) return bad(spec.line, 9, `spec \`${spec.value}\` is not an anchor like \`RFC9112 6.3\``);
  const kindText = meta.get('kind');
  if (kindText !== undefined && kindText.value !== 'request' && kindText.value !== 'response') return bad(kindText.line, 9, 'kind is `request` or `response`');
  const kind = (kindText?.value ?? 'request') as 'request' | 'response';
  let opts: RunOptions = {};
  const optText = meta.get('options');
  if (optText !== undefined) {
    const o = parseOptions(optText.value);
    if (typeof o === 'string') return bad(optText.line, 12, o);
    opts = o;
  }
  if (why.length === 0) return bad(start, 1, `case ${id}: no sentence on why (a paragraph between the heading and the blocks)`);
  if (input === undefined) return bad(start, 1, `case ${id}: no \`\`\`input block`);
  if (log === undefined) return bad(start, 1, `case ${id}: no \`\`\`log block`);
  let octets = '';
  for (const { text, line } of input.lines) {
    if (!text.startsWith('"')) return bad(line, 1, 'each input line is an octet string in quotes, as in fixture files ("GET / HTTP/1.1\\r\\n")');
    const p = parseBytes(text);
    if (!p.ok) return bad(line, p.offset + 1, p.reason);
    octets += octetsOf(p.bytes);
  }
  if (input.lines.length === 0) return bad(input.line, 1, `case ${id}: an empty input block`);
  const logLines: string[] = [];
  let err: string | undefined;
  for (const [k, { text, line }] of log.lines.entries()) {
    if (text !== text.trimEnd()) return bad(line, text.trimEnd().length + 1, 'trailing whitespace in a log line: end the line with `$` to keep it (`field Host: $`)');
    if (text === '') return bad(line, 1, 'an empty log line');
    // a final `$` marks where a line that ends in whitespace (or in `$`) ends; it is not part of the line
    const entry = text.endsWith('$') ? text.slice(0, -1) : text;
    const e = /^error (HPE_[A-Z0-9_]+) (?:@(\d+)|at ("(?:[^"\\]|\\.)*")(?:\+(\d+))?)$/.exec(entry);
    if (entry.startsWith('error ')) {
      if (e === null) return bad(line, 7, 'an error line is `error HPE_CODE @offset` or `error HPE_CODE at "marker"[+n]`');
      if (k !== log.lines.length - 1) return bad(line, 1, 'the error line is the last line of the log');
      let offset: number;
      if (e[2] !== undefined) offset = Number(e[2]);
      else {
        const m = parseBytes(e[3]);
        if (!m.ok) return bad(line, text.indexOf(' at ') + 5 + m.offset, m.reason);
        const marker = octetsOf(m.bytes);
        const found = octets.indexOf(marker);
        if (found < 0) return bad(line, text.indexOf(' at ') + 5, `the marker ${e[3]} is not in the input`);
        offset = found + Number(e[4] ?? 0);
      }
      if (offset > octets.length) return bad(line, 1, `error offset ${offset} is past the input (${octets.length} octets)`);
      err = e[1];
      logLines.push(`error ${e[1]} @${offset}`);
    } else logLines.push(entry);
  }
  return { id, spec: spec.value, kind, input: octets, log: logLines, ...(err !== undefined ? { err } : {}), opts, why: why.join(' '), at: `${name}:${start + 1}` };
}

function parseOptions(text: string): RunOptions | string {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    return `options are a JSON object (${(e as Error).message})`;
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'options are a JSON object';
  for (const k of Object.keys(v)) if (!(OPTION_KEYS as readonly string[]).includes(k)) return `unknown option \`${k}\` (${OPTION_KEYS.join(', ')})`;
  return v as RunOptions;
}

/** Every case file (`*.md` except README.md) under `dir`, in name order; ids unique across files. */
export function loadParserCases(dir = defaultCaseDir()): { cases: ParserCase[]; problems: CaseProblem[] } {
  const cases: ParserCase[] = [];
  const problems: CaseProblem[] = [];
  const seen = new Map<string, string>();
  const files = readdirSync(dir).filter((f) => f.endsWith('.md') && f !== 'README.md').sort();
  for (const f of files) {
    const path = join(dir, f);
    const name = relative(process.cwd(), path) || path;
    const r = parseCaseFile(readFileSync(path, 'utf8'), name);
    problems.push(...r.problems);
    for (const c of r.cases) {
      const where = seen.get(c.id);
      if (where !== undefined) {
        const [file, line] = [c.at.slice(0, c.at.lastIndexOf(':')), Number(c.at.slice(c.at.lastIndexOf(':') + 1))];
        problems.push({ file, line, col: 4, reason: `case id ${c.id} is already used at ${where}` });
        continue;
      }
      seen.set(c.id, c.at);
      cases.push(c);
    }
  }
  return { cases, problems };
}
