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
  const rowH = 22;
  const labelW = 150;
  const barW = 330;
  const height = subjects.length * rowH + 40;
  const rows = subjects.map((s, i) => {
    const c = countVerdicts(records.filter((r) => r.subject === s));
    const y = 10 + i * rowH;
    return `<text x="${labelW - 8}" y="${y + 12}" text-anchor="end">${h(s.length > 20 ? `${s.slice(0, 19)}…` : s)}</text>${bar(c, labelW, y, barW, 16, s)}`
      + `<text x="${labelW + barW + 8}" y="${y + 12}" class="small">${h(tally(c))}</text>`;
  });
  return `<svg class="chart" role="img" aria-label="verdicts per subject" viewBox="0 0 680 ${height}" width="680" height="${height}" xmlns="http://www.w3.org/2000/svg">${rows.join('')}${legend(height - 22)}</svg>`;
}

/** One small stacked bar (inline SVG, labelled by its <title>) for a table cell: the verdicts of some records. */
export function miniBar(c: Counts, label: string, width = 64, height = 10): string {
  if (c.total === 0) return '<span class="none">—</span>';
  return `<svg class="mini" role="img" aria-label="${h(`${label}: ${tally(c)}`)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">${bar(c, 0, 0, width, height, label)}</svg>`;
}

/** Per RFC section × subject: a table (rows: sections, columns: subjects, labelled) of small stacked bars with the
 *  count of fail and warn records, so sections where subjects disagree stand out without a tall unlabelled chart. */
export function sectionTable(sections: readonly string[], subjects: readonly string[], records: readonly ResultRecord[], sectionOf: (r: ResultRecord) => string): string {
  const bySection = new Map<string, ResultRecord[]>();
  for (const r of records) {
    const s = sectionOf(r);
    const list = bySection.get(s);
    if (list === undefined) bySection.set(s, [r]);
    else list.push(r);
  }
  const head = subjects.map((s, i) => `<th scope="col" class="subj c-${i}" title="${h(s)}"><span>${h(s)}</span></th>`).join('');
  const rows = sections.map((sec) => {
    const mine = bySection.get(sec) ?? [];
    const cells = subjects.map((s, i) => {
      const c = countVerdicts(mine.filter((r) => r.subject === s));
      const bad = c.fail + c.warn + c.error;
      return `<td class="c-${i}">${miniBar(c, `${sec} · ${s}`)}${bad > 0 ? `<span class="small">${bad}</span>` : ''}</td>`;
    }).join('');
    return `<tr><th scope="row">${h(sec)}</th>${cells}</tr>`;
  });
  return `<table class="sections"><thead><tr><th scope="col">section</th>${head}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}
