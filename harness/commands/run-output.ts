// What `run` and `start` print for people at the end: counts per subject and level, the top failures (fixture id,
// title, one-line reason), where the reports are, and why the exit status is what it is; plus the --fail-on gate and
// the colour decision (NO_COLOR, FORCE_COLOR, a terminal).

import { relative } from 'node:path';
import { countVerdicts } from '../../reports/model';
import { LEVELS, VERDICT_KINDS, verdictRank, worse, type ResultRecord, type ResultsDocument, type VerdictKind } from '../../reports';

/** `--fail-on`: the lowest requirement level whose failures make the exit status 1. */
export const FAIL_ON = ['must', 'should', 'may'] as const;
export type FailOn = (typeof FAIL_ON)[number];

/** The records that make `run` exit 1 at this gate. A MUST violated is `fail`, a SHOULD not met `warn`
 *  (harness/fixture/verdict.ts); a MAY fixture whose recorded behaviour matched none of its outcomes is `info`
 *  with nothing matched. `error` is never a subject's failure: it is exit 3. */
export function gatedFailures(doc: ResultsDocument, failOn: FailOn): ResultRecord[] {
  return doc.records.filter((r) => r.verdict === 'fail'
    || (failOn !== 'must' && r.verdict === 'warn')
    || (failOn === 'may' && r.verdict === 'info' && r.level === 'MAY' && r.matched.length === 0));
}

interface Stream { readonly isTTY?: boolean }

/** Colour on a terminal; FORCE_COLOR (not 0) forces it and wins over NO_COLOR (as in Node), NO_COLOR turns it off. */
export function useColour(stream: Stream, env: NodeJS.ProcessEnv = process.env): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return stream.isTTY === true;
}

const COLOURS: Record<VerdictKind, string> = { pass: '32', warn: '33', fail: '31', info: '36', skip: '90', error: '35' };

/** Paths as people type them: relative to the working directory when inside it. */
export function shown(path: string): string {
  const r = relative(process.cwd(), path);
  return r !== '' && !r.startsWith('..') ? r : path;
}

export interface SummaryOptions {
  readonly colour: boolean;
  readonly failOn: FailOn;
  /** fixtures selected */
  readonly planned: number;
  /** fuzz candidates left out of the selection */
  readonly candidates: number;
  /** broken fixture files */
  readonly problems: number;
  /** files written, results.json first */
  readonly files: readonly string[];
  /** where the previous run was moved, if there was one */
  readonly previous?: string;
  /** most failures listed (default 10) */
  readonly top?: number;
  /** false for `start`: failures are its output, only harness errors change the exit status */
  readonly gate?: boolean;
}

/** The summary lists records at least as bad as `warn` (results-model.ts's order decides which is worse). */
const LISTED = (v: VerdictKind): boolean => !worse('warn', v);

/** The lines of the end-of-run summary. */
export function runSummary(doc: ResultsDocument, o: SummaryOptions): string[] {
  const paint = (v: VerdictKind, text: string): string => (o.colour ? `\x1b[${COLOURS[v]}m${text}\x1b[0m` : text);
  const subjects = doc.run.subjects.map((s) => s.name);
  const ran = new Set(doc.records.map((r) => r.fixture)).size;
  const out = [`h1compat ${doc.tool.version}: ${doc.records.length} results — ${ran} fixture(s) × ${subjects.length} subject(s) × delivery modes${doc.run.complete ? '' : ' (interrupted)'}`
    + (o.planned > ran ? `; ${o.planned - ran} selected fixture(s) of other roles not run` : ''), ''];
  // counts per subject and level (levels with no record left out)
  const head = ['subject', 'level', ...VERDICT_KINDS, 'total'];
  const rows: string[][] = [];
  for (const s of subjects) {
    const mine = doc.records.filter((r) => r.subject === s);
    let first = true;
    for (const level of LEVELS) {
      const rs = mine.filter((r) => r.level === level);
      if (rs.length === 0) continue;
      const c = countVerdicts(rs);
      rows.push([first ? s : '', level, ...VERDICT_KINDS.map((k) => String(c[k])), String(c.total)]);
      first = false;
    }
    if (first) rows.push([s, '-', ...VERDICT_KINDS.map(() => '0'), '0']);
  }
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const fmt = (r: string[], header = false): string => r.map((x, i) => {
    const cell = i < 2 ? x.padEnd(w[i]) : x.padStart(w[i]);
    const k = VERDICT_KINDS[i - 2];
    return !header && k !== undefined && k !== 'pass' && x !== '0' ? paint(k, cell) : cell;
  }).join('  ').trimEnd();
  out.push(fmt(head, true), ...rows.map((r) => fmt(r)));
  for (const s of doc.run.subjects) {
    if (s.startError !== undefined) out.push('', `${paint('error', 'error')} ${s.startError.split('\n')[0]} — the subject did not start; its records are errors`);
  }
  // the top failures, one per subject × fixture (its deliveries listed), worst first
  const bad = new Map<string, { r: ResultRecord; deliveries: string[] }>();
  for (const r of doc.records) {
    if (!LISTED(r.verdict)) continue;
    const key = `${r.subject}\0${r.fixture}`;
    const b = bad.get(key);
    if (b === undefined) bad.set(key, { r, deliveries: [r.delivery] });
    else {
      b.deliveries.push(r.delivery);
      if (worse(r.verdict, b.r.verdict)) b.r = r;
    }
  }
  const worst = [...bad.values()].sort((a, b) => verdictRank(b.r.verdict) - verdictRank(a.r.verdict));
  const top = o.top ?? 10;
  if (worst.length > 0) {
    out.push('', `top problems, worst first (${Math.min(top, worst.length)} of ${worst.length} subject × fixture with error, fail or warn; all in the report):`);
    for (const { r, deliveries } of worst.slice(0, top)) {
      const reason = r.reason.replace(/\s+/g, ' ').slice(0, 160);
      out.push(`  ${paint(r.verdict, r.verdict.padEnd(5))} ${r.subject}  ${r.fixture}  [${r.level}; ${r.spec.join(', ')}; ${deliveries.join(', ')}]`,
        `        ${r.title.replace(/\s+/g, ' ').slice(0, 200)}`, `        why: ${reason}`);
    }
  }
  if (o.candidates > 0) out.push('', `${o.candidates} unreviewed fuzz candidate(s) left out (--include-candidates runs them)`);
  if (o.problems > 0) out.push('', `${o.problems} fixture file problem(s) (printed above): exit status 3`);
  out.push('', `results: ${shown(o.files[0])}`, ...o.files.slice(1).map((f) => `report:  ${shown(f)}`));
  if (o.previous !== undefined) out.push(`the previous run was kept in ${shown(o.previous)}/ (report.md lists what changed)`);
  const gated = gatedFailures(doc, o.failOn).length;
  const errors = doc.records.filter((r) => r.verdict === 'error').length;
  out.push('', errors > 0 || o.problems > 0 ? `${errors} harness/setup error(s): exit status 3`
    : o.gate === false ? 'no harness error: exit status 0'
      : gated > 0 ? `${gated} failure(s) at --fail-on ${o.failOn}: exit status 1` : `nothing failed at --fail-on ${o.failOn}: exit status 0`);
  return out;
}
