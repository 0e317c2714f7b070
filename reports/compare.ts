// Comparing two results documents record by record (fixture × subject × delivery): regressions, fixes, changes.

import type { ResultRecord, ResultsDocument } from './results-model';
import { indexRecords, recordKey, sortRecords, subjectsOf } from './model';
import { severity } from './results-model';
import { mdCell } from './escape';

export interface Change {
  readonly old: ResultRecord;
  readonly new: ResultRecord;
}

export interface Comparison {
  /** the verdict got more severe (pass/info/skip < warn < fail < error) */
  readonly regressions: Change[];
  /** the verdict got less severe */
  readonly fixes: Change[];
  /** a different verdict of the same severity (e.g. pass -> info, skip -> pass) */
  readonly changed: Change[];
  readonly added: ResultRecord[];
  readonly removed: ResultRecord[];
  readonly unchanged: number;
}

export function compareResults(oldDoc: ResultsDocument, newDoc: ResultsDocument): Comparison {
  const subjects = [...new Set([...subjectsOf(newDoc), ...subjectsOf(oldDoc)])];
  const before = indexRecords(oldDoc.records);
  const after = indexRecords(newDoc.records);
  const c: Comparison = { regressions: [], fixes: [], changed: [], added: [], removed: [], unchanged: 0 };
  let unchanged = 0;
  for (const n of sortRecords([...after.values()], subjects)) {
    const o = before.get(recordKey(n));
    if (o === undefined) { c.added.push(n); continue; }
    const d = severity(n.verdict) - severity(o.verdict);
    if (d > 0) c.regressions.push({ old: o, new: n });
    else if (d < 0) c.fixes.push({ old: o, new: n });
    else if (o.verdict !== n.verdict) c.changed.push({ old: o, new: n });
    else unchanged++;
  }
  for (const o of sortRecords([...before.values()], subjects)) if (!after.has(recordKey(o))) c.removed.push(o);
  return { ...c, unchanged };
}

/** Exit status for CI: 1 when anything regressed. */
export function compareStatus(c: Comparison): number {
  return c.regressions.length > 0 ? 1 : 0;
}

const MAX_ROWS = 200;

function changeTable(title: string, rows: Change[]): string[] {
  if (rows.length === 0) return [];
  const out = ['', `## ${title} (${rows.length})`, '', '| fixture | subject | delivery | level | before | after | now observed |', '|---|---|---|---|---|---|---|'];
  for (const ch of rows.slice(0, MAX_ROWS)) {
    const n = ch.new;
    out.push(`| ${mdCell(n.fixture)} | ${mdCell(n.subject)} | ${n.delivery} | ${n.level} | ${ch.old.verdict} | **${n.verdict}** | ${mdCell((n.observed?.summary ?? n.reason).slice(0, 160))} |`);
  }
  if (rows.length > MAX_ROWS) out.push('', `… and ${rows.length - MAX_ROWS} more.`);
  return out;
}

function recordTable(title: string, rows: ResultRecord[]): string[] {
  if (rows.length === 0) return [];
  const out = ['', `## ${title} (${rows.length})`, '', '| fixture | subject | delivery | verdict |', '|---|---|---|---|'];
  for (const r of rows.slice(0, MAX_ROWS)) out.push(`| ${mdCell(r.fixture)} | ${mdCell(r.subject)} | ${r.delivery} | ${r.verdict} |`);
  if (rows.length > MAX_ROWS) out.push('', `… and ${rows.length - MAX_ROWS} more.`);
  return out;
}

/** The comparison as Markdown: regressions first, then fixes, changes, added and removed records. */
export function renderComparison(c: Comparison, oldName: string, newName: string): string {
  const out = ['# h1compat compare', '', `${mdCell(oldName)} → ${mdCell(newName)}`, '',
    `**${c.regressions.length} regression(s)**, ${c.fixes.length} fix(es), ${c.changed.length} other change(s), ${c.added.length} added, ${c.removed.length} removed, ${c.unchanged} unchanged.`];
  out.push(...changeTable('Regressions', c.regressions), ...changeTable('Fixes', c.fixes), ...changeTable('Changed verdicts', c.changed));
  out.push(...recordTable('Added records', c.added), ...recordTable('Removed records', c.removed), '');
  return out.join('\n');
}
