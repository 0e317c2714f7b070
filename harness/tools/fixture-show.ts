// `h1compat fixture show ID|FILE`: one fixture for a person to read (the exchange with visible escapes, outcomes and never clauses in words); `--json` prints the Fixture model.

import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { UsageError, type Flags } from '../cli-args';
import { FIXTURE_SUFFIX, formatAnchor, formatDiagnostic, formatStatus, loadCorpus, loadFixtureFile, sectionTitle } from '../fixture';
import { canonicalLines, escapeOctets } from '../fixture/bytes';
import type { BytePiece, Bytes, ConnectionOutcome, FieldsExpectation, Fixture, MessageExpectation, RequestExpectation, ResponseExpectation, Role, Step } from '../fixture';

import { ROOT } from '../paths';

export const SHOW_USAGE = 'show ID|FILE [--json]';
export const SHOW_SUMMARY = 'show: one fixture for reading (the exchange with visible escapes, outcomes in words); --json: the Fixture model as JSON.';
export const SHOW_FLAGS: Flags = {
  json: { type: 'boolean', help: 'show: print the Fixture model as JSON (harness/fixture/fixture.schema.json)' },
  fixtures: { type: 'string', arg: 'DIR', help: 'show: where to look an id up (default: fixtures/)' },
};

/** Octets with visible escapes (\r \n \t \\ \xNN), nothing else changed; `quote` also escapes `"`. */
export const visible = (octets: string, quote = false): string => escapeOctets(octets, quote);

function piece(p: BytePiece, quote: boolean): string {
  if (p.kind === 'literal') return quote ? `"${visible(p.octets, true)}"` : visible(p.octets);
  return `{"${visible(p.octets, true)}" × ${p.count}}`;
}

/** Octets as display lines: a line break after each LF, escapes visible, repeats as {"unit" × n}. */
export function octetLines(b: Bytes): string[] {
  return canonicalLines(b).map((line) => line.map((p) => piece(p, false)).join(''));
}

function octetCount(b: Bytes): number {
  return b.pieces.reduce((n, p) => n + p.octets.length * (p.kind === 'repeat' ? p.count : 1), 0);
}

