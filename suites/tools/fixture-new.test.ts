// h1compat fixture new: the compact --expect/--never syntax, bytes from a file, stdin, hex or fixture escapes, prompts
// only on a terminal (a one-line error naming the missing flag otherwise), canonical output that lints and replays.

import test from 'tape';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { lintPaths, loadCorpus, loadFixtureFile, octetsOf, printFixture } from '../../harness/fixture';
import { loadSubjects } from '../../harness/subjects';
import { runSubject } from '../../harness/replay/run';
import { parseExpect, parseNever, ExpectSyntaxError } from '../../harness/tools/expect';
import { newCommand } from '../../harness/tools/fixture-new';
import type { ResultRecord } from '../../reports/results-model';

const ROOT = join(__dirname, '../..');
const BIN = join(ROOT, 'bin/h1compat.js');
const h1compat = (input: string | Buffer | undefined, ...args: string[]) =>
  spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60000, input });

const SMUGGLE = 'POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\nGET /probe HTTP/1.1\r\nHost: a\r\n\r\n';
const FLAGS = ['--id', 'te-cl-probe', '--title', 'A server must not frame a request by Content-Length when Transfer-Encoding is present', '--spec', 'RFC9112 6.1, RFC9112 6.3',
  '--tag', 'smuggling', '--expect', 'reject 400 close | accept request POST / body "" close', '--never', 'request /probe'];

test('--expect and --never: each word and what it checks', (t) => {
  const one = (text: string, role: 'server' | 'client' = 'server') => JSON.parse(JSON.stringify(parseExpect(text, role, 'MUST')));
  t.deepEqual(one('reject 400 close'), [{ name: 'reject 400 close', level: 'MUST', requests: [], responses: [{ status: { kind: 'code', code: 400 }, absent: [], contains: [] }], connection: ['closed', 'reset'] }]);
  t.deepEqual(one('reject')[0].responses[0].status, { kind: 'class', digit: 4 }, 'reject: 4xx by default');
  t.deepEqual(one('reject', 'client')[0], { name: 'reject', level: 'MUST', responses: [{ status: { kind: 'error' }, absent: [], contains: [] }] }, 'client role: reject means the client reports an error');
  t.deepEqual(one('accept 2 open')[0].requests.length, 2);
  t.deepEqual(one('accept 2 open')[0].responses.map((r: { status: unknown }) => r.status), [{ kind: 'class', digit: 2 }, { kind: 'class', digit: 2 }]);
  t.deepEqual(one('request GET /a body "x\\r\\n" status 201')[0].requests[0], { method: { pieces: [{ kind: 'literal', octets: 'GET' }] }, target: { pieces: [{ kind: 'literal', octets: '/a' }] }, absent: [], contains: [], body: { pieces: [{ kind: 'literal', octets: 'x\r\n' }] } });
  t.deepEqual(one('status 200,400 closed level should-not')[0], { name: 'status 200,400 closed level should-not', level: 'SHOULD NOT', responses: [{ status: { kind: 'code', code: 200 }, absent: [], contains: [] }, { status: { kind: 'code', code: 400 }, absent: [], contains: [] }], connection: ['closed'] });
  t.deepEqual(one('no-response reset')[0], { name: 'no-response reset', level: 'MUST', responses: [], connection: ['reset'] });
  t.equal(one('accept | accept').map((o: { name: string }) => o.name).join(', '), 'accept, accept (2)', 'names stay unique');
  const nv = JSON.parse(JSON.stringify(parseNever('request GET /probe | should-not response 200 | open')));
  t.deepEqual(nv.map((n: { description: string; level: string }) => [n.description, n.level]), [['a GET request to /probe is parsed', 'MUST NOT'], ['a 200 response is sent', 'SHOULD NOT'], ['the connection stays open', 'MUST NOT']]);
  for (const bad of ['', 'frobnicate', 'status 99', 'reject 600', 'accept 0', 'level sometimes', 'request', 'body "x" ', '"quoted"', 'accept |', 'request "unterminated']) {
    t.throws(() => parseExpect(bad, 'server', 'MUST'), ExpectSyntaxError, `--expect '${bad}' is refused`);
  }
  t.throws(() => parseNever('connection maybe'), ExpectSyntaxError, '--never: unknown pattern refused');
  t.end();
});

