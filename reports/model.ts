// Shared reading of a results document (the model and verdict order are results-model.ts): counts, RFC-section grouping, record keys, canonical order.

import { DELIVERY_MODES, VERDICT_KINDS, type EncodedOctets, type ResultRecord, type ResultsDocument, type VerdictKind } from './results-model';

export type Counts = Record<VerdictKind, number> & { total: number };

export function emptyCounts(): Counts {
  const c = { total: 0 } as Counts;
  for (const v of VERDICT_KINDS) c[v] = 0;
  return c;
}

export function countVerdicts(records: readonly { readonly verdict: VerdictKind }[]): Counts {
  const c = emptyCounts();
  for (const r of records) {
    c[r.verdict]++;
    c.total++;
  }
  return c;
}

/** Subjects in run order, then any that only appear in records. */
export function subjectsOf(doc: ResultsDocument): string[] {
  const names = doc.run.subjects.map((s) => s.name);
  for (const r of doc.records) if (!names.includes(r.subject)) names.push(r.subject);
  return names;
}

/** `RFC9112 7.1.1` -> `RFC9112 7.1`: the section a fixture is grouped under (its first spec anchor, two levels). */
export function sectionOf(r: { readonly spec: readonly string[] }): string {
  const first = r.spec[0];
  if (first === undefined || first.trim() === '') return '(no spec)';
  const [doc, num] = first.trim().split(/\s+/, 2);
  if (num === undefined) return doc;
  return `${doc} ${num.split('.').slice(0, 2).join('.')}`;
}

/** Sort key for anchors: RFC number, then each section number numerically. */
export function compareSections(a: string, b: string): number {
  const parts = (s: string): (string | number)[] => s.split(/[\s.]+/).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  const pa = parts(a);
  const pb = parts(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return 0;
}

/** The identity of a record across runs: fixture × subject × delivery. */
export function recordKey(r: { readonly fixture: string; readonly subject: string; readonly delivery: string }): string {
  return `${r.fixture}\u0000${r.subject}\u0000${r.delivery}`;
}

export function indexRecords(records: readonly ResultRecord[]): Map<string, ResultRecord> {
  const m = new Map<string, ResultRecord>();
  for (const r of records) m.set(recordKey(r), r);
  return m;
}

/** Canonical record order (independent of completion order, jobs and shards): subject in `subjects` order, then
 *  fixture file, fixture id, delivery mode in the schema's order. */
export function sortRecords(records: readonly ResultRecord[], subjects: readonly string[]): ResultRecord[] {
  const si = (s: string): number => (subjects.includes(s) ? subjects.indexOf(s) : subjects.length);
  const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  return [...records].sort((a, b) => si(a.subject) - si(b.subject) || cmp(a.subject, b.subject) || cmp(a.file, b.file)
    || cmp(a.fixture, b.fixture) || DELIVERY_MODES.indexOf(a.delivery) - DELIVERY_MODES.indexOf(b.delivery) || a.seed - b.seed);
}

/** Fixture ids in first-seen order with their records, grouped by section (sections sorted by RFC and number). */
export function fixturesBySection(records: readonly ResultRecord[]): [string, [string, ResultRecord[]][]][] {
  const byFixture = new Map<string, ResultRecord[]>();
  for (const r of records) {
    const list = byFixture.get(r.fixture);
    if (list === undefined) byFixture.set(r.fixture, [r]);
    else list.push(r);
  }
  const sections = new Map<string, [string, ResultRecord[]][]>();
  for (const entry of byFixture) {
    const s = sectionOf(entry[1][0]);
    const list = sections.get(s);
    if (list === undefined) sections.set(s, [entry]);
    else list.push(entry);
  }
  for (const list of sections.values()) list.sort((a, b) => compareSections(a[1][0].spec[0] ?? '', b[1][0].spec[0] ?? '') || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return [...sections].sort((a, b) => compareSections(a[0], b[0]));
}

/** Wire-log escapes (`\r \n \t \\ \" \xNN`, as in fixture files) back to octets (a latin1 string). */
export function unescapeWire(s: string): string {
  return s.replace(/\\(x[0-9A-Fa-f]{2}|[rnt\\"])/g, (_, e: string) =>
    e === 'r' ? '\r' : e === 'n' ? '\n' : e === 't' ? '\t' : e.length === 3 ? String.fromCharCode(parseInt(e.slice(1), 16)) : e);
}

/** Encoded octets for reading: the string, or its base64 decoded as latin1 with non-printables escaped. */
export function showOctets(v: EncodedOctets): string {
  if (typeof v === 'string') return v;
  const raw = Buffer.from(v.base64, 'base64').toString('latin1');
  return raw.replace(/[^\x20-\x7e]/g, (c) => `\\x${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** Expected outcomes of a record as one line. */
export function expectedText(r: ResultRecord): string {
  const outs = r.expected.outcomes.map((o) => `${o.name} (${o.level})`);
  const nev = r.expected.never.map((n) => `never: ${n.description} (${n.level})`);
  return [...(outs.length > 0 ? [`one of: ${outs.join(' | ')}`] : []), ...nev].join('; ') || '(no expectation recorded)';
}

/** What was observed, as one line. */
export function observedText(r: ResultRecord): string {
  return r.observed?.summary ?? (r.verdict === 'skip' ? 'not run' : 'no observation (the replay did not connect)');
}

/** One requirement sentence a record is about, ready to show: where it is (`RFC9112 6.1`), its level, the words. */
export interface RequirementLine {
  readonly cite: string;
  readonly level: string;
  readonly text: string;
  /** true: the RFC's own words (the document quotes fixtures/requirements.json); false: the fixture's title */
  readonly rfc: boolean;
}

/** Why a record matters, in the RFC's words: the requirement sentences the document quotes for it, else the fixture's
 *  title (which fixture authors write as the requirement sentence). */
export function requirementLines(doc: ResultsDocument, r: ResultRecord): RequirementLine[] {
  const quoted = (r.requirements ?? []).flatMap((id) => {
    const q = doc.requirements?.[id];
    return q === undefined ? [] : [{ cite: `${q.rfc} ${q.section}`, level: q.level, text: q.text, rfc: true }];
  });
  return quoted.length > 0 ? quoted : [{ cite: r.spec.join(', ') || 'fixture', level: r.level, text: r.title, rfc: false }];
}
