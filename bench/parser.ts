// Benchmark (not a test): messages/s and MB/s of the reference parser vs node's llhttp through its JS binding.
//
// Usage: npm run bench:parser [-- --rounds N] [-- --quick] [-- --only <substring of an input name>]
// Method: one process; for each input, warm-up rounds, then interleaved rounds (ours, llhttp, ours, llhttp, ...) each
// doing a fixed amount of work on one keep-alive parser; the median round of each is reported, with ours/llhttp.
// Both parsers consume their events (count messages, field lines, body octets) and must agree on the counts.
// llhttp runs with the callbacks node:http installs (kOnHeaders, kOnHeadersComplete, kOnBody, kOnMessageComplete,
// kOnExecute), so the cost of crossing the C++/JS boundary and building the header arrays is included, as in node.

import { Parser } from '../impl/core/parser';
import type { MessageHead, ParserKind, ParserSink } from '../impl/core/types';
import { HTTPParser } from '../harness/diff/llhttp';

interface Input {
  name: string;
  kind: ParserKind;
  /** the chunks of one message, as a socket would deliver them */
  chunks: Buffer[];
  /** messages per round */
  perRound: number;
}

interface Counts { messages: number; fields: number; body: number }

const KIB = 1024;

function browserGet(): string {
  return 'GET /assets/app/index.html?utm_source=bench&v=3 HTTP/1.1\r\nHost: www.example.com\r\n'
    + 'User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36\r\n'
    + 'Accept: text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8\r\n'
    + 'Accept-Language: en-US,en;q=0.9,de;q=0.8\r\nAccept-Encoding: gzip, deflate, br, zstd\r\n'
    + 'Cookie: session=9f8e7d6c5b4a39281706f5e4d3c2b1a0; theme=dark; _ga=GA1.2.1234567890.1700000000\r\n'
    + 'Connection: keep-alive\r\nUpgrade-Insecure-Requests: 1\r\nSec-Fetch-Dest: document\r\nSec-Fetch-Mode: navigate\r\n'
    + 'Sec-Fetch-Site: none\r\nCache-Control: max-age=0\r\n\r\n';
}

function chunkedPost(): string {
  let body = '';
  for (let i = 0; i < 4; i++) body += `80;i=${i}\r\n${'x'.repeat(0x80)}\r\n`;
  return 'POST /upload HTTP/1.1\r\nHost: api.example.com\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n'
    + 'Trailer: X-Checksum\r\n\r\n' + body + '0\r\nX-Checksum: 1a2b3c4d\r\nX-Count: 4\r\n\r\n';
}

function bigBody(): Buffer[] {
  const size = 1024 * KIB;
  const head = Buffer.from(`PUT /blob HTTP/1.1\r\nHost: s.example.com\r\nContent-Type: application/octet-stream\r\nContent-Length: ${size}\r\n\r\n`, 'latin1');
  const body = Buffer.alloc(size, 0x61);
  const all = Buffer.concat([head, body]);
  const chunks: Buffer[] = [];
  for (let at = 0; at < all.length; at += 64 * KIB) chunks.push(all.subarray(at, at + 64 * KIB));
  return chunks;
}

const INPUTS: Input[] = [
  { name: 'small GET', kind: 'request', chunks: [Buffer.from('GET /index.html HTTP/1.1\r\nHost: a.example\r\n\r\n', 'latin1')], perRound: 200_000 },
  { name: 'browser-like GET', kind: 'request', chunks: [Buffer.from(browserGet(), 'latin1')], perRound: 50_000 },
  { name: 'chunked POST + trailers', kind: 'request', chunks: [Buffer.from(chunkedPost(), 'latin1')], perRound: 50_000 },
  { name: '1 MiB body, 64 KiB chunks', kind: 'request', chunks: bigBody(), perRound: 1000 },
];

/** The sink as a class, as impl/node's connections are: its methods are the same functions for every parser, so the
 *  parser's calls into the sink stay monomorphic (a fresh object literal per round would make each round's callbacks
 *  new call targets, deoptimising the parser again and again, which no server does). */
class CountingSink implements ParserSink {
  readonly c: Counts = { messages: 0, fields: 0, body: 0 };
  onHead(h: MessageHead): void { this.c.fields += h.fields.length >> 1; }
  onBody(b: Uint8Array): void { this.c.body += b.length; }
  onTrailers(t: string[]): void { this.c.fields += t.length >> 1; }
  onMessageComplete(): void { this.c.messages++; }
}

