// JUnit XML from a results document: a <testsuite> per subject × RFC section, a <testcase> per fixture × delivery.
// fail -> <failure>, error -> <error>, skip -> <skipped>; warn and info pass, with the verdict in <system-out>.

import type { ResultRecord, ResultsDocument } from './results-model';
import { countVerdicts, compareSections, expectedText, observedText, requirementLines, sectionOf, subjectsOf } from './model';
import { escapeXml as x } from './escape';

const secs = (ms: number): string => (Math.max(0, ms) / 1000).toFixed(3);

function details(doc: ResultsDocument, r: ResultRecord): string {
  const lines = [
    `${r.title}`,
    ...requirementLines(doc, r).filter((q) => q.rfc).map((q) => `requirement: ${q.cite} (${q.level}): ${q.text}`),
    `fixture: ${r.fixture} (${r.file})`,
    `spec: ${r.spec.join(', ')}  level: ${r.level}  delivery: ${r.delivery}  seed: ${r.seed}`,
    `expected: ${expectedText(r)}`,
    `observed: ${observedText(r)}`,
    `reason: ${r.reason}`,
  ];
  for (const m of r.mismatches) lines.push(`  not "${m.outcome}": ${m.why}`);
  for (const v of r.violated) lines.push(`  violated never "${v.never}": ${v.by}`);
  if (r.wire.length > 0) lines.push('wire:');
  for (const w of r.wire) lines.push(`  ${w.dir === 'sent' ? '>>' : '<<'} "${w.octets}"`);
  return lines.join('\n');
}

function testcase(doc: ResultsDocument, r: ResultRecord, classname: string): string {
  const open = `    <testcase classname="${x(classname)}" name="${x(`${r.fixture} [${r.delivery}]`)}" file="${x(r.file)}" time="${secs(r.durationMs)}"`;
  const message = `${r.verdict}: expected ${expectedText(r)}; observed ${observedText(r)}`;
  switch (r.verdict) {
    case 'pass':
      return `${open}/>`;
    case 'fail':
      return `${open}>\n      <failure message="${x(message)}" type="${x(r.level)}">${x(details(doc, r))}</failure>\n    </testcase>`;
    case 'error':
      return `${open}>\n      <error message="${x(`harness error: ${r.reason}`)}" type="error">${x(details(doc, r))}</error>\n    </testcase>`;
    case 'skip':
      return `${open}>\n      <skipped message="${x(r.reason)}"/>\n    </testcase>`;
    default:
      return `${open}>\n      <system-out>${x(`${message}\n${details(doc, r)}`)}</system-out>\n    </testcase>`;
  }
}

export function renderJunit(doc: ResultsDocument): string {
  const suites: string[] = [];
  const total = countVerdicts(doc.records);
  let time = 0;
  for (const subject of subjectsOf(doc)) {
    const mine = doc.records.filter((r) => r.subject === subject);
    const sections = [...new Set(mine.map(sectionOf))].sort(compareSections);
    for (const section of sections) {
      const rs = mine.filter((r) => sectionOf(r) === section);
      const c = countVerdicts(rs);
      const t = rs.reduce((n, r) => n + r.durationMs, 0);
      time += t;
      const name = `${subject} ${section}`;
      suites.push(`  <testsuite name="${x(name)}" tests="${c.total}" failures="${c.fail}" errors="${c.error}" skipped="${c.skip}" time="${secs(t)}">`);
      suites.push(...rs.map((r) => testcase(doc, r, `h1compat.${subject}.${section.replace(/\s+/g, '_')}`)));
      suites.push('  </testsuite>');
    }
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="h1compat" tests="${total.total}" failures="${total.fail}" errors="${total.error}" skipped="${total.skip}" time="${secs(time)}" timestamp="${x(doc.run.startedAt)}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
