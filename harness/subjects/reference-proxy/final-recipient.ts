// The reference proxy's own answers: as the final recipient of a TRACE or OPTIONS whose Max-Forwards is 0
// (RFC 9110 7.6.2, 9.3.7, 9.3.8) and the errors it answers instead of forwarding (400, 501, 502). Every answer to an
// HTTP/1.0 client closes the connection (RFC 9112 9.3).

import type * as http from 'node:http';

/** Request fields a TRACE reflection leaves out: "The final recipient of the request SHOULD exclude any request
 *  fields that are likely to contain sensitive data when that recipient generates the response content."
 *  (RFC 9110 9.3.8) */
const SENSITIVE = new Set(['authorization', 'proxy-authorization', 'cookie']);

/** "A proxy server MUST NOT maintain a persistent connection with an HTTP/1.0 client" (RFC 9112 9.3): the client
 *  is told with the close option ("A sender SHOULD send a Connection header field ... containing the "close"
 *  connection option when it intends to close a connection", RFC 9112 9.6), which also makes the server close. */
export function isHttp10(req: http.IncomingMessage): boolean {
  return req.httpVersionMajor === 1 && req.httpVersionMinor === 0;
}

/** Answer `status` with `body` (and `fields`) from the proxy itself, unless a response is already under way (then the
 *  client connection is cut: a response cannot be taken back). The request content is read and discarded. */
export function answer(req: http.IncomingMessage, res: http.ServerResponse, status: number, body = '', fields: Record<string, string> = {}): void {
  req.resume();
  if (res.headersSent) {
    if (!res.writableEnded) res.destroy();
    return;
  }
  const head: Record<string, string> = { ...fields, 'Content-Length': String(Buffer.byteLength(body, 'latin1')) };
  if (isHttp10(req)) head.Connection = 'close';
  res.writeHead(status, head);
  res.end(body, 'latin1');
}

/** Answer a TRACE or OPTIONS whose Max-Forwards is 0: "If the received value is zero (0), the intermediary MUST NOT
 *  forward the request; instead, the intermediary MUST respond as the final recipient." (RFC 9110 7.6.2) */
export function answerAsFinalRecipient(req: http.IncomingMessage, res: http.ServerResponse): void {
  if (req.method === 'TRACE') {
    // "The final recipient of the request SHOULD reflect the message received, excluding some fields described
    // below, back to the client as the content of a 200 (OK) response" (RFC 9110 9.3.8), in the message/http
    // format (RFC 9112 10.1): the request-line and the field lines as received
    let message = `${req.method} ${req.url ?? ''} HTTP/${req.httpVersion}\r\n`;
    const raw = req.rawHeaders;
    for (let i = 0; i + 1 < raw.length; i += 2) if (!SENSITIVE.has(raw[i].toLowerCase())) message += `${raw[i]}: ${raw[i + 1]}\r\n`;
    answer(req, res, 200, `${message}\r\n`, { 'Content-Type': 'message/http' });
    return;
  }
  // OPTIONS: a successful response about the proxy's own communication options; "A server MUST generate a
  // Content-Length field with a value of "0" if no content is to be sent in the response." (RFC 9110 9.3.7)
  answer(req, res, 200);
}
