// Runs the core parser over a segmented input and renders what it emitted as a flat event log (tests as data).
//
// Log lines:  request METHOD TARGET VERSION FORM FRAMING keep|close [upgrade] [expect] [te=...]
//             response STATUS "REASON" VERSION FRAMING keep|close [upgrade] [te=...]
//             field NAME: VALUE     (one per field line, in order, right after its head)
//             body BYTES            (consecutive body events merged)
//             chunk SIZE EXT        (only with chunks: true)
//             trailer NAME: VALUE
//             complete
//             error CODE @OFFSET
//             rest BYTES            (octets handed back after an upgrade or tunnel)
// BYTES and VALUES are escaped: \r \n \t \\ and \xNN for other octets outside 0x20-0x7e.

import { Parser } from '../../impl/core/parser';
import type { Framing, MessageHead, ParserKind, ParserOptions } from '../../impl/core/types';

export function esc(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x0d) out += '\\r';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x09) out += '\\t';
    else if (c === 0x5c) out += '\\\\';
    else if (c < 0x20 || c > 0x7e) out += '\\x' + c.toString(16).padStart(2, '0');
    else out += s[i];
  }
  return out;
}

function framing(f: Framing): string {
  return f.kind === 'length' ? `length:${f.length}` : f.kind;
}

export function headLine(h: MessageHead): string[] {
  const v = `${h.versionMajor}.${h.versionMinor}`;
  const flags = [h.keepAlive ? 'keep' : 'close'];
  if (h.upgrade) flags.push('upgrade');
  if (h.kind === 'request' && h.expectContinue) flags.push('expect');
  if (h.transferCodings.length) flags.push('te=' + h.transferCodings.join(','));
  const first = h.kind === 'request'
    ? `request ${h.method} ${esc(h.target)} ${v} ${h.targetForm} ${framing(h.framing)} ${flags.join(' ')}`
    : `response ${h.status} "${esc(h.reason)}" ${v} ${framing(h.framing)} ${flags.join(' ')}`;
  const lines = [first];
  for (let i = 0; i < h.fields.length; i += 2) lines.push(`field ${esc(h.fields[i])}: ${esc(h.fields[i + 1])}`);
  return lines;
}

export interface RunOptions extends ParserOptions {
  /** call finish() after the last chunk (peer closed) */
  eof?: boolean;
  /** response parser: methods of the requests answered, in order */
  methods?: string[];
  /** log chunk headers */
  chunks?: boolean;
}

/** Feeds the chunks in order to a fresh parser and returns the event log. */
export function runParser(kind: ParserKind, chunks: Uint8Array[], opts: RunOptions = {}): string[] {
  const log: string[] = [];
  let body = '';
  const flush = () => { if (body) { log.push('body ' + esc(body)); body = ''; } };
  const p = new Parser(kind, {
    onHead(h) { flush(); log.push(...headLine(h)); },
    onBody(b) { body += Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1'); },
    onChunkHeader: opts.chunks ? (size, ext) => { flush(); log.push(`chunk ${size} ${esc(ext)}`.trimEnd()); } : undefined,
    onTrailers(t) { flush(); for (let i = 0; i < t.length; i += 2) log.push(`trailer ${esc(t[i])}: ${esc(t[i + 1])}`); },
    onMessageComplete() { flush(); log.push('complete'); },
  }, opts);
  for (const m of opts.methods ?? []) p.pushRequestMethod(m);
  let rest = '';
  for (let i = 0; i < chunks.length; i++) {
    const c = chunks[i];
    if (p.upgraded) { rest += Buffer.from(c).toString('latin1'); continue; }
    const n = p.execute(c);
    if (p.error) break;
    if (n < c.length && p.upgraded) rest += Buffer.from(c.subarray(n)).toString('latin1');
  }
  if (!p.error && opts.eof) p.finish();
  flush();
  if (rest) log.push('rest ' + esc(rest));
  if (p.error) log.push(`error ${p.error.code} @${p.error.offset}`);
  return log;
}
