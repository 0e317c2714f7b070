// The pairs renderers (reports/pairs-markdown.ts, reports/pairs-html.ts) on a constructed pairs document with hostile
// subject strings, and `h1compat pairs` end to end as a user runs it: --offline over a folder of constructed results
// (no traffic), --render of its pairs.json, and one-line usage errors (exit 2).

import test from 'tape';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderPairsMarkdown } from '../../reports/pairs-markdown';
import { renderPairsHtml } from '../../reports/pairs-html';
import { parsePairs, type PairsDocument } from '../../reports/pairs-types';

const ROOT = join(__dirname, '../..');
const HOSTILE = '<script>alert(1)</script>|`x`';

function doc(): PairsDocument {
  const forwarded = 'POST /a HTTP/1.1\\r\\nHost: a\\r\\nContent-Length: 6\\r\\n\\r\\nGET /s';
  return {
    version: 1, tool: { name: 'h1compat', version: '0' }, createdAt: '2026-01-01T00:00:00Z', git: 'abc', sources: ['r.json'],
    proxies: [{ name: 'px', version: '1' }], servers: [{ name: 'srv', version: '2' }, { name: 'calm', version: '3' }],
    notRecorded: { px: 3 },
    streams: [{
      id: 'px/fx/0', proxy: 'px', fixture: 'fx', file: 'fixtures/proxy/fx.h1', title: 'A proxy must not smuggle', spec: ['RFC9112 6.3'], deliveries: ['whole'], conn: 0,
      forwarded, truncated: false, sent: forwarded, proxyView: { messages: [{ method: 'POST', target: HOSTILE, bodyLength: 6 }], partial: false },
    }],
    cells: [
      { proxy: 'px', server: 'srv', agree: 4, disagree: 1, rejected: 0, unknown: 0, confirmed: 1 },
      { proxy: 'px', server: 'calm', agree: 5, disagree: 0, rejected: 0, unknown: 0, confirmed: 0 },
    ],
    cases: [{
      stream: 'px/fx/0', server: 'srv', status: 'disagree', classes: ['extra-request', 'different-body-length'], detail: [`message 2: the server read an extra request ${HOSTILE}`],
      serverView: { source: 'replay', messages: [{ status: 200, echo: { method: 'POST', target: HOSTILE, bodyLength: 0 } }, { status: 200, echo: { method: 'GET', target: '/s', bodyLength: 0 } }], connection: 'open', timedOut: false },
      confirmation: { state: 'confirmed', detail: 'live: extra-request', reached: [{ status: 200, echo: { method: 'GET', target: '/s', bodyLength: 0 } }], forwarded },
    }],
    command: 'h1compat pairs',
  };
}

test('pairs renderers: the grid with counts, a drill-down per disagreeing cell, subject strings escaped', (t) => {
  const md = renderPairsMarkdown(doc());
  t.match(md, /\| proxy \\ server \| srv \| calm \|/, 'Markdown: a column per server');
  t.match(md, /\| px \| \[\*\*1\*\* \(1 confirmed\)\]\(#pair-px-srv\) \| 0 \|/, 'Markdown: the cell counts and links to its drill-down; an agreeing cell is 0 without a link');
  t.match(md, /<a id="pair-px-srv"><\/a>/, 'Markdown: the anchor');
  t.match(md, /CONFIRMED \(extra-request, different-body-length\)/, 'Markdown: the case is confirmed, with its classes');
  t.match(md, /npx h1compat pairs --results reports\/compat\/results --proxy px --server srv --fixture fx --capture --confirm/, 'Markdown: the re-run command');
  t.match(md, /POST \/a HTTP\/1\.1\\r\\n\n/, 'Markdown: the forwarded octets, a line per \\n');
  t.notOk(md.includes('<script>'), 'Markdown: no raw markup from subject strings');
  t.match(md, /px 3/, 'Markdown: records without forwarded octets are counted');
  const html = renderPairsHtml(doc());
  t.match(html, /<td class="conf" title="px → srv: 1 disagree, 1 confirmed[^"]*"><a href="#pair-px-srv">1 \(1&#10003;\)<\/a><\/td>/, 'HTML: the cell, coloured, linked');
  t.match(html, /<h3 id="pair-px-srv">/, 'HTML: the drill-down');
  t.notOk(html.includes('<script>'), 'HTML: no script element at all (subject strings escaped)');
  t.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/, 'HTML: the hostile target is shown as text');
  t.throws(() => parsePairs('{"version":1}', 'x.json'), /x\.json: not an h1compat pairs document/, 'a wrong document is a one-line error');
  t.end();
});

function h1compat(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(ROOT, 'bin/h1compat.js'), ...args], { cwd: ROOT, timeout: 60000 }, (err, stdout, stderr) => {
      resolve({ code: err === null ? 0 : typeof err.code === 'number' ? err.code : -1, stdout, stderr });
    });
  });
}

