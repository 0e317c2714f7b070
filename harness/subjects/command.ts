// The command adapter: spawn any program on a free loopback port, wait until it is ready, stop it and reap it.

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as net from 'node:net';
import getPort = require('get-port');
import type { Readiness, SubjectHandle, SubjectOutput, SubjectSpec } from './types';

import { ROOT } from '../paths';

/** Most octets of stdout and of stderr kept per subject. */
export const OUTPUT_CAP = 64 * 1024;
const POLL_MS = 50;
const KILL_AFTER_MS = 2000;

/** Children still running; killed if the harness exits first (SIGINT), so that none is left behind. */
const live = new Set<ChildProcess>();
/** Server/proxy children started in their own process group: signals go to the group, so that the workers a
 *  pre-forking server starts (gunicorn, puma, apache) do not outlive it and hold its output pipes open. */
const groups = new WeakSet<ChildProcess>();
function signal(child: ChildProcess, sig: NodeJS.Signals): void {
  if (groups.has(child) && child.pid !== undefined) {
    try {
      process.kill(-child.pid, sig);
      return;
    } catch {
      // the group is gone: fall back to the process itself
    }
  }
  child.kill(sig);
}
process.on('exit', () => {
  for (const c of live) signal(c, 'SIGKILL');
});

/** Register a child so that it is killed if the harness exits first; it leaves the set when it exits. */
export function track(child: ChildProcess): void {
  live.add(child);
  child.on('exit', () => live.delete(child));
}

/** A capped text capture of a child's output stream. */
export class Capped {
  #text = '';
  #dropped = 0;
  add(chunk: Buffer): void {
    const room = OUTPUT_CAP - this.#text.length;
    if (room > 0) this.#text += chunk.toString('latin1', 0, Math.min(room, chunk.length));
    this.#dropped += Math.max(0, chunk.length - Math.max(room, 0));
  }
  get text(): string {
    return this.#dropped > 0 ? `${this.#text}\n[${this.#dropped} more octets not kept]` : this.#text;
  }
}

function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host, port });
    s.once('connect', () => { s.destroy(); resolve(true); });
    s.once('error', () => resolve(false));
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function waitReady(child: ChildProcess, ready: Readiness, stdout: { seen: string }, host: string, port: number, ms: number): Promise<string | undefined> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) return `exited before it was ready (code ${child.exitCode}, signal ${child.signalCode})`;
    if (ready.kind === 'stdout' ? stdout.seen.includes(ready.match) : await accepts(host, port)) return undefined;
    await sleep(POLL_MS);
  }
  return `not ready within ${ms} ms`;
}

/** SIGTERM, then SIGKILL after a grace period; resolves once the process has exited. */
export function terminate(child: ChildProcess): Promise<void> {
  // whatever the group leader left behind (workers that ignore SIGTERM) goes with it
  const sweep = (): void => { if (groups.has(child)) signal(child, 'SIGKILL'); };
  if (child.exitCode !== null || child.signalCode !== null) { sweep(); return Promise.resolve(); }
  return new Promise((resolve) => {
    const timer = setTimeout(() => signal(child, 'SIGKILL'), KILL_AFTER_MS);
    child.once('exit', () => { clearTimeout(timer); sweep(); resolve(); });
    signal(child, 'SIGTERM');
  });
}

/** Below Linux's default ephemeral range (32768-60999): the ports a subject is told to listen on. A port from the
 *  ephemeral range (get-port's default, port 0) can be taken between get-port's check and the subject's bind by any
 *  port-0 listener (the harness's own origin of a concurrent replay) or outgoing connection; then the subject fails to
 *  bind ("Address already in use") while its readiness check connects to the other listener. Seen: nginx as a proxy,
 *  `--repeat 5`, 1 record in 460. Random order, so that concurrent harness processes rarely try the same port. */
const LISTEN_PORTS = [20000, 32767] as const;

function listenPorts(count = 64): number[] {
  const [lo, hi] = LISTEN_PORTS;
  return Array.from({ length: count }, () => lo + Math.floor(Math.random() * (hi - lo + 1)));
}

export async function startCommand(spec: SubjectSpec): Promise<SubjectHandle> {
  const a = spec.adapter;
  if (a.kind !== 'command') throw new Error('startCommand needs a command subject');
  const host = '127.0.0.1';
  const port = await getPort({ host, port: listenPorts() });
  // {port}: the port the subject must listen on; {root}: this repository (where subjects/echo/* live)
  const fill = (x: string): string => x.split('{port}').join(String(port)).split('{root}').join(ROOT);
  const argv = a.argv.map(fill);
  const cwd = a.cwd === undefined ? undefined : fill(a.cwd);
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(a.env ?? {})) env[k] = fill(v);
  const child = spawn(argv[0], argv.slice(1), { cwd, env: { ...process.env, ...env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  groups.add(child);
  const out = new Capped();
  const err = new Capped();
  const seen = { seen: '' };
  let exit: SubjectOutput['exit'];
  let spawnError: string | undefined;
  child.on('error', (e: NodeJS.ErrnoException) => {
    // spawn says ENOENT for a missing working directory as well as for a missing program
    if (e.code === 'ENOENT' && cwd !== undefined && !existsSync(cwd)) spawnError = `working directory \`${cwd}\` does not exist (adapter.cwd)`;
    else if (e.code === 'ENOENT') spawnError = `program \`${argv[0]}\` not found (adapter.argv[0]; is its runtime installed?)`;
    else spawnError = e.message;
  });
  live.add(child);
  child.on('exit', (code, signal) => { exit = { code, signal }; live.delete(child); });
  child.stdout!.on('data', (c: Buffer) => {
    out.add(c);
    if (seen.seen.length < OUTPUT_CAP) seen.seen += c.toString('latin1');
  });
  child.stderr!.on('data', (c: Buffer) => err.add(c));
  const handle: SubjectHandle = {
    spec,
    version: spec.version ?? 'unknown',
    host,
    port,
    output: () => ({ stdout: out.text, stderr: err.text, exit }),
    stop: () => terminate(child),
  };
  const problem = spawnError ?? (await waitReady(child, a.ready, seen, host, port, a.readyTimeoutMs ?? 10000));
  if (problem !== undefined) {
    await handle.stop();
    const stderr = err.text.slice(-400).trim();
    throw new Error(`subject ${spec.name}: ${spawnError ?? problem}${stderr ? `; stderr: ${stderr}` : ''}`);
  }
  return handle;
}
