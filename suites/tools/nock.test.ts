// nock interop, tested with nock itself (in a child process, nock-child.ts): a fixture exported as nock definitions
// makes a real node:http request get the fixture's response; nock.recorder output imported as fixtures lints and
// replays (pass) against the reference and node clients; the CLI's export/import.

import test from 'tape';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as net from 'node:net';
import { lintPaths, loadCorpus, loadFixtureFile, octetsOf, parseFixture } from '../../harness/fixture';
import { createEchoServer, loadSubjects } from '../../harness/subjects';
import { runSubject } from '../../harness/replay/run';
import { parseResponses } from '../../harness/nock/export';
import { parseRecordings, recordToFixture, servedResponse } from '../../harness/nock/import';
import type { ResultRecord } from '../../reports/results-model';

const ROOT = join(__dirname, '../..');
const BIN = join(ROOT, 'bin/h1compat.js');
const subjects = loadSubjects(join(ROOT, 'subjects'));

function child(...args: string[]): { status: number | null; json: unknown; err: string } {
  const r = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', join(__dirname, 'nock-child.ts'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60000 });
  let json: unknown;
  try { json = JSON.parse(r.stdout); } catch { json = undefined; }
  return { status: r.status, json, err: r.stderr };
}

const h1compat = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60000 });

const CLIENT_FIXTURE = `id: created-chunked
title: A client must deliver a chunked 201 response with its fields
spec: RFC9112 7.1
level: MUST
role: client
tags: regression

client-request:
  method: POST
  target: /items
  body: a=1

exchange:
  wait: request
  serve:
    "HTTP/1.1 201 Created\\r\\n"
    "X-Test: yes\\r\\n"
    "Content-Type: text/plain\\r\\n"
    "Transfer-Encoding: chunked\\r\\n"
    "\\r\\n"
    "5\\r\\n"
    "hello\\r\\n"
    "6\\r\\n"
    " world\\r\\n"
    "0\\r\\n"
    "\\r\\n"
  wait: close within 500ms

outcome: delivered
  level: MUST
  response: 201
    body: "hello world"
`;

interface Got { status: number; headers: [string, string][]; body: string }

test('export -> nock.define -> a real node:http request gets the fixture\'s response', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'h1compat-nock-'));
  const file = join(dir, 'created-chunked.h1');
  writeFileSync(file, CLIENT_FIXTURE);
  const r = child('export', file, 'http://origin.test');
  t.equal(r.status, 0, r.err);
  const { got, done, defs } = r.json as { got: Got[]; done: boolean; defs: { scope: string; method: string; path: string; body: string }[] };
  t.deepEqual(defs.map((d) => [d.scope, d.method, d.path, d.body]), [['http://origin.test', 'POST', '/items', 'a=1']], 'the request of the fixture');
  t.ok(done, 'nock saw the request it was defined for');
  const want = parseResponses(servedOf(file), ['POST'])[0];
  t.equal(got[0].status, want.status, 'status');
  t.equal(Buffer.from(got[0].body, 'base64').toString('latin1'), want.body, 'body, decoded from chunked');
  t.deepEqual(got[0].headers.filter(([n]) => /^(x-test|content-type)$/i.test(n)), [['X-Test', 'yes'], ['Content-Type', 'text/plain']], 'fields, names as served');
  // the CLI prints the same definitions
  const cli = h1compat('fixture', 'export', '--nock', file, '--scope', 'http://origin.test');
  t.equal(cli.status, 0, cli.stderr);
  t.deepEqual(JSON.parse(cli.stdout), defs, 'h1compat fixture export --nock prints them');
  rmSync(dir, { recursive: true });
  t.end();
});

function servedOf(file: string): string {
  const l = loadFixtureFile(file);
  if (!l.ok) return '';
  return l.fixture.exchange.map((s) => (s.kind === 'serve' ? octetsOf(s.bytes) : '')).join('');
}

