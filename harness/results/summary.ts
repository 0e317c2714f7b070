// The run command's plain-text summary table (one row per subject), counted with reports/'s model.

import { VERDICT_KINDS, type ResultRecord, type ResultsDocument } from '../../reports/results-model';
import { countVerdicts, subjectsOf, type Counts } from '../../reports/model';

export { subjectsOf };
export const count = (records: readonly ResultRecord[]): Counts => countVerdicts(records);

/** One line per subject: `reference  pass 30  warn 0 ...`, as rows of a fixed-width table. */
export function summaryTable(doc: ResultsDocument): string[] {
  const cols: (keyof Counts)[] = [...VERDICT_KINDS, 'total'];
  const rows = subjectsOf(doc).map((s) => {
    const c = countVerdicts(doc.records.filter((r) => r.subject === s));
    return [s, ...cols.map((k) => String(c[k]))];
  });
  const total = countVerdicts(doc.records);
  rows.push(['all', ...cols.map((k) => String(total[k]))]);
  const head = ['subject', ...cols];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const fmt = (r: string[]): string => r.map((x, i) => (i === 0 ? x.padEnd(widths[i]) : x.padStart(widths[i]))).join('  ');
  return [fmt(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(fmt)];
}
