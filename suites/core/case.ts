// The shape of one parser case: input bytes, options, and the event log the parser must emit (see harness/diff/log.ts).

import type { RunOptions } from '../../harness/diff/log';

export interface ParserCase {
  /** stable slug, never reused */
  id: string;
  /** the RFC section the case pins down */
  spec: string;
  kind?: 'request' | 'response';
  /** latin1 string; one char per octet */
  input: string;
  /** expected log, without the final error line */
  log: string[];
  /** expected error code, if any */
  err?: string;
  /** offset of the error: a number, or a substring of input whose first index is the offset (with optional +n) */
  at?: number | string | [string, number];
  opts?: RunOptions;
}

export function errorOffset(c: ParserCase): number {
  if (typeof c.at === 'number') return c.at;
  if (typeof c.at === 'string') return idx(c, c.at, 0);
  if (Array.isArray(c.at)) return idx(c, c.at[0], c.at[1]);
  throw new Error(`case ${c.id}: error without 'at'`);
}

function idx(c: ParserCase, s: string, plus: number): number {
  const i = c.input.indexOf(s);
  if (i < 0) throw new Error(`case ${c.id}: marker ${JSON.stringify(s)} not in input`);
  return i + plus;
}

/** the full expected log of a case */
export function expectedLog(c: ParserCase): string[] {
  return c.err ? [...c.log, `error ${c.err} @${errorOffset(c)}`] : c.log;
}