/** Octets on one line, quoted: `"a\r\n"`, `"" (empty)`. */
function inline(b: Bytes): string {
  if (b.pieces.length === 0) return '"" (empty)';
  return b.pieces.map((p) => piece(p, true)).join(' ');
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function fieldsInWords(key: string, f: FieldsExpectation): string {
  if (f.exact && f.lines.length === 0) return `no ${key}`;
  const lines = f.lines.map((l) => `${visible(l.name)}: ${inline(l.value)}`).join('; ');
  return f.exact ? `exactly these ${key}, in this order: ${lines}` : `${key} (in this order, others allowed): ${lines}`;
}

function messageInWords(m: MessageExpectation): string[] {
  const out: string[] = [];
  if (m.version !== undefined) out.push(`version ${inline(m.version)}`);
  if (m.fields !== undefined) out.push(fieldsInWords('fields', m.fields));
  if (m.absent.length > 0) out.push(`no ${m.absent.join(', ')} field`);
  if (m.trailers !== undefined) out.push(fieldsInWords('trailers', m.trailers));
  if (m.body !== undefined) out.push(octetCount(m.body) === 0 ? 'an empty body' : `body ${inline(m.body)} (${plural(octetCount(m.body), 'octet')})`);
  for (const c of m.contains) out.push(`containing ${inline(c)}`);
  return out;
}

/** A request expectation in words: `method GET, target /, an empty body`; `any request` when nothing is checked. */
export function requestInWords(q: RequestExpectation): string {
  const parts = [...(q.method !== undefined ? [`method ${inline(q.method)}`] : []), ...(q.target !== undefined ? [`target ${inline(q.target)}`] : []),
    // where and when the harness received it (fixtures/README.md request checks)
    ...(q.connection !== undefined ? [`on origin connection ${q.connection}`] : []), ...(q.nth !== undefined ? [`request ${q.nth} on its connection`] : []),
    ...(q.afterServe !== undefined ? [`arriving after ${plural(q.afterServe, 'serve step')}`] : []), ...messageInWords(q)];
  return parts.length === 0 ? 'any request' : parts.join(', ');
}

/** A response expectation in words: `status 400`, `a 4xx status, reason "OK"`, `an error reported by the client`. */
export function responseInWords(p: ResponseExpectation): string {
  const s = p.status;
  const status = s.kind === 'code' ? `status ${formatStatus(s)}` : s.kind === 'class' ? `a ${formatStatus(s)} status` : s.kind === 'any' ? 'any final response' : 'an error reported by the client';
  const parts = [status];
  if (p.interim !== undefined) parts.push(p.interim.length === 0 ? 'no interim (1xx) response before it' : `after interim ${p.interim.join(', ')}`);
  if (p.reason !== undefined) parts.push(`reason ${inline(p.reason)}`);
  parts.push(...messageInWords(p));
  return parts.join(', ');
}

export function connectionInWords(c: readonly ConnectionOutcome[]): string {
  if (c.length === 1 && c[0] === 'open') return 'the connection stays open';
  const word: Record<ConnectionOutcome, string> = { open: 'stays open', closed: 'is closed (FIN)', reset: 'is reset (RST)' };
  return `the connection ${c.map((x) => word[x]).join(' or ')}`;
}

/** Who interprets requests and receives responses, by role (what `requests:`/`responses:` are about). */
const PARTIES: Record<Role, { requests: string; responses: string }> = {
  server: { requests: 'the server hands its application (echo)', responses: 'the harness, as client, receives' },
  client: { requests: 'the client sends the origin', responses: 'the client reports' },
  proxy: { requests: 'the proxy forwards to the origin', responses: 'the harness, as client, receives' },
};

function stepInWords(s: Step, role: Role): string[] {
  switch (s.kind) {
    case 'send':
    case 'serve': {
      const who = s.kind === 'send' ? `the harness sends, as client, to the ${role}` : `the harness answers, as origin, to the ${role}`;
      return [`${s.kind} ${plural(octetCount(s.bytes), 'octet')} (${who}):`, ...octetLines(s.bytes).map((l) => `    ${l}`)];
    }
    case 'pause': return [`pause ${s.ms} ms`];
    case 'half-close': return [`half-close: the harness stops sending${role === 'proxy' ? ` on the ${s.side} side` : ''} (TCP FIN)`];
    case 'wait': return [`wait for ${s.for}${s.withinMs !== undefined ? `, at most ${s.withinMs} ms` : ''}`];
  }
}

/** The whole fixture as text for a person. */
export function showFixture(f: Fixture, file?: string): string {
  const out: string[] = [f.id, `  ${f.title}`, ''];
  const row = (k: string, v: string): void => { out.push(`${(k === '' ? '' : `${k}:`).padEnd(12)}${v}`); };
  f.spec.forEach((a, i) => row(i === 0 ? 'spec' : '', `${formatAnchor(a)}${sectionTitle(a) !== undefined ? ` (${sectionTitle(a)})` : ''}`));
  row('level', f.level);
  row('role', f.role);
  row('tags', f.tags.join(', '));
  if (file !== undefined) row('file', file);
  const p = f.provenance;
  const prov = p === undefined ? [] : [...p.cve, ...p.issue, ...p.affected.map((a) => `affected: ${a}`), ...(p.fuzz ? ['found by fuzzing'] : [])];
  row('provenance', prov.length === 0 ? 'none given' : prov[0]);
  for (const x of prov.slice(1)) row('', x);
  row('delivery', `${f.delivery.modes.join(', ')}${f.delivery.reason !== undefined ? ` (${f.delivery.reason})` : ''}`);
  for (const n of f.notes) out.push(`note:       ${n}`);
  f.clientRequests.forEach((q, i) => {
    out.push('', `client request ${i + 1} (what the client under test is asked to make${q.pipelined === true ? ', pipelined: without waiting for the previous response' : ''}):`, `  method ${inline(q.method)}, target ${inline(q.target)}`);
    for (const l of q.fields) out.push(`  ${visible(l.name)}: ${inline(l.value)}`);
    if (q.body !== undefined) out.push(`  body ${inline(q.body)}`);
  });
  out.push('', 'exchange:');
  for (const s of f.exchange) out.push(...stepInWords(s, f.role).map((l) => `  ${l}`));
  const who = PARTIES[f.role];
  out.push('', f.outcomes.length === 1 ? 'acceptable outcome:' : `acceptable outcomes (any one of ${f.outcomes.length}):`);
  f.outcomes.forEach((o, i) => {
    out.push(`  ${i + 1}. ${o.name} [${o.level}]`);
    if (o.requests !== undefined) {
      out.push(o.requests.length === 0 ? `     ${who.requests} no request` : `     ${who.requests} ${plural(o.requests.length, 'request')}:`);
      for (const q of o.requests) out.push(`       - ${requestInWords(q)}`);
    }
    if (o.responses !== undefined) {
      out.push(o.responses.length === 0 ? `     ${who.responses} no response` : `     ${who.responses} ${plural(o.responses.length, 'response')}:`);
      for (const r of o.responses) out.push(`       - ${responseInWords(r)}`);
    }
    if (o.connection !== undefined) out.push(`     ${connectionInWords(o.connection)}`);
  });
  if (f.never.length > 0) {
    out.push('', 'never:');
    for (const n of f.never) {
      const q = n.pattern;
      const what = q.kind === 'request' ? `${who.requests} a request: ${requestInWords(q.request)}`
        : q.kind === 'response' ? `${who.responses} a response: ${responseInWords(q.response)}` : connectionInWords(q.connection);
      out.push(`  - ${n.description} [${n.level}]: ${what}`);
    }
  }
  return out.join('\n') + '\n';
}

type Values = Record<string, string | number | boolean | undefined>;

/** `fixture show ID|FILE`: an existing path (or a name ending in .h1) is a file, anything else an id in the corpus. */
export function showCommand(v: Values, rest: readonly string[]): Promise<number> {
  const [what, extra] = rest;
  if (what === undefined) throw new UsageError('h1compat fixture show: give a fixture id or file (h1compat list shows the ids)');
  if (extra !== undefined) throw new UsageError(`h1compat fixture show: one fixture at a time, got \`${extra}\` too`);
  let fixture: Fixture;
  let file: string;
  if (what.endsWith(FIXTURE_SUFFIX) || existsSync(what)) {
    if (!existsSync(what)) throw new UsageError(`h1compat fixture show: no such file \`${what}\``);
    const loaded = loadFixtureFile(what);
    if (!loaded.ok) {
      for (const d of loaded.diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`);
      return Promise.resolve(1);
    }
    fixture = loaded.fixture;
    file = what;
  } else {
    const dir = resolve((v.fixtures as string | undefined) ?? join(ROOT, 'fixtures'));
    const { corpus } = loadCorpus(dir, { canonical: false });
    const found = corpus.get(what);
    if (found === undefined) throw new UsageError(`h1compat fixture show: no fixture with id \`${what}\` in ${relative(process.cwd(), dir) || '.'} (h1compat list shows the ids)`);
    fixture = found;
    file = relative(process.cwd(), corpus.fileOf(what)!);
  }
  process.stdout.write(v.json === true ? JSON.stringify(fixture, null, 2) + '\n' : showFixture(fixture, file));
  return Promise.resolve(0);
}
