// Grammar-aware mutations of HTTP/1.1 messages (latin1 strings, one char per octet): the edits that matter for
// parsing and framing — case, kinds of whitespace, CR/LF variants, field lines duplicated or removed, Content-Length
// and Transfer-Encoding values, chunk sizes and extensions, obs-fold, NUL/CTL/obs-text, truncation, pipelining.

import type { Rng } from './rng';

/** One seed message: where it came from, request or response, and its octets. */
export interface Seed {
  readonly origin: string;
  readonly kind: 'request' | 'response';
  readonly input: string;
}

type Mutator = (s: string, r: Rng, seeds: readonly Seed[]) => string;

const WS = [' ', '\t', '', '  ', '\x0b', '\x0c', '\r', '\x00', '\xa0', ' \t', '\t\t', '\n'];
const EOL = ['\n', '\r', '\r\r\n', '\n\r', '\r\n\r\n', '', '\r\n ', '\n\n', '\r\n\t', ' \r\n', '\r \n'];
const CTL = ['\x00', '\x01', '\x08', '\x0b', '\x0c', '\x1b', '\x1f', '\x7f', '\x80', '\xa0', '\xff', '\r', '\n', '"', '\\', ';', ',', '=', ':', '#', '%'];
const CL_VALUES = ['0', '1', '3', '5', '10', '-1', '+3', '3,3', '3, 3', '3, 4', '0x3', ' 3', '003', '3 3', '3.0', '1e1', '',
  '99999999999999999999', '18446744073709551616', '9007199254740992', '\xd9\xa3', '3\x00', '"3"', '3;'];
const TE_VALUES = ['chunked', 'Chunked', 'CHUNKED', ' chunked', 'chunked ', 'chunked, chunked', 'gzip, chunked', 'chunked, gzip',
  'identity', 'xchunked', 'chunked\x0b', ',chunked', 'chunked,', 'chunked;q=1', '"chunked"', 'chunk', 'chunked\x00', '', 'identity, chunked',
  'chunked , ', '\tchunked', 'c\xe4unked', 'gzip'];
const TE_NAMES = ['Transfer-Encoding', 'transfer-encoding', 'TRANSFER-ENCODING', 'Transfer-Encoding ', 'Transfer_Encoding', ' Transfer-Encoding',
  'Transfer-Encoding\t', 'Transfer-Encodin', 'X-Transfer-Encoding'];
const CL_NAMES = ['Content-Length', 'content-length', 'Content-Length ', ' Content-Length', 'Content_Length', 'Content-Length\t', 'Content-Lengthx'];
const CHUNK_SIZES = ['0', '00', '1', '3', '5', 'a', 'A', 'f', '-1', '+1', '0x1', ' 1', '1 ', '1\t', 'fffffffffffffffff', '10000000000000', 'g', ''];
const CHUNK_EXTS = ['', '', ';', ';a', ';a=b', ';a="b"', ';a="b\\"c"', ' ;a', '; a = b', ';=b', ';a=', ';a="', ';a\x00', ';a=b;c', ';a\r', ';\xff'];
const VERSIONS = ['HTTP/1.1', 'HTTP/1.0', 'HTTP/1.2', 'HTTP/2.0', 'HTTP/0.9', 'http/1.1', 'HTTP/1.10', 'HTTP/11', 'HTTP/1', 'HTTP/1.1 ', 'HTTP /1.1', 'HTTP/9.9', 'HTTP/1.x'];
const METHODS = ['GET', 'POST', 'HEAD', 'PUT', 'CONNECT', 'OPTIONS', 'get', 'G\x00T', 'GET ', 'PRI', 'M-SEARCH', 'FOO', 'G(T', 'TRACE', 'DELETE'];
const SPECIAL_FIELDS = ['Host: a', 'Host:', 'Host: a:99999', 'Host: a b', 'Host: [::1', 'Connection: close', 'Connection: keep-alive',
  'Connection: upgrade', 'Upgrade: websocket', 'Connection: Upgrade\r\nUpgrade: h2c', 'Expect: 100-continue', 'Trailer: X',
  'Content-Length: 0', 'Transfer-Encoding: chunked', ': empty-name', 'X : y', 'X\t: y', 'X:y', 'X:\ty\t', 'X: \x80\xff', 'X-\xe9: y'];
