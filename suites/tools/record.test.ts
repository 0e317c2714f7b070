// h1compat record on real traffic: a capture proxy in front of the in-process reference echo server records a session,
// writes one fixture per exchange, and each replays against the reference with verdict pass in every delivery mode.

import test from 'tape';
import * as http from 'node:http';
import * as net from 'node:net';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEchoServer, loadSubjects } from '../../harness/subjects';
import { loadCorpus, lintPaths, octetsOf } from '../../harness/fixture';
import { runSubject } from '../../harness/replay/run';
import { Recorder, writeExchanges } from '../../harness/tools/record';
import type { ResultRecord } from '../../reports/results-model';

const ROOT = join(__dirname, '../..');
const subjects = loadSubjects(join(ROOT, 'subjects'));

async function listen(s: net.Server): Promise<number> {
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  return (s.address() as net.AddressInfo).port;
}

/** One request through node:http on a keep-alive agent; the whole response. */
function get(port: number, agent: http.Agent, method: string, path: string, body?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, agent, headers: body !== undefined ? { 'content-length': Buffer.byteLength(body) } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('latin1') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Raw octets on a fresh connection; resolves with what came back once the other end closes. */
function raw(port: number, octets: string): Promise<string> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    const got: Buffer[] = [];
    s.on('data', (d: Buffer) => got.push(d));
    s.on('close', () => resolve(Buffer.concat(got).toString('latin1')));
    s.on('error', () => {});
    s.write(Buffer.from(octets, 'latin1'));
  });
}

async function replayAll(dir: string): Promise<ResultRecord[]> {
  const { corpus, diagnostics } = loadCorpus(dir);
  if (diagnostics.length > 0) throw new Error(diagnostics.map((d) => d.reason).join('; '));
  const plan = corpus.fixtures.map((fixture) => ({ fixture, file: corpus.fileOf(fixture.id)! }));
  const recs: ResultRecord[] = [];
  await runSubject(subjects.get('reference')!, plan, { jobs: 4 }, (r) => recs.push(r));
  return recs;
}

test('record a keep-alive session and a malformed request against the reference echo server; replay: pass', async (t) => {
  const echo = createEchoServer('reference');
  const upstreamPort = await listen(echo);
  const rec = new Recorder({ port: 0, upstreamHost: '127.0.0.1', upstreamPort });
  const port = await rec.start();
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const a = await get(port, agent, 'GET', '/first');
  const b = await get(port, agent, 'POST', '/second', 'hello');
  t.equal(a.status, 200, 'the proxy forwards the response');
  t.match(b.body, /"h1compatEcho":1/, 'an echo body comes back through the proxy');
  const bad = await raw(port, 'GET /no-host HTTP/1.1\r\n\r\n');
  t.match(bad, /^HTTP\/1\.1 400 /, 'the malformed request gets the upstream\'s 400');
  agent.destroy();
  await rec.stop();
  echo.close();

  const exchanges = rec.exchanges();
  t.deepEqual(exchanges.map((x) => [x.conn, x.index, x.responses.map((r) => r.status), x.connection]),
    [[1, 1, [200], 'open'], [1, 2, [200], 'open'], [2, 1, [400], 'closed']], 'three exchanges over two connections');
  t.equal(exchanges[1].segments.join(''), 'POST /second HTTP/1.1\r\ncontent-length: 5\r\nHost: 127.0.0.1:' + port + '\r\nConnection: keep-alive\r\n\r\nhello', 'the exact octets the client sent');

  const dir = mkdtempSync(join(tmpdir(), 'h1compat-record-'));
  const written = writeExchanges(exchanges, { out: dir, prefix: 'rec-test', upstream: `127.0.0.1:${upstreamPort}` });
  t.deepEqual(written.map((w) => w.problems), [[], [], []], 'every fixture written lints clean');
  t.deepEqual(readdirSync(dir).sort(), ['rec-test-c1-e1.h1', 'rec-test-c1-e2.h1', 'rec-test-c2-e1.h1']);
  t.deepEqual(lintPaths([dir]), [], 'the folder lints clean as a corpus');
  const { corpus } = loadCorpus(dir);
  const f = corpus.get('rec-test-c1-e2')!;
  const sent = f.exchange.filter((s) => s.kind === 'send').map((s) => (s.kind === 'send' ? octetsOf(s.bytes) : '')).join('');
  t.equal(sent, exchanges[1].segments.join(''), 'the fixture sends the recorded octets');
  t.deepEqual(f.outcomes[0].requests?.map((q) => [q.method && octetsOf(q.method), q.target && octetsOf(q.target), q.body && octetsOf(q.body)]), [['POST', '/second', 'hello']],
    'the echo interpretation became the request check');

  const recs = await replayAll(dir);
  t.ok(recs.length >= 12, `${recs.length} replays (3 fixtures x every delivery mode in memory)`);
  for (const r of recs) t.equal(r.verdict, 'pass', `${r.fixture} ${r.delivery}: ${r.reason}`);
  rmSync(dir, { recursive: true });
});

