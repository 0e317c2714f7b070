// The Markdown report, rendered from a results document alone: totals per subject and level, then one row per fixture.

import { VERDICT_KINDS, worst, type ResultsDocument } from '../../reports/results-model';
import { count, subjectsOf } from './summary';

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const LEVELS = ['MUST', 'SHOULD', 'MAY'] as const;
const MAX_REASON = 300;

export function renderMarkdown(doc: ResultsDocument): string {
  const out: string[] = [];
  const subjects = subjectsOf(doc);
  const run = doc.run;
  out.push('# h1compat report', '');
  out.push(`Run ${run.startedAt}${run.complete ? '' : ' (incomplete)'} · h1compat ${doc.tool.version} · git ${run.git ?? 'unknown'} · ${run.node} on ${run.platform}`, '');
  out.push('| subject | version | role | adapter |', '|---|---|---|---|');
  for (const s of run.subjects) out.push(`| ${cell(s.name)} | ${cell(s.version)} | ${s.role} | ${s.adapter}${s.startError ? ` (did not start: ${cell(s.startError)})` : ''} |`);
  out.push('', '## Totals', '', `Records are fixture × subject × delivery mode.`, '');
  out.push(`| subject | level | ${VERDICT_KINDS.join(' | ')} | total |`, `|---|---|${VERDICT_KINDS.map(() => '---:').join('|')}|---:|`);
  for (const s of subjects) {
    const mine = doc.records.filter((r) => r.subject === s);
    for (const level of [...LEVELS, 'all'] as const) {
      const rs = level === 'all' ? mine : mine.filter((r) => r.level === level);
      if (rs.length === 0) continue;
      const c = count(rs);
      const row = VERDICT_KINDS.map((k) => String(c[k]));
      out.push(`| ${level === 'all' ? `**${cell(s)}**` : cell(s)} | ${level === 'all' ? '**all**' : level} | ${row.join(' | ')} | ${c.total} |`);
    }
  }
  out.push('', '## Fixtures', '', 'Each cell is the worst verdict over the delivery modes run; modes that differ are listed.', '');
  out.push(`| fixture | level | spec | ${subjects.map(cell).join(' | ')} |`, `|---|---|---|${subjects.map(() => '---').join('|')}|`);
  const ids = [...new Set(doc.records.map((r) => r.fixture))];
  for (const id of ids) {
    const rs = doc.records.filter((r) => r.fixture === id);
    const cells = subjects.map((s) => {
      const mine = rs.filter((r) => r.subject === s);
      const w = worst(mine.map((r) => r.verdict));
      if (w === undefined) return '—';
      const odd = mine.filter((r) => r.verdict !== mine[0].verdict).length > 0;
      return odd ? `${w} (${mine.map((r) => `${r.delivery}: ${r.verdict}`).join(', ')})` : w;
    });
    out.push(`| ${cell(id)} | ${rs[0].level} | ${cell(rs[0].spec.join(', '))} | ${cells.join(' | ')} |`);
  }
  const notable = doc.records.filter((r) => r.verdict !== 'pass');
  if (notable.length > 0) {
    out.push('', '## Not passing', '', '| fixture | subject | delivery | verdict | reason |', '|---|---|---|---|---|');
    for (const r of notable) {
      const reason = r.reason.length > MAX_REASON ? `${r.reason.slice(0, MAX_REASON)}…` : r.reason;
      out.push(`| ${cell(r.fixture)} | ${cell(r.subject)} | ${r.delivery} | ${r.verdict} | ${cell(reason)} |`);
    }
  }
  out.push('', `_Rendered from results.json (results format version ${doc.version})._`, '');
  return out.join('\n');
}
