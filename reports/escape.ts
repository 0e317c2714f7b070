// Escaping subject-controlled text for each output format: HTML text/attributes, XML 1.0, JSON inside <script>.

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escape for HTML text and quoted attribute values alike. */
export function escapeHtml(s: string): string {
  return String(s).replace(/[&<>"']/g, (c) => HTML[c]);
}

const hex2 = (n: number): string => n.toString(16).toUpperCase().padStart(2, '0');

/** Characters XML 1.0 cannot carry at all (C0 controls other than TAB/LF/CR, lone surrogates, U+FFFE/U+FFFF)
 *  become visible `\xNN` / `\u{NNNN}` text; then markup characters are escaped. */
export function escapeXml(s: string): string {
  let out = '';
  for (const ch of String(s)) {
    const c = ch.codePointAt(0)!;
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || (c >= 0xd800 && c <= 0xdfff) || c === 0xfffe || c === 0xffff) {
      out += c < 0x100 ? `\\x${hex2(c)}` : `\\u{${c.toString(16).toUpperCase()}}`;
    } else if (c === 0x0d) out += '&#13;'; // keep CR through attribute/text normalisation
    else out += HTML[ch] ?? ch;
  }
  return out;
}

/** JSON that is safe inside an HTML <script> element: no `<`, `>`, `&`, U+2028 or U+2029 appear literally, so
 *  neither `</script>`, `<!--` nor a line separator can end or bend the script block. */
export function jsonForScript(v: unknown): string {
  return JSON.stringify(v).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** One line for plain-text formats (TAP names, Markdown cells): line breaks and other controls made visible. */
export function oneLine(s: string): string {
  return String(s).replace(/\r/g, '\\r').replace(/\n/g, '\\n').replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g, (c) => `\\x${hex2(c.charCodeAt(0))}`);
}

/** A Markdown table cell: one line, pipes escaped, HTML-significant characters neutralised (GitHub renders HTML). */
export function mdCell(s: string): string {
  return oneLine(s).replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[<>&`*_[\]]/g, (c) => `&#${c.charCodeAt(0)};`);
}
