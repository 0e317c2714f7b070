// Renders a fuzz run: the numbers (inputs, crashes, hangs, peak memory, classes, fixtures added, digest) and one row
// per discrepancy class with its triaged root cause and minimal input, as plain text or a Markdown table.

import { relative } from 'node:path';
import type { FuzzReport, ClassRecord } from './engine';
import { triage, type RootCause } from './triage';

const show = (s: string, max = 160): string => {
  const j = JSON.stringify(s).slice(1, -1).replace(/\u007f/g, '\\u007f');
  return j.length > max ? j.slice(0, max) + '...' : j;
};

/** the root cause of a class, from its minimised example (or its first input) */
export function causeOf(c: ClassRecord): RootCause {
  return triage(c.minimal ?? c.first.input, c.ours ?? [], c.theirs ?? []);
}

export function sortedClasses(rep: FuzzReport): [string, ClassRecord][] {
  return [...rep.classes.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

export function summaryLines(rep: FuzzReport, root: string): string[] {
  const causes = new Map<string, number>();
  for (const [, c] of rep.classes) causes.set(causeOf(c).id, (causes.get(causeOf(c).id) ?? 0) + 1);
  const lines = [
    `seed ${rep.seed}: ${rep.inputs} inputs (${rep.splitRuns} also in a random segmentation) in ${(rep.elapsedMs / 1000).toFixed(1)} s`,
    `crashes (exceptions): ${rep.crashes.length}`,
    `stalls (no progress without an error): ${rep.stalls.length}`,
    `split divergences (reference, whole vs segmented): ${rep.splitDivergences.length}`,
    `hangs (inputs over 50 ms, confirmed by re-running): ${rep.hangs.length}; max time per input ${rep.maxMs.toFixed(2)} ms (first run); ${rep.slowOnce} first runs over 50 ms that were fast when re-run`,
    `peak RSS: ${rep.peakRssMiB.toFixed(0)} MiB`,
    `discrepancy classes: ${rep.classes.size} (${[...causes].sort().map(([k, n]) => `${k} ${n}`).join(', ')})`,
    `fixtures added: ${rep.added.length}${rep.added.length ? ' — ' + rep.added.map((f) => relative(root, f)).join(', ') : ''}`,
    `class digest: ${rep.digest}`,
  ];
  for (const f of [...rep.crashes, ...rep.stalls, ...rep.splitDivergences, ...rep.hangs].slice(0, 10)) {
    lines.push(`  finding #${f.index} ${f.kind} "${show(f.input)}": ${f.detail.split('\n')[0]}`);
  }
  return lines;
}

export function classLines(rep: FuzzReport): string[] {
  return sortedClasses(rep).map(([k, c]) => `  ${k.padEnd(64)} ${String(c.count).padStart(7)}  ${causeOf(c).id.padEnd(20)} "${show(c.minimal ?? c.first.input, 100)}"`);
}

/** A Markdown table of the classes: key, count, root cause with its RFC section, minimal input. */
export function classTable(rep: FuzzReport): string[] {
  const rows = ['| class (kind/ours/llhttp/first differing event/our error) | inputs | root cause | RFC | minimal input |', '|---|---|---|---|---|'];
  for (const [k, c] of sortedClasses(rep)) {
    const cause = causeOf(c);
    rows.push(`| \`${k}\` | ${c.count} | ${cause.id} | ${cause.rfc} | \`${show(c.minimal ?? c.first.input, 120).replace(/\|/g, '\\|').replace(/`/g, '\\u0060')}\` |`);
  }
  return rows;
}
