// The compact expectation syntax of `h1compat fixture new` (--expect, --never), documented in docs/bug-reports.md.

import { literal, parseBytes, type Bytes, type ConnectionOutcome, type Never, type NeverLevel, type Outcome, type OutcomeLevel,
  type RequestExpectation, type ResponseExpectation, type Role, type StatusSpec } from '../fixture';

/** A problem in an --expect/--never text: one line, naming the word. */
export class ExpectSyntaxError extends Error {}

interface Token {
  readonly text: string;
  /** the octets, when the token was quoted (`"a b\r\n"`) or bare */
  readonly quoted: boolean;
}

/** Split into alternatives on `|` and words on spaces, both outside double quotes (fixture escapes inside). */
export function tokenize(text: string): Token[][] {
  const alts: Token[][] = [[]];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t') { i++; continue; }
    if (c === '|') { alts.push([]); i++; continue; }
    let j = i;
    let quoted = false;
    // a word runs to the next space or `|` outside quotes; quoted parts may hold both
    while (j < text.length && text[j] !== ' ' && text[j] !== '\t' && text[j] !== '|') {
      if (text[j] === '"') {
        quoted = true;
        j++;
        while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
        if (j >= text.length) throw new ExpectSyntaxError(`unterminated quoted string in \`${text.slice(i)}\``);
      }
      j++;
    }
    alts[alts.length - 1].push({ text: text.slice(i, j), quoted });
    i = j;
  }
  return alts;
}

function octets(t: Token | undefined, what: string): Bytes {
  if (t === undefined) throw new ExpectSyntaxError(`${what}: value missing`);
  if (!t.quoted) return literal(t.text);
  const r = parseBytes(t.text);
  if (!r.ok) throw new ExpectSyntaxError(`${what}: ${r.reason} in \`${t.text}\``);
  return r.bytes;
}

/** `400`, `4xx`, `any`, `error` */
export function statusOf(word: string): StatusSpec {
  if (/^[1-5]xx$/.test(word)) return { kind: 'class', digit: Number(word[0]) as 1 | 2 | 3 | 4 | 5 };
  if (word === 'any') return { kind: 'any' };
  if (word === 'error') return { kind: 'error' };
  if (/^\d{3}$/.test(word) && Number(word) >= 100 && Number(word) <= 599) return { kind: 'code', code: Number(word) };
  throw new ExpectSyntaxError(`\`${word}\` is not a status (a code 100-599, a class such as 4xx, any, or error)`);
}

const LEVEL_WORDS: Readonly<Record<string, OutcomeLevel>> = { must: 'MUST', should: 'SHOULD', may: 'MAY', 'should-not': 'SHOULD NOT' };
const KEYWORDS = new Set(['reject', 'accept', 'status', 'respond', 'no-response', 'request', 'body', 'close', 'closed', 'reset', 'open', 'level', 'should-not', 'response']);
const isStatusWord = (w: string): boolean => /^([1-5]xx|\d{3}|any|error)$/.test(w);
const response = (status: StatusSpec): ResponseExpectation => ({ status, absent: [], contains: [] });

/** `request [METHOD] TARGET [body OCTETS]` from position i; returns the check and the next position. */
function requestAt(ts: readonly Token[], i: number): [RequestExpectation, number] {
  const a = ts[i];
  const b = ts[i + 1];
  if (a === undefined || (!a.quoted && KEYWORDS.has(a.text))) throw new ExpectSyntaxError('`request` needs a target (`request /path` or `request METHOD /path`)');
  let q: RequestExpectation;
  let next: number;
  if (b !== undefined && (b.quoted || !KEYWORDS.has(b.text))) {
    q = { method: octets(a, 'request method'), target: octets(b, 'request target'), absent: [], contains: [] };
    next = i + 2;
  } else {
    q = { target: octets(a, 'request target'), absent: [], contains: [] };
    next = i + 1;
  }
  if (ts[next]?.text === 'body' && !ts[next].quoted) {
    q = { ...q, body: octets(ts[next + 1], 'body') };
    next += 2;
  }
  return [q, next];
}

