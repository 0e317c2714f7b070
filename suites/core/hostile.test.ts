// The parser under hostile input: bounded memory on endless heads and extensions, coded errors for every malformed
// input (seeded mutations of valid messages), split invariance on those mutations, pause/resume and finish rules.

import test from 'tape';
import { Parser } from '../../impl/core/parser';
import { ERRORS, HttpParseError } from '../../impl/core/errors';
import type { ParserSink } from '../../impl/core/types';
import { runParser } from '../../harness/diff/log';
import { deliveries } from '../../harness/diff/split';

const nullSink: ParserSink = { onHead() {}, onBody() {}, onMessageComplete() {} };
const bytes = (s: string) => Buffer.from(s, 'latin1');

/** feeds `prefix` then `filler` repeatedly (bounded: at most `total` octets) and returns the parser */
function flood(prefix: string, filler: string, total: number): { p: Parser; fed: number; consumedAfterError: number } {
  const p = new Parser('request', nullSink);
  p.execute(bytes(prefix));
  const chunk = bytes(filler.repeat(Math.ceil(4096 / filler.length)));
  let fed = prefix.length;
  let consumedAfterError = 0;
  while (fed < total) {
    const n = p.execute(chunk);
    if (p.error) { consumedAfterError += p.execute(chunk); break; }
    fed += n;
  }
  return { p, fed, consumedAfterError };
}

test('endless field value: 431 at the 16 KiB head limit, nothing consumed after', (t) => {
  const { p, consumedAfterError } = flood('GET / HTTP/1.1\r\nX: ', 'a', 1 << 20);
  t.equal(p.error?.code, 'HPE_HEADER_OVERFLOW');
  t.equal(p.error?.status, 431);
  t.equal(p.error?.offset, 16384, 'error at the first octet past the limit');
  t.equal(consumedAfterError, 0, 'a dead parser consumes nothing');
  t.end();
});

test('endless field lines: 431 at the head limit', (t) => {
  const { p } = flood('GET / HTTP/1.1\r\n', 'X: yyyyyyyyyy\r\n', 1 << 20);
  t.equal(p.error?.code, 'HPE_HEADER_OVERFLOW');
  t.equal(p.error?.offset, 16384);
  t.end();
});

test('endless short field lines: 431 at the 2,000 field line limit', (t) => {
  const { p } = flood('GET / HTTP/1.1\r\n', 'X: y\r\n', 1 << 20);
  t.equal(p.error?.code, 'HPE_TOO_MANY_FIELDS');
  t.equal(p.error?.status, 431);
  t.equal(p.error?.offset, 16 + 2000 * 6, 'at the start of field line 2,001');
  t.end();
});

test('endless request-target: 414 at the head limit', (t) => {
  const { p } = flood('GET /', 'a', 1 << 20);
  t.equal(p.error?.code, 'HPE_URI_TOO_LONG');
  t.equal(p.error?.status, 414);
  t.end();
});

test('endless empty lines before a request: bounded by the head limit', (t) => {
  const { p } = flood('', '\r\n', 1 << 20);
  t.equal(p.error?.code, 'HPE_HEADER_OVERFLOW');
  t.end();
});

test('endless chunk extension: 413 at the extension limit', (t) => {
  const head = 'POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5;';
  const { p } = flood(head, 'a', 1 << 20);
  t.equal(p.error?.code, 'HPE_CHUNK_EXTENSIONS_OVERFLOW');
  t.equal(p.error?.status, 413);
  t.equal(p.error?.offset, head.length - 1 + 16384, 'the octet past 16 KiB of extension');
  t.end();
});

test('endless trailer section: 431', (t) => {
  const head = 'POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n';
  const { p } = flood(head, 'T: vvvvvvvvvv\r\n', 1 << 20);
  t.equal(p.error?.code, 'HPE_HEADER_OVERFLOW');
  t.equal(p.error?.offset, head.length + 16384);
  t.end();
});

test('endless chunk-size digits: overflow, never a precision loss', (t) => {
  const head = 'POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n1';
  const { p } = flood(head, '0', 1 << 16);
  t.equal(p.error?.code, 'HPE_CHUNK_SIZE_OVERFLOW');
  t.end();
});

test('large body streams through without buffering (views of the input)', (t) => {
  const views: Uint8Array[] = [];
  const p = new Parser('request', { onHead() {}, onBody(b) { views.push(b); }, onMessageComplete() {} });
  p.execute(bytes('POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1048576\r\n\r\n'));
  const chunk = Buffer.alloc(65536, 0x61);
  for (let i = 0; i < 16; i++) t.equal(p.execute(chunk), 65536);
  t.equal(views.length, 16);
  t.ok(views.every((v) => v.buffer === chunk.buffer), 'body events are views, not copies');
  t.end();
});

// seeded mutations of valid messages: every result is events or a coded error, identical in every segmentation
const seeds = [
  'GET /a?b HTTP/1.1\r\nHost: a\r\nX: y\r\n\r\n',
  'POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc',
  'POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3;e=1\r\nabc\r\n0\r\nT: v\r\n\r\n',
  'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi',
  'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\n\r\n',
];
const alphabet = bytes('\r\n \t:;,=\x00\x0b\x7f\x80\xff"\\0aF-Gg/%');

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 4294967296; };
}

