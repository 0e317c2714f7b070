// A minimised discrepancy as a candidate fixture: canonical form, lints clean, `provenance: fuzz`, the reference
// parser's interpretation as a MAY outcome (so it records behaviour and blames nobody until a person promotes it),
// and both parsers' interpretations in notes.

import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Parser } from '../../impl/core/parser';
import { ERRORS } from '../../impl/core/errors';
import { feed } from '../diff/split';
import { project } from '../diff/llhttp';
import { literal, parseFixture, printFixture, sectionTitle, formatDiagnostic, type Fixture, type Outcome, type RequestExpectation, type SpecAnchor } from '../fixture';
import type { Discrepancy } from './differential';

/** The candidate's id: one per discrepancy class, so a class already written is never written again. */
export function candidateId(d: Discrepancy): string {
  const code = d.code === '-' ? 'no-error' : d.code.replace(/^HPE_/, '').toLowerCase().replace(/_/g, '-');
  return `fuzz-${d.kind === 'request' ? 'req' : 'res'}-${d.ours}-${d.theirs}-${d.event}-${code}`.replace(/[^a-z0-9-]/g, '');
}

const EVENT_SECTION: Record<string, string> = {
  request: 'RFC9112 3', response: 'RFC9112 4', field: 'RFC9112 5', trailer: 'RFC9112 7.1.2', body: 'RFC9112 6',
  complete: 'RFC9112 6.3', rest: 'RFC9110 7.8', error: 'RFC9112 2.2', end: 'RFC9112 6.3',
};

function anchorOf(d: Discrepancy): SpecAnchor {
  const reason = d.code in ERRORS ? ERRORS[d.code as keyof typeof ERRORS].reason : '';
  const m = /RFC (9110|9112) ([\d.]+)/.exec(reason);
  const [rfc, section] = m ? [`RFC${m[1]}`, m[2]] : (EVENT_SECTION[d.event] ?? 'RFC9112 2.2').split(' ');
  const a = { rfc: rfc as SpecAnchor['rfc'], section };
  return sectionTitle(a) !== undefined ? a : { rfc: 'RFC9112', section: '2.2' };
}

interface Message { head: { method?: string; target?: string; status?: number }; body: string; complete: boolean }

/** The reference parser's reading of the input: complete messages, the error (if any), and whether it upgraded. */
function interpret(kind: Discrepancy['kind'], input: string): { messages: Message[]; code?: string; upgraded: boolean } {
  const events = feed((sink) => new Parser(kind, sink), [Buffer.from(input, 'latin1')], { eof: true });
  const messages: Message[] = [];
  let code: string | undefined;
  let upgraded = false;
  for (const e of events) {
    if (e.type === 'head') {
      const h = e.head;
      messages.push({ head: h.kind === 'request' ? { method: h.method, target: h.target } : { status: h.status }, body: '', complete: false });
    } else if (e.type === 'body' && messages.length > 0) messages[messages.length - 1].body += e.data;
    else if (e.type === 'complete' && messages.length > 0) messages[messages.length - 1].complete = true;
    else if (e.type === 'error') code = e.code;
    else if (e.type === 'rest') upgraded = true;
  }
  return { messages: messages.filter((m) => m.complete), code, upgraded };
}

const request = (m: Message): RequestExpectation => ({
  method: literal(m.head.method ?? ''), target: literal(m.head.target ?? ''), body: literal(m.body), absent: [], contains: [],
});

function outcomeFor(d: Discrepancy, input: string): { outcome: Outcome; summary: string } {
  const { messages, code, upgraded } = interpret(d.kind, input);
  const status = code && code in ERRORS ? ERRORS[code as keyof typeof ERRORS].status : 400;
  if (d.kind === 'response') {
    const final = messages.find((m) => (m.head.status ?? 0) >= 200);
    const responses = final ? [{ status: { kind: 'code' as const, code: final.head.status ?? 200 }, body: literal(final.body), absent: [], contains: [] }]
      : [{ status: { kind: 'error' as const }, absent: [], contains: [] }];
    const summary = final ? `take the ${final.head.status} response` : `report an error (${code ?? 'incomplete response'})`;
    return { outcome: { name: 'as the strict reference parser reads it', level: 'MAY', responses }, summary };
  }
  const ok = { kind: 'code' as const, code: 200 };
  const responses = upgraded ? undefined : [...messages.map(() => ({ status: ok, absent: [], contains: [] })),
    ...(code ? [{ status: { kind: 'code' as const, code: status }, absent: [], contains: [] }] : [])];
  const outcome: Outcome = {
    name: 'as the strict reference parser reads it', level: 'MAY', requests: messages.map(request), responses,
    connection: code ? ['closed', 'reset'] : undefined,
  };
  const accepted = `${messages.length} request${messages.length === 1 ? '' : 's'}`;
  const summary = code ? (messages.length ? `answer ${accepted}, then reject the rest with ${status} (${code})` : `reject it with ${status} (${code})`) : `accept ${accepted}`;
  return { outcome, summary };
}