const PROBE = 'GET /fuzz-probe HTTP/1.1\r\nHost: a\r\n\r\n';
const CHUNKED_BODIES = ['5\r\nhello\r\n0\r\n\r\n', '0\r\n\r\n', '3;a=b\r\nabc\r\n0\r\nT: v\r\n\r\n', '1\r\nx\r\n0\r\n\r\n' + PROBE, '2\r\nxy0\r\n\r\n'];

/** where the head ends (index after the empty line), or the string's length when it has no empty line */
function headEnd(s: string): number {
  const i = s.indexOf('\r\n\r\n');
  return i < 0 ? s.length : i + 4;
}

/** [start, end) of every line (without its LF) between the start-line and the head end */
function fieldLines(s: string): [number, number][] {
  const end = headEnd(s);
  const out: [number, number][] = [];
  let at = s.indexOf('\n');
  let guard = 0;
  while (at >= 0 && at + 1 < end && guard++ < 4096) {
    const nl = s.indexOf('\n', at + 1);
    const stop = nl < 0 || nl > end ? end : nl;
    if (stop - (at + 1) > 1) out.push([at + 1, stop + 1 > s.length ? s.length : stop + 1]);
    at = nl;
  }
  return out;
}

/** indices where `test` holds, at most `limit` of them (scan bounded by the string) */
function positions(s: string, test: (c: string, i: number) => boolean, limit = 512): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length && out.length < limit; i++) if (test(s[i], i)) out.push(i);
  return out;
}

const splice = (s: string, at: number, del: number, ins: string): string => s.slice(0, at) + ins + s.slice(at + del);

/** a position biased into the head, where most of the grammar is */
function headPos(s: string, r: Rng): number {
  return r.chance(0.8) ? r.int(Math.max(1, headEnd(s))) : r.int(s.length + 1);
}

const caseFlip: Mutator = (s, r) => {
  const at = headPos(s, r);
  let a = at;
  let b = at;
  while (a > 0 && /[A-Za-z]/.test(s[a - 1])) a--;
  while (b < s.length && /[A-Za-z]/.test(s[b])) b++;
  if (a === b) return s;
  const w = s.slice(a, b);
  const mode = r.int(3);
  const out = mode === 0 ? w.toUpperCase() : mode === 1 ? w.toLowerCase() : [...w].map((c) => (r.chance(0.5) ? c.toUpperCase() : c.toLowerCase())).join('');
  return splice(s, a, b - a, out);
};

const whitespace: Mutator = (s, r) => {
  const ps = positions(s, (c) => c === ' ' || c === '\t');
  if (ps.length === 0) return splice(s, headPos(s, r), 0, r.pick(WS));
  return splice(s, r.pick(ps), 1, r.pick(WS));
};

const lineEnd: Mutator = (s, r) => {
  const ps = positions(s, (c) => c === '\n');
  if (ps.length === 0) return s + r.pick(EOL);
  const at = r.pick(ps);
  const crlf = at > 0 && s[at - 1] === '\r';
  return splice(s, crlf ? at - 1 : at, crlf ? 2 : 1, r.pick(EOL));
};

const fieldDup: Mutator = (s, r) => {
  const ls = fieldLines(s);
  if (ls.length === 0) return s;
  const [a, b] = r.pick(ls);
  let line = s.slice(a, b);
  if (r.chance(0.3)) line = line.toLowerCase();
  const [c] = r.pick(ls);
  return splice(s, r.chance(0.5) ? b : c, 0, line);
};

const fieldRemove: Mutator = (s, r) => {
  const ls = fieldLines(s);
  if (ls.length === 0) return s;
  const [a, b] = r.pick(ls);
  return splice(s, a, b - a, '');
};

/** replace the value of a field named like `re`, or insert a new field line after the start-line */
function setField(s: string, r: Rng, re: RegExp, names: readonly string[], values: readonly string[]): string {
  const ls = fieldLines(s).filter(([a, b]) => re.test(s.slice(a, b)));
  const value = r.pick(values);
  if (ls.length > 0 && r.chance(0.6)) {
    const [a, b] = r.pick(ls);
    const line = s.slice(a, b);
    const colon = line.indexOf(':');
    const eol = line.endsWith('\r\n') ? '\r\n' : line.endsWith('\n') ? '\n' : '';
    return splice(s, a, b - a, line.slice(0, colon + 1) + ' ' + value + eol);
  }
  const nl = s.indexOf('\n');
  const at = nl < 0 ? s.length : r.chance(0.5) ? nl + 1 : Math.max(nl + 1, headEnd(s) - 2);
  return splice(s, at, 0, `${r.pick(names)}: ${value}\r\n`);
}