function mutate(src: Buffer, r: () => number): Buffer {
  const b = [...src];
  const edits = 1 + Math.floor(r() * 3);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(r() * (b.length + 1));
    const op = r();
    const c = alphabet[Math.floor(r() * alphabet.length)];
    if (op < 0.4) b.splice(at, 0, c);
    else if (op < 0.7) b.splice(at, 1);
    else b[Math.min(at, b.length - 1)] = c;
  }
  return Buffer.from(b);
}

test('2,000 seeded mutations: coded errors only, same log in every segmentation', (t) => {
  const r = rng(20261121);
  const codes = new Set(Object.keys(ERRORS));
  let errors = 0;
  let divergent = 0;
  let uncoded = 0;
  for (let i = 0; i < 2000; i++) {
    const seed = seeds[i % seeds.length];
    const kind = seed.startsWith('HTTP/') ? 'response' : 'request';
    const input = mutate(bytes(seed), r);
    let ref: string | undefined;
    for (const d of deliveries(input, { splitPoints: false, random: 3, seed: i })) {
      let log: string[];
      try {
        log = runParser(kind, d.chunks, { eof: true });
      } catch (e) {
        uncoded++;
        if (uncoded <= 3) t.fail(`threw on ${JSON.stringify(input.toString('latin1'))}: ${(e as Error).message}`);
        continue;
      }
      const last = log[log.length - 1] ?? '';
      if (last.startsWith('error ') && !codes.has(last.split(' ')[1])) uncoded++;
      const s = JSON.stringify(log);
      if (ref === undefined) { ref = s; if (last.startsWith('error ')) errors++; }
      else if (s !== ref) {
        divergent++;
        if (divergent <= 3) t.fail(`${d.name} of ${JSON.stringify(input.toString('latin1'))}: ${s} vs ${ref}`);
      }
    }
  }
  t.equal(uncoded, 0, 'no exception and no unknown code');
  t.equal(divergent, 0, 'split invariance holds on every mutation');
  t.ok(errors > 500, `mutations exercise error paths (${errors} of 2000 rejected)`);
  t.end();
});

test('errors are HttpParseError with a code, status and offset', (t) => {
  const p = new Parser('request', nullSink);
  p.execute(bytes('GET / HTTP/1.1\r\nHost: a\r\nContent-Length: x\r\n\r\n'));
  t.ok(p.error instanceof HttpParseError);
  t.equal(p.error?.code, 'HPE_INVALID_CONTENT_LENGTH');
  t.equal(p.error?.status, 400);
  t.equal(p.error?.offset, 25);
  t.end();
});

test('pause inside onHead stops execute; resume continues where it stopped', (t) => {
  const log: string[] = [];
  const p: Parser = new Parser('request', {
    onHead(h) { log.push('head ' + (h.kind === 'request' ? h.target : '')); p.pause(); },
    onBody() {},
    onMessageComplete() { log.push('complete'); },
  });
  const input = bytes('GET /1 HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HTTP/1.1\r\nHost: a\r\n\r\n');
  const n = p.execute(input);
  t.equal(n, 28, 'stopped right after the first head');
  t.deepEqual(log, ['head /1', 'complete']);
  t.equal(p.execute(input.subarray(n)), 0, 'a paused parser consumes nothing');
  p.resume();
  t.equal(p.execute(input.subarray(n)), input.length - n);
  t.deepEqual(log, ['head /1', 'complete', 'head /2', 'complete']);
  t.end();
});

test('finish(): clean between messages, error inside one', (t) => {
  const a = new Parser('request', nullSink);
  a.execute(bytes('GET / HTTP/1.1\r\nHost: a\r\n\r\n'));
  a.finish();
  t.equal(a.error, null, 'EOF between messages is clean');
  const b = new Parser('request', nullSink);
  b.execute(bytes('GET / HT'));
  b.finish();
  t.equal(b.error?.code, 'HPE_INVALID_EOF_STATE');
  t.equal(b.error?.offset, 8);
  t.end();
});

test('after a non-persistent message, later octets are ignored (RFC 9112 9.6)', (t) => {
  let heads = 0;
  const p = new Parser('request', { onHead() { heads++; }, onBody() {}, onMessageComplete() {} });
  const input = bytes('GET / HTTP/1.0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n');
  t.equal(p.execute(input), input.length);
  t.equal(heads, 1);
  t.ok(p.closed);
  t.end();
});

test('reset() makes a dead parser reusable', (t) => {
  const p = new Parser('request', nullSink);
  p.execute(bytes('BAD\x00'));
  t.ok(p.error);
  p.reset();
  t.equal(p.error, null);
  const input = bytes('GET / HTTP/1.1\r\nHost: a\r\n\r\n');
  t.equal(p.execute(input), input.length);
  t.equal(p.error, null);
  t.end();
});
