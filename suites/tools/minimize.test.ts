// h1compat minimize on a deliberately broken server that resets the connection on one octet (NUL): ddmin finds
// exactly that octet; with --against the reference it keeps the disagreement; the CLI writes a linted fixture.

import test from 'tape';
import * as net from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lintPaths, loadFixtureFile, octetsOf, parseFixture, type Fixture } from '../../harness/fixture';
import { loadSubjects, startServerSubject, type SubjectSpec } from '../../harness/subjects';
import { minimizeFixture, runnerFor, unitsOf, withUnits } from '../../harness/tools/minimize';
import { ddminAsync } from '../../harness/tools/ddmin';

const ROOT = join(__dirname, '../..');
const subjects = loadSubjects(join(ROOT, 'subjects'));

const FIXTURE = `id: nul-in-body
title: A server must accept a body that holds a NUL octet
spec: RFC9112 6.2
level: MUST
role: server
tags: regression

exchange:
  send:
    "POST /upload HTTP/1.1\\r\\n"
    "Host: a\\r\\n"
    "Content-Length: 5\\r\\n"
    "\\r\\n"
    "ab\\x00de"
  wait: response within 300ms

outcome: accepted
  level: MUST
  response: 200
`;

/** A tiny HTTP/1.1 server with one bug: any chunk holding a NUL octet resets the connection. */
function brokenServer(): net.Server {
  return net.createServer((s) => {
    let got = '';
    s.on('error', () => {});
    s.on('data', (d: Buffer) => {
      if (d.includes(0)) { s.destroy(); return; }
      got += d.toString('latin1');
      const end = got.indexOf('\r\n\r\n');
      if (end < 0) return;
      const len = Number(/content-length: *(\d+)/i.exec(got.slice(0, end))?.[1] ?? 0);
      if (got.length >= end + 4 + len) s.end('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok');
    });
  });
}

const BROKEN: SubjectSpec = { name: 'broken', role: 'server', adapter: { kind: 'address', host: '127.0.0.1', port: 1 }, lacks: ['echo'] };

function load(): Fixture {
  const r = parseFixture(FIXTURE, 'nul-in-body.h1');
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.reason).join('; '));
  return r.fixture;
}

const sendOctets = (f: Fixture): string => f.exchange.map((s) => (s.kind === 'send' ? octetsOf(s.bytes) : '')).join('');

test('ddminAsync: a list shrinks to the one item that matters, within its budget', async (t) => {
  const items = [...'GET /a?x=1&y=2 HTTP/1.1'];
  const r = await ddminAsync(items, async (c) => c.includes('&'), { maxRuns: 200, deadline: Date.now() + 60000 });
  t.deepEqual(r.minimal, ['&']);
  t.ok(r.runs > 0 && r.runs < 200 && !r.exhausted, `${r.runs} tests`);
  const capped = await ddminAsync(items, async (c) => c.includes('&'), { maxRuns: 3, deadline: Date.now() + 60000 });
  t.ok(capped.runs <= 3 && capped.exhausted, 'stops at --max-runs');
});

test('units and steps: octets of send steps only, empty steps dropped', (t) => {
  const f = load();
  const units = unitsOf(f);
  t.equal(units.length, sendOctets(f).length);
  t.deepEqual(withUnits(f, []).exchange.map((s) => s.kind), ['wait'], 'an emptied send step is dropped');
  t.equal(sendOctets(withUnits(f, units)), sendOctets(f), 'all units give the octets back');
  t.end();
});

test('minimize against a server that resets on NUL: the minimal input is the NUL octet', async (t) => {
  const handle = await startServerSubject(BROKEN, brokenServer(), 'broken 1');
  const runner = await runnerFor({ ...BROKEN, adapter: { kind: 'in-process', implementation: 'reference' } }, 'observed', 300, handle);
  const r = await minimizeFixture(load(), [runner], { maxRuns: 400, deadline: Date.now() + 120000 }, false);
  await handle.stop();
  t.match(r.signature, /^broken: fail: no response → (closed|reset)$/, `the kept signature: fail, with what was observed (${r.signature})`);
  t.equal(sendOctets(r.fixture), '\x00', 'minimised to the NUL octet');
  t.equal(r.before, 58);
  t.equal(r.after, 1);
  t.notOk(r.exhausted, `1-minimal within the budget (${r.runs} replays)`);
});

test('minimize --against: the disagreement with the reference is kept, so the request stays valid for the reference', async (t) => {
  const handle = await startServerSubject(BROKEN, brokenServer(), 'broken 1');
  const broken = await runnerFor({ ...BROKEN, adapter: { kind: 'in-process', implementation: 'reference' } }, 'verdict', 300, handle);
  const reference = await runnerFor(subjects.get('reference')!, 'verdict', 300);
  const r = await minimizeFixture(load(), [broken, reference], { maxRuns: 400, deadline: Date.now() + 120000 }, true);
  await handle.stop();
  await reference.stop();
  t.equal(r.signature, 'broken: fail | reference: pass');
  t.ok(sendOctets(r.fixture).includes('\x00'), 'the NUL octet stays');
  t.ok(r.after < r.before, `${r.before} -> ${r.after} octets: ${JSON.stringify(sendOctets(r.fixture))}`);
});

test('h1compat minimize (CLI) writes <id>-min.h1 noting where it came from, and it lints', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'h1compat-min-'));
  const file = join(dir, 'nul-in-body.h1');
  writeFileSync(file, FIXTURE);
  const { spawnSync } = await import('node:child_process');
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/h1compat.js'), 'minimize', file, '--subject', 'reference', '--against', 'node', '--max-runs', '5'], { cwd: ROOT, encoding: 'utf8', timeout: 60000 });
  // reference and node agree on this fixture (both answer 200): nothing to keep, a one-line usage error
  t.equal(r.status, 2, `agreeing subjects: exit 2 (${r.stderr.trim()})`);
  t.equal(r.stderr.trim().split('\n').length, 1);
  const ok = spawnSync(process.execPath, [join(ROOT, 'bin/h1compat.js'), 'minimize', file, '--subject', 'reference', '--keep', 'verdict', '--max-runs', '300'], { cwd: ROOT, encoding: 'utf8', timeout: 120000 });
  t.equal(ok.status, 0, ok.stderr);
  const out = join(dir, 'nul-in-body-min.h1');
  const loaded = loadFixtureFile(out);
  t.ok(loaded.ok, 'the new fixture loads');
  if (loaded.ok) {
    t.ok(loaded.fixture.notes.some((n) => n.startsWith('Minimized from nul-in-body by h1compat minimize')), 'provenance note');
    t.ok(sendOctets(loaded.fixture).length < 58, `shorter: ${JSON.stringify(sendOctets(loaded.fixture))}`);
  }
  t.deepEqual(lintPaths([out]), [], 'lints clean');
  t.match(readFileSync(out, 'utf8'), /^id: nul-in-body-min$/m);
  rmSync(dir, { recursive: true });
});
