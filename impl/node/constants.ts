// Tables node:http exports (METHODS, STATUS_CODES, maxHeaderSize) and the cached IMF-fixdate for the Date field.

export const STATUS_CODES: Record<number, string> = {
  100: 'Continue', 101: 'Switching Protocols', 102: 'Processing', 103: 'Early Hints',
  200: 'OK', 201: 'Created', 202: 'Accepted', 203: 'Non-Authoritative Information', 204: 'No Content',
  205: 'Reset Content', 206: 'Partial Content', 207: 'Multi-Status', 208: 'Already Reported', 226: 'IM Used',
  300: 'Multiple Choices', 301: 'Moved Permanently', 302: 'Found', 303: 'See Other', 304: 'Not Modified',
  305: 'Use Proxy', 307: 'Temporary Redirect', 308: 'Permanent Redirect',
  400: 'Bad Request', 401: 'Unauthorized', 402: 'Payment Required', 403: 'Forbidden', 404: 'Not Found',
  405: 'Method Not Allowed', 406: 'Not Acceptable', 407: 'Proxy Authentication Required', 408: 'Request Timeout',
  409: 'Conflict', 410: 'Gone', 411: 'Length Required', 412: 'Precondition Failed', 413: 'Payload Too Large',
  414: 'URI Too Long', 415: 'Unsupported Media Type', 416: 'Range Not Satisfiable', 417: 'Expectation Failed',
  418: 'I\'m a Teapot', 421: 'Misdirected Request', 422: 'Unprocessable Entity', 423: 'Locked',
  424: 'Failed Dependency', 425: 'Too Early', 426: 'Upgrade Required', 428: 'Precondition Required',
  429: 'Too Many Requests', 431: 'Request Header Fields Too Large', 451: 'Unavailable For Legal Reasons',
  500: 'Internal Server Error', 501: 'Not Implemented', 502: 'Bad Gateway', 503: 'Service Unavailable',
  504: 'Gateway Timeout', 505: 'HTTP Version Not Supported', 506: 'Variant Also Negotiates',
  507: 'Insufficient Storage', 508: 'Loop Detected', 509: 'Bandwidth Limit Exceeded', 510: 'Not Extended',
  511: 'Network Authentication Required',
};

/** The methods node's parser knows, sorted (node: `methods.toSorted()`). */
export const METHODS: string[] = [
  'ACL', 'BIND', 'CHECKOUT', 'CONNECT', 'COPY', 'DELETE', 'GET', 'HEAD', 'LINK', 'LOCK', 'M-SEARCH', 'MERGE',
  'MKACTIVITY', 'MKCALENDAR', 'MKCOL', 'MOVE', 'NOTIFY', 'OPTIONS', 'PATCH', 'POST', 'PROPFIND', 'PROPPATCH',
  'PURGE', 'PUT', 'QUERY', 'REBIND', 'REPORT', 'SEARCH', 'SOURCE', 'SUBSCRIBE', 'TRACE', 'UNBIND', 'UNLINK',
  'UNLOCK', 'UNSUBSCRIBE',
];

/** The value of a node command-line option as node sees it: NODE_OPTIONS first, then process.execArgv (the command
 *  line wins). `true` for a flag given without a value, undefined when absent. */
function nodeOption(name: string): string | true | undefined {
  const args = [...(process.env.NODE_OPTIONS ?? '').split(/\s+/).filter(Boolean), ...process.execArgv];
  let found: string | true | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i].replace(/_/g, '-');
    if (a === name) found = args[i + 1] !== undefined && !args[i + 1].startsWith('-') && name !== '--insecure-http-parser' ? args[++i] : true;
    else if (a.startsWith(`${name}=`)) found = a.slice(name.length + 1);
  }
  return found;
}

/** node's --max-http-header-size (default 16384): http.maxHeaderSize and the parsers' default head limit */
export const DEFAULT_MAX_HEADER_SIZE = ((): number => {
  const v = nodeOption('--max-http-header-size');
  const n = typeof v === 'string' ? Number(v) : NaN;
  return Number.isSafeInteger(n) && n >= 0 ? n : 16384;
})();

/** node's --insecure-http-parser: the default of the insecureHTTPParser option of servers and requests */
export const INSECURE_HTTP_PARSER_DEFAULT = nodeOption('--insecure-http-parser') !== undefined;

let dateCache: string | undefined;

/** IMF-fixdate for the Date field (RFC 9110 6.6.1), recomputed at most once a second. */
export function utcDate(): string {
  if (dateCache === undefined) {
    const d = new Date();
    dateCache = d.toUTCString();
    setTimeout(() => { dateCache = undefined; }, 1000 - d.getMilliseconds()).unref();
  }
  return dateCache;
}
