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
//             stalled @OFFSET       (execute() consumed nothing without error, pause or upgrade)
// BYTES and VALUES are escaped: \r \n \t \\ and \xNN for other octets outside 0x20-0x7e.

import { Parser } from '../../impl/core/parser';
import type { Framing, MessageHead, ParserKind, ParserOptions } from '../../impl/core/types';
import { feed, type FeedOptions, type ParseEvent } from './split';

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

export interface RunOptions extends ParserOptions, FeedOptions {
  /** response parser: methods of the requests answered, in order */
  methods?: string[];
}

/** Renders a merged event log (split.ts) as log lines. */
export function render(events: readonly ParseEvent[]): string[] {
  const log: string[] = [];
  for (const e of events) {
    switch (e.type) {
      case 'head': log.push(...headLine(e.head)); break;
      case 'body': log.push('body ' + esc(e.data)); break;
      case 'chunk': log.push(`chunk ${e.size} ${esc(e.extensions)}`.trimEnd()); break;
      case 'trailers': for (let i = 0; i < e.fields.length; i += 2) log.push(`trailer ${esc(e.fields[i])}: ${esc(e.fields[i + 1])}`); break;
      case 'complete': log.push('complete'); break;
      case 'rest': log.push('rest ' + esc(e.data)); break;
      case 'error': log.push(`error ${e.code} @${e.offset}`); break;
      case 'stalled': log.push(`stalled @${e.offset}`); break;
    }
  }
  return log;
}

/** Feeds the chunks in order to a fresh parser and returns the event log. */
export function runParser(kind: ParserKind, chunks: Uint8Array[], opts: RunOptions = {}): string[] {
  return render(feed((sink) => {
    const p = new Parser(kind, sink, opts);
    for (const m of opts.methods ?? []) p.pushRequestMethod(m);
    return p;
  }, chunks, opts));
}