const contentLength: Mutator = (s, r) => setField(s, r, /^content-length/i, CL_NAMES, CL_VALUES);
const transferEncoding: Mutator = (s, r) => setField(s, r, /^transfer-encoding/i, TE_NAMES, TE_VALUES);

const chunk: Mutator = (s, r) => {
  const end = headEnd(s);
  const body = s.slice(end);
  const sizeLines = positions(body, (c, i) => (i === 0 || body[i - 1] === '\n') && /[0-9a-fA-F]/.test(c), 64);
  if (sizeLines.length === 0 || r.chance(0.2)) return s.slice(0, end) + r.pick(CHUNKED_BODIES);
  const at = r.pick(sizeLines);
  let stop = at;
  while (stop < body.length && body[stop] !== '\r' && body[stop] !== '\n') stop++;
  return s.slice(0, end) + splice(body, at, stop - at, r.pick(CHUNK_SIZES) + r.pick(CHUNK_EXTS));
};

const obsFold: Mutator = (s, r) => {
  const ls = fieldLines(s);
  if (ls.length === 0) return s;
  const [a, b] = r.pick(ls);
  const fold = r.pick(['\r\n ', '\r\n\t', '\n ', '\r\n  ', '\r\n \r\n']);
  return r.chance(0.5) ? splice(s, a + r.int(b - a), 0, fold) : splice(s, b, 0, fold.slice(fold.indexOf('\n') + 1) + 'folded\r\n');
};

const ctlInsert: Mutator = (s, r) => splice(s, headPos(s, r), r.chance(0.3) ? 1 : 0, r.pick(CTL));
const truncate: Mutator = (s, r) => s.slice(0, r.int(s.length + 1));
const byteEdit: Mutator = (s, r) => {
  const at = r.int(s.length + 1);
  const op = r.int(3);
  const c = String.fromCharCode(r.chance(0.5) ? r.int(256) : r.pick([0x0d, 0x0a, 0x20, 0x09, 0x3a, 0x3b, 0x30, 0x2c]));
  return op === 0 ? splice(s, at, 0, c) : op === 1 ? splice(s, at, 1, '') : splice(s, at, 1, c);
};
const append: Mutator = (s, r, seeds) => {
  const same = seeds.filter((x) => x.kind === (s.startsWith('HTTP/') ? 'response' : 'request'));
  return s + (r.chance(0.5) || same.length === 0 ? PROBE : r.pick(same).input);
};
const version: Mutator = (s, r) => {
  const i = s.indexOf('HTTP/1.');
  return i < 0 ? s : splice(s, i, 8, r.pick(VERSIONS));
};
const method: Mutator = (s, r) => {
  const sp = s.indexOf(' ');
  if (s.startsWith('HTTP/') || sp < 0) return s;
  return splice(s, 0, sp, r.pick(METHODS));
};
const specialField: Mutator = (s, r) => {
  const nl = s.indexOf('\n');
  if (nl < 0) return s;
  return splice(s, nl + 1, 0, r.pick(SPECIAL_FIELDS) + '\r\n');
};
const crossover: Mutator = (s, r, seeds) => {
  const other = r.pick(seeds).input;
  return s.slice(0, headEnd(s)) + other.slice(headEnd(other));
};

/** the mutators with their names, for statistics */
export const MUTATORS: readonly (readonly [string, Mutator])[] = [
  ['case', caseFlip], ['whitespace', whitespace], ['line-end', lineEnd], ['field-dup', fieldDup], ['field-remove', fieldRemove],
  ['content-length', contentLength], ['transfer-encoding', transferEncoding], ['chunk', chunk], ['obs-fold', obsFold],
  ['ctl', ctlInsert], ['truncate', truncate], ['byte', byteEdit], ['append', append], ['version', version], ['method', method],
  ['special-field', specialField], ['crossover', crossover],
];

/** one to three stacked mutations of a seed; the result is capped at `maxLength` octets */
export function mutate(seed: Seed, r: Rng, seeds: readonly Seed[], maxLength = 65536): { input: string; ops: string[] } {
  let s = seed.input;
  const ops: string[] = [];
  const n = 1 + r.int(3);
  for (let i = 0; i < n; i++) {
    const [name, m] = r.pick(MUTATORS);
    s = m(s, r, seeds);
    ops.push(name);
    if (s.length > maxLength) s = s.slice(0, maxLength);
  }
  return { input: s, ops };
}
