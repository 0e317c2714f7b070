// Parse errors seen through the node API carry node's `code` (llhttp's for the same input) and the reference parser's
// finer code as `rule` (impl/README.md): checked on impl's server (clientError) and client ('error') over loopback, and
// against node's own llhttp for every parser case (fixtures/parser) that both parsers reject.

import test from 'tape';
import * as net from 'node:net';
import type * as NodeHttp from 'node:http';
import { Parser } from '../../impl/core/parser';
import { toNodeParseError } from '../../impl/node/errors';
import { loadParserCases } from '../../harness/diff/cases';
import { runLlhttp } from '../../harness/diff/llhttp';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const impl = require('../../impl') as typeof NodeHttp;
type Coded = Error & { code?: string; rule?: string };

const SERVER_CASES: [string, string, string][] = [
  ['GET / HTTP/1.1\r\nHost: a\r\nX : y\r\n\r\n', 'HPE_INVALID_HEADER_TOKEN', 'HPE_SPACE_BEFORE_COLON'],
  ['GET / HTTP/1.1\r\nHost: a\r\nX: a\r\n b\r\n\r\n', 'HPE_INVALID_HEADER_TOKEN', 'HPE_OBS_FOLD'],
  ['POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3, 3\r\n\r\nabc', 'HPE_INVALID_CONTENT_LENGTH', 'HPE_DUPLICATE_CONTENT_LENGTH'],
  ['GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n', 'HPE_DUPLICATE_HOST', 'HPE_DUPLICATE_HOST'],
  ['GET / HTTP/1.1\r\nHost: a\r\nX: \x01\r\n\r\n', 'HPE_INVALID_HEADER_TOKEN', 'HPE_INVALID_HEADER_VALUE'],
];

test('parse errors: the server reports node\'s code and keeps the finer rule', async (t) => {
  const server = impl.createServer((req, res) => res.end());
  const seen: Coded[] = [];
  server.on('clientError', (e: Coded, s: net.Socket) => { seen.push(e); s.destroy(); });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  for (const [data] of SERVER_CASES) {
    await new Promise<void>((resolve) => {
      const c = net.connect(port, '127.0.0.1', () => c.write(data));
      c.on('error', () => {});
      c.on('close', () => resolve());
      setTimeout(() => c.destroy(), 2000).unref();
    });
  }
  server.close();
  t.deepEqual(seen.map((e) => [e.code, e.rule]), SERVER_CASES.map(([, code, rule]) => [code, rule]), 'code and rule per input');
  t.ok(seen.every((e) => /^Parse Error: /.test(e.message)), 'messages start with "Parse Error: "');
  t.end();
});

test('parse errors: the client reports node\'s code and keeps the finer rule', async (t) => {
  const origin = net.createServer((s) => { s.on('error', () => {}); s.once('data', () => s.end('HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n')); });
  await new Promise<void>((r) => origin.listen(0, '127.0.0.1', r));
  const err = await new Promise<Coded | null>((resolve) => {
    const req = impl.get({ host: '127.0.0.1', port: (origin.address() as net.AddressInfo).port, agent: false }, (res) => { res.resume(); resolve(null); });
    req.on('error', (e: Coded) => resolve(e));
  });
  origin.close();
  t.deepEqual(err && [err.code, err.rule], ['HPE_INVALID_TRANSFER_ENCODING', 'HPE_UNEXPECTED_CONTENT_LENGTH'], 'code and rule');
  t.end();
});

test('parse errors: for every parser case both parsers reject, the node-facing code is llhttp\'s', (t) => {
  const off: string[] = [];
  let both = 0;
  for (const c of loadParserCases().cases) {
    if (!c.err) continue;
    const kind = c.kind ?? 'request';
    const input = Buffer.from(c.input, 'latin1');
    const theirs = runLlhttp(kind, [input], c.opts).find((l) => l.startsWith('error '))?.split(' ')[1];
    if (theirs === undefined) continue; // llhttp accepts it: no node code to match
    const p = new Parser(kind, { onHead() {}, onBody() {}, onMessageComplete() {} }, { ...(c.opts as object) });
    if (kind === 'response') p.pushRequestMethod('GET');
    p.execute(input);
    if (!p.error) p.finish();
    if (!p.error) continue;
    both++;
    const node = toNodeParseError(p.error);
    if (node.code !== theirs) off.push(`${c.id}: ${node.code} (rule ${(node as Coded).rule}), llhttp ${theirs}`);
  }
  t.ok(both >= 100, `${both} error cases rejected by both`);
  t.deepEqual(off, [], 'node-facing codes equal llhttp\'s');
  t.end();
});
