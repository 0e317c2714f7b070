// One-line targets of `h1compat run`: `--url http://host:port` (an address subject), `--cmd '<argv with {port}>'`
// (a command subject) and `--proxy-cmd '<argv with {port} and {upstreamPort}>'` (a proxy), without a subject file.

import { basename } from 'node:path';
import { UsageError } from '../cli-args';
import { parseSubject, SubjectError, type SubjectSpec } from '../subjects';

/** Split a command line as a POSIX shell splits words: blanks separate, '…' is literal, "…" and \ escape.
 *  No expansion of any kind ($, globs, ~): the program is started directly, never through a shell. */
export function splitCommand(line: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else word += c;
    } else if (quote === '"') {
      if (c === '"') quote = undefined;
      else if (c === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1])) word += line[++i];
      else word += c;
    } else if (c === ' ' || c === '\t' || c === '\n') {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (c === "'" || c === '"') {
      quote = c;
      word ??= '';
    } else if (c === '\\' && i + 1 < line.length) {
      word = (word ?? '') + line[++i];
    } else word = (word ?? '') + c;
  }
  if (quote !== undefined) throw new UsageError(`unterminated ${quote} quote in \`${line}\``);
  if (word !== undefined) words.push(word);
  return words;
}

/** A subject name from free text: safe as a file name (harness/commands/output-path.ts). */
function nameFrom(text: string): string {
  const n = text.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '').slice(0, 60);
  return n === '' ? 'subject' : n;
}

/** `http://host:port` -> an address subject (status and connection checks only: it has no echo). */
export function urlSubject(url: string, name?: string): SubjectSpec {
  const port = /^[a-z]+:\/\/(?:\[[^\]]*\]|[^/:]*):(\d+)/i.exec(url)?.[1];
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) throw new UsageError(`--url: port must be 1-65535, got ${port}`);
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new UsageError(`--url: \`${url}\` is not a URL (e.g. http://127.0.0.1:8080)`);
  }
  if (u.protocol !== 'http:') throw new UsageError(`--url: only http:// is tested (HTTP/1.1 over TCP), got \`${u.protocol}\``);
  if (u.username !== '' || u.password !== '' || (u.pathname !== '/' && u.pathname !== '') || u.search !== '' || u.hash !== '') {
    throw new UsageError(`--url: give only scheme, host and port (the fixtures choose the request targets), got \`${url}\``);
  }
  const host = u.hostname.replace(/^\[(.*)\]$/, '$1');
  const p = u.port === '' ? 80 : Number(u.port);
  return build({ name: name ?? nameFrom(`${host}-${p}`), role: 'server', description: `the server at ${url} (--url)`,
    adapter: { kind: 'address', host, port: p }, lacks: ['echo'] }, '--url');
}

/** `--cmd` / `--proxy-cmd`: a command subject started on a free loopback port. */
export function commandSubject(line: string, role: 'server' | 'proxy', opts: { name?: string; echo?: boolean; readyTimeoutMs?: number } = {}): SubjectSpec {
  const flag = role === 'server' ? '--cmd' : '--proxy-cmd';
  const argv = splitCommand(line);
  if (argv.length === 0) throw new UsageError(`${flag}: give the program and its arguments, e.g. ${flag} 'python3 -m http.server {port}'`);
  const joined = argv.join(' ');
  if (!joined.includes('{port}')) throw new UsageError(`${flag}: the command must contain {port} (the loopback port it is to listen on; also in $PORT)`);
  if (role === 'proxy' && !joined.includes('{upstreamPort}')) throw new UsageError(`--proxy-cmd: the command must contain {upstreamPort} (the harness's origin server)`);
  return build({
    name: opts.name ?? nameFrom(basename(argv[0])), role, description: `${flag} ${line}`,
    adapter: { kind: 'command', argv, ready: { kind: 'port' }, ...(opts.readyTimeoutMs === undefined ? {} : { readyTimeoutMs: opts.readyTimeoutMs }) },
    // a server that is not the echo application cannot report what it parsed (harness/echo/CONTRACT.md)
    lacks: role === 'server' && opts.echo !== true ? ['echo'] : [],
  }, flag);
}

/** Through the same validation as a subject file, so that a one-line target can never be what a file could not. */
function build(v: unknown, flag: string): SubjectSpec {
  try {
    return parseSubject(v, flag);
  } catch (e) {
    if (e instanceof SubjectError) throw new UsageError(e.message);
    throw e;
  }
}
