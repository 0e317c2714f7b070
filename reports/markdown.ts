// The Markdown summary (PR comment, CI job summary): new failures first when a baseline or previous results are
// given, then totals per level and per subject × level, then what is not passing (capped).

import { LEVELS, VERDICT_KINDS, severity, worst, type ResultRecord, type ResultsDocument } from './results-model';
import { countVerdicts, expectedText, observedText, requirementLines, subjectsOf } from './model';
import { mdCell } from './escape';
import { applyBaselines, type Baseline, type Judged } from './baseline';
import { compareResults, type Change } from './compare';

export interface SummaryOptions {
  /** previous results: new failures are the regressions against them */
  readonly previous?: ResultsDocument;
  readonly previousName?: string;
  /** baselines: new failures are results worse than the baseline */
  readonly baselines?: readonly Baseline[];
  /** most rows per list (default 50) */
  readonly maxRows?: number;
}

const reasonOf = (r: ResultRecord): string => mdCell(((r.observed?.summary ? `${r.observed.summary}: ` : '') + r.reason).slice(0, 200));

function list(title: string, rows: { r: ResultRecord; was: string }[], max: number): string[] {
  if (rows.length === 0) return [];
  const out = ['', `### ${title} (${rows.length})`, '', '| fixture | subject | delivery | level | was | now | why |', '|---|---|---|---|---|---|---|'];
  for (const { r, was } of rows.slice(0, max)) out.push(`| ${mdCell(r.fixture)} | ${mdCell(r.subject)} | ${r.delivery} | ${r.level} | ${was} | **${r.verdict}** | ${reasonOf(r)} |`);
  if (rows.length > max) out.push('', `… and ${rows.length - max} more (see the full report).`);
  return out;
}

const fromJudged = (js: Judged[]): { r: ResultRecord; was: string }[] => js.map((j) => ({ r: j.record, was: `${j.expected.join(',')} (baseline)` }));
const fromChanges = (cs: Change[]): { r: ResultRecord; was: string }[] => cs.map((c) => ({ r: c.new, was: c.old.verdict }));

/** Most requirement sentences quoted per row, and most characters of each. */
const MAX_QUOTES = 3;
const MAX_QUOTE = 400;

const quote = (t: string): string => mdCell(t.length > MAX_QUOTE ? `${t.slice(0, MAX_QUOTE - 1)}…` : t);

/** One fixture × subject that is not passing: the requirement sentence(s), expected, observed, why. */
function notPassing(doc: ResultsDocument, rs: readonly ResultRecord[], w: string): string[] {
  const r = rs.find((x) => x.verdict === w)!;
  const req = requirementLines(doc, r);
  const out = ['', `### ${w} · \`${mdCell(r.fixture)}\` · ${mdCell(r.subject)}`, '',
    `${r.level} · ${mdCell(r.spec.join(', '))} · ${rs.map((x) => `${x.delivery}: ${x.verdict}`).join(', ')}`, ''];
  for (const q of req.slice(0, MAX_QUOTES)) out.push(`> **${mdCell(q.cite)}** (${q.level}${q.rfc ? '' : ', the fixture\'s requirement sentence'}): ${quote(q.text)}`, '>');
  if (req.length > MAX_QUOTES) out.push(`> … and ${req.length - MAX_QUOTES} more requirement sentence(s).`, '>');
  if (out[out.length - 1] === '>') out.pop();
  out.push('');
  if (req[0].rfc) out.push(`- **fixture:** ${quote(r.title)}`);
  out.push(`- **expected:** ${mdCell(expectedText(r))}`, `- **observed:** ${mdCell(observedText(r))}`, `- **why:** ${mdCell(r.reason.slice(0, 300))}${r.reason.length > 300 ? '…' : ''}`);
  return out;
}