/** one round of the reference parser: `n` messages through one keep-alive parser */
function roundOurs(input: Input, n: number): Counts {
  const sink = new CountingSink();
  const c = sink.c;
  const p = new Parser(input.kind, sink);
  const chunks = input.chunks;
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < chunks.length; k++) {
      if (p.execute(chunks[k]) !== chunks[k].length) throw new Error(`reference parser stopped: ${p.error?.code}`);
    }
  }
  return c;
}

/** one round of llhttp through node's binding, with the callbacks node:http installs */
function roundLlhttp(input: Input, n: number): Counts {
  const c: Counts = { messages: 0, fields: 0, body: 0 };
  const P = HTTPParser;
  const p = new P();
  p.initialize(input.kind === 'request' ? P.REQUEST : P.RESPONSE, {}, 0, 0);
  p[P.kOnMessageBegin] = (): void => {};
  p[P.kOnHeaders] = (headers: string[]): void => { c.fields += headers.length >> 1; };
  p[P.kOnHeadersComplete] = (_ma: number, _mi: number, headers: string[] | undefined): number => {
    if (headers) c.fields += headers.length >> 1;
    return 0;
  };
  p[P.kOnBody] = (b: Buffer): void => { c.body += b.length; };
  p[P.kOnMessageComplete] = (): void => { c.messages++; };
  p[P.kOnExecute] = null;
  const chunks = input.chunks;
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < chunks.length; k++) {
      const r = p.execute(chunks[k]);
      if (r !== chunks[k].length) throw new Error(`llhttp stopped: ${typeof r === 'number' ? r : r.code}`);
    }
  }
  p.close?.();
  return c;
}

function timed(fn: () => Counts): { ms: number; counts: Counts } {
  const t0 = process.hrtime.bigint();
  const counts = fn();
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, counts };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function main(): void {
  const quick = process.argv.includes('--quick');
  const rounds = Number(arg('--rounds') ?? (quick ? 3 : 11));
  const warmup = quick ? 1 : 3;
  const scale = quick ? 0.1 : 1;
  const only = arg('--only'); // a substring of the input names, e.g. --only browser
  const rows: string[] = [];
  for (const input of INPUTS.filter((i) => only === undefined || i.name.includes(only))) {
    const n = Math.max(1, Math.round(input.perRound * scale));
    const bytesPerMsg = input.chunks.reduce((a, b) => a + b.length, 0);
    for (let w = 0; w < warmup; w++) { roundOurs(input, n); roundLlhttp(input, n); }
    const ours: number[] = [];
    const theirs: number[] = [];
    let co: Counts | undefined;
    let cl: Counts | undefined;
    for (let r = 0; r < rounds; r++) {
      const a = timed(() => roundOurs(input, n));
      const b = timed(() => roundLlhttp(input, n));
      ours.push(a.ms);
      theirs.push(b.ms);
      co = a.counts;
      cl = b.counts;
    }
    if (!co || !cl || co.messages !== n || cl.messages !== n || co.fields !== cl.fields || co.body !== cl.body) {
      throw new Error(`${input.name}: the parsers disagree: ours ${JSON.stringify(co)}, llhttp ${JSON.stringify(cl)}, expected ${n} messages`);
    }
    const mo = median(ours);
    const ml = median(theirs);
    const msgs = (ms: number): string => Math.round(n / (ms / 1000)).toLocaleString('en-US');
    const mbs = (ms: number): string => ((n * bytesPerMsg) / 1e6 / (ms / 1000)).toFixed(1);
    rows.push(`| ${input.name} | ${bytesPerMsg} | ${n} | ${msgs(mo)} | ${mbs(mo)} | ${msgs(ml)} | ${mbs(ml)} | ${(ml / mo).toFixed(2)}x |`);
    process.stderr.write(`${input.name}: ours ${mo.toFixed(1)} ms, llhttp ${ml.toFixed(1)} ms (median of ${rounds})\n`);
  }
  console.log(`node ${process.version}, llhttp ${process.versions.llhttp}, ${rounds} interleaved rounds after ${warmup} warm-up, median round`);
  console.log('');
  console.log('| input | bytes/msg | msgs/round | ours msg/s | ours MB/s | llhttp msg/s | llhttp MB/s | ours/llhttp |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) console.log(r);
}

main();