test('h1compat record --count 1 stops after one exchange and writes its fixture', async (t) => {
  const echo = createEchoServer('reference');
  const upstreamPort = await listen(echo);
  const dir = mkdtempSync(join(tmpdir(), 'h1compat-record-cli-'));
  const child = spawn(process.execPath, [join(ROOT, 'bin/h1compat.js'), 'record', '--listen', '0', '--upstream', `127.0.0.1:${upstreamPort}`, '--count', '1', '--out', dir, '--prefix', 'cli'], { cwd: ROOT });
  let err = '';
  let out = '';
  child.stdout.on('data', (d: Buffer) => { out += d; });
  const port = await new Promise<number>((resolve, reject) => {
    child.stderr.on('data', (d: Buffer) => {
      err += d;
      const m = /recording on http:\/\/127\.0\.0\.1:(\d+)\//.exec(err);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', () => reject(new Error(`record exited early: ${err}`)));
  });
  const reply = await raw(port, 'GET /once HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n');
  t.match(reply, /^HTTP\/1\.1 200 /, 'answered through the proxy');
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  echo.close();
  t.equal(code, 0, `exit 0 (${err.trim()})`);
  t.deepEqual(readdirSync(dir), ['cli-c1-e1.h1'], out.trim());
  const { corpus } = loadCorpus(dir);
  const f = corpus.get('cli-c1-e1')!;
  t.deepEqual(f.outcomes[0].connection, ['closed', 'reset'], 'the upstream closed after Connection: close');
  t.deepEqual(f.exchange.map((s) => s.kind === 'wait' ? `wait ${s.for}` : s.kind), ['send', 'wait response', 'wait close']);
  const recs = await replayAll(dir);
  for (const r of recs) t.equal(r.verdict, 'pass', `${r.fixture} ${r.delivery}: ${r.reason}`);
  rmSync(dir, { recursive: true });
});

test('h1compat record stops on SIGINT and writes what it has', async (t) => {
  const echo = createEchoServer('reference');
  const upstreamPort = await listen(echo);
  const dir = mkdtempSync(join(tmpdir(), 'h1compat-record-int-'));
  const child = spawn(process.execPath, [join(ROOT, 'bin/h1compat.js'), 'record', '--listen', '0', '--upstream', `127.0.0.1:${upstreamPort}`, '--out', dir, '--prefix', 'int'], { cwd: ROOT });
  let err = '';
  const port = await new Promise<number>((resolve, reject) => {
    child.stderr.on('data', (d: Buffer) => {
      err += d;
      const m = /recording on http:\/\/127\.0\.0\.1:(\d+)\//.exec(err);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', () => reject(new Error(`record exited early: ${err}`)));
  });
  const reply = await raw(port, 'GET /bye HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n');
  t.match(reply, /^HTTP\/1\.1 200 /);
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  child.kill('SIGINT');
  t.equal(await exited, 0, `exit 0 after SIGINT (${err.trim()})`);
  echo.close();
  t.deepEqual(readdirSync(dir), ['int-c1-e1.h1']);
  t.deepEqual(lintPaths([dir]), []);
  rmSync(dir, { recursive: true });
});
