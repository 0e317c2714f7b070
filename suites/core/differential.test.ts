// Differential test: the reference parser against node's own llhttp, over valid inputs and the whole parser case table.
//
// 1. Every valid input (harness/diff/inputs.ts) and every non-error parser case llhttp can be configured for runs whole,
//    byte-by-byte and at every split point through both parsers; the projected logs (harness/diff/llhttp.ts `project`) must be the
//    same for every delivery of each parser, and the same for both parsers unless the input is a documented difference.
// 2. Every error case of the table runs through llhttp; the generated table (TAP comments) says whether llhttp rejects
//    it too. Disagreement does not fail by itself: the list of disagreements must equal DOCUMENTED below, and the
//    section of impl/README.md that explains them must name exactly those inputs, so a change in either parser shows.

import test from 'tape';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runParser, type RunOptions } from '../../harness/diff/log';
import { runLlhttp, project, incomparable } from '../../harness/diff/llhttp';
import { deliveries } from '../../harness/diff/split';
import { loadParserCases, type ParserCase } from '../../harness/diff/cases';
import { diffInputs } from '../../harness/diff/inputs';

type Verdict = 'accepts' | 'rejects' | 'differs';

/** Where llhttp intentionally differs from us (see impl/README.md). accepts: llhttp accepts what we reject;
 *  rejects: llhttp rejects what we accept; differs: both accept with different interpretations. */
const DOCUMENTED: Record<string, Verdict> = {
  // request-line
  'leading-bare-lf-rejected': 'accepts', 'leading-cr-without-lf': 'accepts',
  'method-case-sensitive': 'rejects', 'method-all-tchar': 'rejects',
  'request-line-double-space': 'accepts', 'request-line-http09': 'accepts',
  'target-bad-pct': 'accepts', 'target-truncated-pct': 'accepts', 'target-fragment': 'accepts', 'target-dquote': 'accepts',
  'target-absolute-empty-host': 'accepts', 'target-absolute-userinfo': 'accepts', 'target-absolute-other-scheme': 'rejects',
  'target-authority-no-port': 'accepts', 'target-connect-origin-form': 'accepts',
  'asterisk-extension-method': 'accepts', 'target-asterisk-get': 'accepts',
  'version-1.2-as-1.1': 'rejects', 'version-2.0': 'accepts', 'version-0.9': 'accepts', 'version-2.0-lenient': 'differs',
  // Host
  'host-missing-1.1': 'accepts', 'host-duplicate': 'accepts', 'host-duplicate-1.0': 'accepts', 'host-space-inside': 'accepts',
  'host-bad-port': 'accepts', 'host-userinfo': 'accepts', 'host-unclosed-ipv6': 'accepts',
  // fields
  'field-value-nul-lenient-still-rejected': 'accepts', 'response-obs-fold-unfolded': 'rejects', 'response-obs-fold-trailing-ows': 'rejects',
  'header-one-over-limit': 'accepts', 'field-lines-over-limit': 'accepts',
  // framing
  'cl-overflow': 'accepts', 'cl-body-too-large': 'accepts', 'chunked-body-too-large': 'accepts',
  'te-empty-list-elements': 'rejects', 'te-gzip-chunked': 'accepts', 'te-two-lines': 'accepts',
  'te-empty': 'accepts', 'te-http10': 'accepts',
  'te-chunked-not-final-lenient': 'differs', 'te-and-cl-lenient': 'differs', 'response-te-and-cl-lenient': 'differs',
  'chunk-size-overflow': 'accepts', 'chunk-ext-values': 'rejects', 'chunk-ext-no-name': 'accepts', 'chunk-ext-overflow': 'accepts',
  'bare-lf-everywhere-lenient': 'rejects', 'chunk-size-bare-lf-lenient': 'rejects',
  'trailers-kept-apart': 'rejects',
  // status-line
  'status-below-100': 'accepts', 'status-above-599': 'accepts', 'status-reason-nul': 'accepts', 'status-version-2': 'accepts',
  'status-leading-crlf': 'accepts',
  // connection
  'conn-close-request': 'rejects', 'conn-http10-keep-alive': 'rejects', 'upgrade-http10-ignored': 'differs',
};

