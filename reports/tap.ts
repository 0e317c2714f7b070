// TAP version 13 from a results document: one test point per record (subject delivery fixture), YAML for non-pass.

import type { ResultsDocument } from './results-model';
import { VERDICT_KINDS } from './results-model';
import { countVerdicts, expectedText, observedText, requirementLines } from './model';
import { oneLine } from './escape';

/** A YAML scalar: JSON strings are valid YAML and keep every character on one line. */
const y = (s: string): string => JSON.stringify(s);

export function renderTap(doc: ResultsDocument): string {
  const out = ['TAP version 13', `1..${doc.records.length}`];
  doc.records.forEach((r, i) => {
    const bad = r.verdict === 'fail' || r.verdict === 'error';
    const name = oneLine(`${r.subject} ${r.delivery} ${r.fixture}`).replace(/#/g, '\\#');
    const directive = r.verdict === 'skip' ? ` # SKIP ${oneLine(r.reason)}` : r.verdict === 'pass' ? '' : ` # ${r.verdict}`;
    out.push(`${bad ? 'not ok' : 'ok'} ${i + 1} - ${name}${directive}`);
    if (r.verdict === 'pass' || r.verdict === 'skip') return;
    out.push('  ---', `  verdict: ${r.verdict}`, `  level: ${r.level}`, `  spec: ${y(r.spec.join(', '))}`, `  title: ${y(r.title)}`,
      `  requirement: ${y(requirementLines(doc, r).map((q) => `${q.cite} (${q.level}): ${q.text}`).join(' | '))}`,
      `  expected: ${y(expectedText(r))}`, `  observed: ${y(observedText(r))}`, `  reason: ${y(r.reason)}`);
    if (r.wire.length > 0) {
      out.push('  wire:');
      for (const w of r.wire) out.push(`    - ${w.dir}: ${y(w.octets)}`);
    }
    out.push('  ...');
  });
  const c = countVerdicts(doc.records);
  out.push(`# ${VERDICT_KINDS.map((k) => `${k} ${c[k]}`).join(', ')}`, '');
  return out.join('\n');
}
