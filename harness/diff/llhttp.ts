// Runs node's own llhttp (through `require('_http_common').HTTPParser`, as node:http does) over chunks and renders the
// event log of harness/diff/log.ts; `project` maps either log onto what both parsers can express.
//
// What llhttp cannot know is rendered as '?': the request-target form and the framing kind. `project` drops those,
// the expect/te flags and chunk lines, and reduces an error line to `error` (llhttp reports bytesParsed, not the
// offset of the offending octet), and drops keep|close of a message that switches protocols (the connection is no
// longer HTTP after it, RFC 9110 7.8, 9.3.6). What remains: method, target, version, status, reason, keep-alive, upgrade,
// fields, body bytes, trailers, complete, bytes handed back after an upgrade, and error-or-not.

import type { Leniency } from '../../impl/core/leniency';
import type { ParserKind } from '../../impl/core/types';
import { esc, type RunOptions } from './log';

/** The surface of node's binding that node:http uses (lib/_http_common.js, lib/_http_server.js, lib/_http_client.js). */
export interface NodeHTTPParser {
  initialize(type: number, resource: object, maxHeaderSize?: number, lenientFlags?: number): void;
  execute(data: Buffer): number | (Error & { code: string; bytesParsed: number; reason?: string });
  finish(): undefined | (Error & { code: string; bytesParsed: number });
  close?(): void;
  free?(): void;
  [index: number]: unknown;
}