const tableCases: ParserCase[] = loadParserCases().cases; // fixtures/parser/*.md
const latin1 = (s: string): Buffer => Buffer.from(s, 'latin1');
const same = (a: string[], b: string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

interface Input { id: string; kind: 'request' | 'response'; input: string; opts?: RunOptions }

/** Runs both parsers over every delivery; returns the whole-input projections and the number of divergent runs. */
function differential(c: Input): { ours: string[]; theirs: string[]; runs: number; divergent: string[] } {
  const bytes = latin1(c.input);
  const ours = project(runParser(c.kind, [bytes], c.opts));
  const theirs = project(runLlhttp(c.kind, [bytes], c.opts));
  let runs = 0;
  const divergent: string[] = [];
  for (const d of deliveries(bytes)) {
    runs++;
    if (!same(project(runParser(c.kind, d.chunks, c.opts)), ours)) divergent.push(`ours ${d.name}`);
    if (!same(project(runLlhttp(c.kind, d.chunks, c.opts)), theirs)) divergent.push(`llhttp ${d.name}`);
  }
  return { ours, theirs, runs, divergent };
}

const found: Record<string, Verdict> = {};
const stats = { inputs: 0, runs: 0, agreements: 0, skipped: [] as string[] };

function compare(t: test.Test, c: Input, documented: Verdict | undefined): void {
  const r = differential(c);
  stats.inputs++;
  stats.runs += r.runs;
  t.deepEqual(r.divergent.slice(0, 3), [], `both parsers give the same projected log in all ${r.runs} deliveries`);
  if (same(r.ours, r.theirs)) {
    stats.agreements++;
    t.pass('same interpretation as llhttp');
  } else {
    found[c.id] = r.theirs.includes('error') ? 'rejects' : 'differs';
    if (documented) t.equal(found[c.id], documented, `documented difference: llhttp ${documented}`);
    else t.deepEqual(r.theirs, r.ours, 'same interpretation as llhttp');
  }
}

for (const c of diffInputs) {
  test(`llhttp differential ${c.spec} ${c.id}`, (t) => {
    const input: Input = { id: c.id, kind: c.kind ?? 'request', input: c.input, opts: c.opts };
    const ours = project(runParser(input.kind, [latin1(c.input)], c.opts));
    t.ok(!ours.includes('error') && ours.includes('complete'), 'a valid input: the reference parser accepts it');
    compare(t, input, DOCUMENTED[c.id]);
    t.end();
  });
}

test('llhttp differential: non-error parser cases', (t) => {
  for (const c of tableCases) {
    if (c.err) continue;
    const why = incomparable(c.opts);
    if (why) { stats.skipped.push(`${c.id}: ${why}`); continue; }
    t.comment(c.id);
    compare(t, { id: c.id, kind: c.kind ?? 'request', input: c.input, opts: c.opts }, DOCUMENTED[c.id]);
  }
  t.end();
});

test('llhttp differential: error cases (does llhttp reject them too?)', (t) => {
  const rows: string[] = ['| case | ours | llhttp |', '|---|---|---|'];
  for (const c of tableCases) {
    if (!c.err) continue;
    const kind = c.kind ?? 'request';
    const bytes = latin1(c.input);
    const whole = runLlhttp(kind, [bytes], c.opts);
    const one = [...deliveries(bytes, { whole: false, splitPoints: false })][0]?.chunks ?? [bytes];
    const byteWise = runLlhttp(kind, one, c.opts);
    stats.runs += 2;
    const err = whole.find((l) => l.startsWith('error '));
    t.equal(!!byteWise.find((l) => l.startsWith('error ')), !!err, `${c.id}: llhttp's verdict is the same whole and byte by byte`);
    if (!err) found[c.id] = 'accepts';
    rows.push(`| ${c.id} | ${c.err} | ${err ? 'rejects ' + err.split(' ')[1] : 'accepts'} |`);
  }
  for (const r of rows) t.comment(r);
  t.end();
});

test('llhttp differential: the disagreements are exactly the documented ones', (t) => {
  const sorted = (o: Record<string, Verdict>): [string, Verdict][] => Object.entries(o).sort(([a], [b]) => a.localeCompare(b));
  t.deepEqual(sorted(found), sorted(DOCUMENTED), 'disagreement list equals DOCUMENTED');
  for (const s of stats.skipped) t.comment(`not comparable: ${s}`);
  t.comment(`${stats.inputs} inputs compared in ${stats.runs} deliveries per parser; ${stats.agreements} agree, `
    + `${Object.values(found).filter((v) => v !== 'accepts').length} differ; `
    + `${Object.values(found).filter((v) => v === 'accepts').length} error cases llhttp accepts; ${stats.skipped.length} not comparable`);
  t.end();
});

test('llhttp differential: impl/README.md names exactly the documented inputs', (t) => {
  const readme = readFileSync(join(__dirname, '../../impl/README.md'), 'utf8');
  const start = readme.indexOf('## Where the reference parser intentionally differs from llhttp');
  t.ok(start >= 0, 'impl/README.md has the section');
  const rest = readme.slice(start + 3);
  const section = rest.slice(0, rest.search(/\n## /) < 0 ? rest.length : rest.search(/\n## /));
  const ids = new Set<string>();
  for (const line of section.split('\n')) {
    if (!line.startsWith('|')) continue;
    const cells = line.split('|');
    const last = cells[cells.length - 2] ?? '';
    for (const m of last.matchAll(/`([a-z0-9.-]+)`/g)) ids.add(m[1]);
  }
  t.deepEqual([...ids].sort(), Object.keys(DOCUMENTED).sort(), 'the README rows name every documented input and no other');
  t.end();
});
