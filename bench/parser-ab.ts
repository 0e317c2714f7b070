// Benchmark (not a test): the reference parser of the working tree (B) against the one of a git revision (A), in one
// process, paired rounds — for deciding whether a parser change is faster before running bench/parser.ts.
//
// Usage: npm run bench:parser-ab -- --base <rev> [--rounds 15] [--messages 100000] [--input browser|small|chunked]
// Method: impl/core of <rev> (git archive) and of the working tree are transpiled to JavaScript in two temporary
// folders and both Parser classes are loaded. After 3 warm-up rounds each, rounds alternate A, B, A, B, ...; each
// round parses --messages copies of the input through one keep-alive parser. Printed: median ns/message of each and
// the median of the paired time ratios B/A (below 1 is faster). Identical builds measure 0.94-1.04 on this machine.

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { MessageHead, ParserSink } from '../impl/core/types';

const ROOT = path.resolve(__dirname, '..');

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
}

/** transpiles every impl/core/*.ts under `src` into `out` (CommonJS, ES2022, as ts-node would) */
function transpileCore(src: string, out: string): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ts: typeof import('typescript') = require('typescript');
  const dir = path.join(src, 'impl/core');
  fs.mkdirSync(path.join(out, 'impl/core'), { recursive: true });
  for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.ts'))) {
    const js = ts.transpileModule(fs.readFileSync(path.join(dir, f), 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true }, fileName: f,
    }).outputText;
    fs.writeFileSync(path.join(out, 'impl/core', f.replace(/\.ts$/, '.js')), js);
  }
}

const INPUTS: Record<string, string> = {
  small: 'GET /index.html HTTP/1.1\r\nHost: a.example\r\n\r\n',
  browser: 'GET /assets/app/index.html?utm_source=bench&v=3 HTTP/1.1\r\nHost: www.example.com\r\n'
    + 'User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36\r\n'
    + 'Accept: text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8\r\n'
    + 'Accept-Language: en-US,en;q=0.9,de;q=0.8\r\nAccept-Encoding: gzip, deflate, br, zstd\r\n'
    + 'Cookie: session=9f8e7d6c5b4a39281706f5e4d3c2b1a0; theme=dark; _ga=GA1.2.1234567890.1700000000\r\n'
    + 'Connection: keep-alive\r\nUpgrade-Insecure-Requests: 1\r\nSec-Fetch-Dest: document\r\nSec-Fetch-Mode: navigate\r\n'
    + 'Sec-Fetch-Site: none\r\nCache-Control: max-age=0\r\n\r\n',
  chunked: 'POST /upload HTTP/1.1\r\nHost: api.example.com\r\nTransfer-Encoding: chunked\r\n\r\n'
    + Array.from({ length: 4 }, (_, i) => `80;i=${i}\r\n${'x'.repeat(0x80)}\r\n`).join('') + '0\r\nX-Checksum: 1a2b\r\n\r\n',
};

class Sink implements ParserSink {
  messages = 0;
  fields = 0;
  onHead(h: MessageHead): void { this.fields += h.fields.length; }
  onBody(): void {}
  onTrailers(t: string[]): void { this.fields += t.length; }
  onMessageComplete(): void { this.messages++; }
}

type ParserClass = new (kind: 'request', sink: ParserSink) => { execute(b: Uint8Array): number };

/** ns per message of one round */
function round(P: ParserClass, msg: Buffer, n: number): number {
  const sink = new Sink();
  const p = new P('request', sink);
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) p.execute(msg);
  const ns = Number(process.hrtime.bigint() - t0) / n;
  if (sink.messages !== n) throw new Error(`parsed ${sink.messages} of ${n} messages`);
  return ns;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1];

function main(): void {
  const base = arg('base', 'HEAD');
  const rounds = Number(arg('rounds', '15'));
  const n = Number(arg('messages', '100000'));
  const input = arg('input', 'browser');
  if (!(input in INPUTS)) throw new Error(`--input must be one of ${Object.keys(INPUTS).join(', ')}`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'h1compat-parser-ab-'));
  const srcA = path.join(tmp, 'src-a');
  fs.mkdirSync(srcA);
  execFileSync('bash', ['-c', `git -C "${ROOT}" archive "${base}" impl/core | tar -x -C "${srcA}"`]);
  transpileCore(srcA, path.join(tmp, 'a'));
  transpileCore(ROOT, path.join(tmp, 'b'));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const A = require(path.join(tmp, 'a/impl/core/parser.js')).Parser as ParserClass;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const B = require(path.join(tmp, 'b/impl/core/parser.js')).Parser as ParserClass;
  const msg = Buffer.from(INPUTS[input], 'latin1');
  for (let i = 0; i < 3; i++) { round(A, msg, n >> 1); round(B, msg, n >> 1); }
  const a: number[] = [];
  const b: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const x = round(A, msg, n);
    const y = round(B, msg, n);
    a.push(x);
    b.push(y);
    ratios.push(y / x);
  }
  fs.rmSync(tmp, { recursive: true, force: true });
  console.log(`input ${input}, ${rounds} paired rounds of ${n} messages; A = ${base}, B = working tree`);
  console.log(`A ${median(a).toFixed(0)} ns/msg  B ${median(b).toFixed(0)} ns/msg  B/A median of paired ratios ${median(ratios).toFixed(3)}`);
}

main();