test('a server fixture exports its expected response (status, fields, body)', (t) => {
  const src = `id: teapot
title: A server must answer the probe with 418
spec: RFC9110 15
level: MUST
role: server
tags: regression

exchange:
  send: "GET /pot HTTP/1.1\\r\\nHost: tea.test\\r\\n\\r\\n"
  wait: response

outcome: teapot
  level: MUST
  response: 418
    fields:
      X-Brew: no
    body: short
`;
  const dir = mkdtempSync(join(tmpdir(), 'h1compat-nock-'));
  writeFileSync(join(dir, 'teapot.h1'), src);
  t.ok(parseFixture(src, 'teapot.h1').ok, 'fixture loads');
  const r = child('export', join(dir, 'teapot.h1'), 'http://tea.test');
  t.equal(r.status, 0, r.err);
  const { got } = r.json as { got: Got[] };
  t.equal(got[0].status, 418);
  t.equal(Buffer.from(got[0].body, 'base64').toString(), 'short');
  t.deepEqual(got[0].headers.filter(([n]) => n === 'X-Brew'), [['X-Brew', 'no']]);
  rmSync(dir, { recursive: true });
  t.end();
});

test('nock.recorder output -> import -> fixtures that lint and replay (pass) against reference-client and node-client', async (t) => {
  const echo = createEchoServer('reference');
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
  const port = (echo.address() as net.AddressInfo).port;
  const dir = mkdtempSync(join(tmpdir(), 'h1compat-nock-rec-'));
  const recording = join(dir, 'session.json');
  // spawnSync would block this process's echo server: run the child asynchronously
  const { spawn } = await import('node:child_process');
  const code = await new Promise<number | null>((resolve) => {
    const c = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', join(__dirname, 'nock-child.ts'), 'record', String(port), recording], { cwd: ROOT, stdio: 'ignore' });
    c.once('exit', resolve);
  });
  echo.close();
  t.equal(code, 0, 'nock recorded the session');
  const records = parseRecordings(readFileSync(recording, 'utf8'), 'session.json');
  t.deepEqual(records.map((r) => [r.method, r.path, r.status]), [['GET', '/hello?x=1', 200], ['POST', '/items', 200]], 'what nock.recorder wrote');
  const fixtureDir = join(dir, 'fixtures');
  const cli = h1compat('fixture', 'import', '--nock', recording, '--out', fixtureDir);
  t.equal(cli.status, 0, cli.stdout + cli.stderr);
  t.deepEqual(readdirSync(fixtureDir).sort(), ['nock-session-1.h1', 'nock-session-2.h1']);
  t.deepEqual(lintPaths([fixtureDir]), [], 'imported fixtures lint clean');
  const f = recordToFixture(records[1], 'x', 'session.json');
  t.match(servedResponse(records[1]), /^HTTP\/1\.1 200 OK\r\n[\s\S]*Content-Length: \d+\r\n\r\n\{"h1compatEcho":1,/, 'served: the recorded response, framed by Content-Length');
  t.equal(f.clientRequests[0].body?.pieces[0].octets, '{"name":"a b"}', 'the recorded request body');
  const { corpus } = loadCorpus(fixtureDir);
  const plan = corpus.fixtures.map((fixture) => ({ fixture, file: corpus.fileOf(fixture.id)! }));
  for (const name of ['reference-client', 'node-client']) {
    const recs: ResultRecord[] = [];
    await runSubject(subjects.get(name)!, plan, { deliveries: ['whole', 'byte-by-byte'] }, (r) => recs.push(r));
    t.equal(recs.length, 4, `${name}: 2 fixtures x 2 deliveries`);
    for (const r of recs) t.equal(r.verdict, 'pass', `${name} ${r.fixture} ${r.delivery}: ${r.reason}`);
  }
  rmSync(dir, { recursive: true });
});

test('import and export usage errors are one line, exit 2', (t) => {
  for (const args of [['fixture', 'import'], ['fixture', 'export'], ['fixture', 'import', '--nock', '/nonexistent.json']]) {
    const r = h1compat(...args);
    t.equal(r.status, 2, `${args.join(' ')}: exit 2`);
    t.equal(r.stderr.trim().split('\n').length, 1, r.stderr.trim());
  }
  t.end();
});