export interface NodeHTTPParserClass {
  new(): NodeHTTPParser;
  readonly REQUEST: number;
  readonly RESPONSE: number;
  readonly kOnMessageBegin: number;
  readonly kOnHeaders: number;
  readonly kOnHeadersComplete: number;
  readonly kOnBody: number;
  readonly kOnMessageComplete: number;
  readonly kOnExecute: number;
  readonly kLenientHeaders: number;
  readonly kLenientChunkedLength: number;
  readonly kLenientKeepAlive: number;
  readonly kLenientTransferEncoding: number;
  readonly kLenientVersion: number;
  readonly kLenientOptionalLFAfterCR: number;
  readonly kLenientOptionalCRLFAfterChunk: number;
  readonly kLenientOptionalCRBeforeLF: number;
  readonly kLenientSpacesAfterChunkSize: number;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const common = require('_http_common') as { HTTPParser: NodeHTTPParserClass; methods: string[] };
export const HTTPParser: NodeHTTPParserClass = common.HTTPParser;
/** llhttp's method numbering (llhttp.h HTTP_METHOD_MAP): kOnHeadersComplete passes an index into it. Node's public
 *  `methods` list holds the first 34 in order, then QUERY; llhttp numbers its RTSP methods in between. */
export const METHODS: readonly string[] = [...common.methods.slice(0, 34), 'PRI', 'DESCRIBE', 'ANNOUNCE', 'SETUP', 'PLAY',
  'PAUSE', 'TEARDOWN', 'GET_PARAMETER', 'SET_PARAMETER', 'REDIRECT', 'RECORD', 'FLUSH', 'QUERY'];

/** llhttp's lenient flags for our named leniency flags, or null when some flag has no llhttp counterpart. */
export function llhttpLenientFlags(l: Leniency | undefined): number | null {
  if (!l) return 0;
  const P = HTTPParser;
  const map: Record<keyof Leniency, number | null> = {
    obsFold: null,                                   // llhttp has no flag that unfolds; kLenientHeaders keeps the CRLF
    bareLF: P.kLenientOptionalCRBeforeLF,
    bareCR: null,                                    // kLenientOptionalLFAfterCR ends the line at the CR; we replace it by SP
    spacesAfterChunkSize: P.kLenientSpacesAfterChunkSize,
    optionalCRLFAfterChunk: P.kLenientOptionalCRLFAfterChunk,
    transferEncodingWithContentLength: P.kLenientChunkedLength,
    unknownTransferCoding: P.kLenientTransferEncoding,
    anyVersion: P.kLenientVersion,
    ctlInFieldValue: P.kLenientHeaders,
    duplicateContentLength: null,                    // llhttp always rejects a second Content-Length
    missingHost: 0,                                  // llhttp does not check Host at all
    spaceBeforeColon: null,                          // llhttp has no flag for it
    connectOriginForm: 0,                            // llhttp always reads CONNECT / as node's client sends it
  };
  let flags = 0;
  for (const [name, on] of Object.entries(l) as [keyof Leniency, boolean | undefined][]) {
    if (!on) continue;
    const f = map[name];
    if (f === null) return null;
    flags |= f;
  }
  return flags;
}

/** Options of runParser that llhttp cannot honour; a case using one of them is not comparable. Only the options
 *  listed here are comparable, so an option added to the core later is incomparable until someone looks at it. */
export function incomparable(opts: RunOptions | undefined): string | null {
  if (!opts) return null;
  const comparable = new Set(['eof', 'methods', 'chunks', 'lenient']);
  for (const k of Object.keys(opts)) {
    if ((opts as Record<string, unknown>)[k] !== undefined && !comparable.has(k)) return `option ${k} (no llhttp counterpart, or counted differently)`;
  }
  if (llhttpLenientFlags(opts.lenient) === null) return 'a leniency flag with no llhttp counterpart';
  return null;
}

const latin1 = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');

/** Feeds the chunks in order to a fresh llhttp and returns the event log, in log.ts's format. */
export function runLlhttp(kind: ParserKind, chunks: Uint8Array[], opts: RunOptions = {}): string[] {
  const log: string[] = [];
  const P = HTTPParser;
  const p = new P();
  p.initialize(kind === 'request' ? P.REQUEST : P.RESPONSE, {}, opts.maxHeaderSize ?? 0, llhttpLenientFlags(opts.lenient) ?? 0);
  const methods = [...(opts.methods ?? [])];
  let body = '';
  let pending: string[] = [];   // fields delivered through kOnHeaders before the head is complete (> 32 pairs)
  let pendingUrl = '';
  let inBody = false;           // between kOnHeadersComplete and kOnMessageComplete: kOnHeaders carries trailers
  let trailers: string[] = [];
  let upgrading = false;        // the current message switches protocols once complete
  let upgraded = false;
  const flush = (): void => { if (body) { log.push('body ' + esc(body)); body = ''; } };

  p[P.kOnHeaders] = (headers: string[], url: string): void => {
    if (inBody) { trailers.push(...headers); return; }
    pending.push(...headers);
    pendingUrl += url;
  };
  p[P.kOnHeadersComplete] = (major: number, minor: number, headers: string[] | undefined, method: number | undefined,
    url: string | undefined, status: number | undefined, reason: string | undefined, upgrade: boolean, keep: boolean): number => {
    const fields = headers ?? pending;
    const target = url || pendingUrl;
    pending = [];
    pendingUrl = '';
    let action = 0;
    let up = upgrade;
    let line: string;
    if (kind === 'request') {
      line = `request ${METHODS[method as number]} ${esc(target)} ${major}.${minor} ? ?`;
    } else {
      const st = status as number;
      // the method of the request answered: 1xx responses keep it for the final response
      const m = st >= 200 || st === 101 ? (methods.shift() ?? 'GET') : (methods[0] ?? 'GET');
      // node's client returns 1 for a response to HEAD (skip the body) and 2 to hand off after a CONNECT response
      // (it does so for any status; a tunnel exists only after a 2xx, RFC 9110 9.3.6, so we ask it only then)
      if (m === 'HEAD') action = 1;
      else if (m === 'CONNECT' && st >= 200 && st < 300) { action = 2; up = true; }
      line = `response ${st} "${esc(reason ?? '')}" ${major}.${minor} ?`;
    }
    log.push(`${line} ${keep ? 'keep' : 'close'}${up ? ' upgrade' : ''}`);
    for (let i = 0; i < fields.length; i += 2) log.push(`field ${esc(fields[i])}: ${esc(fields[i + 1])}`);
    upgrading = up;
    inBody = true;
    return action;
  };
  p[P.kOnBody] = (b: Buffer): void => { body += b.toString('latin1'); };
  p[P.kOnMessageComplete] = (): void => {
    flush();
    for (let i = 0; i < trailers.length; i += 2) log.push(`trailer ${esc(trailers[i])}: ${esc(trailers[i + 1])}`);
    trailers = [];
    log.push('complete');
    inBody = false;
    if (upgrading) upgraded = true;
  };
  p[P.kOnExecute] = null;

  let offset = 0;
  let rest = '';
  let error: { code: string; offset: number } | null = null;
  for (const c of chunks) {
    if (upgraded) { rest += latin1(c); offset += c.length; continue; }
    if (c.length === 0) continue;
    const r = p.execute(Buffer.from(c.buffer, c.byteOffset, c.byteLength));
    if (typeof r !== 'number') { error = { code: r.code, offset: offset + r.bytesParsed }; break; }
    if (upgraded) rest += latin1(c.subarray(r));
    offset += c.length;
  }
  if (!error && !upgraded && opts.eof) {
    const r = p.finish();
    if (r) error = { code: r.code, offset };
  }
  flush();
  if (rest) log.push('rest ' + esc(rest));
  if (error) log.push(`error ${error.code} @${error.offset}`);
  p.close?.();
  return log;
}

/** Projects a log (ours or llhttp's) onto what both parsers can express (see the header of this file). */
export function project(log: readonly string[]): string[] {
  const out: string[] = [];
  for (const line of log) {
    if (line.startsWith('chunk ')) continue;
    if (line.startsWith('error ')) { out.push('error'); continue; }
    if (line.startsWith('request ')) {
      // request METHOD TARGET VERSION FORM FRAMING flags...
      const [, method, target, version, , , ...flags] = line.split(' ');
      out.push(['request', method, target, version, ...keepFlags(flags)].join(' '));
      continue;
    }
    if (line.startsWith('response ')) {
      // response STATUS "REASON" VERSION FRAMING flags... (the reason may contain spaces)
      const m = /^response (\d+) "(.*)" (\d\.\d) (\S+) (.*)$/.exec(line);
      if (!m) throw new Error(`unparsable log line: ${line}`);
      out.push([`response ${m[1]} "${m[2]}" ${m[3]}`, ...keepFlags(m[5].split(' '))].join(' '));
      continue;
    }
    out.push(line);
  }
  return out;
}

/** keep|close and upgrade; after an upgrade the connection is no longer HTTP, so keep|close is dropped */
function keepFlags(flags: string[]): string[] {
  return flags.includes('upgrade') ? ['upgrade'] : flags.filter((f) => f === 'keep' || f === 'close');
}
