// Server request dispatch: which event a parsed request goes to (maxRequestsPerSocket's 503, Expect's 100-continue
// or 417, or 'request'), and the canned answer written when nobody handles 'clientError'.

import type { Socket } from 'node:net';
import { HttpParseError } from '../core/errors';
import { STATUS_CODES, utcDate } from './constants';
import type { IncomingMessage } from './incoming';
import type { ServerResponse } from './server-response';
import type { Server } from './server';

const CONTINUE = /(?:^|\W)100-continue(?:$|\W)/i;
/** a list of empty elements only: no expectation at all (RFC 9110 5.6.1.2, 10.1.1) */
const EMPTY_LIST = /^[ \t,]*$/;

/** maxRequestsPerSocket counts the HTTP/1.1 requests of a connection, and only while it is set (as in node) */
export function countsRequest(server: Server, req: IncomingMessage): boolean {
  return req.httpVersionMajor === 1 && req.httpVersionMinor === 1 &&
    typeof server.maxRequestsPerSocket === 'number' && server.maxRequestsPerSocket > 0;
}

/** Hands a request and its response to the application. `requestsCount` includes this request when
 *  countsRequest() holds for it. */
export function dispatchRequest(server: Server, req: IncomingMessage, res: ServerResponse, socket: Socket, requestsCount: number): void {
  let handled = false;
  if (req.httpVersionMajor === 1 && req.httpVersionMinor === 1) {
    const limit = countsRequest(server, req);
    if (limit) res.maxRequestsOnConnectionReached = server.maxRequestsPerSocket <= requestsCount;
    if (limit && server.maxRequestsPerSocket < requestsCount) {
      handled = true;
      server.emit('dropRequest', req, socket);
      res.writeHead(503);
      res.end();
    } else if (req.headers.expect !== undefined && !EMPTY_LIST.test(String(req.headers.expect))) {
      // Expect (RFC 9110 10.1.1): 100-continue is answered before the body; anything else is 417.
      // An empty list names no expectation (RFC 9110 5.6.1.2): the request is served as usual (node: 417)
      handled = true;
      if (CONTINUE.test(String(req.headers.expect))) {
        res._expect_continue = true;
        if (server.listenerCount('checkContinue') > 0) {
          server.emit('checkContinue', req, res);
        } else {
          res.writeContinue();
          server.emit('request', req, res);
        }
      } else if (server.listenerCount('checkExpectation') > 0) {
        server.emit('checkExpectation', req, res);
      } else {
        res.writeHead(417);
        res.end();
      }
    }
  }
  if (!handled) server.emit('request', req, res);
}

/** the canned answer when nobody handles 'clientError': the error's status, then close (RFC 9112 9.6) */
export function errorResponse(err: Error & { code?: string; status?: number }): string {
  let status = 400;
  if (err instanceof HttpParseError) status = err.status;
  else if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') status = 408;
  // "An origin server with a clock MUST generate a Date header field in all 2xx (Successful), 3xx (Redirection), and
  // 4xx (Client Error) responses, and MAY generate a Date header field in 1xx and 5xx responses." (RFC 9110 6.6.1)
  // node's canned answer has none: a deliberate difference (impl/README.md); 5xx keep node's octets (MAY)
  const date = status < 500 ? `Date: ${utcDate()}\r\n` : '';
  return `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Bad Request'}\r\nConnection: close\r\n${date}\r\n`;
}
