// Starting a client subject for one replay: the in-process drivers (reference, node:http) or a command that reads the
// request spec and prints the result (harness/client/CONTRACT.md).

import * as http from 'node:http';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Capped, terminate, track } from '../subjects/command';
import type { SubjectSpec } from '../subjects/types';
import { runNodeApiClient, type HttpModule } from './drivers/node-api';
import { compiledDrivers } from './compile';
import { findResult, type ClientResult, type ClientSpec } from './types';

/** The client's report: a valid result, or why there is none (crash, garbage, silence). `adapterFault`: the driver
 *  (harness code: it must turn whatever the library does into a result, errors included) threw or exited without a
 *  result, so the record is `error`, never the subject's `fail` (DESIGN.md, verdicts). */
export type ClientReport = { readonly ok: true; readonly result: ClientResult } | { readonly ok: false; readonly reason: string; readonly adapterFault?: boolean };

export interface LaunchedClient {
  /** settles once: the result, or the reason there is none */
  readonly report: Promise<ClientReport>;
  /** let go of the client: close its connections, stop its process (after the harness has looked at the connection) */
  close(): Promise<void>;
  /** captured stdout/stderr of a command client (capped) */
  output(): { stdout: string; stderr: string; exit?: { code: number | null; signal: string | null } };
}

export function implementationModule(implementation: 'reference' | 'node'): { mod: HttpModule; name: string } {
  if (implementation === 'node') return { mod: http as unknown as HttpModule, name: `node ${process.version}` };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const version = (require('../paths') as typeof import('../paths')).VERSION;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return { mod: require('../../impl') as HttpModule, name: `h1compat ${version}` };
}

/** An exception out of an in-process driver: the driver reports the library's errors as error entries, so anything
 *  that escapes it is a fault of the harness's adapter; the stack goes into the record. */
function thrown(e: unknown): ClientReport {
  return { ok: false, reason: `the client driver threw: ${(e as Error)?.stack ?? String(e)}`, adapterFault: true };
}

function inProcess(implementation: 'reference' | 'node', spec: ClientSpec): LaunchedClient {
  const { mod, name } = implementationModule(implementation);
  let running: ReturnType<typeof runNodeApiClient> | undefined;
  let report: Promise<ClientReport>;
  try {
    running = runNodeApiClient(mod, spec, name);
    report = running.result.then((result) => ({ ok: true as const, result }), (e: Error) => thrown(e));
  } catch (e) {
    report = Promise.resolve(thrown(e));
  }
  return { report, close: async () => running?.close(), output: () => ({ stdout: '', stderr: '' }) };
}

/** The repository root, for `{root}` in argv (the drivers in harness/client/drivers live there). */
import { ROOT } from '../paths';

/** Per-replay folders of command clients not yet removed: removed when the harness exits, whatever the reason (a
 *  signal goes through process.exit in run-command.ts), so that a killed run leaves no h1compat-client-* behind. */
const folders = new Set<string>();
process.on('exit', () => {
  for (const d of folders) rmSync(d, { recursive: true, force: true });
});

function removeFolder(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  folders.delete(dir);
}

/** Why a command client cannot start in its working directory, or undefined when it can. spawn reports a missing
 *  working directory as ENOENT of the program ("spawn java ENOENT"), which names the wrong thing. */
function cwdProblem(cwd: string | undefined): string | undefined {
  if (cwd === undefined) return undefined;
  if (!existsSync(cwd)) return `the client's working directory \`${cwd}\` does not exist (adapter.cwd)`;
  if (!statSync(cwd).isDirectory()) return `the client's working directory \`${cwd}\` is not a folder (adapter.cwd)`;
  return undefined;
}

/** `{spec}` in argv becomes the path of a file holding the spec JSON, `{port}` the origin's port, `{root}` the
 *  repository root, `{drivers}` the folder of the transpiled drivers; `{port}` and `{root}` are filled in `cwd` and
 *  in `env` values as well (as for server subjects, subjects/command.ts). The spec is also written to stdin's first
 *  line; stdin then stays open until close(), so that a driver can hold its connections open after printing its
 *  result (it exits when stdin ends).
 *
 *  Each replay gets one private folder (`h1compat-client-*` in the system's temp folder): the spec file, and the
 *  client's temporary files — TMPDIR, TMP, TEMP and H1COMPAT_TMP point into it, so whatever the driver or the library
 *  writes there (curl's head and body files, wget's) goes when the adapter removes the folder after the process has
 *  exited: at close(), on a spawn error, and when the harness exits. A driver killed before its own cleanup leaves
 *  nothing behind. */
