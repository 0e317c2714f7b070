// Triage of reference-vs-llhttp discrepancy classes: each minimised example is assigned the root cause that explains
// it — a row of impl/README.md's "intentionally differs from llhttp" table, with its RFC section — by rules over the
// two logs and the octets. A class no rule explains is `unexplained`: a parser bug to report, or a new row to write.

const errOf = (log: readonly string[]): string | undefined => log.find((l) => l.startsWith('error '))?.split(' ')[1];
const errAt = (log: readonly string[]): number => Number(log.find((l) => l.startsWith('error '))?.split('@')[1] ?? -1);

export interface RootCause {
  readonly id: string;
  /** the RFC section(s) that explain the reference's behaviour */
  readonly rfc: string;
  /** what differs, in words (the README row) */
  readonly what: string;
}

interface Rule extends RootCause {
  test(input: string, ours: readonly string[], theirs: readonly string[]): boolean;
}

const oursErr = (...codes: string[]) => (_: string, o: readonly string[]): boolean => codes.includes(errOf(o) ?? '');
const theirsErr = (...codes: string[]) => (_: string, __: readonly string[], t: readonly string[]): boolean => codes.includes(errOf(t) ?? '');
/** the reference's error is between messages (nothing or a complete message before it) on a CR or LF octet */
const atLeadingLineEnd = (input: string, o: readonly string[]): boolean => {
  const at = errAt(o);
  const before = o.filter((l) => !l.startsWith('error ')).pop();
  const c = at < input.length ? input[at] : input[input.length - 1];
  return at >= 0 && (before === undefined || before === 'complete') && (c === '\r' || c === '\n');
};

