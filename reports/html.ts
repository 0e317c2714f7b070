// The single-file HTML report: summary charts (inline SVG), a subjects × fixtures matrix grouped by RFC section with
// filters, and a detail panel per cell (client script in html-client.ts). Offline: no external resource of any kind.
// Safety: every string from a results file is HTML-escaped here, travels to the script only as script-safe JSON, and
// is put into the page by the script only through textContent; a CSP allows no script but the report's own.

import { createHash } from 'node:crypto';
import { DELIVERY_MODES, LEVELS, ROLES, VERDICT_KINDS, worst, type ResultRecord, type ResultsDocument } from './results-model';
import { countVerdicts, fixturesBySection, requirementLines, sectionOf, subjectsOf } from './model';
import { escapeHtml as h, jsonForScript } from './escape';
import { sectionTable, subjectChart, VERDICT_COLOURS } from './svg';
import { CLIENT_SCRIPT, STYLE } from './html-client';

/** What the client script needs: fixtures and subjects once, records by index (fixture fields not repeated). */
function payload(doc: ResultsDocument, fixtureIds: string[], subjects: string[]): unknown {
  const fixtures = new Map<string, ResultRecord>();
  for (const r of doc.records) if (!fixtures.has(r.fixture)) fixtures.set(r.fixture, r);
  const fi = new Map(fixtureIds.map((id, i) => [id, i]));
  return {
    subjects: subjects.map((name) => doc.run.subjects.find((s) => s.name === name) ?? { name }),
    fixtures: fixtureIds.map((id) => {
      const r = fixtures.get(id)!;
      // why, in the RFC's words (or the fixture's title when the results quote no requirement sentence)
      const req = requirementLines(doc, r);
      return { id, title: r.title, file: r.file, level: r.level, role: r.role, spec: r.spec, tags: r.tags, expected: r.expected, req };
    }),
    records: doc.records.map((r) => {
      const { fixture, title: _t, file: _f, level: _l, role: _r, spec: _s, tags: _g, expected: _e, requirements: _q, subject, ...rest } = r;
      return { f: fi.get(fixture), s: subjects.indexOf(subject), ...rest };
    }),
  };
}

function runLine(doc: ResultsDocument): string {
  const run = doc.run;
  const bits = [`started ${run.startedAt}`, run.finishedAt ? `finished ${run.finishedAt}` : '', `h1compat ${doc.tool.version}`, `git ${(run.git ?? 'unknown').slice(0, 12)}`, `${run.node} on ${run.platform}`];
  return bits.filter((b) => b !== '').map(h).join(' · ') + (run.complete ? '' : ' · <strong class="bad">incomplete run</strong>');
}