function command(subject: SubjectSpec, spec: ClientSpec): LaunchedClient {
  const a = subject.adapter;
  if (a.kind !== 'command') throw new Error('command client needs a command adapter');
  const dir = mkdtempSync(join(tmpdir(), 'h1compat-client-'));
  folders.add(dir);
  const file = join(dir, 'spec.json');
  const text = JSON.stringify(spec);
  writeFileSync(file, text);
  const temp = join(dir, 'tmp');
  mkdirSync(temp);
  const fill = (x: string): string => x.split('{spec}').join(file).split('{port}').join(String(spec.origin.port)).split('{root}').join(ROOT);
  // `{drivers}`: the drivers in harness/client/drivers, transpiled to JavaScript once per run (compile.ts)
  const argv = a.argv.map((x) => (x.includes('{drivers}') ? fill(x.split('{drivers}').join(compiledDrivers())) : fill(x)));
  const cwd = a.cwd === undefined ? undefined : fill(a.cwd);
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(a.env ?? {})) env[k] = fill(v);
  const out = new Capped();
  const err = new Capped();
  let stdout = '';
  let exit: { code: number | null; signal: string | null } | undefined;
  let settled = false;
  let settle: (r: ClientReport) => void = () => {};
  const report = new Promise<ClientReport>((resolve) => { settle = (r) => { if (!settled) { settled = true; resolve(r); } }; });
  const problem = cwdProblem(cwd);
  if (problem !== undefined) {
    removeFolder(dir);
    settle({ ok: false, reason: `the client could not be started: ${problem}`, adapterFault: true });
    return { report, close: async () => {}, output: () => ({ stdout: '', stderr: '' }) };
  }
  const child = spawn(argv[0], argv.slice(1), {
    cwd,
    env: { ...process.env, ...env, H1COMPAT_SPEC: file, H1COMPAT_TMP: temp, TMPDIR: temp, TMP: temp, TEMP: temp, PORT: String(spec.origin.port) },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  track(child);
  child.on('error', (e: NodeJS.ErrnoException) => {
    const why = e.code === 'ENOENT' ? `program \`${argv[0]}\` not found (adapter.argv[0]; is its runtime installed?)` : e.message;
    settle({ ok: false, reason: `the client could not be started: ${why}`, adapterFault: true });
  });
  child.stdin!.on('error', () => {});
  child.stdin!.write(`${text}\n`);
  child.stdout!.on('data', (c: Buffer) => {
    out.add(c);
    if (stdout.length < 4 * 1024 * 1024) stdout += c.toString('utf8');
    if (c.includes(0x0a)) {
      const r = findResult(stdout);
      if (r.ok) settle(r);
    }
  });
  child.stderr!.on('data', (c: Buffer) => err.add(c));
  const stderrTail = (): string => (err.text !== '' ? `; stderr: ${err.text.slice(-2000).trim()}` : '');
  child.on('close', (code, signal) => {
    exit = { code, signal };
    const r = findResult(stdout);
    if (r.ok) settle(r);
    // a driver that exits without its result line broke the contract (an uncaught exception, usually): the adapter's
    // fault, with its stderr (the stack) in the record; a client killed by a signal it did not ask for is the subject's
    else settle({ ok: false, reason: `the client exited (code ${code}, signal ${signal}) without a result: ${r.reason}${stderrTail()}`,
      adapterFault: signal === null });
  });
  return {
    report,
    async close() {
      // Stopped by the harness before it reported: a client that hangs (the subject's, as one killed by a signal it
      // did not ask for; the drivers keep their own deadline, timeoutMs, so a hang of the library is a TIMEOUT entry).
      // Settled here, before the signal: how the runtime then exits (a JVM answers SIGTERM with exit code 143, which
      // read as a driver that exited without its result; node dies by the signal) and whether its 'close' event
      // comes before the record is built must not change the record (issue 13: the same hang was `error` or `fail`).
      const r = findResult(stdout);
      settle(r.ok ? r : { ok: false, reason: `the client had not reported when the harness stopped it (its deadline: timeoutMs = ${spec.timeoutMs} ms per request): ${r.reason}${stderrTail()}` });
      child.stdin!.end();
      await terminate(child);
      removeFolder(dir);
    },
    output: () => ({ stdout: out.text, stderr: err.text, ...(exit !== undefined ? { exit } : {}) }),
  };
}

/** Start a client subject on a spec. Never throws for the subject's behaviour. */
export function launchClient(subject: SubjectSpec, spec: ClientSpec): LaunchedClient {
  const a = subject.adapter;
  if (a.kind === 'in-process') return inProcess(a.implementation, spec);
  if (a.kind === 'command') return command(subject, spec);
  return { report: Promise.resolve({ ok: false, reason: 'an address subject cannot play the client role', adapterFault: true }), close: async () => {}, output: () => ({ stdout: '', stderr: '' }) };
}
