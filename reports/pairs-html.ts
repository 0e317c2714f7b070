// The pairs report as one self-contained HTML page (no script, no external resource): the proxy × server grid with
// counts, each cell a link to its drill-down, where every case shows the fixture, the octets the proxy forwarded,
// what the proxy believed, what the server did, the live confirmation and the re-run command. Rendered from a pairs
// document alone; every subject-controlled string is escaped.

import { escapeHtml as h } from './escape';
import {
  cellAnchor, describeAnswer, describeMessage, pairTotals, rerunCommand, sortCases,
  type ForwardedStream, type PairCase, type PairCell, type PairsDocument,
} from './pairs-types';

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:1.5em;color:#222;max-width:1400px}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:.25em .5em;text-align:right}
th{background:#f4f4f4}td.l,th.l{text-align:left}td.bad{background:#fbd5d5;font-weight:bold}td.conf{background:#f39c9c}
td.unk{background:#fff3cd}td.ok{color:#888}pre{background:#f7f7f7;border:1px solid #ddd;padding:.5em;white-space:pre-wrap;word-break:break-all}
details{margin:.3em 0 .3em 1em}summary{cursor:pointer}.st{font-weight:bold}.CONFIRMED{color:#b00}.predicted{color:#a60}
code{background:#f1f1f1;padding:0 .2em}`;

function cellClass(c: PairCell): string {
  if (c.confirmed > 0) return 'conf';
  if (c.disagree > 0) return 'bad';
  if (c.unknown > 0) return 'unk';
  return 'ok';
}

function cellHtml(c: PairCell): string {
  const parts = [c.disagree > 0 ? `${c.disagree}${c.confirmed > 0 ? ` (${c.confirmed}&#10003;)` : ''}` : '0'];
  if (c.unknown > 0) parts.push(`?${c.unknown}`);
  if (c.rejected > 0) parts.push(`r${c.rejected}`);
  const text = parts.join(' ');
  const title = `${c.proxy} → ${c.server}: ${c.disagree} disagree, ${c.confirmed} confirmed, ${c.unknown} unknown, ${c.rejected} refused, ${c.agree} agree`;
  const inner = c.disagree + c.unknown + c.rejected > 0 ? `<a href="#${cellAnchor(c.proxy, c.server)}">${text}</a>` : text;
  return `<td class="${cellClass(c)}" title="${h(title)}">${inner}</td>`;
}

/** Visible-escape octets with a line break after each \n, for reading. */
const octets = (s: string): string => h(s.replace(/\\n/g, '\\n\n'));

function caseHtml(k: PairCase, s: ForwardedStream | undefined, results: string): string {
  const state = k.confirmation?.state === 'confirmed' ? 'CONFIRMED' : k.status === 'disagree' ? 'predicted' : k.status;
  const out: string[] = [];
  out.push(`<details${k.status === 'disagree' ? ' open' : ''}><summary><span class="st ${state}">${h(state)}</span> ${h(s?.fixture ?? k.stream)}${k.classes.length > 0 ? ` — ${h(k.classes.join(', '))}` : ''}</summary>`);
  out.push('<ul>');
  if (s !== undefined) {
    out.push(`<li>fixture <code>${h(s.fixture)}</code> (${h(s.file)}; ${h(s.spec.join(', '))}): ${h(s.title)}</li>`);
    out.push(`<li>deliveries ${h(s.deliveries.join(', '))}, upstream connection ${s.conn}${s.truncated ? ' — <b>the results kept only part of the octets</b>' : ''}</li>`);
    const pv = s.proxyView;
    out.push(`<li>the proxy believed it forwarded${pv.lenient === true ? ' (lenient reading)' : ''}: ${pv.messages.length > 0 ? `<ol>${pv.messages.map((m) => `<li>${h(describeMessage(m))}</li>`).join('')}</ol>` : 'no complete message'}${pv.partial ? ' + an incomplete message' : ''}${pv.malformation !== undefined ? `<br>strict parser: ${h(pv.malformation.reason)} at offset ${pv.malformation.offset}` : ''}</li>`);
  }
  const v = k.serverView;
  if (v !== undefined) {
    const from = v.source === 'record' ? `its record of <code>${h(v.fixture ?? '')}</code>` : 'a replay of exactly these octets';
    const did = v.error !== undefined ? `harness error: ${h(v.error)}` : v.messages.length > 0 ? `<ol>${v.messages.map((m) => `<li>${h(describeAnswer(m))}</li>`).join('')}</ol>` : 'no answer';
    out.push(`<li>the server did (${from}): ${did} connection ${h(v.connection)}${v.timedOut ? ', still waiting' : ''}</li>`);
  }
  out.push(`<li>why: <ul>${k.detail.map((d) => `<li>${h(d)}</li>`).join('')}</ul></li>`);
  if (k.confirmation !== undefined) {
    const c = k.confirmation;
    out.push(`<li>live: <b>${h(c.state)}</b> — ${h(c.detail)}${c.reached.length > 0 ? `<br>reached the server: ${h(c.reached.map(describeAnswer).join('; '))}` : ''}</li>`);
  }
  out.push('</ul>');
  if (s !== undefined) {
    out.push(`<p>Octets the proxy forwarded:</p><pre>${octets(s.forwarded)}</pre>`);
    if (s.sent !== undefined) out.push(`<p>Octets the client sent to the proxy:</p><pre>${octets(s.sent)}</pre>`);
    out.push(`<p>Re-run: <code>${h(rerunCommand(s, k.server, results))}</code></p>`);
  }
  out.push('</details>');
  return out.join('\n');
}

export function renderPairsHtml(d: PairsDocument, o: { readonly results?: string } = {}): string {
  const results = o.results ?? 'reports/compat/results';
  const t = pairTotals(d);
  const streams = new Map(d.streams.map((s) => [s.id, s]));
  const out: string[] = ['<!doctype html>', '<html lang="en"><head><meta charset="utf-8">', '<meta name="viewport" content="width=device-width">',
    '<title>h1compat pairs: proxy × origin server</title>', `<style>${STYLE}</style></head><body>`];
  out.push('<h1>Request-smuggling pairs: proxy × origin server</h1>');
  out.push(`<p>${d.proxies.length} proxies × ${d.servers.length} servers = ${t.pairs} pairs; ${d.streams.length} forwarded streams, each read by every server. <b>${t.pairsDisagreeing}</b> pairs disagree on at least one stream: ${t.disagree} disagreements, <b>${t.confirmed} confirmed live</b>, ${t.disagree - t.confirmed} predicted; ${t.rejected} refused by the server, ${t.unknown} unknown, ${t.agree} agree.</p>`);
  out.push(`<p>Generated ${h(d.createdAt)} by <code>${h(d.command)}</code> (h1compat ${h(d.tool.version)}, git ${h((d.git ?? 'unknown').slice(0, 10))}) from ${d.sources.length} results file(s). How to read it: docs/pairs.md.</p>`);
  const nr = Object.entries(d.notRecorded);
  if (nr.length > 0) out.push(`<p>Proxy records whose forwarded octets the results do not keep (not analysed): ${h(nr.map(([p, n]) => `${p} ${n}`).join(', '))}.</p>`);
  const fn = Object.entries(d.forwardedNothing ?? {});
  if (fn.length > 0) out.push(`<p>Proxy records in which the proxy forwarded nothing upstream (it refused, or answered itself): ${h(fn.map(([p, n]) => `${p} ${n}`).join(', '))}.</p>`);
  out.push('<h2>Grid</h2><p>Each cell: streams the pair disagrees on (&#10003; confirmed live), <code>?n</code> unknown, <code>rn</code> refused by the server. Rows: proxies; columns: servers. A cell links to its cases.</p>');
  out.push(`<table><tr><th class="l">proxy \\ server</th>${d.servers.map((s) => `<th title="${h(s.version)}">${h(s.name)}</th>`).join('')}</tr>`);
  for (const p of d.proxies) {
    const row = d.servers.map((s) => {
      const c = d.cells.find((x) => x.proxy === p.name && x.server === s.name);
      return c === undefined ? '<td></td>' : cellHtml(c);
    });
    out.push(`<tr><th class="l" title="${h(p.version)}">${h(p.name)}</th>${row.join('')}</tr>`);
  }
  out.push('</table>', '<h2>Pairs</h2>');
  for (const p of d.proxies) {
    for (const s of d.servers) {
      const ks = sortCases(d.cases.filter((k) => k.server === s.name && streams.get(k.stream)?.proxy === p.name));
      if (ks.length === 0) continue;
      out.push(`<h3 id="${cellAnchor(p.name, s.name)}">${h(p.name)} → ${h(s.name)}</h3>`);
      for (const k of ks) out.push(caseHtml(k, streams.get(k.stream), results));
    }
  }
  out.push('</body></html>');
  return out.join('\n') + '\n';
}
