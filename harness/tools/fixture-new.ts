// `h1compat fixture new`: a fixture from raw bytes (file, stdin, hex or fixture escapes) plus flags, or prompts for
// the missing ones on a terminal; written in canonical form to fixtures/<role>/<topic>/<id>.h1 (or --out), then linted.

import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { UsageError, type Flags } from '../cli-args';
import { literal, loadCorpus, parseBytes, REQUIREMENT_LEVELS, ROLES, type Bytes, type Fixture, type OutcomeLevel, type RequirementLevel, type Role, type Step } from '../fixture';
import { MAX_OCTETS } from '../fixture/bytes';
import { ExpectSyntaxError, parseExpect, parseNever } from './expect';
import { checkId, checkTitle, outFile, parseSpec, parseTags, writeFixture } from './write';

import { ROOT } from '../paths';
export { ROOT };

export const NEW_FLAGS: Flags = {
  'from-file': { type: 'string', arg: 'FILE', help: 'the raw bytes to send (server/proxy) or serve (client); `-` reads stdin' },
  hex: { type: 'string', arg: 'HEX', help: 'the raw bytes as hex digits (spaces and colons ignored)' },
  text: { type: 'string', arg: 'OCTETS', help: 'the raw bytes in fixture syntax, e.g. \'"GET / HTTP/1.1\\r\\nHost: a\\r\\n\\r\\n"\'' },
  id: { type: 'string', arg: 'SLUG', help: 'the fixture id (file name)' },
  title: { type: 'string', arg: 'TEXT', help: 'the requirement as one sentence saying must, should or may' },
  spec: { type: 'string', arg: 'ANCHORS', help: 'spec anchors, e.g. "RFC9112 6.1, RFC9112 6.3"' },
  level: { type: 'string', arg: 'LEVEL', help: 'MUST (default), SHOULD or MAY' },
  role: { type: 'string', arg: 'ROLE', help: 'server (default), client or proxy' },
  tag: { type: 'string', arg: 'a,b', help: 'tags (default: regression); the first is the topic folder unless --topic' },
  topic: { type: 'string', arg: 'NAME', help: 'folder under fixtures/<role>/ (default: the first tag)' },
  note: { type: 'string', arg: 'TEXT', help: 'a note (e.g. the bug report URL and what broke)' },
  issue: { type: 'string', arg: 'URL', help: 'provenance: the upstream issue or advisory' },
  expect: { type: 'string', arg: 'EXPR', help: 'acceptable outcomes, e.g. \'reject 400 close | accept\' (docs/bug-reports.md)' },
  never: { type: 'string', arg: 'EXPR', help: 'what must never happen, e.g. \'request /probe\' (docs/bug-reports.md)' },
  'half-close': { type: 'boolean', help: 'half-close (FIN) after sending the bytes' },
  out: { type: 'string', arg: 'PATH', help: 'folder or <id>.h1 to write (default fixtures/<role>/<topic>/<id>.h1)' },
  force: { type: 'boolean', help: 'overwrite an existing file' },
};

/** The streams the command talks through (tests pass their own; prompts only when both ends are terminals). */
export interface Io {
  readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
}