const note = (s: string): string => (s.length > 3000 ? s.slice(0, 3000) + ' ...' : s).replace(/\s+$/, '');

export interface CandidateInfo {
  readonly discrepancy: Discrepancy;
  /** the minimised input (latin1) */
  readonly input: string;
  /** unprojected logs of the minimised input */
  readonly ours: readonly string[];
  readonly theirs: readonly string[];
  readonly oursName: string;
  readonly theirsName: string;
  /** how it was found, for the notes */
  readonly found: string;
  /** the triaged root cause (triage.ts), for the notes */
  readonly cause?: string;
}

/** The candidate fixture for a discrepancy (canonical text; parse it back to check). */
export function candidateFixture(c: CandidateInfo): Fixture {
  const d = c.discrepancy;
  const { outcome, summary } = outcomeFor(d, c.input);
  const server = d.kind === 'request';
  const bytes = literal(c.input);
  const other = d.theirs === 'error' ? 'rejects it' : d.theirs === 'accept' ? 'accepts it' : `ends in ${d.theirs}`;
  return {
    id: candidateId(d),
    title: `A ${server ? 'server' : 'client'} may ${summary} as the strict reference parser does, where ${c.theirsName} ${other} (fuzz class ${d.key})`,
    spec: [anchorOf(d)],
    level: 'MAY',
    role: server ? 'server' : 'client',
    tags: ['fuzz', 'differential', d.event],
    notes: [
      note(`Found by h1compat fuzz: ${c.found}. Minimised with ddmin, keeping the class ${d.key}. Candidate: review it, explain it by an RFC section (docs/fuzzing.md) or report a parser bug, then give it a real expectation.`),
      ...(c.cause ? [note(`Root cause (harness/fuzz/triage.ts): ${c.cause}.`)] : []),
      note(`${c.oursName}: ${project(c.ours).join(' | ')}`),
      note(`${c.oursName} (unprojected): ${c.ours.join(' | ')}`),
      note(`${c.theirsName}: ${project(c.theirs).join(' | ')}`),
    ],
    provenance: { cve: [], issue: [], affected: [], fuzz: true },
    clientRequests: server ? [] : [{ method: literal('GET'), target: literal('/'), fields: [] }],
    exchange: server
      ? [{ kind: 'send', bytes }, { kind: 'half-close', side: 'client' }, { kind: 'wait', for: 'close', withinMs: 2000 }]
      : [{ kind: 'wait', for: 'request' }, { kind: 'serve', bytes }, { kind: 'half-close', side: 'origin' }, { kind: 'wait', for: 'close', withinMs: 2000 }],
    outcomes: [outcome],
    never: [],
    delivery: { modes: ['whole', 'byte-by-byte'], reason: 'fuzz candidate: every split point of the octets is checked at the parser level (suites/fuzz/invariance.test.ts)' },
  };
}

/** Writes the candidate into `dir` unless a file of that id exists; returns the path written, or undefined.
 *  Throws when the printed text does not load back cleanly (a fuzzer bug, never a silent bad fixture). */
export function writeCandidate(dir: string, c: CandidateInfo): string | undefined {
  const f = candidateFixture(c);
  const file = join(dir, `${f.id}.h1`);
  if (existsSync(file)) return undefined;
  const text = printFixture(f);
  const back = parseFixture(text, file);
  if (!back.ok) throw new Error(`candidate ${f.id} does not lint: ${back.diagnostics.map(formatDiagnostic).join('; ')}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, text);
  return file;
}
