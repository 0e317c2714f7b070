// Baselines (like web-platform-tests expectations): per subject, the non-pass verdicts a run is expected to give.
// Text format, one expectation per line: `fixture-id [delivery] verdict[,verdict]  # comment` (docs/reports.md).

import { DELIVERY_MODES, VERDICT_KINDS, isVerdict, severity, verdictClass, type DeliveryMode, type ResultRecord, type ResultsDocument, type VerdictKind } from './results-model';
import { sortRecords, subjectsOf } from './model';

// Baselines match verdicts by gating class (results-model.ts: GATE_ORDER): pass, info and skip are one class.

export interface BaselineEntry {
  readonly fixture: string;
  /** undefined: every delivery of the fixture */
  readonly delivery?: DeliveryMode;
  readonly verdicts: readonly VerdictKind[];
  readonly line: number;
  readonly comment?: string;
}

export interface Baseline {
  readonly subject: string;
  readonly entries: readonly BaselineEntry[];
}

export class BaselineError extends Error {}

export function parseBaseline(text: string, name = 'baseline'): Baseline {
  let subject: string | undefined;
  const entries: BaselineEntry[] = [];
  const seen = new Set<string>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const at = `${name}:${i + 1}`;
    const hash = raw.search(/(^|\s)#/);
    const comment = hash >= 0 ? raw.slice(raw.indexOf('#', hash) + 1).trim() : undefined;
    const line = (hash >= 0 ? raw.slice(0, hash) : raw).trim();
    if (line === '') return;
    const m = /^subject:\s*(\S+)$/.exec(line);
    if (m !== null) {
      if (subject !== undefined) throw new BaselineError(`${at}: a second subject line (one baseline file per subject)`);
      subject = m[1];
      return;
    }
    if (subject === undefined) throw new BaselineError(`${at}: expected \`subject: NAME\` before the first expectation`);
    const words = line.split(/\s+/);
    if (words.length < 2 || words.length > 3) throw new BaselineError(`${at}: expected \`fixture-id [delivery] verdict[,verdict]\``);
    const [fixture] = words;
    let delivery: DeliveryMode | undefined;
    if (words.length === 3) {
      if (!DELIVERY_MODES.includes(words[1] as DeliveryMode)) throw new BaselineError(`${at}: unknown delivery mode \`${words[1]}\` (modes: ${DELIVERY_MODES.join(', ')})`);
      delivery = words[1] as DeliveryMode;
    }
    const verdicts = words[words.length - 1].split(',').filter((v) => v !== '');
    for (const v of verdicts) if (!isVerdict(v)) throw new BaselineError(`${at}: unknown verdict \`${v}\` (${VERDICT_KINDS.join(', ')})`);
    const key = `${fixture} ${delivery ?? '*'}`;
    if (seen.has(key)) throw new BaselineError(`${at}: a second expectation for ${fixture}${delivery ? ` ${delivery}` : ''}`);
    seen.add(key);
    entries.push({ fixture, ...(delivery ? { delivery } : {}), verdicts: verdicts as VerdictKind[], line: i + 1, ...(comment ? { comment } : {}) });
  });
  if (subject === undefined) throw new BaselineError(`${name}: no \`subject: NAME\` line`);
  return { subject, entries };
}

/** The expected verdicts of one record: its delivery's entry, else its fixture's entry, else pass. */
export function expectedFor(b: Baseline, r: { readonly fixture: string; readonly delivery: DeliveryMode }): readonly VerdictKind[] {
  const exact = b.entries.find((e) => e.fixture === r.fixture && e.delivery === r.delivery);
  return (exact ?? b.entries.find((e) => e.fixture === r.fixture && e.delivery === undefined))?.verdicts ?? ['pass'];
}

export type Outcome = 'expected' | 'worse' | 'better';

/** expected: the verdict's class is listed; worse: more severe than everything listed (gates); better: less severe. */
export function judge(actual: VerdictKind, expected: readonly VerdictKind[]): Outcome {
  const classes = expected.map(verdictClass);
  if (classes.includes(verdictClass(actual))) return 'expected';
  return severity(actual) > Math.max(...expected.map(severity)) ? 'worse' : 'better';
}

