// The resource application (harness/echo/RESOURCE.md) for the node:http API: one fixed resource with validators,
// conditional requests (RFC 9110 13), byte ranges (RFC 9110 14), OPTIONS and 405; every other path is the echo.
// Run alone: node -r ts-node/register/transpile-only harness/echo/resource.ts --port N [--impl reference|node]

import { echoHandler, type EchoRequest, type EchoResponse } from './handler';

export const RESOURCE_PATH = '/h1compat/resource';
export const MISSING_PATH = '/h1compat/missing';
export const RESOURCE_CONTENT = Buffer.from('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_', 'latin1');
export const RESOURCE_ETAG = '"h1compat-v1"';
export const RESOURCE_LAST_MODIFIED = 'Sat, 01 Jan 2022 00:00:00 GMT';
const LAST_MODIFIED_S = Date.UTC(2022, 0, 1) / 1000;
const ALLOW = 'GET, HEAD, OPTIONS';

/** What the resource reads of a request beyond the echo's view. */
export interface ResourceRequest extends EchoRequest {
  readonly headers: Record<string, string | string[] | undefined>;
}

/** What the resource writes (node:http ServerResponse and the reference's share it). */
export interface ResourceResponse extends EchoResponse {
  writeHead(status: number, headers?: Record<string, string | number>): unknown;
  end(chunk?: Buffer | string): unknown;
}

function header(req: ResourceRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
}

/** An HTTP-date (RFC 9110 5.6.7) in seconds, or undefined when the value is not one (then the field is ignored). */
function httpDate(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const imf = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;
  const rfc850 = /^[A-Z][a-z]+, \d{2}-[A-Z][a-z]{2}-\d{2} \d{2}:\d{2}:\d{2} GMT$/;
  const asctime = /^[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}$/;
  const v = value.trim();
  if (!imf.test(v) && !rfc850.test(v) && !asctime.test(v)) return undefined;
  const ms = Date.parse(asctime.test(v) ? `${v} GMT` : v);
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
}

/** Entity-tags of an If-Match / If-None-Match list; `*` as the string '*'. */
function tags(value: string): string[] {
  return value.split(',').map((t) => t.trim()).filter((t) => t.length > 0);
}

/** RFC 9110 8.8.3.2: strong comparison needs both tags strong; weak comparison ignores W/. */
function tagMatches(tag: string, weak: boolean): boolean {
  if (tag === '*') return true;
  if (tag.startsWith('W/')) return weak && tag.slice(2) === RESOURCE_ETAG;
  return tag === RESOURCE_ETAG;
}

type Precondition = 'pass' | 'not-modified' | 'failed';

/** RFC 9110 13.2.2: the order in which preconditions are evaluated. */
function preconditions(req: ResourceRequest, safe: boolean): Precondition {
  const ifMatch = header(req, 'if-match');
  if (ifMatch !== undefined) {
    if (!tags(ifMatch).some((t) => tagMatches(t, false))) return 'failed';
  } else {
    const ius = httpDate(header(req, 'if-unmodified-since'));
    if (ius !== undefined && LAST_MODIFIED_S > ius) return 'failed';
  }
  const ifNoneMatch = header(req, 'if-none-match');
  if (ifNoneMatch !== undefined) {
    if (tags(ifNoneMatch).some((t) => tagMatches(t, true))) return safe ? 'not-modified' : 'failed';
  } else if (safe) {
    const ims = httpDate(header(req, 'if-modified-since'));
    if (ims !== undefined && LAST_MODIFIED_S <= ims) return 'not-modified';
  }
  return 'pass';
}

