#!/usr/bin/env node
// GitHub annotations from a results file: one `::error` line per gated failure (per --fail-on level), `::warning`
// for the other fails and warns, `::error` for harness errors; at most 50 lines, worst first. Used by action.yml.
// Usage: node action/annotate.js RESULTS.json [must|should|may]
'use strict';

const { readFileSync } = require('node:fs');

/** GitHub's escaping of workflow-command data and properties. */
const data = (s) => String(s).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const prop = (s) => data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

function main(argv) {
  const [file, failOn = 'must'] = argv;
  if (file === undefined || !['must', 'should', 'may'].includes(failOn)) {
    process.stderr.write('usage: node action/annotate.js RESULTS.json [must|should|may]\n');
    return 2;
  }
  const doc = JSON.parse(readFileSync(file, 'utf8'));
  const gated = (r) => r.verdict === 'fail' || (failOn !== 'must' && r.verdict === 'warn')
    || (failOn === 'may' && r.verdict === 'info' && r.level === 'MAY' && r.matched.length === 0);
  const rank = (r) => (r.verdict === 'error' ? 0 : gated(r) ? 1 : r.verdict === 'fail' ? 2 : r.verdict === 'warn' ? 3 : 9);
  // one line per subject × fixture (the worst delivery), worst first
  const seen = new Map();
  for (const r of doc.records) {
    if (rank(r) === 9) continue;
    const key = `${r.subject}\0${r.fixture}`;
    const had = seen.get(key);
    if (had === undefined || rank(r) < rank(had)) seen.set(key, r);
  }
  const rows = [...seen.values()].sort((a, b) => rank(a) - rank(b)).slice(0, 50);
  for (const r of rows) {
    const kind = rank(r) <= 1 ? 'error' : 'warning';
    const title = `h1compat ${r.verdict}: ${r.subject} ${r.fixture} (${r.level}, ${r.spec.join(', ')})`;
    process.stdout.write(`::${kind} file=${prop(r.file)},title=${prop(title)}::${data(`${r.title}\n${r.delivery}: ${r.reason}`)}\n`);
  }
  if (seen.size > rows.length) process.stdout.write(`::notice title=h1compat::${seen.size - rows.length} more in the HTML report\n`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
