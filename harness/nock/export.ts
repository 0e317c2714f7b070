// Fixture -> nock definitions (the objects `nock.define()` loads): each request of the exchange with the response the
// fixture serves (client role: the served octets, read by the strict parser) or expects (server role: its first outcome).

import { Parser } from '../../impl/core/parser';
import { feed } from '../diff/split';
import { bufferOf, octetsOf, type Fixture, type ResponseExpectation } from '../fixture';
import { ResponseReader } from '../replay/observation';

/** One nock definition, as `nock.recorder` writes with `output_objects: true` and `nock.define()` reads. */
export interface NockDefinition {
  scope: string;
  method: string;
  path: string;
  body?: string;
  status: number;
  response?: string;
  rawHeaders?: string[];
  responseIsBinary?: boolean;
  reqheaders?: Record<string, string>;
}

/** A fixture that cannot become nock definitions (nothing parseable, no concrete response). */
export class ExportError extends Error {}

interface Req { method: string; target: string; fields: [string, string][]; body: string }
interface Res { status: number; fields: [string, string][]; body: string }

const isUtf8 = (latin1: string): boolean => Buffer.from(Buffer.from(latin1, 'latin1').toString('utf8'), 'utf8').equals(Buffer.from(latin1, 'latin1'));
const pairs = (flat: readonly string[]): [string, string][] => Array.from({ length: flat.length >> 1 }, (_, i) => [flat[2 * i], flat[2 * i + 1]]);

/** Requests the strict reference parser reads in the octets (stops at the first error). */
export function parseRequests(octets: string): Req[] {
  const out: Req[] = [];
  for (const e of feed((sink) => new Parser('request', sink), [Buffer.from(octets, 'latin1')], { eof: true })) {
    if (e.type === 'head' && e.head.kind === 'request') out.push({ method: e.head.method, target: e.head.target, fields: pairs(e.head.fields), body: '' });
    else if (e.type === 'body' && out.length > 0) out[out.length - 1].body += e.data;
  }
  return out;
}

/** Final responses the strict reference parser reads in served octets (answering these methods, in order). */
export function parseResponses(octets: string, methods: readonly string[]): Res[] {
  const r = new ResponseReader(methods);
  r.push(Buffer.from(octets, 'latin1'));
  r.finish();
  return r.responses.map((x) => ({ status: x.status, fields: x.fields, body: x.body }));
}

function expected(p: ResponseExpectation): Res | undefined {
  const s = p.status;
  const status = s.kind === 'code' ? s.code : s.kind === 'class' ? s.digit * 100 : s.kind === 'any' ? 200 : undefined;
  if (status === undefined) return undefined;
  return { status, fields: (p.fields?.lines ?? []).map((l) => [l.name, octetsOf(l.value)]), body: p.body !== undefined ? octetsOf(p.body) : '' };
}

function bodyFor(latin1: string): { response?: string; responseIsBinary?: boolean } {
  if (latin1 === '') return {};
  if (isUtf8(latin1)) {
    const text = Buffer.from(latin1, 'latin1').toString('utf8');
    // nock.define() JSON-parses a string response and re-serialises it: only exact round trips stay text
    let json: unknown;
    try { json = JSON.parse(text); } catch { return { response: text }; }
    if (JSON.stringify(json) === text) return { response: text };
  }
  return { response: Buffer.from(latin1, 'latin1').toString('hex'), responseIsBinary: true };
}

function scopeOf(req: Req, given: string | undefined): { scope: string; path: string } {
  const abs = /^(https?:\/\/[^/?#]+)(.*)$/i.exec(req.target);
  if (abs) return { scope: given ?? abs[1].toLowerCase(), path: abs[2] === '' ? '/' : abs[2] };
  const host = req.fields.find(([n]) => n.toLowerCase() === 'host')?.[1];
  return { scope: given ?? `http://${host !== undefined && /^[A-Za-z0-9.:[\]-]+$/.test(host) ? host.toLowerCase() : 'localhost'}`, path: req.target };
}

/** The nock definitions of a fixture's exchange. `scope` overrides the origin (`http://host:port`). */
export function exportNock(f: Fixture, scope?: string): NockDefinition[] {
  let reqs: Req[];
  let ress: (Res | undefined)[];
  if (f.role === 'client') {
    reqs = f.clientRequests.map((q) => ({ method: octetsOf(q.method), target: octetsOf(q.target), fields: q.fields.map((l) => [l.name, octetsOf(l.value)]), body: q.body !== undefined ? octetsOf(q.body) : '' }));
    const served = f.exchange.map((s) => (s.kind === 'serve' ? bufferOf(s.bytes).toString('latin1') : '')).join('');
    ress = parseResponses(served, reqs.map((r) => r.method));
  } else {
    reqs = parseRequests(f.exchange.map((s) => (s.kind === 'send' ? bufferOf(s.bytes).toString('latin1') : '')).join(''));
    const o = f.outcomes.find((x) => x.responses !== undefined && x.responses.length > 0);
    ress = (o?.responses ?? []).map(expected);
  }
  const defs: NockDefinition[] = [];
  for (let i = 0; i < reqs.length; i++) {
    const q = reqs[i];
    const p = ress[i];
    if (p === undefined) continue;
    const { scope: sc, path } = scopeOf(q, scope);
    // the body arrives decoded (nock writes it as given): framing by chunked no longer applies
    const raw = p.fields.filter(([n]) => n.toLowerCase() !== 'transfer-encoding').flat();
    defs.push({
      scope: sc, method: q.method, path,
      ...(q.body !== '' && isUtf8(q.body) ? { body: Buffer.from(q.body, 'latin1').toString('utf8') } : {}),
      status: p.status, ...bodyFor(p.body), rawHeaders: raw,
    });
  }
  if (defs.length === 0) throw new ExportError(`${f.id}: no request with a concrete response to export (the strict parser read ${reqs.length} request(s); a response needs a code, class or any)`);
  return defs;
}
