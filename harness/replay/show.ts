// Printing octet strings (latin1) for people: visible escapes as in fixture files, long strings shortened.

import { escapeOctets } from '../fixture/bytes';

const MAX_SHOWN = 80;

/** the fixture files' canonical escape, so wire logs read like the fixtures that produced them */
export const escape = escapeOctets;

/** `"GET"`, or `"aaaa…" (65536 octets)` when long. */
export function show(octets: string): string {
  if (octets.length <= MAX_SHOWN) return `"${escape(octets)}"`;
  return `"${escape(octets.slice(0, MAX_SHOWN))}…" (${octets.length} octets)`;
}
