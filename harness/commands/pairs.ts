// `h1compat pairs`: which proxy × origin-server pairs disagree on message boundaries (harness/pairs/, docs/pairs.md).
// Reads results files, replays forwarded octets no server record covers, optionally confirms live, and writes
// pairs.json, pairs.md and pairs.html; `--render FILE` only renders an existing pairs.json.

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError, list, type Command, type Flags } from '../cli-args';
import { ROOT, VERSION } from '../paths';
import { writeAtomic, ResultsFileError } from '../../reports';
import { parsePairs, pairTotals, type PairsDocument } from '../../reports/pairs-types';
import { renderPairsMarkdown } from '../../reports/pairs-markdown';
import { renderPairsHtml } from '../../reports/pairs-html';
import { runPairs } from '../pairs/run';

const FLAGS = {
  results: { type: 'string', arg: 'a,b', help: 'results files or folders of them (default reports/compat/results)' },
  proxy: { type: 'string', arg: 'a,b', help: 'only these proxies' },
  server: { type: 'string', arg: 'a,b', help: 'only these origin servers' },
  fixture: { type: 'string', arg: 'a,b', help: 'only the streams of these proxy fixtures' },
  offline: { type: 'boolean', help: 'no traffic: reuse server records of identical octets only (the rest is unknown)' },
  confirm: { type: 'boolean', help: 'chain every disagreeing pair live: the real proxy in front of the real server' },
  capture: { type: 'boolean', help: 'replay the proxy fixtures whose forwarded octets the results do not keep (compact pass records), to analyse them too' },
  jobs: { type: 'number', arg: 'N', min: 1, max: 32, integer: true, help: 'replays in flight against one server (default 4)' },
  wait: { type: 'number', arg: 'MS', min: 50, max: 60000, integer: true, help: 'wait for each expected answer in a replay (default 1500)' },
  out: { type: 'string', arg: 'DIR', help: 'where pairs.json, pairs.md and pairs.html go (default out/pairs)' },
  render: { type: 'string', arg: 'FILE', help: 'only render an existing pairs.json into --out' },
} satisfies Flags;

function gitRevision(): string | null {
  if (!existsSync(join(ROOT, '.git'))) return null;
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim() || null;
  } catch {
    return null;
  }
}

/** The command line that produced a document, for its header and re-runs. */
function commandLine(v: Record<string, unknown>): string {
  const parts = ['h1compat pairs'];
  for (const k of Object.keys(FLAGS)) {
    const x = v[k];
    if (x === true) parts.push(`--${k}`);
    else if (typeof x === 'string' || typeof x === 'number') parts.push(`--${k} ${x}`);
  }
  return parts.join(' ');
}

function write(doc: PairsDocument, dir: string, results: string): void {
  writeAtomic(join(dir, 'pairs.json'), JSON.stringify(doc, null, 1) + '\n');
  writeAtomic(join(dir, 'pairs.md'), renderPairsMarkdown(doc, { results }));
  writeAtomic(join(dir, 'pairs.html'), renderPairsHtml(doc, { results }));
}

export const command: Command = {
  usage: 'h1compat pairs [--results DIR|FILES] [--proxy a,b] [--server a,b] [--fixture a,b] [--offline] [--capture] [--confirm] [--out DIR]',
  summary: 'Request-smuggling pairs: for every proxy × origin server in the results, how the server reads the octets the proxy forwarded (records reused, the rest replayed; --confirm chains the two live). Writes pairs.json/md/html. Exit 1 when a pair is confirmed live.',
  flags: FLAGS,
  async run(v, positional) {
    if (positional.length > 0) throw new UsageError(`h1compat pairs: unexpected argument \`${positional[0]}\` (use --results)`);
    const out = resolve(typeof v.out === 'string' ? v.out : 'out/pairs');
    const resultsArg = typeof v.results === 'string' ? list(v.results) : [join(ROOT, 'reports/compat/results')];
    const shownResults = typeof v.results === 'string' ? v.results : 'reports/compat/results';
    let doc: PairsDocument;
    if (typeof v.render === 'string') {
      let text: string;
      try {
        text = readFileSync(v.render, 'utf8');
      } catch (e) {
        throw new UsageError(`h1compat pairs: ${v.render}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
      }
      try {
        doc = parsePairs(text, v.render);
      } catch (e) {
        throw new UsageError(`h1compat pairs: ${(e as Error).message}`);
      }
    } else {
      for (const r of resultsArg) if (!existsSync(r)) throw new UsageError(`h1compat pairs: --results: ${r} does not exist`);
      try {
        doc = await runPairs({
          results: resultsArg, proxies: list(v.proxy), servers: list(v.server), fixtures: list(v.fixture),
          replay: v.offline !== true, confirm: v.confirm === true, capture: v.capture === true,
          ...(typeof v.jobs === 'number' ? { jobs: v.jobs } : {}), ...(typeof v.wait === 'number' ? { waitMs: v.wait } : {}),
          command: commandLine(v), git: gitRevision(), toolVersion: VERSION, log: (l) => process.stderr.write(`${l}\n`),
        });
      } catch (e) {
        if (e instanceof ResultsFileError) throw new UsageError(`h1compat pairs: ${e.message}`);
        throw e;
      }
      if (doc.proxies.length === 0 || doc.servers.length === 0) {
        process.stderr.write(`h1compat pairs: the results hold ${doc.proxies.length} proxies and ${doc.servers.length} servers (selected); a pair needs one of each\n`);
        return 3;
      }
    }
    write(doc, out, shownResults);
    const t = pairTotals(doc);
    process.stdout.write(`${t.pairsDisagreeing} of ${t.pairs} pairs disagree (${t.disagree} cases: ${t.confirmed} confirmed, ${t.disagree - t.confirmed} predicted; ${t.unknown} unknown, ${t.rejected} refused)\n` +
      `pairs: ${join(out, 'pairs.md')}, ${join(out, 'pairs.html')}, ${join(out, 'pairs.json')}\n`);
    return t.confirmed > 0 ? 1 : 0;
  },
};
