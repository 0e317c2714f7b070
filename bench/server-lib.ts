// Shared helpers for bench/server.ts, bench/client.ts and bench/memory.ts (benchmarks, not tests).

import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as readline from 'node:readline';

export type ImplName = 'reference' | 'node';
export const IMPLS: readonly ImplName[] = ['reference', 'node'];

const ROOT = path.resolve(__dirname, '..');
const TS_NODE = ['-r', 'ts-node/register/transpile-only'];

export interface Target {
  impl: ImplName;
  scenario: string;
  port: number;
  pid: number;
  /** send one command line and wait for the next JSON line on stdout */
  ask<T = Record<string, unknown>>(cmd: string, timeoutMs?: number): Promise<T>;
  stop(): Promise<void>;
}

export interface JsonProcess {
  /** the first JSON line the process printed */
  hello: Record<string, unknown>;
  /** send one command line and wait for the next JSON line on stdout */
  ask<T = Record<string, unknown>>(cmd: string, timeoutMs?: number): Promise<T>;
  stop(): Promise<void>;
}

/**
 * Start `node [nodeArgs] -r ts-node/register/transpile-only <script> <args>` speaking JSON lines on stdout and
 * commands on stdin (`exit` ends it); `plain` runs a .js script without ts-node. `shellPrefix` (e.g. `ulimit -n 20000`) runs in bash before exec'ing node,
 * for limits that must be raised in that process itself.
 */
export async function startJsonProcess(script: string, args: string[], opts: { nodeArgs?: string[]; shellPrefix?: string; plain?: boolean } = {}): Promise<JsonProcess> {
  const argv = [...(opts.nodeArgs ?? []), ...(opts.plain ? [] : TS_NODE), path.resolve(ROOT, script), ...args];
  let child: ChildProcess;
  if (opts.shellPrefix) {
    const quoted = argv.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    child = spawn('bash', ['-c', `${opts.shellPrefix} && exec '${process.execPath}' ${quoted}`], { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
  } else {
    child = spawn(process.execPath, argv, { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
  }
  const lines: string[] = [];
  const waiters: Array<(line: string) => void> = [];
  const rl = readline.createInterface({ input: child.stdout! });
  rl.on('line', (line) => {
    const w = waiters.shift();
    if (w) w(line); else lines.push(line);
  });
  let exited = false;
  const exitP = new Promise<void>((resolve) => child.on('exit', () => { exited = true; resolve(); }));
  const nextLine = (timeoutMs: number): Promise<string> => {
    const l = lines.shift();
    if (l !== undefined) return Promise.resolve(l);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`${script} ${args.join(' ')}: no answer in ${timeoutMs} ms`)), timeoutMs);
      waiters.push((line) => { clearTimeout(t); resolve(line); });
    });
  };
  const hello = JSON.parse(await nextLine(30_000)) as Record<string, unknown>;
  return {
    hello,
    async ask(cmd, timeoutMs = 30_000) {
      child.stdin!.write(cmd + '\n');
      return JSON.parse(await nextLine(timeoutMs));
    },
    async stop() {
      if (exited) return;
      child.stdin!.write('exit\n');
      const t = setTimeout(() => { if (!exited) child.kill('SIGKILL'); }, 5_000);
      await exitP;
      clearTimeout(t);
    },
  };
}

/**
 * Transpile impl/ and bench/server-target.ts to CommonJS JavaScript under a temporary directory (same layout), so that
 * a target can run on plain node without ts-node: ts-node keeps the TypeScript compiler and its work in the heap, which
 * would dwarf and skew memory measurements. Returns the directory.
 */
export function buildJs(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ts: typeof import('typescript') = require('typescript');
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'h1compat-bench-'));
  const files: string[] = ['bench/server-target.ts'];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      const rel = path.join(dir, e.name);
      if (e.isDirectory()) walk(rel);
      else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) files.push(rel);
    }
  };
  walk('impl');
  for (const rel of files) {
    const src = fs.readFileSync(path.join(ROOT, rel), 'utf8');
    const js = ts.transpileModule(src, {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
      fileName: rel,
    }).outputText;
    const dest = path.join(out, rel.replace(/\.ts$/, '.js'));
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    fs.writeFileSync(dest, js);
  }
  return out;
}

/**
 * Start `bench/server-target.ts <impl> <scenario>` in its own process; it listens on 127.0.0.1, port 0.
 * With `jsDir` (from buildJs()), runs the transpiled JavaScript on plain node instead of under ts-node.
 */
export async function startTarget(impl: ImplName, scenario: string, opts: { nodeArgs?: string[]; shellPrefix?: string; jsDir?: string } = {}): Promise<Target> {
  const p = opts.jsDir
    ? await startJsonProcess(path.join(opts.jsDir, 'bench/server-target.js'), [impl, scenario], { ...opts, plain: true })
    : await startJsonProcess('bench/server-target.ts', [impl, scenario], opts);
  return { impl, scenario, port: Number(p.hello.port), pid: Number(p.hello.pid), ask: p.ask, stop: p.stop };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function machine(): { nproc: number; cpu: string; node: string; date: string; load: string; git: string } {
  let cpu = os.cpus()[0]?.model ?? 'unknown';
  try {
    const m = /^model name\s*:\s*(.*)$/m.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'));
    if (m) cpu = m[1].trim();
  } catch { /* not linux */ }
  let git = 'unknown';
  try { git = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim(); } catch { /* no git */ }
  return {
    nproc: os.availableParallelism?.() ?? os.cpus().length,
    cpu,
    node: process.version,
    date: new Date().toISOString(),
    load: os.loadavg().map((x) => x.toFixed(2)).join(' '),
    git,
  };
}

export function printMachine(): void {
  const m = machine();
  console.log(`machine: nproc=${m.nproc}, cpu="${m.cpu}", node ${m.node}, date ${m.date}, loadavg ${m.load}, git ${m.git}`);
}

export function argValue(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} needs a positive number`);
  return v;
}

export function argString(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? undefined : process.argv[i + 1];
}

export function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}
