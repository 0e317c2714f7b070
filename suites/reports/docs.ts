// Results documents for the report tests: a synthetic builder, a hostile subject's records (markup in every
// subject-controlled byte), the committed sample of a real run, and normalisation of volatile fields.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DeliveryMode, ResponseRecord, ResultRecord, ResultsDocument, SubjectInfo, VerdictKind } from '../../reports/results-model';

export const SAMPLE = join(__dirname, 'data/real-sample.json');
export const realSample = (): ResultsDocument => JSON.parse(readFileSync(SAMPLE, 'utf8')) as ResultsDocument;

const b64 = (s: string): string => Buffer.from(s, 'latin1').toString('base64');

/** The payloads a hostile subject puts into its output: each would set window.__pwned if it ever ran. */
export const PAYLOAD = {
  script: '<script>window.__pwned="script"</script>',
  img: '<img src=x onerror="window.__pwned=\'img\'">',
  closer: '</script><script>window.__pwned="closer"</script><!--',
  attr: '"><svg onload="window.__pwned=\'attr\'">',
  separators: 'line\u2028separator\u2029paragraph',
};

export interface RecordSpec {
  readonly fixture: string;
  readonly subject: string;
  readonly delivery?: DeliveryMode;
  readonly verdict: VerdictKind;
  readonly level?: 'MUST' | 'SHOULD' | 'MAY';
  readonly spec?: string[];
  readonly tags?: string[];
  readonly reason?: string;
  readonly hostile?: boolean;
}

export function record(s: RecordSpec): ResultRecord {
  const h = s.hostile === true;
  const reason = s.reason ?? (s.verdict === 'pass' ? 'matched: accept' : `no outcome matched (${h ? PAYLOAD.script : '400 → closed'})`);
  return {
    fixture: s.fixture,
    file: `fixtures/server/${s.fixture}.h1`,
    title: `A server must handle ${s.fixture}`,
    level: s.level ?? 'MUST',
    role: 'server',
    spec: s.spec ?? ['RFC9112 6.1'],
    tags: s.tags ?? ['framing'],
    subject: s.subject,
    delivery: s.delivery ?? 'whole',
    seed: 1,
    verdict: s.verdict,
    reason,
    expected: { outcomes: [{ name: 'accept', level: 'MUST' }, { name: 'reject 4xx', level: 'MUST' }], never: [{ description: 'a message with target /s', level: 'MUST' }] },
    matched: s.verdict === 'pass' ? ['accept'] : [],
    violated: s.verdict === 'fail' ? [{ never: 'a message with target /s', by: h ? PAYLOAD.img : 'request 2 (GET /s)' }] : [],
    mismatches: s.verdict === 'pass' ? [] : [{ outcome: 'accept', why: h ? PAYLOAD.closer : 'expected 1 response, observed 0' }],
    ...(s.verdict === 'skip' ? {} : {
      observed: {
        summary: h ? `200 ${PAYLOAD.script} → open` : '200 → open',
        connection: 'open' as const,
        responses: [{
          status: 200, reason: h ? PAYLOAD.script : 'OK', version: 'HTTP/1.1', interim: [],
          fields: [['Content-Length', h ? '41' : '2'], ...(h ? [['X-Evil', PAYLOAD.img], [{ base64: b64('X-Bin\x00') }, { base64: b64('\xff\xfe<b>') }]] : [])] as ResponseRecord['fields'],
          trailers: [], bodyLength: h ? 41 : 2, body: b64(h ? `${PAYLOAD.closer}\r\n${PAYLOAD.separators}` : 'ok'), bodyTruncated: false, echo: false,
        }],
        trailingInterim: [], requests: [], partial: false, timeouts: [], overallTimeout: false, flooded: false,
        octetsSent: 40, octetsReceived: h ? 120 : 40, notes: h ? [PAYLOAD.attr] : [],
      },
    }),
    wire: s.verdict === 'skip' ? [] : [
      { dir: 'sent', at: 3, segments: 1, octets: 'POST / HTTP/1.1\\r\\nHost: a\\r\\nContent-Length: 3\\r\\n\\r\\nabc' },
      { dir: 'received', at: 17, segments: 2, octets: h ? `HTTP/1.1 200 ${PAYLOAD.script}\\r\\nX-Evil: ${PAYLOAD.img}\\r\\n\\r\\n${PAYLOAD.closer.replace(/"/g, '\\"')}\\x00\\xFF` : 'HTTP/1.1 200 OK\\r\\nContent-Length: 2\\r\\n\\r\\nok' },
    ],
    durationMs: 12.5,
  };
}

