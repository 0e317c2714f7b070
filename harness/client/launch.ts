// Starting a client subject for one replay: the in-process drivers (reference, node:http) or a command that reads the
// request spec and prints the result (harness/client/CONTRACT.md).

import * as http from 'node:http';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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

/** `{spec}` in argv becomes the path of a file holding the spec JSON, `{port}` the origin's port, `{root}` the
 *  repository root, `{drivers}` the folder of the transpiled drivers. The spec is also
 *  written to stdin's first line; stdin then stays open until close(), so that a driver can hold its connections
 *  open after printing its result (it exits when stdin ends). */
function command(subject: SubjectSpec, spec: ClientSpec): LaunchedClient {
  const a = subject.adapter;
  if (a.kind !== 'command') throw new Error('command client needs a command adapter');
  const dir = mkdtempSync(join(tmpdir(), 'h1compat-client-'));
  const file = join(dir, 'spec.json');
  const text = JSON.stringify(spec);
  writeFileSync(file, text);
  const fill = (x: string): string => x.split('{spec}').join(file).split('{port}').join(String(spec.origin.port)).split('{root}').join(ROOT);
  // `{drivers}`: the drivers in harness/client/drivers, transpiled to JavaScript once per run (compile.ts)
  const argv = a.argv.map((x) => (x.includes('{drivers}') ? fill(x.split('{drivers}').join(compiledDrivers())) : fill(x)));
  const out = new Capped();
  const err = new Capped();
  let stdout = '';
  let exit: { code: number | null; signal: string | null } | undefined;
  let settle: (r: ClientReport) => void = () => {};
  const report = new Promise<ClientReport>((resolve) => { settle = resolve; });
  const child = spawn(argv[0], argv.slice(1), {
    cwd: a.cwd, env: { ...process.env, ...a.env, H1COMPAT_SPEC: file, PORT: String(spec.origin.port) }, stdio: ['pipe', 'pipe', 'pipe'],
  });
  track(child);
  child.on('error', (e) => settle({ ok: false, reason: `the client could not be started: ${e.message}`, adapterFault: true }));
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
  child.on('close', (code, signal) => {
    exit = { code, signal };
    const r = findResult(stdout);
    if (r.ok) settle(r);
    // a driver that exits without its result line broke the contract (an uncaught exception, usually): the adapter's
    // fault, with its stderr (the stack) in the record; a client killed by a signal it did not ask for is the subject's
    else settle({ ok: false, reason: `the client exited (code ${code}, signal ${signal}) without a result: ${r.reason}${err.text !== '' ? `; stderr: ${err.text.slice(-2000).trim()}` : ''}`,
      adapterFault: signal === null });
  });
  return {
    report,
    async close() {
      child.stdin!.end();
      await terminate(child);
      rmSync(dir, { recursive: true, force: true });
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
