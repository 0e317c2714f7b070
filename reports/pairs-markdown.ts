// The pairs report in Markdown (docs/pairs.md explains how to read it): a proxy × server grid of disagreement counts,
// then one section per disagreeing pair with, for every case, the fixture, the octets the proxy forwarded, what the
// proxy believed, what the server did, the live confirmation and the command that re-runs it. Rendered from a pairs
// document alone.

import { mdCell, oneLine } from './escape';
import {
  PAIR_CLASSES, cellAnchor, describeAnswer, describeMessage, pairTotals, rerunCommand, sortCases,
  type ForwardedStream, type PairCase, type PairCell, type PairsDocument,
} from './pairs-types';

export interface PairsMarkdownOptions {
  /** most rejected/unknown cases listed per cell (default 10; disagreements are always listed) */
  readonly maxQuiet?: number;
  /** the results path printed in re-run commands (default reports/compat/results) */
  readonly results?: string;
}

/** A fenced block that no backtick run inside can close. */
function fence(text: string): string[] {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const f = '`'.repeat(Math.max(3, longest + 1));
  return [f, text, f];
}

/** The grid cell text: disagreements (confirmed), then unknown and rejected counts when there are any. */
export function cellText(c: PairCell): string {
  const parts: string[] = [];
  if (c.disagree > 0) parts.push(c.confirmed > 0 ? `**${c.disagree}** (${c.confirmed} confirmed)` : `**${c.disagree}**`);
  else parts.push('0');
  if (c.unknown > 0) parts.push(`?${c.unknown}`);
  if (c.rejected > 0) parts.push(`r${c.rejected}`);
  return parts.join(' ');
}

function caseLines(k: PairCase, s: ForwardedStream | undefined, results: string): string[] {
  const out: string[] = [];
  const state = k.confirmation?.state === 'confirmed' ? 'CONFIRMED' : k.status === 'disagree' ? (k.confirmation !== undefined ? `predicted, live: ${k.confirmation.state}` : 'predicted') : k.status;
  out.push(`#### ${mdCell(s?.fixture ?? k.stream)} — ${state}${k.classes.length > 0 ? ` (${k.classes.join(', ')})` : ''}`, '');
  if (s !== undefined) {
    out.push(`- fixture: \`${oneLine(s.fixture)}\` (${mdCell(s.file)}), ${mdCell(s.spec.join(', '))}: ${mdCell(s.title)}`);
    out.push(`- deliveries: ${s.deliveries.join(', ')}; upstream connection ${s.conn}${s.truncated ? '; **the results kept only part of the octets**' : ''}`);
    const pv = s.proxyView;
    const believed = pv.messages.length > 0 ? pv.messages.map((m, i) => `${i + 1}. ${mdCell(describeMessage(m))}`).join(' ') : 'no complete message';
    out.push(`- the proxy forwarded (its view${pv.lenient === true ? ', read leniently' : ''}): ${believed}${pv.partial ? ' + an incomplete message' : ''}${pv.malformation !== undefined ? `; strict parser: ${mdCell(pv.malformation.reason)} at offset ${pv.malformation.offset}` : ''}`);
  }
  const v = k.serverView;
  if (v !== undefined) {
    const did = v.error !== undefined ? `harness error: ${mdCell(v.error)}` : v.messages.length > 0 ? v.messages.map((m, i) => `${i + 1}. ${mdCell(describeAnswer(m))}`).join(' ') : 'no answer';
    out.push(`- the server did (${v.source === 'record' ? `its record of \`${oneLine(v.fixture ?? '')}\`` : 'replay of exactly these octets'}): ${did}; connection ${v.connection}${v.timedOut ? ', still waiting' : ''}`);
  }
  for (const d of k.detail) out.push(`  - ${mdCell(d)}`);
  if (k.confirmation !== undefined) {
    out.push(`- live (${k.confirmation.state}): ${mdCell(k.confirmation.detail)}`);
    if (k.confirmation.reached.length > 0) out.push(`  - reached the server: ${k.confirmation.reached.map((m) => mdCell(describeAnswer(m))).join('; ')}`);
  }
  if (s !== undefined) {
    out.push('', 'Octets the proxy forwarded:', '', ...fence(s.forwarded.replace(/\\n/g, '\\n\n').replace(/\n$/, '')));
    if (s.sent !== undefined) out.push('', 'Octets the client sent to the proxy:', '', ...fence(s.sent.replace(/\\n/g, '\\n\n').replace(/\n$/, '')));
    out.push('', `Re-run: \`${rerunCommand(s, k.server, results)}\``);
  }
  out.push('');
  return out;
}