export interface Judged {
  readonly record: ResultRecord;
  readonly expected: readonly VerdictKind[];
}

export interface BaselineReport {
  readonly subjects: string[];
  readonly expected: number;
  /** unexpected and worse than the baseline: these make the exit status 1 */
  readonly worse: Judged[];
  /** unexpected passes and other improvements: reported, never gating */
  readonly better: Judged[];
  /** entries that matched no record of the results (fixture renamed, removed, or not selected) */
  readonly unused: { readonly subject: string; readonly entry: BaselineEntry }[];
  /** records of subjects without a baseline that fail or error (run's ordinary rule) */
  readonly ungated: ResultRecord[];
}

export function applyBaselines(doc: ResultsDocument, baselines: readonly Baseline[]): BaselineReport {
  const by = new Map(baselines.map((b) => [b.subject, b]));
  const rep: BaselineReport = { subjects: [...by.keys()], expected: 0, worse: [], better: [], unused: [], ungated: [] };
  let expected = 0;
  for (const r of doc.records) {
    const b = by.get(r.subject);
    if (b === undefined) {
      if (r.verdict === 'fail' || r.verdict === 'error') rep.ungated.push(r);
      continue;
    }
    const exp = expectedFor(b, r);
    const o = judge(r.verdict, exp);
    if (o === 'expected') expected++;
    else (o === 'worse' ? rep.worse : rep.better).push({ record: r, expected: exp });
  }
  for (const b of baselines) {
    for (const e of b.entries) {
      const hit = doc.records.some((r) => r.subject === b.subject && r.fixture === e.fixture && (e.delivery === undefined || r.delivery === e.delivery));
      if (!hit) rep.unused.push({ subject: b.subject, entry: e });
    }
  }
  return { ...rep, expected };
}

/** Exit status for CI: 1 when anything is worse than its baseline or a subject without one fails. */
export function gateStatus(rep: BaselineReport): number {
  return rep.worse.length > 0 || rep.ungated.length > 0 ? 1 : 0;
}

/** Write the baseline of one subject from a results document: every warn/fail, per fixture when all of its
 *  deliveries agree, else per delivery. Errors are never baselined (they are the harness's, not the subject's). */
export function baselineFrom(doc: ResultsDocument, subject: string): { text: string; entries: number; errors: ResultRecord[] } {
  const mine = sortRecords(doc.records.filter((r) => r.subject === subject), subjectsOf(doc));
  const byFixture = new Map<string, ResultRecord[]>();
  for (const r of mine) byFixture.set(r.fixture, [...(byFixture.get(r.fixture) ?? []), r]);
  const lines = [
    `# h1compat baseline: the non-pass verdicts expected of subject ${subject} (format: docs/reports.md).`,
    `# Written by \`h1compat baseline update\` from results of ${doc.run.startedAt} (git ${doc.run.git ?? 'unknown'}).`,
    '# One line per expectation: fixture-id [delivery] verdict[,verdict]  # what was observed',
    `subject: ${subject}`,
  ];
  let entries = 0;
  const errors: ResultRecord[] = [];
  const note = (r: ResultRecord): string => `  # ${(r.observed?.summary ?? r.reason).replace(/[\r\n#]/g, ' ').slice(0, 120)}`;
  for (const [fixture, rs] of byFixture) {
    errors.push(...rs.filter((r) => r.verdict === 'error'));
    const bad = rs.filter((r) => severity(r.verdict) > 0 && r.verdict !== 'error');
    if (bad.length === 0) continue;
    if (bad.length === rs.length && rs.every((r) => r.verdict === rs[0].verdict)) {
      lines.push(`${fixture} ${rs[0].verdict}${note(rs[0])}`);
      entries++;
      continue;
    }
    for (const r of bad) {
      lines.push(`${fixture} ${r.delivery} ${r.verdict}${note(r)}`);
      entries++;
    }
  }
  return { text: lines.join('\n') + '\n', entries, errors };
}