function subjectsTable(doc: ResultsDocument, subjects: string[]): string {
  const rows = subjects.map((name) => {
    const s = doc.run.subjects.find((x) => x.name === name);
    const c = countVerdicts(doc.records.filter((r) => r.subject === name));
    const counts = VERDICT_KINDS.map((v) => `<td class="num">${c[v]}</td>`).join('');
    const problem = s?.startError ? `<div class="bad">did not start: ${h(s.startError)}</div>` : '';
    return `<tr><th scope="row">${h(name)}</th><td>${h(s?.version ?? '?')}${problem}</td><td>${h(s?.role ?? '?')}</td><td>${h(s?.adapter ?? '?')}</td>${counts}<td class="num">${c.total}</td></tr>`;
  });
  return `<table class="subjects"><thead><tr><th>subject</th><th>version</th><th>role</th><th>adapter</th>${VERDICT_KINDS.map((v) => `<th class="num"><span class="dot v-${v}"></span>${v}</th>`).join('')}<th class="num">total</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function filters(doc: ResultsDocument, subjects: readonly string[]): string {
  const c = countVerdicts(doc.records);
  const verdicts = VERDICT_KINDS.map((v) => `<label class="chk"><input type="checkbox" name="verdict" value="${v}" checked><span class="dot v-${v}"></span>${v} <span class="muted">${c[v]}</span></label>`).join('');
  const tags = [...new Set(doc.records.flatMap((r) => r.tags))].sort();
  const opt = (vs: readonly string[]): string => vs.map((v) => `<option value="${h(v)}">${h(v)}</option>`).join('');
  return `<form id="filters" class="filters">
<fieldset><legend>verdict</legend>${verdicts}</fieldset>
<label>level <select name="level"><option value="">all</option>${opt(LEVELS)}</select></label>
<label>role <select name="role"><option value="">all</option>${opt(ROLES)}</select></label>
<label>tag <select name="tag"><option value="">all</option>${opt(tags)}</select></label>
<label>search <input type="search" name="q" placeholder="fixture id or title"></label>
<details class="subject-filter"><summary>subjects <span id="subjects-shown" class="muted">${subjects.length} of ${subjects.length}</span></summary>
<div class="subject-list"><button type="button" id="subjects-all">all</button> <button type="button" id="subjects-none">none</button>
${subjects.map((s, i) => `<label class="chk"><input type="checkbox" name="subject" value="${i}" checked>${h(s)}</label>`).join('\n')}</div></details>
<label class="chk"><input type="checkbox" name="disagree"> subjects disagree</label>
<output id="shown" class="muted"></output>
</form>`;
}

function matrix(doc: ResultsDocument, subjects: string[], fixtureIds: string[]): string {
  const body: string[] = [];
  for (const [section, fixtures] of fixturesBySection(doc.records)) {
    body.push(`<tbody class="section" data-section="${h(section)}"><tr class="sec"><th colspan="${3 + subjects.length}" scope="rowgroup">${h(section)} <span class="muted">${fixtures.length} fixture(s)</span></th></tr>`);
    for (const [id, rs] of fixtures) {
      const f = rs[0];
      const fi = fixtureIds.indexOf(id);
      const cells = subjects.map((s, si) => {
        const mine = rs.filter((r) => r.subject === s);
        const w = worst(mine.map((r) => r.verdict));
        if (w === undefined) return `<td class="cell none c-${si}">—</td>`;
        const dots = mine.map((r) => `<span class="dot v-${r.verdict}" title="${h(`${r.delivery}: ${r.verdict}`)}"></span>`).join('');
        return `<td class="cell c-${si}"><button type="button" class="v v-${w}" data-f="${fi}" data-s="${si}" data-v="${h([...new Set(mine.map((r) => r.verdict))].join(' '))}" aria-label="${h(`${id} on ${s}: ${w}`)}">${w}<span class="dots">${dots}</span></button></td>`;
      });
      body.push(`<tr class="fx" data-level="${h(f.level)}" data-role="${h(f.role)}" data-tags="${h(f.tags.join(' '))}" data-text="${h(`${id} ${f.title}`.toLowerCase())}">`
        + `<th scope="row"><span class="id">${h(id)}</span><div class="title">${h(f.title)}</div></th><td><span class="lvl l-${h(f.level)}">${h(f.level)}</span></td><td class="spec">${h(f.spec.join(', '))}</td>${cells.join('')}</tr>`);
    }
    body.push('</tbody>');
  }
  const head = subjects.map((s, si) => `<th scope="col" class="subj c-${si}" title="${h(s)}"><span>${h(s)}</span></th>`).join('');
  return `<table id="matrix" class="matrix"><thead><tr><th scope="col">fixture</th><th scope="col">level</th><th scope="col">spec</th>${head}</tr></thead>${body.join('')}</table>`;
}

/** What the counts count, said once (the same words as reports/compat/README.md, so the two can be compared). */
function countsNote(doc: ResultsDocument, fixtures: number): string {
  const deliveries = DELIVERY_MODES.filter((d) => doc.records.some((r) => r.delivery === d));
  return h(`Counts are records: one per fixture × subject × delivery mode — ${doc.records.length} records of ${fixtures} fixtures; `
    + `delivery modes in this file: ${deliveries.join(', ') || 'none'}. The matrix shows one cell per fixture × subject (its worst verdict).`);
}

export function renderHtml(doc: ResultsDocument): string {
  const subjects = subjectsOf(doc);
  const fixtureIds = [...new Set(doc.records.map((r) => r.fixture))];
  const sections = fixturesBySection(doc.records).map(([s]) => s);
  const scriptHash = createHash('sha256').update(CLIENT_SCRIPT).digest('base64');
  const csp = `default-src 'none'; script-src 'sha256-${scriptHash}'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'`;
  const colours = VERDICT_KINDS.map((v) => `.v-${v}{--c:${VERDICT_COLOURS[v]}}`).join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${h(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>h1compat report</title>
<style>${STYLE}${colours}</style>
</head>
<body>
<header><h1>h1compat report</h1><p class="muted">${runLine(doc)}</p></header>
<main>
<section class="summary"><h2>Subjects</h2><p class="muted" id="counts-note">${countsNote(doc, fixtureIds.length)}</p>${subjectsTable(doc, subjects)}
<div class="charts"><figure><figcaption>Verdicts per subject (fixture × delivery)</figcaption>${subjectChart(subjects, doc.records)}</figure>
<figure class="wide"><figcaption>Verdicts per RFC section and subject (bar: the records' verdicts; number: fail + warn + error records)</figcaption>${sectionTable(sections, subjects, doc.records, sectionOf)}</figure></div></section>
<section><h2>Matrix <span class="muted">${fixtureIds.length} fixtures × ${subjects.length} subjects, grouped by RFC section; each cell is the worst verdict over its delivery modes (dots: one per mode) — click for details</span></h2>
${filters(doc, subjects)}
${matrix(doc, subjects, fixtureIds)}
</section>
</main>
<aside id="detail" class="detail" hidden aria-live="polite"><div class="bar"><strong id="detail-title"></strong><button type="button" id="detail-close" aria-label="close">×</button></div><div id="detail-body"></div></aside>
<script type="application/json" id="h1-data">${jsonForScript(payload(doc, fixtureIds, subjects))}</script>
<script>${CLIENT_SCRIPT}</script>
</body>
</html>
`;
}