const esc = (s: string): string => s.replace(/\\/g, '\\\\').replace(/\r/g, '\\r').replace(/\n/g, '\\n').replace(/"/g, '\\"');

test('h1compat pairs: --offline over constructed results, --render, usage errors', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'h1compat-pairs-'));
  try {
    const fwd = 'GET /a HTTP/1.1\r\nHost: a\r\n\r\n';
    const base = { file: 'fixtures/proxy/fx.h1', title: 't', level: 'MUST', spec: ['RFC9112 6.3'], tags: [], delivery: 'whole', seed: 1, verdict: 'fail', reason: '', expected: { outcomes: [], never: [] }, matched: [], violated: [], mismatches: [], durationMs: 1 };
    const results = {
      version: 1, tool: { name: 'h1compat', version: '0' },
      run: { startedAt: '2026-01-01T00:00:00Z', complete: true, git: null, node: 'v20', platform: 'linux', options: {}, subjects: [{ name: 'px', version: '1', role: 'proxy', adapter: 'command', lacks: [] }, { name: 'srv', version: '1', role: 'server', adapter: 'command', lacks: [] }] },
      records: [{ ...base, fixture: 'fx', role: 'proxy', subject: 'px', wire: [{ dir: 'received', at: 0, segments: 1, octets: esc(fwd), side: 'origin', conn: 0 }] }],
    };
    writeFileSync(join(dir, 'r.json'), JSON.stringify(results));
    const out = join(dir, 'out');
    const r = await h1compat(['pairs', '--results', dir, '--offline', '--out', out]);
    t.equal(r.code, 0, `exit 0 without a confirmed pair (${r.stderr.trim()})`);
    t.match(r.stdout, /0 of 1 pairs disagree \(0 cases: 0 confirmed, 0 predicted; 1 unknown, 0 refused\)/, 'the summary line');
    const written = parsePairs(readFileSync(join(out, 'pairs.json'), 'utf8'), 'pairs.json');
    t.deepEqual(written.cells.map((c) => [c.proxy, c.server, c.unknown]), [['px', 'srv', 1]], 'offline: the stream is unknown (no record of identical octets)');
    t.match(readFileSync(join(out, 'pairs.md'), 'utf8'), /\| px \| \[0 \?1\]\(#pair-px-srv\) \|/, 'pairs.md written');
    const again = await h1compat(['pairs', '--render', join(out, 'pairs.json'), '--out', join(dir, 'again')]);
    t.equal(again.code, 0, 'render only');
    t.equal(readFileSync(join(dir, 'again', 'pairs.md'), 'utf8'), readFileSync(join(out, 'pairs.md'), 'utf8'), 'the same Markdown from the JSON alone');
    const missing = await h1compat(['pairs', '--results', join(dir, 'nope')]);
    t.equal(missing.code, 2, 'a missing results path is a usage error');
    t.match(missing.stderr, /^h1compat pairs: --results: .*nope does not exist\n$/, 'one line');
    const bad = await h1compat(['pairs', '--render', join(dir, 'r.json')]);
    t.equal(bad.code, 2, 'a results file is not a pairs document');
    t.match(bad.stderr, /not an h1compat pairs document/, 'said in one line');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
