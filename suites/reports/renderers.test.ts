// Golden-file tests of every renderer (HTML, Markdown, JUnit, TAP) on a real run's sample and on a hostile subject,
// volatile fields normalised; UPDATE_GOLDEN=1 rewrites the goldens. Plus the escaping rules each format relies on.

import test from 'tape';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderReport, REPORT_FORMATS } from '../../reports';
import { escapeHtml, escapeXml, jsonForScript, mdCell } from '../../reports/escape';
import { CLIENT_SCRIPT } from '../../reports/html-client';
import { hostileDocument, normaliseDoc, normaliseText, realSample, PAYLOAD } from './docs';

const GOLDEN = join(__dirname, 'golden');
const EXT = { html: 'html', md: 'md', junit: 'xml', tap: 'tap' } as const;
const update = process.env.UPDATE_GOLDEN === '1';

for (const [name, make] of [['sample', realSample], ['hostile', hostileDocument]] as const) {
  for (const format of REPORT_FORMATS) {
    test(`golden: ${name}.${EXT[format]}`, (t) => {
      const path = join(GOLDEN, `${name}.${EXT[format]}`);
      const text = normaliseText(renderReport(normaliseDoc(make()), format));
      if (update || !existsSync(path)) writeFileSync(path, text);
      const want = readFileSync(path, 'utf8');
      t.ok(text === want, `${name} ${format} equals ${path}${text === want ? '' : ' (UPDATE_GOLDEN=1 npm test rewrites it after review)'}`);
      t.equal(renderReport(normaliseDoc(make()), format), renderReport(normaliseDoc(make()), format), 'rendering is deterministic');
      t.end();
    });
  }
}

test('hostile bytes never appear as markup in HTML or JUnit output', (t) => {
  const doc = normaliseDoc(hostileDocument());
  const html = renderReport(doc, 'html');
  const scripts = html.match(/<script\b[^>]*>/g) ?? [];
  t.deepEqual(scripts, ['<script type="application/json" id="h1-data">', '<script>'], 'only the data block and the report script');
  const handlers = (html.match(/<[a-z][^>]*>/gi) ?? []).filter((tag) => /\son[a-z]+\s*=/i.test(tag.replace(/"[^"]*"/g, '""')));
  t.deepEqual(handlers, [], 'no element carries an event-handler attribute');
  for (const bad of ['<img', '<svg onload', '</script><script>', '\u2028', '\u2029']) {
    const parts = html.split(bad);
    t.equal(parts.length - 1, 0, `no literal ${JSON.stringify(bad)} in the HTML`);
  }
  t.ok(html.includes('&lt;script&gt;window.__pwned'), 'the payload is present as escaped text');
  t.match(html, /Content-Security-Policy" content="default-src &#39;none&#39;; script-src &#39;sha256-/, 'a CSP allows only the report script');
  const xml = renderReport(doc, 'junit');
  t.notOk(xml.includes('<script') || xml.includes('<img'), 'no markup in JUnit');
  t.notOk(/[\x00-\x08\x0b\x0c\x0e-\x1f]/.test(xml), 'no characters XML 1.0 cannot carry');
  const tap = renderReport(doc, 'tap');
  t.ok(tap.split('\n').filter((l) => /^(not )?ok /.test(l)).length === doc.records.length, 'one TAP line per record (names never break lines)');
  t.end();
});

test('the report script is valid JavaScript', (t) => {
  t.doesNotThrow(() => new Function(CLIENT_SCRIPT), 'parses');
  t.end();
});

test('escaping helpers', (t) => {
  t.equal(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  t.equal(escapeXml('a\x00b\x1bc<&>\r'), 'a\\x00b\\x1Bc&lt;&amp;&gt;&#13;');
  t.equal(escapeXml('\ud800x'), '\\u{D800}x', 'a lone surrogate is made visible');
  const j = jsonForScript({ s: `${PAYLOAD.closer}${PAYLOAD.separators}&` });
  t.notOk(/[<>&\u2028\u2029]/.test(j), 'script JSON holds no < > & U+2028 U+2029');
  t.deepEqual(JSON.parse(j), { s: `${PAYLOAD.closer}${PAYLOAD.separators}&` }, 'and parses back to the same value');
  t.equal(mdCell('a|b\n<i>*x*</i>'), 'a\\|b\\\\n&#60;i&#62;&#42;x&#42;&#60;/i&#62;');
  t.end();
});
