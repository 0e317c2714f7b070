// nock recordings -> fixtures: each object `nock.recorder.rec({ output_objects: true })` recorded becomes a client-role
// fixture: the client under test makes the recorded request, the harness serves the recorded response (re-framed by
// Content-Length, since nock keeps the body decoded), and the client must report the recorded status and body.

import { STATUS_CODES } from 'node:http';
import { literal, type FieldLine, type Fixture } from '../fixture';
import { TOKEN } from '../fixture/values';

/** A nock recording entry (only the keys used here). */
export interface NockRecord {
  readonly scope?: string;
  readonly method?: string;
  readonly path?: string;
  readonly body?: unknown;
  readonly status?: number;
  readonly response?: unknown;
  readonly rawHeaders?: readonly string[] | Readonly<Record<string, string | readonly string[]>>;
  readonly headers?: Readonly<Record<string, string | readonly string[]>>;
  readonly reqheaders?: Readonly<Record<string, string | readonly string[]>>;
  readonly responseIsBinary?: boolean;
}

export class ImportError extends Error {}

/** `[name, value]` pairs from a flat array or an object (nock 14 writes an object; older versions a flat array). */
export function headerPairs(h: NockRecord['rawHeaders'] | undefined): [string, string][] {
  if (h === undefined) return [];
  if (Array.isArray(h)) return Array.from({ length: h.length >> 1 }, (_, i) => [String(h[2 * i]), String(h[2 * i + 1])]);
  return Object.entries(h as Record<string, string | readonly string[]>).flatMap(([n, v]) => (Array.isArray(v) ? v.map((x): [string, string] => [n, String(x)]) : [[n, String(v)] as [string, string]]));
}

/** The recorded response body as octets (latin1): hex when binary, hex chunks when content-encoded, JSON re-serialised. */
export function responseOctets(r: NockRecord): string {
  const b = r.response;
  if (b === undefined || b === null || b === '') return '';
  if (Array.isArray(b) && b.every((x) => typeof x === 'string')) return Buffer.from(b.join(''), 'hex').toString('latin1');
  if (typeof b === 'string') return r.responseIsBinary === true ? Buffer.from(b, 'hex').toString('latin1') : Buffer.from(b, 'utf8').toString('latin1');
  return Buffer.from(JSON.stringify(b), 'utf8').toString('latin1');
}

function requestBody(b: unknown): string {
  if (b === undefined || b === null || b === '') return '';
  return Buffer.from(typeof b === 'string' ? b : JSON.stringify(b), 'utf8').toString('latin1');
}

/** The response octets the harness serves for a recording (status line, recorded fields minus framing, Content-Length). */
export function servedResponse(r: NockRecord): string {
  const status = r.status ?? 200;
  const body = responseOctets(r);
  const fields = headerPairs(r.rawHeaders ?? r.headers).filter(([n]) => !['transfer-encoding', 'content-length', 'connection', 'keep-alive'].includes(n.toLowerCase()) && TOKEN.test(n));
  const noBody = status === 204 || status === 304 || status < 200 || (r.method ?? 'GET').toUpperCase() === 'HEAD';
  const head = [`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Unknown'}`, ...fields.map(([n, v]) => `${n}: ${v.replace(/[\r\n]/g, ' ')}`),
    ...(noBody ? [] : [`Content-Length: ${body.length}`])];
  return head.join('\r\n') + '\r\n\r\n' + (noBody ? '' : body);
}

/** One recording as a client-role fixture with the given id. */
export function recordToFixture(r: NockRecord, id: string, source: string): Fixture {
  if (typeof r.method !== 'string' || typeof r.path !== 'string' || typeof r.status !== 'number') {
    throw new ImportError(`${source}: a recording needs method, path and status (record with nock.recorder.rec({ output_objects: true }))`);
  }
  const method = r.method.toUpperCase();
  const reqBody = requestBody(r.body);
  const reqFields: FieldLine[] = headerPairs(r.reqheaders).filter(([n]) => TOKEN.test(n) && !['host', 'content-length', 'transfer-encoding', 'connection'].includes(n.toLowerCase()))
    .map(([n, v]) => ({ name: n, value: literal(v) }));
  const body = responseOctets(r);
  const noBody = r.status === 204 || r.status === 304 || method === 'HEAD';
  return {
    id,
    title: `A client must deliver the recorded ${r.status} response to ${method} ${r.path.length > 60 ? r.path.slice(0, 60) + '...' : r.path} as it was recorded`,
    spec: [{ rfc: 'RFC9112', section: '6.3' }],
    level: 'MUST',
    role: 'client',
    tags: ['nock', 'recorded'],
    notes: [`Imported from a nock recording (${source}) of ${r.scope ?? 'an unknown origin'}${r.path}. The body is served re-framed by Content-Length; edit the expectation to what the bug is about.`],
    clientRequests: [{ method: literal(method), target: literal(r.path), fields: reqFields, ...(reqBody !== '' ? { body: literal(reqBody) } : {}) }],
    exchange: [{ kind: 'wait', for: 'request' }, { kind: 'serve', bytes: literal(servedResponse(r)) }, { kind: 'wait', for: 'close', withinMs: 500 }],
    outcomes: [{
      name: 'as recorded', level: 'MUST',
      requests: [{ method: literal(method), target: literal(r.path), absent: [], contains: [], ...(reqBody !== '' ? { body: literal(reqBody) } : {}) }],
      responses: [{ status: { kind: 'code', code: r.status }, absent: [], contains: [], ...(noBody ? {} : { body: literal(body) }) }],
    }],
    never: [],
    delivery: { modes: ['whole', 'byte-by-byte', 'every-split', 'random-splits'] },
  };
}

/** Parse a recorder output file: a JSON array of objects (or one object, or `{ "outputs": [...] }`). */
export function parseRecordings(text: string, source: string): NockRecord[] {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new ImportError(`${source}: not JSON (${(e as Error).message}); record with output_objects: true and write JSON.stringify(nock.recorder.play())`);
  }
  const list = Array.isArray(v) ? v : typeof v === 'object' && v !== null && Array.isArray((v as { outputs?: unknown }).outputs) ? (v as { outputs: unknown[] }).outputs : [v];
  if (!list.every((x) => typeof x === 'object' && x !== null)) throw new ImportError(`${source}: expected an array of recorded objects (output_objects: true), not strings`);
  return list as NockRecord[];
}
