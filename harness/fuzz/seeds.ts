// Fuzz seeds: the octets of the corpus (server and proxy fixtures' send steps as requests, client and proxy fixtures'
// serve steps as responses, loaded with harness/fixture; fuzz candidates left out), a few built-in messages of every
// framing shape, and the inputs of the parser cases (fixtures/parser/*.md) and of the differential test.

import { join } from 'node:path';
import { loadCorpus, octetsOf, type Fixture } from '../fixture';
import { formatProblem, loadParserCases } from '../diff/cases';
import { diffInputs } from '../diff/inputs';
import type { Seed } from './mutate';

/** seeds longer than this are left out: 1,000,000 runs of a 1 MiB request-target test nothing new */
export const MAX_SEED_OCTETS = 20000;

/** the octets a fixture writes on one side, all steps concatenated (pauses and waits do not change the stream) */
export function streamOf(f: Fixture, step: 'send' | 'serve'): string {
  let s = '';
  for (const x of f.exchange) if (x.kind === step) s += octetsOf(x.bytes);
  return s;
}

/** Seeds from every fixture under `dir` (default: the repository's fixtures/), in corpus order. */
export function corpusSeeds(dir = join(require('../paths').ROOT as string, 'fixtures')): Seed[] {
  const { corpus } = loadCorpus(dir, { canonical: false });
  const out: Seed[] = [];
  for (const f of corpus.fixtures) {
    // fuzz candidates are derived from other seeds: seeding from them would make each run depend on the last one
    if (f.provenance?.fuzz) continue;
    const send = streamOf(f, 'send');
    const serve = streamOf(f, 'serve');
    if (send && (f.role === 'server' || f.role === 'proxy')) out.push({ origin: `fixture ${f.id}`, kind: 'request', input: send });
    if (serve && (f.role === 'client' || f.role === 'proxy')) out.push({ origin: `fixture ${f.id} (served)`, kind: 'response', input: serve });
  }
  return out.filter((s) => s.input.length <= MAX_SEED_OCTETS);
}

const H = 'Host: a\r\n';
/** Messages of every framing shape, so that a run without the corpus still reaches every part of the grammar. */
export const BUILTIN_SEEDS: readonly Seed[] = [
  ['GET /a?b=c HTTP/1.1\r\n' + H + 'Accept: */*\r\n\r\n', 'request'],
  ['POST /f HTTP/1.1\r\n' + H + 'Content-Length: 5\r\n\r\nhello', 'request'],
  ['POST /c HTTP/1.1\r\n' + H + 'Transfer-Encoding: chunked\r\n\r\n5;e=v\r\nhello\r\n0\r\nT: v\r\n\r\n', 'request'],
  ['GET /1 HTTP/1.1\r\n' + H + '\r\nGET /2 HTTP/1.1\r\n' + H + 'Connection: close\r\n\r\n', 'request'],
  ['GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n', 'request'],
  ['CONNECT a:443 HTTP/1.1\r\nHost: a:443\r\n\r\nrest', 'request'],
  ['GET /ws HTTP/1.1\r\n' + H + 'Connection: Upgrade\r\nUpgrade: websocket\r\n\r\nframe', 'request'],
  ['OPTIONS * HTTP/1.1\r\n' + H + 'Expect: 100-continue\r\nContent-Length: 1\r\n\r\nx', 'request'],
  ['HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi', 'response'],
  ['HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\n\r\n', 'response'],
  ['HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n', 'response'],
  ['HTTP/1.0 200 OK\r\nServer: x\r\n\r\nuntil close', 'response'],
].map(([input, kind], i) => ({ origin: `builtin #${i}`, kind: kind as Seed['kind'], input }));

/** The parser cases (fixtures/parser/*.md, in file order) and the differential inputs as seeds: inputs only (options
 *  such as leniency flags are not carried over). A malformed case file is an error, not fewer seeds. */
export function caseSeeds(dir?: string): Seed[] {
  const { cases, problems } = loadParserCases(dir);
  if (problems.length > 0) throw new Error(`parser case files: ${problems.map(formatProblem).join('; ')}`);
  return [...cases, ...diffInputs].filter((c) => c.input.length <= MAX_SEED_OCTETS)
    .map((c) => ({ origin: `case ${c.id}`, kind: c.kind ?? 'request', input: c.input }));
}
