// Summary charts as inline SVG (no script, no external resources): verdicts per subject and per RFC section.

import { VERDICT_KINDS, VERDICT_ORDER, type ResultRecord, type VerdictKind } from './results-model';
import { countVerdicts, type Counts } from './model';
import { escapeHtml as h } from './escape';

export const VERDICT_COLOURS: Record<VerdictKind, string> = {
  pass: '#2e9d4a', warn: '#e0a800', fail: '#d1303b', info: '#3a86c8', skip: '#9aa0a6', error: '#8e44ad',
};

function bar(c: Counts, x: number, y: number, width: number, height: number, label: string): string {
  if (c.total === 0) return '';
  let at = x;
  const parts: string[] = [];
  for (const v of VERDICT_ORDER) {
    if (c[v] === 0) continue;
    const w = (c[v] / c.total) * width;
    parts.push(`<rect x="${at.toFixed(2)}" y="${y}" width="${w.toFixed(2)}" height="${height}" fill="${VERDICT_COLOURS[v]}"><title>${h(`${label}: ${v} ${c[v]} of ${c.total}`)}</title></rect>`);
    at += w;
  }
  return parts.join('');
}

const tally = (c: Counts): string => VERDICT_KINDS.filter((v) => c[v] > 0).map((v) => `${v} ${c[v]}`).join(' · ');

function legend(y: number): string {
  return VERDICT_ORDER.map((v, i) => `<rect x="${10 + i * 90}" y="${y}" width="12" height="12" fill="${VERDICT_COLOURS[v]}"/><text x="${26 + i * 90}" y="${y + 11}">${v}</text>`).join('');
}

/** One stacked bar per subject, with its counts. */
export function subjectChart(subjects: readonly string[], records: readonly ResultRecord[]): string {
  const rowH = 30;
  const labelW = 150;
  const barW = 330;
  const height = subjects.length * rowH + 40;
  const rows = subjects.map((s, i) => {
    const c = countVerdicts(records.filter((r) => r.subject === s));
    const y = 10 + i * rowH;
    return `<text x="${labelW - 8}" y="${y + 15}" text-anchor="end">${h(s.length > 20 ? `${s.slice(0, 19)}…` : s)}</text>${bar(c, labelW, y, barW, 20, s)}`
      + `<text x="${labelW + barW + 8}" y="${y + 15}" class="small">${h(tally(c))}</text>`;
  });
  return `<svg class="chart" role="img" aria-label="verdicts per subject" viewBox="0 0 680 ${height}" width="680" height="${height}" xmlns="http://www.w3.org/2000/svg">${rows.join('')}${legend(height - 22)}</svg>`;
}

/** Per RFC section: one thin stacked bar per subject, so sections where subjects disagree stand out. */
export function sectionChart(sections: readonly string[], subjects: readonly string[], records: readonly ResultRecord[], sectionOf: (r: ResultRecord) => string): string {
  const barH = 9;
  const rowH = subjects.length * (barH + 2) + 8;
  const labelW = 150;
  const barW = 330;
  const height = sections.length * rowH + 40;
  const rows = sections.map((sec, i) => {
    const y = 8 + i * rowH;
    const mine = records.filter((r) => sectionOf(r) === sec);
    const bars = subjects.map((s, j) => bar(countVerdicts(mine.filter((r) => r.subject === s)), labelW, y + j * (barH + 2), barW, barH, `${sec} · ${s}`)).join('');
    const c = countVerdicts(mine);
    return `<text x="${labelW - 8}" y="${y + rowH / 2}" text-anchor="end">${h(sec)}</text>${bars}<text x="${labelW + barW + 8}" y="${y + rowH / 2}" class="small">${h(tally(c))}</text>`;
  });
  return `<svg class="chart" role="img" aria-label="verdicts per RFC section and subject (one bar per subject, in the order ${h(subjects.join(', '))})" viewBox="0 0 680 ${height}" width="680" height="${height}" xmlns="http://www.w3.org/2000/svg">${rows.join('')}${legend(height - 22)}</svg>`;
}