/** One alternative of --expect as an outcome. `level` is the default outcome level (the fixture's). */
function outcomeOf(ts: readonly Token[], role: Role, level: OutcomeLevel, name: string): Outcome {
  let requests: RequestExpectation[] | undefined;
  let responses: ResponseExpectation[] | undefined;
  let connection: ConnectionOutcome[] | undefined;
  let accept = 0;
  let lv = level;
  const addConnection = (...c: ConnectionOutcome[]): void => { connection = [...new Set([...(connection ?? []), ...c])]; };
  for (let i = 0; i < ts.length;) {
    const w = ts[i].text;
    if (ts[i].quoted) throw new ExpectSyntaxError(`unexpected quoted string \`${w}\` (quote only targets, methods and bodies)`);
    i++;
    switch (w) {
      case 'reject': {
        const s = ts[i] !== undefined && isStatusWord(ts[i].text) ? statusOf(ts[i++].text) : undefined;
        if (role === 'client') responses = [response(s ?? { kind: 'error' })];
        else { requests = []; responses = [response(s ?? { kind: 'class', digit: 4 })]; }
        break;
      }
      case 'accept':
        accept = ts[i] !== undefined && /^\d+$/.test(ts[i].text) ? Number(ts[i++].text) : 1;
        if (accept < 1 || accept > 100) throw new ExpectSyntaxError('`accept N`: N must be 1-100');
        break;
      case 'status': case 'respond': {
        const list = ts[i]?.text;
        if (list === undefined) throw new ExpectSyntaxError(`\`${w}\` needs statuses (\`${w} 400\`, \`${w} 200,200\`)`);
        i++;
        responses = list.split(',').filter((x) => x !== '').map((x) => response(statusOf(x)));
        break;
      }
      case 'no-response': responses = []; break;
      case 'request': {
        const [q, next] = requestAt(ts, i);
        i = next;
        requests = [...(requests ?? []), q];
        break;
      }
      case 'close': addConnection('closed', 'reset'); break;
      case 'closed': case 'reset': case 'open': addConnection(w); break;
      case 'level': {
        const l = LEVEL_WORDS[(ts[i]?.text ?? '').toLowerCase()];
        if (l === undefined) throw new ExpectSyntaxError(`\`level\` needs must, should, may or should-not`);
        lv = l;
        i++;
        break;
      }
      default:
        throw new ExpectSyntaxError(`unknown word \`${w}\` in --expect (words: reject, accept, status, no-response, request, body, close, closed, reset, open, level)`);
    }
  }
  if (accept > 0 || (requests !== undefined && requests.length > 0 && responses === undefined)) {
    const n = requests !== undefined && requests.length > 0 ? requests.length : accept;
    if (role === 'server' && requests === undefined) requests = Array.from({ length: n }, () => ({ absent: [], contains: [] }));
    responses ??= Array.from({ length: n }, () => response({ kind: 'class', digit: 2 }));
  }
  if (role !== 'server' && requests !== undefined && requests.length === 0) requests = undefined;
  if (requests === undefined && responses === undefined && connection === undefined) throw new ExpectSyntaxError(`\`${name}\` checks nothing`);
  return { name, level: lv, ...(requests !== undefined ? { requests } : {}), ...(responses !== undefined ? { responses } : {}), ...(connection !== undefined ? { connection } : {}) };
}

/** --expect: one outcome per `|` alternative, named after its words. */
export function parseExpect(text: string, role: Role, level: OutcomeLevel): Outcome[] {
  const alts = tokenize(text);
  if (alts.length === 0 || alts.some((a) => a.length === 0)) throw new ExpectSyntaxError('--expect: an empty alternative (write e.g. `reject 400 close | accept`)');
  const names = new Set<string>();
  return alts.map((ts) => {
    let name = ts.map((t) => t.text).join(' ');
    for (let k = 2; names.has(name) && k < 100; k++) name = `${ts.map((t) => t.text).join(' ')} (${k})`;
    names.add(name);
    return outcomeOf(ts, role, level, name);
  });
}

/** --never: `request [METHOD] TARGET`, `response STATUS`, or `open`; `should-not` first for SHOULD NOT. */
export function parseNever(text: string): Never[] {
  return tokenize(text).map((ts0) => {
    let ts = ts0;
    let level: NeverLevel = 'MUST NOT';
    if (ts[0]?.text === 'should-not') { level = 'SHOULD NOT'; ts = ts.slice(1); }
    else if (ts[0]?.text === 'must-not') ts = ts.slice(1);
    const w = ts[0]?.text;
    let never: Never;
    if (w === 'request') {
      const [q, next] = requestAt(ts, 1);
      if (next !== ts.length) throw new ExpectSyntaxError(`--never: unexpected \`${ts[next].text}\``);
      const m = q.method !== undefined ? `${ts[1].text} ` : '';
      never = { description: `a ${m}request to ${ts[q.method !== undefined ? 2 : 1].text} is parsed`, level, pattern: { kind: 'request', request: q } };
    } else if (w === 'response' && ts.length === 2) {
      never = { description: `a ${ts[1].text} response is sent`, level, pattern: { kind: 'response', response: response(statusOf(ts[1].text)) } };
    } else if (w === 'open' && ts.length === 1) {
      never = { description: 'the connection stays open', level, pattern: { kind: 'connection', connection: ['open'] } };
    } else throw new ExpectSyntaxError(`--never: expected \`request [METHOD] TARGET\`, \`response STATUS\` or \`open\`, got \`${ts.map((t) => t.text).join(' ')}\``);
    return never;
  });
}
