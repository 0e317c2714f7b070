// Counting verdicts in a results document: per subject, per subject and level, and the worst verdict per cell.

import type { ResultRecord, ResultsDocument } from './types';
import { VERDICT_KINDS, type VerdictKind } from '../replay/verdict';

export type Counts = Record<VerdictKind, number> & { total: number };

export function emptyCounts(): Counts {
  return { pass: 0, warn: 0, fail: 0, info: 0, skip: 0, error: 0, total: 0 };
}

export function count(records: readonly ResultRecord[]): Counts {
  const c = emptyCounts();
  for (const r of records) {
    c[r.verdict]++;
    c.total++;
  }
  return c;
}

/** Severity order for "worst verdict" (error is shown as worst: it needs attention first). */
const SEVERITY: readonly VerdictKind[] = ['pass', 'skip', 'info', 'warn', 'fail', 'error'];

export function worst(verdicts: readonly VerdictKind[]): VerdictKind | undefined {
  let w: VerdictKind | undefined;
  for (const v of verdicts) if (w === undefined || SEVERITY.indexOf(v) > SEVERITY.indexOf(w)) w = v;
  return w;
}

export function subjectsOf(doc: ResultsDocument): string[] {
  const names = doc.run.subjects.map((s) => s.name);
  for (const r of doc.records) if (!names.includes(r.subject)) names.push(r.subject);
  return names;
}

/** One line per subject: `reference  pass 30  warn 0 ...`, as rows of a fixed-width table. */
export function summaryTable(doc: ResultsDocument): string[] {
  const cols: (keyof Counts)[] = [...VERDICT_KINDS, 'total'];
  const rows = subjectsOf(doc).map((s) => {
    const c = count(doc.records.filter((r) => r.subject === s));
    return [s, ...cols.map((k) => String(c[k]))];
  });
  const total = count(doc.records);
  rows.push(['all', ...cols.map((k) => String(total[k]))]);
  const head = ['subject', ...cols];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const fmt = (r: string[]): string => r.map((x, i) => (i === 0 ? x.padEnd(widths[i]) : x.padStart(widths[i]))).join('  ');
  return [fmt(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(fmt)];
}
