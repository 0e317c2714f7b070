// Units of the harness: echo octet encoding, delivery segmentation, atomic results writing, argument parsing.

import test from 'tape';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeOctets, encodeOctets } from '../../harness/echo/octets';
import { decodeEcho } from '../../harness/echo/decode';
import { echoBody } from '../../harness/echo/handler';
import { hashSeed, prng, segment } from '../../harness/replay/segment';
import { requestMethods } from '../../harness/replay/observation';
import { ResultsWriter } from '../../harness/results/writer';
import { parseArgs, UsageError } from '../../harness/cli-args';

test('echo octets: UTF-8 travels as a string, anything else as base64; both decode to the same octets', (t) => {
  t.equal(encodeOctets('abc'), 'abc');
  t.deepEqual(encodeOctets('\xff'), { base64: '/w==' });
  t.equal(encodeOctets(Buffer.from('é', 'utf8')), 'é', 'well-formed UTF-8 is decoded');
  for (const s of ['', 'a\tb', '\xff\x00', Buffer.from('é', 'utf8').toString('latin1'), '\xc0\xaf']) {
    t.equal(decodeOctets(encodeOctets(s)), s, `round trip ${JSON.stringify(s)}`);
  }
  t.equal(decodeOctets(42), undefined);
  t.end();
});

test('echo body round trip through decodeEcho', (t) => {
  const req = { method: 'POST', url: '/t?\xff', httpVersion: '1.1', rawHeaders: ['Host', 'a', 'X-Bin', '\xff'], rawTrailers: ['X-Sum', '42'], on: () => undefined };
  const body = echoBody(req, Buffer.from([0, 255]));
  const back = decodeEcho(Buffer.from(JSON.stringify(body)));
  t.deepEqual(back, { method: 'POST', target: '/t?\xff', version: 'HTTP/1.1', fields: [['Host', 'a'], ['X-Bin', '\xff']], trailers: [['X-Sum', '42']], body: '\x00\xff' });
  t.equal(decodeEcho(Buffer.from('{"hello":1}')), undefined, 'not an echo');
  t.equal(decodeEcho(Buffer.from('not json')), undefined);
  t.end();
});

test('segmentation: every mode concatenates back to the data; random splits are seeded', (t) => {
  const data = Buffer.from('GET / HTTP/1.1\r\nHost: a\r\n\r\n');
  for (const mode of ['whole', 'byte-by-byte', 'random-splits'] as const) {
    const pieces = segment(data, mode, prng(7));
    t.deepEqual(Buffer.concat(pieces), data, `${mode} keeps the octets`);
    t.ok(pieces.every((p) => p.length > 0), `${mode} has no empty writes`);
  }
  t.equal(segment(data, 'byte-by-byte', prng(1)).length, data.length);
  const a = segment(data, 'random-splits', prng(hashSeed(1, 'x'))).map((b) => b.length);
  const b = segment(data, 'random-splits', prng(hashSeed(1, 'x'))).map((b) => b.length);
  t.deepEqual(a, b, 'same seed, same splits');
  t.throws(() => segment(data, 'every-split', prng(1)), /one replay per split point/);
  t.end();
});

test('request methods for response framing are read from the sent octets', (t) => {
  t.deepEqual(requestMethods('HEAD / HTTP/1.1\r\nHost: a\r\n\r\nGET /x HTTP/1.1\r\n\r\n'), ['HEAD', 'GET']);
  t.deepEqual(requestMethods('GET /lf HTTP/1.1\nHost: a\n\n'), ['GET']);
  t.end();
});

test('results writer: the file is valid JSON after every write and marked complete at the end', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'h1compat-'));
  const path = join(dir, 'sub', 'results.json');
  const run = { startedAt: new Date().toISOString(), complete: false, git: null, node: process.version, platform: 'test', options: {}, subjects: [] };
  const w = new ResultsWriter(path, run, '0.0.0');
  t.equal(JSON.parse(readFileSync(path, 'utf8')).run.complete, false, 'partial file before any record');
  w.add({ fixture: 'x' } as never);
  w.flush();
  const mid = JSON.parse(readFileSync(path, 'utf8'));
  t.equal(mid.records.length, 1);
  t.equal(mid.version, 1);
  w.finish();
  t.equal(JSON.parse(readFileSync(path, 'utf8')).run.complete, true);
  t.deepEqual(readdirSync(join(dir, 'sub')), ['results.json'], 'no temp file left');
  rmSync(dir, { recursive: true });
  t.end();
});

test('argument parsing: declared flags only, one-line usage errors', (t) => {
  const flags = { jobs: { type: 'number' as const, help: '' }, tap: { type: 'boolean' as const, help: '' }, grep: { type: 'string' as const, help: '' } };
  t.deepEqual(parseArgs('run', ['--jobs', '3', '--tap', '--grep=te', 'x'], flags), { values: { jobs: 3, tap: true, grep: 'te' }, positional: ['x'] });
  t.throws(() => parseArgs('run', ['--nope'], flags), UsageError);
  t.throws(() => parseArgs('run', ['--jobs', 'many'], flags), /--jobs must be a non-negative number/);
  t.throws(() => parseArgs('run', ['--grep'], flags), /needs a value/);
  t.end();
});