export function renderPairsMarkdown(d: PairsDocument, o: PairsMarkdownOptions = {}): string {
  const maxQuiet = o.maxQuiet ?? 10;
  const results = o.results ?? 'reports/compat/results';
  const t = pairTotals(d);
  const streams = new Map(d.streams.map((s) => [s.id, s]));
  const out: string[] = ['# Request-smuggling pairs: proxy × origin server', ''];
  out.push(`${d.proxies.length} proxies × ${d.servers.length} servers = ${t.pairs} pairs; ${d.streams.length} forwarded streams, each read by every server. ` +
    `**${t.pairsDisagreeing}** pairs disagree on at least one stream: ${t.disagree} stream × server disagreements, **${t.confirmed} confirmed live**, ${t.disagree - t.confirmed} predicted; ${t.rejected} refused by the server, ${t.unknown} unknown, ${t.agree} agree.`);
  out.push('', `Generated ${mdCell(d.createdAt)} by \`${oneLine(d.command)}\` (h1compat ${mdCell(d.tool.version)}, git ${mdCell((d.git ?? 'unknown').slice(0, 10))}) from ${d.sources.length} results file(s). How to read it: docs/pairs.md.`);
  const nr = Object.entries(d.notRecorded);
  if (nr.length > 0) out.push('', `Proxy records whose forwarded octets the results do not keep (compact pass/info records), not analysed: ${nr.map(([p, n]) => `${mdCell(p)} ${n}`).join(', ')}.`);
  const fn = Object.entries(d.forwardedNothing ?? {});
  if (fn.length > 0) out.push('', `Proxy records in which the proxy forwarded nothing upstream (it refused, or answered itself): ${fn.map(([p, n]) => `${mdCell(p)} ${n}`).join(', ')}.`);
  out.push('', '## Grid', '', 'Each cell: streams the pair disagrees on (**bold**; how many confirmed live), `?n` unknown, `rn` refused by the server. Rows: proxies; columns: servers.', '');
  out.push(`| proxy \\ server | ${d.servers.map((s) => mdCell(s.name)).join(' | ')} |`, `|---|${d.servers.map(() => '---:').join('|')}|`);
  for (const p of d.proxies) {
    const row = d.servers.map((s) => {
      const c = d.cells.find((x) => x.proxy === p.name && x.server === s.name);
      if (c === undefined) return '';
      const text = cellText(c);
      return c.disagree + c.unknown + c.rejected > 0 ? `[${text}](#${cellAnchor(p.name, s.name)})` : text;
    });
    out.push(`| ${mdCell(p.name)} | ${row.join(' | ')} |`);
  }
  out.push('', '## Disagreements by class', '', '| class | cases | confirmed |', '|---|---:|---:|');
  for (const c of PAIR_CLASSES) {
    const ks = d.cases.filter((k) => k.classes.includes(c));
    out.push(`| ${c} | ${ks.length} | ${ks.filter((k) => k.confirmation?.state === 'confirmed').length} |`);
  }
  out.push('', '## Pairs', '');
  for (const p of d.proxies) {
    for (const s of d.servers) {
      const ks = sortCases(d.cases.filter((k) => k.server === s.name && streams.get(k.stream)?.proxy === p.name));
      if (ks.length === 0) continue;
      const c = d.cells.find((x) => x.proxy === p.name && x.server === s.name)!;
      out.push(`<a id="${cellAnchor(p.name, s.name)}"></a>`, '', `### ${mdCell(p.name)} → ${mdCell(s.name)}: ${cellText(c)}`, '');
      const loud = ks.filter((k) => k.status === 'disagree');
      const quiet = ks.filter((k) => k.status !== 'disagree');
      for (const k of loud) out.push(...caseLines(k, streams.get(k.stream), results));
      if (quiet.length > 0) {
        out.push('| fixture | status | why |', '|---|---|---|');
        for (const k of quiet.slice(0, maxQuiet)) out.push(`| ${mdCell(streams.get(k.stream)?.fixture ?? k.stream)} | ${k.status} | ${mdCell(k.detail.join('; ').slice(0, 300))} |`);
        if (quiet.length > maxQuiet) out.push('', `… and ${quiet.length - maxQuiet} more (the pairs JSON has them all).`);
        out.push('');
      }
    }
  }
  return out.join('\n') + '\n';
}