export function renderSummary(doc: ResultsDocument, opts: SummaryOptions = {}): string {
  const max = opts.maxRows ?? 50;
  const run = doc.run;
  const subjects = subjectsOf(doc);
  const out = ['# h1compat summary', ''];
  out.push(`${run.complete ? '' : '**Incomplete run.** '}${doc.records.length} results (fixture × subject × delivery) · ${subjects.map(mdCell).join(', ')} · h1compat ${mdCell(doc.tool.version)} · git ${mdCell((run.git ?? 'unknown').slice(0, 12))} · ${mdCell(run.startedAt)}`);
  if (opts.baselines !== undefined && opts.baselines.length > 0) {
    const rep = applyBaselines(doc, opts.baselines);
    out.push('', `## Against the baseline (${rep.subjects.map(mdCell).join(', ')})`, '',
      `${rep.worse.length + rep.ungated.length} new failure(s), ${rep.better.length} unexpected pass(es) or improvement(s), ${rep.expected} as expected.`);
    out.push(...list('New failures', [...fromJudged(rep.worse), ...rep.ungated.map((r) => ({ r, was: '(no baseline)' }))], max));
    out.push(...list('Unexpected passes and improvements', fromJudged(rep.better), max));
  }
  if (opts.previous !== undefined) {
    const c = compareResults(opts.previous, doc);
    out.push('', `## Against ${mdCell(opts.previousName ?? 'the previous results')}`, '',
      `${c.regressions.length} new failure(s), ${c.fixes.length} fix(es), ${c.changed.length} other change(s), ${c.added.length} added, ${c.removed.length} removed.`);
    out.push(...list('New failures', fromChanges(c.regressions), max));
    out.push(...list('New records not passing', c.added.filter((r) => severity(r.verdict) > 0).map((r) => ({ r, was: '(new)' })), max));
    out.push(...list('Fixed', fromChanges(c.fixes), max));
  }
  const head = `| ${VERDICT_KINDS.join(' | ')} | total |`;
  const rule = `${VERDICT_KINDS.map(() => '---:').join('|')}|---:|`;
  const row = (rs: readonly ResultRecord[]): string => { const c = countVerdicts(rs); return `${VERDICT_KINDS.map((k) => c[k]).join(' | ')} | ${c.total} |`; };
  out.push('', '## Totals per level', '', `| level ${head}`, `|---|${rule}`);
  for (const level of LEVELS) {
    const rs = doc.records.filter((r) => r.level === level);
    if (rs.length > 0) out.push(`| ${level} | ${row(rs)}`);
  }
  out.push(`| **all** | ${row(doc.records)}`);
  out.push('', '## Totals per subject and level', '', `| subject | level ${head}`, `|---|---|${rule}`);
  for (const s of subjects) {
    const mine = doc.records.filter((r) => r.subject === s);
    for (const level of LEVELS) {
      const rs = mine.filter((r) => r.level === level);
      if (rs.length > 0) out.push(`| ${mdCell(s)} | ${level} | ${row(rs)}`);
    }
    out.push(`| **${mdCell(s)}** | all | ${row(mine)}`);
  }
  // not passing: one row per fixture × subject, worst verdict first, MUST before SHOULD before MAY
  const cells = new Map<string, ResultRecord[]>();
  for (const r of doc.records) if (severity(r.verdict) > 0) cells.set(`${r.subject}\u0000${r.fixture}`, [...(cells.get(`${r.subject}\u0000${r.fixture}`) ?? []), r]);
  const rows = [...cells.values()].map((rs) => ({ rs, w: worst(rs.map((r) => r.verdict))! }))
    .sort((a, b) => severity(b.w) - severity(a.w) || LEVELS.indexOf(a.rs[0].level) - LEVELS.indexOf(b.rs[0].level));
  if (rows.length > 0) {
    out.push('', `## Not passing (${rows.length} fixture × subject)`, '', 'Worst first, MUST before SHOULD before MAY. Each says why in the RFC\'s words, then what was expected and what was observed.');
    for (const { rs, w } of rows.slice(0, max)) out.push(...notPassing(doc, rs, w));
    if (rows.length > max) out.push('', `… and ${rows.length - max} more (see the full report).`);
  }
  out.push('', `_Rendered from a results file (format version ${doc.version}) by h1compat report._`, '');
  return out.join('\n');
}