/** One satisfiable range [first, last], 'unsatisfiable', or undefined to ignore Range (RFC 9110 14.2). */
function range(req: ResourceRequest): [number, number] | 'unsatisfiable' | undefined {
  const value = header(req, 'range');
  if (value === undefined) return undefined;
  const ifRange = header(req, 'if-range');
  if (ifRange !== undefined) {
    // RFC 9110 13.1.5: an entity-tag compares strongly; a date must equal Last-Modified exactly
    const current = ifRange.trim().startsWith('"') || ifRange.trim().startsWith('W/') ? tagMatches(ifRange.trim(), false) : httpDate(ifRange) === LAST_MODIFIED_S;
    if (!current) return undefined;
  }
  const m = /^bytes=(.*)$/i.exec(value.trim());
  if (m === null) return undefined; // a range unit we do not understand: ignore (RFC 9110 14.2)
  const specs = m[1].split(',').map((s) => s.trim()).filter((s) => s.length > 0); // empty list elements do not count (RFC 9110 5.6.1.2)
  if (specs.length !== 1) return undefined; // several ranges: served whole (a server MAY ignore Range)
  const r = /^(\d*)-(\d*)$/.exec(specs[0]);
  if (r === null || (r[1] === '' && r[2] === '')) return undefined;
  const size = RESOURCE_CONTENT.length;
  if (r[1] === '') {
    const suffix = Number(r[2]);
    return suffix === 0 ? 'unsatisfiable' : [Math.max(0, size - suffix), size - 1];
  }
  const first = Number(r[1]);
  const last = r[2] === '' ? size - 1 : Math.min(Number(r[2]), size - 1);
  if (r[2] !== '' && Number(r[2]) < first) return undefined; // invalid range-spec: ignore
  return first >= size ? 'unsatisfiable' : [first, last];
}

function serveResource(req: ResourceRequest, res: ResourceResponse): void {
  const method = req.method ?? '';
  const validators = { 'ETag': RESOURCE_ETAG, 'Last-Modified': RESOURCE_LAST_MODIFIED };
  if (method === 'OPTIONS') {
    res.writeHead(204, { 'Allow': ALLOW });
    return void res.end();
  }
  if (method !== 'GET' && method !== 'HEAD') {
    res.writeHead(405, { 'Allow': ALLOW, 'Content-Type': 'text/plain', 'Content-Length': 19 });
    return void res.end('method not allowed\n');
  }
  const head = method === 'HEAD';
  const pre = preconditions(req, true);
  if (pre === 'not-modified') {
    res.writeHead(304, validators);
    return void res.end();
  }
  if (pre === 'failed') {
    res.writeHead(412, { 'Content-Type': 'text/plain', 'Content-Length': 20 });
    return void res.end('precondition failed\n');
  }
  const r = head ? undefined : range(req);
  if (r === 'unsatisfiable') {
    res.writeHead(416, { 'Content-Range': `bytes */${RESOURCE_CONTENT.length}`, 'Content-Length': 0 });
    return void res.end();
  }
  if (r !== undefined) {
    const part = RESOURCE_CONTENT.subarray(r[0], r[1] + 1);
    res.writeHead(206, { ...validators, 'Content-Type': 'text/plain', 'Content-Range': `bytes ${r[0]}-${r[1]}/${RESOURCE_CONTENT.length}`, 'Content-Length': part.length });
    return void res.end(part);
  }
  res.writeHead(200, { ...validators, 'Content-Type': 'text/plain', 'Content-Length': RESOURCE_CONTENT.length, 'Accept-Ranges': 'bytes' });
  res.end(head ? undefined : RESOURCE_CONTENT);
}

/** The request handler: the resource, the missing path, and the echo for everything else. */
export function resourceHandler(req: ResourceRequest, res: ResourceResponse): void {
  const path = (req.url ?? '').split('?')[0];
  if (path === RESOURCE_PATH) {
    // the content of a request to the resource is read and dropped before answering
    req.on('data', () => undefined);
    req.on('error', () => undefined);
    req.on('end', () => serveResource(req, res));
    return;
  }
  if (path === MISSING_PATH) {
    req.on('data', () => undefined);
    req.on('error', () => undefined);
    req.on('end', () => {
      res.writeHead(404, { 'Content-Type': 'text/plain', 'Content-Length': 10 });
      res.end('not found\n');
    });
    return;
  }
  echoHandler(req, res);
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const port = Number(args[args.indexOf('--port') + 1]);
  const impl = args.includes('--impl') ? args[args.indexOf('--impl') + 1] : 'reference';
  if (!Number.isInteger(port) || port <= 0 || port > 65535 || (impl !== 'reference' && impl !== 'node')) {
    process.stderr.write('usage: resource.ts --port N [--impl reference|node]\n');
    process.exit(2);
  }
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const http = impl === 'node' ? require('node:http') : require('../../impl');
  const server = http.createServer((req: ResourceRequest, res: ResourceResponse) => resourceHandler(req, res));
  server.listen(port, '127.0.0.1');
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}
