// Command client driver for the curl command line: every request of the spec in one curl run (`--next`, so that
// curl reuses its connection), headers from `-D` (all blocks: interim and final), bodies from `-o`, errors from `-w`.

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeOctets } from '../../echo/octets';
import { octets, type ResultEntry, type ClientSpec } from '../types';
import { encodePairs, readSpec, report } from './common';

// must not start with @ (curl -w @file reads the format from a file)
const MARK = '=h1compat-transfer=';

/** curl's arguments for the spec; files in `dir` (`h<i>` headers, `b<i>` body, `d<i>` request content). */
export function curlArgs(spec: ClientSpec, dir: string): string[] {
  const args: string[] = [];
  spec.requests.forEach((r, i) => {
    if (i > 0) args.push('--next');
    args.push('-sS', '--http1.1', '-g', '--path-as-is', '-X', octets(r.method), '-D', join(dir, `h${i}`), '-o', join(dir, `b${i}`),
      '--max-time', String(spec.timeoutMs / 1000), '--expect100-timeout', String(spec.continueTimeoutMs / 1000), '-w', `${MARK}%{urlnum}\\t%{exitcode}\\t%{errormsg}\\n`);
    for (const [n, v] of r.fields) args.push('-H', `${octets(n)}: ${octets(v)}`);
    if (r.body !== undefined) {
      writeFileSync(join(dir, `d${i}`), Buffer.from(r.body, 'base64'));
      args.push('--data-binary', `@${join(dir, `d${i}`)}`);
    }
    args.push(r.url);
  });
  return args;
}

interface Block { status: number; reason: string; version: string; fields: [string, string][] }

/** Parse a -D dump: header blocks (status line, field lines, blank line), then any trailer lines. */
export function parseDump(text: string): { blocks: Block[]; trailers: [string, string][] } {
  const blocks: Block[] = [];
  const trailers: [string, string][] = [];
  let cur: Block | undefined;
  for (const line of text.split(/\r?\n/)) {
    const m = /^(HTTP\/\d(?:\.\d)?) (\d{3})(?: (.*))?$/.exec(line);
    if (m !== null && cur === undefined) {
      cur = { version: m[1], status: Number(m[2]), reason: m[3] ?? '', fields: [] };
      blocks.push(cur);
      continue;
    }
    if (line === '') { cur = undefined; continue; }
    const c = line.indexOf(':');
    if (c <= 0) continue;
    const pair: [string, string] = [line.slice(0, c), line.slice(c + 1).replace(/^[ \t]+|[ \t]+$/g, '')];
    (cur !== undefined ? cur.fields : trailers).push(pair);
  }
  return { blocks, trailers };
}


/** curl prints no -w line for some failures (connect errors): then its exit status and stderr stand for them. */
function entry(dir: string, i: number, info: Record<string, unknown> | undefined, exitCode: number, stderr: string): ResultEntry {
  const exit = Number(info?.exitcode ?? 0);
  if (info === undefined) return { error: { code: `CURLE_${exitCode}`, message: stderr.trim().split('\n').pop() ?? 'curl reported nothing for this request' } };
  if (exit !== 0) return { error: { code: `CURLE_${exit}`, message: String(info.errormsg ?? '') } };
  const dump = existsSync(join(dir, `h${i}`)) ? readFileSync(join(dir, `h${i}`)).toString('latin1') : '';
  const { blocks, trailers } = parseDump(dump);
  const final = blocks[blocks.length - 1];
  if (final === undefined) return { error: { code: 'NO_HEADERS', message: 'curl wrote no response head' } };
  const body = existsSync(join(dir, `b${i}`)) ? readFileSync(join(dir, `b${i}`)) : Buffer.alloc(0);
  return {
    status: final.status, reason: encodeOctets(final.reason), version: final.version, headers: encodePairs(final.fields),
    body: body.toString('base64'), trailers: encodePairs(trailers), interim: blocks.slice(0, -1).map((b) => b.status),
  };
}

async function main(): Promise<void> {
  const spec = await readSpec();
  const dir = mkdtempSync(join(tmpdir(), 'h1compat-curl-'));
  const child = spawn(process.env.CURL ?? 'curl', curlArgs(spec, dir), { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const version = 'curl';
  let exitCode = 0;
  child.stdout.on('data', (c: Buffer) => { out += c.toString('latin1'); });
  child.stderr.on('data', (c: Buffer) => { err += c.toString('latin1'); process.stderr.write(c); });
  const started = await new Promise<string | undefined>((resolve) => {
    child.on('error', (e) => resolve(e.message));
    child.on('close', (code) => { exitCode = code ?? -1; resolve(undefined); });
  });
  // one line per transfer: urlnum (0-based), so that a transfer that printed nothing does not shift the others
  const infos = out.split(MARK).slice(1).map((t): Record<string, unknown> => {
    const [urlnum, exitcode, errormsg] = t.replace(/\n$/, '').split('\t');
    return { urlnum, exitcode, errormsg };
  });
  const byNum = (i: number): Record<string, unknown> | undefined => infos.find((x) => x !== undefined && Number(x.urlnum) === i);
  const results: ResultEntry[] = started !== undefined ? spec.requests.map(() => ({ error: { code: 'SPAWN', message: started } }))
    : spec.requests.map((_, i) => entry(dir, i, byNum(i), exitCode, err));
  await report(version, results, () => rmSync(dir, { recursive: true, force: true }));
}

if (require.main === module) void main();