type Values = Record<string, string | number | boolean | undefined>;

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const c of stream) {
    const b = typeof c === 'string' ? Buffer.from(c, 'latin1') : (c as Buffer);
    n += b.length;
    if (n > MAX_OCTETS) throw new UsageError(`fixture new: stdin holds more than ${MAX_OCTETS} octets`);
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

export function hexBytes(hex: string): Buffer {
  const clean = hex.replace(/[\s:]/g, '').replace(/^0x/i, '');
  if (clean.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(clean)) throw new UsageError('--hex: an even number of hex digits (spaces and colons are ignored)');
  return Buffer.from(clean, 'hex');
}

export function textBytes(text: string): Bytes {
  const r = parseBytes(text);
  if (!r.ok) throw new UsageError(`--text: ${r.reason} (at character ${r.offset + 1})`);
  return r.bytes;
}

async function bytesFrom(v: Values, io: Io): Promise<Bytes | undefined> {
  const given = ['from-file', 'hex', 'text'].filter((k) => v[k] !== undefined);
  if (given.length > 1) throw new UsageError(`fixture new: give one of --from-file, --hex, --text (got ${given.map((k) => `--${k}`).join(', ')})`);
  if (v['from-file'] === '-') return literal((await readAll(io.stdin)).toString('latin1'));
  if (typeof v['from-file'] === 'string') {
    try {
      return literal(readFileSync(v['from-file']).toString('latin1'));
    } catch (e) {
      throw new UsageError(`--from-file: ${(e as Error).message}`);
    }
  }
  if (typeof v.hex === 'string') return literal(hexBytes(v.hex).toString('latin1'));
  if (typeof v.text === 'string') return textBytes(v.text);
  return undefined;
}

interface Question {
  readonly flag: string;
  readonly ask: string;
  readonly fallback?: string;
}

const QUESTIONS: readonly Question[] = [
  { flag: 'text', ask: 'bytes, in fixture syntax ("GET / HTTP/1.1\\r\\nHost: a\\r\\n\\r\\n")' },
  { flag: 'id', ask: 'id (a slug, e.g. te-cl-smuggle)' },
  { flag: 'title', ask: 'title (the requirement, says must/should/may)' },
  { flag: 'spec', ask: 'spec anchors (e.g. RFC9112 6.1)' },
  { flag: 'level', ask: 'level', fallback: 'MUST' },
  { flag: 'role', ask: 'role', fallback: 'server' },
  { flag: 'tag', ask: 'tags', fallback: 'regression' },
  { flag: 'expect', ask: 'expect (e.g. reject 400 close | accept)' },
];

/** Fill in missing flags: ask on a terminal, else apply defaults, else a one-line error naming the first missing flag. */
async function complete(v: Values, haveBytes: boolean, io: Io): Promise<Values> {
  const missing = QUESTIONS.filter((q) => v[q.flag] === undefined && (q.flag !== 'text' || !haveBytes));
  const tty = io.stdin.isTTY === true && io.stdout.isTTY === true && v['from-file'] !== '-';
  if (!tty) {
    const required = missing.find((q) => q.fallback === undefined);
    if (required !== undefined) {
      const name = required.flag === 'text' ? '--from-file, --hex or --text (the bytes)' : `--${required.flag}`;
      throw new UsageError(`fixture new: missing ${name} (not asking: stdin/stdout are not a terminal)`);
    }
    return { ...v, ...Object.fromEntries(missing.map((q) => [q.flag, q.fallback])) };
  }
  const rl = createInterface({ input: io.stdin, output: io.stdout, terminal: false });
  const lines = rl[Symbol.asyncIterator]();
  const out = { ...v };
  try {
    for (const q of missing) {
      io.stdout.write(`${q.ask}${q.fallback !== undefined ? ` [${q.fallback}]` : ''}: `);
      const next = await lines.next();
      const answer = next.done === true ? '' : String(next.value).trim();
      if (answer === '' && q.fallback === undefined) throw new UsageError(`fixture new: missing --${q.flag}`);
      out[q.flag] = answer === '' ? q.fallback : answer;
    }
  } finally {
    rl.close();
  }
  return out;
}

function levelOf(v: unknown): RequirementLevel {
  const l = String(v).toUpperCase();
  if (!REQUIREMENT_LEVELS.includes(l as RequirementLevel)) throw new UsageError(`--level must be one of ${REQUIREMENT_LEVELS.join(', ')}`);
  return l as RequirementLevel;
}

function roleOf(v: unknown): Role {
  if (!ROLES.includes(v as Role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
  return v as Role;
}

/** The exchange for raw bytes: send them (server, proxy) or serve them to the client's request (client role), then
 *  wait for a close when every outcome ends the connection, else for as many responses as the outcomes expect. */
export function exchangeFor(role: Role, bytes: Bytes, outcomes: Fixture['outcomes'], halfClose: boolean): Step[] {
  if (role === 'client') return [{ kind: 'wait', for: 'request' }, { kind: 'serve', bytes }, ...(halfClose ? [{ kind: 'half-close' as const, side: 'origin' as const }] : []), { kind: 'wait', for: 'close', withinMs: 1000 }];
  const steps: Step[] = [{ kind: 'send', bytes }];
  if (halfClose) steps.push({ kind: 'half-close', side: 'client' });
  const closes = outcomes.every((o) => o.connection !== undefined && !o.connection.includes('open'));
  if (closes) steps.push({ kind: 'wait', for: 'close' });
  else {
    const n = Math.min(100, Math.max(...outcomes.map((o) => o.responses?.length ?? 1)));
    for (let i = 0; i < n; i++) steps.push({ kind: 'wait', for: 'response' });
  }
  return steps;
}

/** Build the fixture from complete flag values (exported for tests and for nock import). */
export function buildFixture(v: Values, bytes: Bytes): Fixture {
  const role = roleOf(v.role);
  const level = levelOf(v.level);
  let outcomes;
  let never;
  try {
    outcomes = parseExpect(String(v.expect), role, level as OutcomeLevel);
    never = typeof v.never === 'string' ? parseNever(v.never) : [];
  } catch (e) {
    if (e instanceof ExpectSyntaxError) throw new UsageError(`fixture new: ${e.message}`);
    throw e;
  }
  return {
    id: checkId(String(v.id)),
    title: checkTitle(String(v.title)),
    spec: parseSpec(String(v.spec)),
    level,
    role,
    tags: parseTags(String(v.tag)),
    notes: typeof v.note === 'string' ? [v.note] : [],
    ...(typeof v.issue === 'string' ? { provenance: { cve: [], issue: [v.issue], affected: [], fuzz: false } } : {}),
    clientRequests: role === 'client' ? [{ method: literal('GET'), target: literal('/'), fields: [] }] : [],
    exchange: exchangeFor(role, bytes, outcomes, v['half-close'] === true),
    outcomes,
    never,
    delivery: { modes: ['whole', 'byte-by-byte', 'every-split', 'random-splits'] },
  };
}

/** `h1compat fixture new`: exit 0 written and clean, 1 written with lint problems. */
export async function newCommand(v0: Values, io: Io = { stdin: process.stdin, stdout: process.stdout }): Promise<number> {
  let bytes = await bytesFrom(v0, io);
  const v = await complete(v0, bytes !== undefined, io);
  bytes ??= textBytes(String(v.text));
  const f = buildFixture(v, bytes);
  const fixturesDir = join(ROOT, 'fixtures');
  const file = typeof v.out === 'string' ? outFile(v.out, f.id) : join(fixturesDir, f.role, String(v.topic ?? f.tags[0]), `${f.id}.h1`);
  if (resolve(file).startsWith(fixturesDir + '/')) {
    const other = loadCorpus(fixturesDir, { canonical: false }).corpus.fileOf(f.id);
    if (other !== undefined && resolve(other) !== resolve(file)) throw new UsageError(`fixture new: the id \`${f.id}\` is taken by ${other}`);
  }
  const w = writeFixture(f, file, v.force === true);
  io.stdout.write(`${w.file}\n`);
  for (const p of w.problems) io.stdout.write(`${p}\n`);
  if (w.problems.length === 0) io.stdout.write(`replay it: h1compat run --fixtures ${w.file} --subject reference,node\n`);
  return w.problems.length === 0 ? 0 : 1;
}
