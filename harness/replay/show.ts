// Printing octet strings (latin1) for people: visible escapes as in fixture files, long strings shortened.

const MAX_SHOWN = 80;

export function escape(octets: string): string {
  let out = '';
  for (let i = 0; i < octets.length; i++) {
    const c = octets.charCodeAt(i);
    if (c === 0x0d) out += '\\r';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x09) out += '\\t';
    else if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += '\\\\';
    else if (c < 0x20 || c >= 0x7f) out += `\\x${c.toString(16).toUpperCase().padStart(2, '0')}`;
    else out += octets[i];
  }
  return out;
}

/** `"GET"`, or `"aaaa…" (65536 octets)` when long. */
export function show(octets: string): string {
  if (octets.length <= MAX_SHOWN) return `"${escape(octets)}"`;
  return `"${escape(octets.slice(0, MAX_SHOWN))}…" (${octets.length} octets)`;
}