test('fixture new from a file, stdin (-) and hex give the same canonical fixture, which lints and replays', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'h1compat-new-'));
  const raw = join(dir, 'bytes.bin');
  writeFileSync(raw, Buffer.from(SMUGGLE, 'latin1'));
  const texts: string[] = [];
  for (const [k, args, input] of [['file', ['--from-file', raw], undefined], ['stdin', ['--from-file', '-'], SMUGGLE], ['hex', ['--hex', Buffer.from(SMUGGLE, 'latin1').toString('hex').replace(/(..)/g, '$1 ')], undefined]] as const) {
    const out = join(dir, k);
    const r = h1compat(input, 'fixture', 'new', ...args, ...FLAGS, '--out', out);
    t.equal(r.status, 0, `${k}: exit 0 ${r.stderr}`);
    t.match(r.stdout, /te-cl-probe\.h1\n/, `${k}: prints the file written`);
    t.match(r.stdout, /replay it: h1compat run --fixtures /, `${k}: and the replay command`);
    texts.push(readFileSync(join(out, 'te-cl-probe.h1'), 'utf8'));
  }
  t.equal(texts[1], texts[0], 'stdin = file');
  t.equal(texts[2], texts[0], 'hex = file');
  const loaded = loadFixtureFile(join(dir, 'file', 'te-cl-probe.h1'));
  t.ok(loaded.ok);
  if (!loaded.ok) return;
  t.equal(printFixture(loaded.fixture), texts[0], 'canonical form');
  t.equal(loaded.fixture.exchange.map((s) => (s.kind === 'send' ? octetsOf(s.bytes) : '')).join(''), SMUGGLE, 'the octets, exactly');
  t.deepEqual(loaded.fixture.exchange.map((s) => (s.kind === 'wait' ? `wait ${s.for}` : s.kind)), ['send', 'wait close'], 'every outcome closes: wait for the close');
  t.deepEqual(lintPaths([join(dir, 'file')]), []);
  const { corpus } = loadCorpus(join(dir, 'file'));
  const recs: ResultRecord[] = [];
  const subjects = loadSubjects(join(ROOT, 'subjects'));
  for (const s of ['reference', 'node']) await runSubject(subjects.get(s)!, [{ fixture: corpus.get('te-cl-probe')!, file: 'x' }], { deliveries: ['whole', 'byte-by-byte'] }, (r) => recs.push(r));
  t.deepEqual(recs.map((r) => r.verdict), ['pass', 'pass', 'pass', 'pass'], recs.map((r) => r.reason).join(' / '));
  const again = h1compat(undefined, 'fixture', 'new', '--from-file', raw, ...FLAGS, '--out', join(dir, 'file'));
  t.equal(again.status, 2, 'an existing file is not overwritten without --force');
  rmSync(dir, { recursive: true });
});

test('not a terminal: never asks; a one-line error names the missing flag', (t) => {
  const cases: [string[], RegExp][] = [
    [['--hex', '00'], /missing --id /],
    [['--hex', '00', '--id', 'x-y'], /missing --title /],
    [['--hex', '00', '--id', 'x-y', '--title', 'A server must cope'], /missing --spec /],
    [['--hex', '00', '--id', 'x-y', '--title', 'A server must cope', '--spec', 'RFC9112 2.2'], /missing --expect /],
    [['--id', 'x-y'], /missing --from-file, --hex or --text/],
    [['--hex', '0'], /--hex: an even number/],
    [['--hex', '00', '--text', 'a'], /give one of/],
    [['--hex', '00', '--id', 'Bad Id', '--title', 'A server must cope', '--spec', 'RFC9112 2.2', '--expect', 'accept'], /--id: `Bad Id` is not a slug/],
    [['--hex', '00', '--id', 'x-y', '--title', 'no modal verb', '--spec', 'RFC9112 2.2', '--expect', 'accept'], /--title:/],
    [['--hex', '00', '--id', 'x-y', '--title', 'A server must cope', '--spec', 'RFC9112 99.9', '--expect', 'accept'], /--spec: `RFC9112 99.9` is not a section/],
    [['--hex', '00', '--id', 'x-y', '--title', 'A server must cope', '--spec', 'RFC9112 2.2', '--expect', 'maybe'], /unknown word `maybe`/],
  ];
  for (const [args, re] of cases) {
    const r = h1compat('', 'fixture', 'new', ...args);
    t.equal(r.status, 2, `${args.join(' ')}: exit 2`);
    t.match(r.stderr, re, r.stderr.trim());
    t.equal(r.stderr.trim().split('\n').length, 1, 'one line');
    t.equal(r.stdout, '', 'no prompt written');
  }
  t.end();
});

test('on a terminal the missing flags are asked for, with defaults', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'h1compat-new-tty-'));
  const stdin = Object.assign(new PassThrough(), { isTTY: true });
  const stdout = Object.assign(new PassThrough(), { isTTY: true });
  let shown = '';
  stdout.on('data', (d: Buffer) => { shown += d.toString(); });
  // answers: id, title, spec, level (default), role (default), tags (default), expect
  stdin.end(['no-host', 'A server must reject an HTTP/1.1 request without Host with 400', 'RFC9112 3.2', '', '', '', 'reject 400 close', ''].join('\n'));
  const code = await newCommand({ text: '"GET / HTTP/1.1\\r\\n\\r\\n"', out: dir }, { stdin, stdout });
  t.equal(code, 0, shown);
  for (const q of ['id (', 'title (', 'spec anchors', 'level [MUST]', 'role [server]', 'tags [regression]', 'expect (']) t.ok(shown.includes(q), `asked: ${q}`);
  const loaded = loadFixtureFile(join(dir, 'no-host.h1'));
  t.ok(loaded.ok && loaded.fixture.level === 'MUST' && loaded.fixture.role === 'server' && loaded.fixture.tags.join() === 'regression', 'defaults taken');
  t.deepEqual(lintPaths([dir]), []);
  rmSync(dir, { recursive: true });
});

test('client role: the bytes are served to the client\'s request', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'h1compat-new-client-'));
  const r = h1compat(undefined, 'fixture', 'new', '--role', 'client', '--text', '"HTTP/1.1 200 OK\\r\\nContent-Length: 2\\r\\n\\r\\nok"', '--id', 'plain-ok',
    '--title', 'A client must deliver a plain 200 response', '--spec', 'RFC9112 6.3', '--expect', 'status 200', '--out', dir);
  t.equal(r.status, 0, r.stderr);
  const loaded = loadFixtureFile(join(dir, 'plain-ok.h1'));
  t.ok(loaded.ok && loaded.fixture.clientRequests.length === 1 && loaded.fixture.exchange.map((s) => s.kind).join() === 'wait,serve,wait');
  rmSync(dir, { recursive: true });
  t.end();
});
