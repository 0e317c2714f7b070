// Tests of the one outgoing framing decider (impl/core/outgoing-framing.ts) that the core serializer and impl/node's
// _storeHeader both call: one row per rule, the verdict spelled as named bits (kind, field added, fields left out,
// close after), so that a rule changed or removed fails its row.

import test from 'tape';
import * as OF from '../../impl/core/outgoing-framing';
import type { OutgoingFacts } from '../../impl/core/outgoing-framing';

const F = OF;
const BASE: OutgoingFacts = {
  status: 200, method: 'GET', hasBody: true, http11: true, contentLength: false, transferEncoding: F.TE_NONE,
  trailer: false, length: -1, chunkedByDefault: true, noAddLength: false, noAddChunked: false,
};
const KIND = ['none', 'length', 'chunked', 'close', 'tunnel'];
const FLAGS: [number, string][] = [
  [F.ADD_CONTENT_LENGTH, 'add-length'], [F.ADD_CHUNKED, 'add-chunked'], [F.DROP_LENGTH_FOR_TE, 'drop-length-for-te'],
  [F.DROP_FRAMING_FOR_STATUS, 'drop-framing-for-status'], [F.DROP_TE_FOR_HTTP10, 'drop-te-for-http10'],
  [F.CLOSE_AFTER, 'close-after'], [F.UNFRAMEABLE, 'unframeable'], [F.APPEND_CHUNKED, 'append-chunked'],
];
const named = (v: number): string => [KIND[v & F.FRAME_KIND], ...FLAGS.filter(([b]) => (v & b) !== 0).map(([, n]) => n)].join(' ');

const DECIDER: { name: string; facts: Partial<OutgoingFacts>; verdict: string }[] = [
  { name: 'response, length known: Content-Length added', facts: { length: 5 }, verdict: 'length add-length' },
  { name: 'response, length unknown: chunked added', facts: {}, verdict: 'chunked add-chunked' },
  { name: 'Content-Length with chunked: Content-Length not sent (RFC 9112 6.2)', facts: { contentLength: true, transferEncoding: F.TE_CHUNKED }, verdict: 'chunked drop-length-for-te' },
  { name: 'request, Content-Length with chunked', facts: { status: 0, method: 'POST', contentLength: true, transferEncoding: F.TE_CHUNKED }, verdict: 'chunked drop-length-for-te' },
  { name: '204 with both: neither sent (RFC 9110 8.6, 9112 6.1), close as node', facts: { status: 204, hasBody: false, contentLength: true, transferEncoding: F.TE_CHUNKED }, verdict: 'none drop-framing-for-status close-after' },
  { name: '103 with Content-Length', facts: { status: 103, hasBody: false, contentLength: true }, verdict: 'none drop-framing-for-status' },
  { name: '101: tunnel', facts: { status: 101, hasBody: false }, verdict: 'tunnel' },
  { name: '200 to CONNECT with Content-Length', facts: { method: 'CONNECT', contentLength: true }, verdict: 'tunnel drop-framing-for-status' },
  { name: '304 naming chunked: no content, close as node', facts: { status: 304, hasBody: false, transferEncoding: F.TE_CHUNKED }, verdict: 'none close-after' },
  { name: 'HEAD response with both: Content-Length not sent', facts: { method: 'HEAD', hasBody: false, contentLength: true, transferEncoding: F.TE_CHUNKED }, verdict: 'none drop-length-for-te' },
  { name: 'response to HTTP/1.0 naming chunked: Transfer-Encoding not sent, close-delimited', facts: { http11: false, transferEncoding: F.TE_CHUNKED }, verdict: 'close drop-te-for-http10 close-after' },
  { name: 'response to HTTP/1.0 naming chunked with Content-Length: length', facts: { http11: false, contentLength: true, transferEncoding: F.TE_CHUNKED }, verdict: 'length drop-te-for-http10' },
  { name: 'response to HTTP/1.0, nothing named: close-delimited as node', facts: { http11: false, chunkedByDefault: false, length: 5 }, verdict: 'close close-after' },
  { name: 'response with gzip final: close-delimited (RFC 9112 6.1)', facts: { transferEncoding: F.TE_OTHER }, verdict: 'close close-after' },
  { name: 'request with gzip final: chunked applied on top (RFC 9112 6.1)', facts: { status: 0, method: 'POST', transferEncoding: F.TE_OTHER }, verdict: 'chunked append-chunked' },
  { name: 'GET with content given whole: Content-Length added (RFC 9112 6)', facts: { status: 0, chunkedByDefault: false, length: 5 }, verdict: 'length add-length' },
  { name: 'GET of unknown length: no content, as node', facts: { status: 0, chunkedByDefault: false }, verdict: 'none' },
  { name: 'GET with content being written: chunked added (RFC 9112 6)', facts: { status: 0, chunkedByDefault: false, contentFollows: true }, verdict: 'chunked add-chunked' },
  { name: 'POST with no content: Content-Length 0 as node', facts: { status: 0, method: 'POST', length: 0 }, verdict: 'length add-length' },
  { name: 'CONNECT request: tunnel', facts: { status: 0, method: 'CONNECT', chunkedByDefault: false, length: 0 }, verdict: 'tunnel' },
  { name: 'Trailer named: chunked even with a known length', facts: { trailer: true, length: 5 }, verdict: 'chunked add-chunked' },
  { name: 'Content-Length removed: chunked', facts: { noAddLength: true, length: 5 }, verdict: 'chunked add-chunked' },
  { name: 'both removed, unknown length: close-delimited response', facts: { noAddLength: true, noAddChunked: true }, verdict: 'close close-after' },
  { name: 'both removed, unknown length: a request no framing can delimit', facts: { status: 0, method: 'POST', noAddChunked: true }, verdict: 'close close-after unframeable' },
];

test('decideOutgoingFraming: one verdict per rule', (t) => {
  for (const row of DECIDER) t.equal(named(OF.decideOutgoingFraming({ ...BASE, ...row.facts })), row.verdict, row.name);
  t.end();
});

test('finalCoding reads the last coding of the list, responseHasContent the statuses without content', (t) => {
  t.deepEqual(['chunked', 'gzip, chunked', 'chunked, gzip', ' Chunked ', 'gzip', 'chunked,', ''].map(OF.finalCoding),
    [F.TE_CHUNKED, F.TE_CHUNKED, F.TE_OTHER, F.TE_CHUNKED, F.TE_OTHER, F.TE_CHUNKED, F.TE_OTHER]);
  t.deepEqual([[200, 'GET'], [200, 'HEAD'], [204, 'GET'], [304, 'GET'], [101, 'GET'], [100, 'GET'], [404, 'POST']]
    .map(([s, m]) => OF.responseHasContent(s as number, m as string)), [true, false, false, false, false, false, true]);
  t.end();
});