export function documentOf(subjects: SubjectInfo[], records: ResultRecord[], options: Record<string, unknown> = {}): ResultsDocument {
  return {
    version: 1,
    tool: { name: 'h1compat', version: '0.1.0' },
    run: { startedAt: '2026-01-02T03:04:05.678Z', complete: true, git: '0123456789abcdef0123456789abcdef01234567', node: 'v20.0.0', platform: 'linux-x64',
      options: { deliveries: ['whole', 'byte-by-byte'], seed: 1, subjects: subjects.map((s) => s.name), fixtures: 0, ...options }, subjects, finishedAt: '2026-01-02T03:04:09.000Z' },
    records,
  };
}

export const subject = (name: string, version = '1.0'): SubjectInfo => ({ name, version, role: 'server', adapter: 'in-process', lacks: [] });

/** Two honest subjects and one hostile subject whose every byte is markup; a few sections, levels and verdicts. */
export function hostileDocument(): ResultsDocument {
  const evil = `evil"><img src=x onerror="window.__pwned='name'">`;
  const subjects = [subject('reference'), subject('node'), { ...subject(evil, PAYLOAD.script), adapter: 'command', stderr: PAYLOAD.closer }];
  const fixtures: [string, string[], 'MUST' | 'SHOULD' | 'MAY', string[]][] = [
    ['te-cl-conflict', ['RFC9112 6.1', 'RFC9112 6.3'], 'MUST', ['smuggling', 'framing']],
    ['cl-duplicate-same', ['RFC9112 6.3'], 'SHOULD', ['content-length']],
    ['obs-fold-reject', ['RFC9112 5.2'], 'MUST', ['fields', 'obs-fold']],
    ['options-asterisk', ['RFC9110 9.3.7'], 'MAY', ['options']],
  ];
  const verdicts: Record<string, VerdictKind[]> = {
    reference: ['pass', 'pass', 'pass', 'info'],
    node: ['fail', 'warn', 'pass', 'info'],
    [evil]: ['fail', 'error', 'skip', 'warn'],
  };
  const records: ResultRecord[] = [];
  for (const s of subjects) {
    fixtures.forEach(([id, spec, level, tags], i) => {
      for (const delivery of ['whole', 'byte-by-byte'] as const) {
        const v = s.name === 'node' && id === 'cl-duplicate-same' && delivery === 'whole' ? 'pass' : verdicts[s.name][i];
        const r = record({ fixture: id, subject: s.name, delivery, verdict: v, level, spec, tags, hostile: s.name === evil });
        // te-cl-conflict cites a requirement whose quoted text is markup (a results file is untrusted input too)
        records.push(id === 'te-cl-conflict' ? { ...r, requirements: ['rfc9112-6.1-te-cl-server-closes', 'rfc-hostile'] } : r);
      }
    });
  }
  return {
    ...documentOf(subjects, records, { fixtures: fixtures.length }),
    requirements: {
      'rfc9112-6.1-te-cl-server-closes': { rfc: 'RFC9112', section: '6.1', level: 'MUST', text: 'A server MUST close the connection after responding to such a request.' },
      'rfc-hostile': { rfc: PAYLOAD.attr, section: PAYLOAD.closer, level: 'MUST', text: `${PAYLOAD.script} ${PAYLOAD.img} ${PAYLOAD.separators}` },
    },
  };
}

/** Replace what changes from run to run (times, dates, ports, revisions, versions of the platform). */
export function normaliseDoc(doc: ResultsDocument): ResultsDocument {
  const date = (v: unknown): unknown => (typeof v === 'string' && /^[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} /.test(v) ? 'Thu, 01 Jan 1970 00:00:00 GMT' : v);
  return {
    ...doc,
    run: { ...doc.run, startedAt: '2000-01-01T00:00:00.000Z', finishedAt: '2000-01-01T00:00:01.000Z', git: 'GIT-REVISION', node: 'vNODE', platform: 'PLATFORM' },
    records: doc.records.map((r) => ({
      ...r,
      durationMs: 0,
      wire: r.wire.map((w) => ({ ...w, at: 0, octets: w.octets.replace(/Date: [^\\]*\\r\\n/g, 'Date: DATE\\r\\n') })),
      ...(r.observed ? { observed: { ...r.observed, responses: r.observed.responses.map((x) => ({ ...x, fields: x.fields.map(([n, v]) => [n, date(v)] as typeof x.fields[number]) })) } } : {}),
    })),
  };
}

/** Rendered text with anything volatile left over masked (ports, ISO dates, dates in wire bodies). */
export function normaliseText(s: string): string {
  return s.replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT').replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, 'TIMESTAMP');
}