const RULES: readonly Rule[] = [
  { id: 'host', rfc: 'RFC 9112 3.2', what: 'Host missing in HTTP/1.1, repeated, or not uri-host [":" port]: llhttp does not look at Host', test: oursErr('HPE_MISSING_HOST', 'HPE_DUPLICATE_HOST', 'HPE_INVALID_HOST') },
  { id: 'target', rfc: 'RFC 9112 3.2, RFC 9110 4.2.1, RFC 3986', what: 'request-target syntax and form rules (bad %, #, userinfo, CONNECT/asterisk forms, other schemes)', test: (i, o, t) => errOf(o) === 'HPE_INVALID_URL' || errOf(t) === 'HPE_INVALID_URL' },
  { id: 'version', rfc: 'RFC 9110 2.5, 6.2', what: 'HTTP/1.x (x > 1) is 1.1 to us, an error to llhttp; other majors are 505 to us, accepted by llhttp', test: (i, o, t) => errOf(o) === 'HPE_UNSUPPORTED_VERSION' || (errOf(t) === 'HPE_INVALID_VERSION' && /HTTP\/1\.[2-9]/.test(i)) },
  { id: 'http09', rfc: 'RFC 9112 3', what: 'a request-line without HTTP-version (or ended by a bare LF) is HTTP/0.9 to llhttp', test: (_, __, t) => t.some((l) => / 0\.9 \? \?/.test(l)) },
  { id: 'leading-line-ends', rfc: 'RFC 9112 2.2', what: 'bare CR/LF before a request-line, or any empty line before a status-line: llhttp skips them', test: (i, o) => ['HPE_CR_EXPECTED', 'HPE_LF_EXPECTED', 'HPE_INVALID_VERSION', 'HPE_INVALID_EOF_STATE', 'HPE_INVALID_CONSTANT'].includes(errOf(o) ?? '') && atLeadingLineEnd(i, o) },
  { id: 'transfer-encoding', rfc: 'RFC 9112 6.1, RFC 9110 5.6.1, 5.5', what: 'Transfer-Encoding lists: empty elements and OWS ignored by us; unknown codings, chunked not final, TE in HTTP/1.0 and empty TE are errors for us', test: (i, o, t) => ['HPE_INVALID_TRANSFER_ENCODING', 'HPE_UNKNOWN_TRANSFER_CODING', 'HPE_TRANSFER_ENCODING_HTTP10'].includes(errOf(o) ?? '') || (errOf(t) === 'HPE_INVALID_TRANSFER_ENCODING' && /transfer-encoding/i.test(i)) || (/transfer-encoding:[^\r\n]*(,\s*($|\r|\n|,)|^\s*,)/im.test(i)) },
  { id: 'method-list', rfc: 'RFC 9112 3.1, RFC 9110 9.1', what: 'a method token not in llhttp\'s list (or lower case): llhttp rejects it', test: theirsErr('HPE_INVALID_METHOD') },
  { id: 'closed-connection', rfc: 'RFC 9112 9.6', what: 'octets after a message that closes the connection: ignored by us, parsed or HPE_CLOSED_CONNECTION by llhttp', test: (_, o, t) => !errOf(o) && (errOf(t) === 'HPE_CLOSED_CONNECTION' || o.some((l) => /^(request|response) .* close( |$)/.test(l))) },
  { id: 'trailer-fields', rfc: 'RFC 9112 7.1.2, RFC 9110 6.5.1', what: 'trailer fields get no header semantics with us (Content-Length, Transfer-Encoding in a trailer): llhttp rejects them', test: (_, o, t) => o.some((l) => l.startsWith('trailer ')) || (!!errOf(t) && /\r\n0\r\n[^\r]*(content-length|transfer-encoding)/i.test(_)) },
  { id: 'chunk-ext', rfc: 'RFC 9112 7.1.1', what: 'chunk-ext: BWS around ; and = accepted by us, rejected by llhttp; an extension without a name rejected by us', test: (i, o, t) => errOf(o) === 'HPE_INVALID_CHUNK_EXTENSION' || (['HPE_INVALID_CHUNK_SIZE', 'HPE_STRICT', 'HPE_INVALID_CHUNK_EXTENSION'].includes(errOf(t) ?? '') && /\r\n[0-9a-fA-F]+[ \t]*;/.test(i)) },
  { id: 'limits', rfc: 'RFC 9110 8.6, RFC 9112 7.1, RFC 6585 5', what: 'Content-Length or chunk-size above 2^53-1, and size limits llhttp counts differently', test: oursErr('HPE_CONTENT_LENGTH_OVERFLOW', 'HPE_CHUNK_SIZE_OVERFLOW', 'HPE_HEADER_OVERFLOW', 'HPE_TOO_MANY_FIELDS', 'HPE_CHUNK_EXTENSIONS_OVERFLOW') },
  { id: 'status-line', rfc: 'RFC 9112 4, RFC 9110 15', what: 'status-code outside 100-599, CTL in reason-phrase: rejected by us', test: oursErr('HPE_INVALID_STATUS', 'HPE_INVALID_REASON') },
  { id: 'response-obs-fold', rfc: 'RFC 9112 5.2', what: 'obs-fold in a response: unfolded by us (a user agent MUST), an error for llhttp', test: (i, _, t) => i.startsWith('HTTP/') && !!errOf(t) && /\r?\n[ \t]/.test(i.slice(0, Math.max(0, i.indexOf('\r\n\r\n')) + 2 || i.length)) },
  { id: 'no-content-status', rfc: 'RFC 9112 6.3', what: 'a 1xx, 204 or 304 response has no content whatever its framing fields say; llhttp reads a body', test: (i, o) => o.some((l) => /^response (1\d\d|204|304) /.test(l)) },
  { id: 'switching-protocols', rfc: 'RFC 9110 7.8, 15.2.2', what: 'a 101 response always ends HTTP/1.1 on the connection for us; llhttp needs an Upgrade field', test: (_, o) => o.some((l) => /^response 101 .* upgrade/.test(l)) },
  { id: 'upgrade-http10', rfc: 'RFC 9110 7.8', what: 'Upgrade in an HTTP/1.0 message is ignored by us; llhttp switches protocols', test: (i, o, t) => o.some((l) => / 1\.0 /.test(l)) && (t.some((l) => l.startsWith('rest ')) || t.some((l) => / upgrade/.test(l))) },
  { id: 'upgrade-with-content', rfc: 'RFC 9110 7.8', what: 'a request with Upgrade and content: we read the content before the hand-off', test: (i, o, t) => /upgrade:/i.test(i) && [...o, ...t].some((l) => l.startsWith('rest ') || / upgrade$/.test(l)) },
  { id: 'trailing-ows', rfc: 'RFC 9110 5.5, 5.6.3', what: 'OWS after a Content-Length or Transfer-Encoding value is not part of the value for us; llhttp rejects it', test: (i, _, t) => ['HPE_INVALID_CONTENT_LENGTH', 'HPE_INVALID_TRANSFER_ENCODING', 'HPE_UNEXPECTED_CONTENT_LENGTH'].includes(errOf(t) ?? '') && /(content-length|transfer-encoding):[^\r\n]*[ \t]\r?\n/i.test(i) },
];

export const UNEXPLAINED: RootCause = { id: 'unexplained', rfc: '-', what: 'no rule explains it: a parser bug to report, or a new row for impl/README.md' };

export const ROOT_CAUSES: readonly RootCause[] = [...RULES.map(({ id, rfc, what }) => ({ id, rfc, what })), UNEXPLAINED];

/** The root cause of a minimised discrepancy (first rule that holds), or UNEXPLAINED. */
export function triage(input: string, ours: readonly string[], theirs: readonly string[]): RootCause {
  for (const r of RULES) if (r.test(input, ours, theirs)) return { id: r.id, rfc: r.rfc, what: r.what };
  return UNEXPLAINED;
}
