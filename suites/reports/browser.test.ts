// The HTML report in a real headless browser (Debian's /usr/bin/chromium through playwright-core): it loads offline,
// the matrix renders, filters work, a cell's detail opens (text and hex wire views), and no script from subject bytes
// runs — for a synthetic hostile document and for a real run against a subject that answers with markup.
// Screenshots go to out/screenshots/. Skips (with a TAP SKIP) when /usr/bin/chromium is not installed.

import test from 'tape';
import * as net from 'node:net';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { renderHtml } from '../../reports';
import { hostileDocument, PAYLOAD } from './docs';

const CHROMIUM = '/usr/bin/chromium';
const ROOT = join(__dirname, '../..');
const SHOTS = join(ROOT, 'out/screenshots');
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

type Page = import('playwright-core').Page;

async function withPage(file: string, body: (page: Page, problems: string[]) => Promise<void>, width = 1400): Promise<void> {
  const { chromium } = await import('playwright-core');
  // a fresh profile each time: playwright passes it to chromium as --user-data-dir
  const profile = mkdtempSync(join(tmpdir(), 'h1compat-chromium-'));
  const ctx = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width, height: 900 } });
  const problems: string[] = [];
  try {
    const page = ctx.pages()[0] ?? await ctx.newPage();
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`); });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('dialog', (d) => { problems.push(`dialog: ${d.message()}`); void d.dismiss(); });
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:')) return route.continue();
      problems.push(`network request: ${url}`);
      return route.abort();
    });
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector('html[data-ready=true]', { timeout: 15000 });
    await body(page, problems);
  } finally {
    await ctx.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

const pwned = (page: Page): Promise<unknown> => page.evaluate('window.__pwned');
const visibleRows = (page: Page): Promise<number> => page.evaluate<number>("document.querySelectorAll('#matrix tr.fx:not([hidden])').length");

if (!existsSync(CHROMIUM)) {
  test('HTML report in headless chromium', (t) => {
    t.skip(`${CHROMIUM} is not installed (apt-get install chromium; .ci/run installs it when run as root)`);
    t.end();
  });
} else {
  test('HTML report in headless chromium: synthetic hostile subject — matrix, filters, detail, nothing executes', async (t) => {
    mkdirSync(SHOTS, { recursive: true });
    const dir = mkdtempSync(join(tmpdir(), 'h1compat-report-'));
    const file = join(dir, 'report.html');
    writeFileSync(file, renderHtml(hostileDocument()));
    await withPage(file, async (page, problems) => {
      t.equal(await page.locator('#matrix tr.fx').count(), 4, 'matrix: 4 fixture rows');
      t.equal(await page.locator('#matrix thead th.subj').count(), 3, 'matrix: 3 subject columns');
      t.equal(await page.locator('#matrix tbody.section').count(), 4, 'grouped into 4 RFC sections');
      t.equal(await page.locator('svg.chart').count(), 1, 'one chart: verdicts per subject');
      t.equal(await page.locator('table.sections thead th.subj').count(), 3, 'the per-section table labels a column per subject');
      await page.screenshot({ path: join(SHOTS, 'hostile-overview.png'), fullPage: true });
      // filters: only fail -> the fixtures with a fail in some cell
      for (const v of ['pass', 'warn', 'info', 'skip', 'error']) await page.uncheck(`input[name=verdict][value=${v}]`);
      t.equal(await visibleRows(page), 1, 'verdict filter: only fail leaves te-cl-conflict');
      t.equal(await page.textContent('#shown'), 'showing 1 of 4 fixtures');
      for (const v of ['pass', 'warn', 'info', 'skip', 'error']) await page.check(`input[name=verdict][value=${v}]`);
      await page.selectOption('select[name=level]', 'MAY');
      t.equal(await visibleRows(page), 1, 'level filter: MAY');
      await page.selectOption('select[name=level]', '');
      await page.selectOption('select[name=tag]', 'content-length');
      t.equal(await visibleRows(page), 1, 'tag filter');
      await page.selectOption('select[name=tag]', '');
      await page.selectOption('select[name=role]', 'client');
      t.equal(await visibleRows(page), 0, 'role filter: no client fixtures');
      await page.selectOption('select[name=role]', '');
      t.equal(await visibleRows(page), 4, 'all back');
      // the hostile subject's failing cell
      await page.click('button.v[data-f="0"][data-s="2"]');
      await page.waitForSelector('#detail:not([hidden])');
      const text = await page.textContent('#detail-body') ?? '';
      t.ok(text.includes(PAYLOAD.script), 'the <script> payload is shown as text');
      t.ok(text.includes(PAYLOAD.img), 'the <img onerror> payload is shown as text');
      t.ok(text.includes('\\r\\n'), 'CR/LF visible in the wire log');
      t.equal(await page.locator('#detail section.rec').count(), 2, 'one block per delivery');
      await page.screenshot({ path: join(SHOTS, 'hostile-detail.png') });
      await page.click('text=wire as hex');
      t.match(await page.textContent('#detail-body') ?? '', /00000000 {2}48 54 54 50 2f 31 2e 31/, 'hex view of the response');
      await page.screenshot({ path: join(SHOTS, 'hostile-detail-hex.png') });
      t.equal(await pwned(page), undefined, 'no payload ran (window.__pwned unset)');
      t.equal(await page.evaluate("document.querySelectorAll('img, iframe, object, embed, script:not(#h1-data)').length"), 1, 'no element from subject bytes (only the report script)');
      t.deepEqual(problems, [], 'no console errors, CSP violations, dialogs or network requests');
    });
    rmSync(dir, { recursive: true, force: true });
  });

  test('HTML report in headless chromium at 1,366 px: headers below the filter bar, subject filter, no tall unlabelled chart', async (t) => {
    mkdirSync(SHOTS, { recursive: true });
    const dir = mkdtempSync(join(tmpdir(), 'h1compat-report-'));
    const file = join(dir, 'report.html');
    // 40 fixtures so that the page scrolls: the sticky header must stay visible below the sticky filter bar
    const doc = hostileDocument();
    const many = { ...doc, records: Array.from({ length: 10 }, (_, i) => doc.records.map((r) => ({ ...r, fixture: `${r.fixture}-${i}` }))).flat() };
    writeFileSync(file, renderHtml(many));
    await withPage(file, async (page, problems) => {
      const shown = (): Promise<number> => page.evaluate<number>("document.querySelectorAll('#matrix thead th.subj:not([hidden])').length");
      await page.evaluate("window.scrollTo(0, document.getElementById('matrix').getBoundingClientRect().top + window.scrollY + 400)");
      await page.waitForTimeout(100);
      const box = await page.evaluate<{ bar: number; head: number; cell: boolean }>(`(() => {
        const bar = document.getElementById('filters').getBoundingClientRect();
        const th = document.querySelector('#matrix thead th.subj').getBoundingClientRect();
        const at = document.elementFromPoint(th.left + th.width / 2, th.top + th.height / 2);
        return { bar: bar.bottom, head: th.top, cell: at !== null && at.closest('th.subj') !== null };
      })()`);
      t.ok(box.head >= box.bar - 1, `scrolled: the subject header (top ${box.head}) is below the filter bar (bottom ${box.bar})`);
      t.ok(box.cell, 'the subject header is the element seen at its place (not covered)');
      await page.screenshot({ path: join(SHOTS, 'matrix-1366-scrolled.png') });
      t.equal(await shown(), 3, 'all 3 subject columns shown');
      await page.click('.subject-filter summary');
      await page.uncheck('input[name=subject][value="1"]');
      t.equal(await shown(), 2, 'unticking a subject hides its column');
      t.equal(await page.evaluate<number>("document.querySelectorAll('#matrix td.c-1:not([hidden])').length"), 0, 'and its cells');
      t.equal(await page.textContent('#subjects-shown'), '2 of 3', 'the filter says how many are shown');
      await page.click('#subjects-none');
      t.equal(await visibleRows(page), 0, 'no subject: no fixture row');
      await page.click('#subjects-all');
      t.equal(await shown(), 3, 'all again');
      const tallest = await page.evaluate<number>("Math.max(...Array.from(document.querySelectorAll('svg')).map((s) => s.getBoundingClientRect().height))");
      t.ok(tallest < 200, `no chart taller than 200 px (tallest ${tallest})`);
      t.equal(await page.evaluate<number>("document.documentElement.scrollWidth"), 1366, 'no horizontal scrolling with 3 subjects');
      t.deepEqual(problems, [], 'no console errors, CSP violations or network requests');
    }, 1366);
    rmSync(dir, { recursive: true, force: true });
  });

  test('HTML report in headless chromium: a real run against a subject answering <script> and markup', async (t) => {
    const hostile = net.createServer((s) => {
      s.on('error', () => {});
      s.once('data', () => s.end(`HTTP/1.1 400 ${PAYLOAD.script}\r\nX-Evil: ${PAYLOAD.img}\r\nContent-Length: 60\r\nConnection: close\r\n\r\n${PAYLOAD.closer.padEnd(60, ' ')}`));
    });
    await new Promise<void>((resolve) => hostile.listen(0, '127.0.0.1', resolve));
    const dir = mkdtempSync(join(tmpdir(), 'h1compat-hostile-'));
    const port = (hostile.address() as net.AddressInfo).port;
    writeFileSync(join(dir, 'hostile.json'), JSON.stringify({ name: 'hostile', role: 'server', description: 'answers with markup', adapter: { kind: 'address', host: '127.0.0.1', port }, lacks: [] }));
    const code = await new Promise<number>((resolve) => {
      const c = execFile(process.execPath, [join(ROOT, 'bin/h1compat.js'), 'run', '--subject', join(dir, 'hostile.json'), '--grep', 'te-cl-conflict', '--delivery', 'whole', '--out', dir], { cwd: ROOT }, () => {});
      c.on('exit', (n) => resolve(n ?? -1));
    });
    hostile.close();
    t.ok(code === 0 || code === 1, `h1compat run finished (exit ${code})`);
    t.ok(existsSync(join(dir, 'report.html')), 'run wrote report.html');
    await withPage(join(dir, 'report.html'), async (page, problems) => {
      t.ok(await page.locator('#matrix tr.fx').count() >= 1, 'matrix renders');
      await page.click('#matrix button.v >> nth=0');
      await page.waitForSelector('#detail:not([hidden])');
      t.ok((await page.textContent('#detail-body') ?? '').includes('<script>window.__pwned'), 'the subject\'s <script> is shown as text');
      await page.screenshot({ path: join(SHOTS, 'real-hostile-detail.png') });
      t.equal(await pwned(page), undefined, 'nothing the subject sent ran');
      t.deepEqual(problems, [], 'no console errors, CSP violations or network requests');
    });
    rmSync(dir, { recursive: true, force: true });
  });
}
