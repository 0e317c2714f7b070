// The replay and live steps of the pair analysis over loopback: a deliberately lenient origin server written here
// (frames by Content-Length only, ignoring Transfer-Encoding, and skips lines that are not a request-line — the
// behaviour RFC 9112 6.1 and 2.2 forbid) against the reference server, first replaying forwarded octets, then live
// behind the reference proxy (harness/subjects/test-proxy.ts): the request hidden in chunk data is smuggled through
// the lenient server and not through the strict one. Last, --capture: a proxy record without forwarded octets is
// replayed against the reference proxy to capture them.

import test from 'tape';
import * as net from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPairs } from '../../harness/pairs/run';
import { confirmPair } from '../../harness/pairs/confirm';
import { PROBE_TARGET, replayStreams, subjectByName } from '../../harness/pairs/replay';
import { classify, proxyView } from '../../harness/pairs';
import { resolveSubjects, type SubjectHandle, type SubjectSpec } from '../../harness/subjects';

const REQUEST_LINE = /^([A-Z]+) (\S+) (HTTP\/1\.[01])$/;

/** Answer every request it frames with an echo body (harness/echo/CONTRACT.md), framing by Content-Length alone;
 *  `bodyBlind`: the echo reports every body as empty (as an application that never reads a GET body does). */
function lenientServer(bodyBlind = false, swallow = false): net.Server {
  return net.createServer((sock) => {
    let buf = '';
    sock.on('error', () => {});
    sock.on('data', (d: Buffer) => {
      buf += d.toString('latin1');
      for (;;) {
        // skip anything before a request-line (a bare "1c" chunk-size line, a CRLF, "0")
        let start = -1;
        let pos = 0;
        for (;;) {
          const eol = buf.indexOf('\r\n', pos);
          if (eol < 0) break;
          if (REQUEST_LINE.test(buf.slice(pos, eol))) { start = pos; break; }
          pos = eol + 2;
        }
        if (start < 0) return;
        const end = buf.indexOf('\r\n\r\n', start);
        if (end < 0) return;
        const lines = buf.slice(start, end).split('\r\n');
        const [, method, target, version] = REQUEST_LINE.exec(lines[0])!;
        const fields = lines.slice(1).map((l) => { const i = l.indexOf(':'); return [l.slice(0, i), l.slice(i + 1).trim()]; });
        const given = fields.find(([n]) => n.toLowerCase() === 'content-length')?.[1];
        // `swallow`: a request with Content-Length takes every octet already buffered (as puma 5.6.5 does with pipelined octets)
        const cl = swallow && given !== undefined ? Math.max(Number(given), buf.length - end - 4) : Number(given ?? '0');
        if (buf.length < end + 4 + cl) return;
        const body = buf.slice(end + 4, end + 4 + cl);
        buf = buf.slice(end + 4 + cl);
        const json = JSON.stringify({ h1compatEcho: 1, method, target, version, fields, body: Buffer.from(bodyBlind ? '' : body, 'latin1').toString('base64'), trailers: [] });
        sock.write(`HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(json)}\r\n\r\n${json}`);
      }
    });
  });
}

async function startLenient(bodyBlind = false, swallow = false): Promise<SubjectHandle> {
  const server = lenientServer(bodyBlind, swallow);
  const sockets = new Set<net.Socket>();
  server.on('connection', (s) => { sockets.add(s); s.once('close', () => sockets.delete(s)); });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const spec: SubjectSpec = { name: 'lenient', role: 'server', adapter: { kind: 'address', host: '127.0.0.1', port: (server.address() as net.AddressInfo).port }, lacks: [] };
  return {
    spec, version: 'test', host: '127.0.0.1', port: (server.address() as net.AddressInfo).port, output: () => ({ stdout: '', stderr: '' }),
    stop: () => new Promise((resolve) => { for (const s of sockets) s.destroy(); server.close(() => resolve()); }),
  };
}

const SMUGGLED = 'GET /s HTTP/1.1\r\nHost: a\r\n\r\n';
const hex = SMUGGLED.length.toString(16);
/** What a client sends: one chunked POST whose chunk data looks like a request. */
const SENT = `POST /a HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n${hex}\r\n${SMUGGLED}\r\n0\r\n\r\n`;
/** What a proxy forwards for it: the same framing (the octets the strict parser reads as one message). */
const FORWARDED = `POST /a HTTP/1.1\r\nhost: a\r\ntransfer-encoding: chunked\r\n\r\n${hex}\r\n${SMUGGLED}\r\n0\r\n\r\n`;

test('pairs replay: forwarded octets replayed against a lenient and a strict server', async (t) => {
  const lenient = await startLenient();
  try {
    const p = proxyView(FORWARDED);
    t.deepEqual(p.messages, [{ method: 'POST', target: '/a', bodyLength: SMUGGLED.length }], 'the proxy\'s view: one POST');
    const lv = (await replayStreams(lenient.spec, [{ octets: FORWARDED, expected: 1 }], { waitMs: 1000, extraMs: 300 }, lenient)).get(FORWARDED);
    t.equal(lv?.source, 'replay', 'replayed');
    t.deepEqual(lv?.messages.map((m) => m.echo?.target), ['/a', '/s'], 'the lenient server answers /a and the smuggled /s');
    const lk = classify(p, lv);
    t.deepEqual([lk.status, [...lk.classes].sort()], ['disagree', ['different-body-length', 'extra-request']], 'lenient: extra request and body length');
    const reference = subjectByName('reference')!;
    const rv = (await replayStreams(reference, [{ octets: FORWARDED, expected: 1 }], { waitMs: 1000, extraMs: 300 })).get(FORWARDED);
    t.deepEqual(rv?.messages.map((m) => m.echo?.target), ['/a'], 'the reference server answers /a only');
    t.equal(classify(p, rv).status, 'agree', 'reference: agree');
    const gone = (await replayStreams({ ...lenient.spec, name: 'nothing', adapter: { kind: 'command', argv: ['/nonexistent/h1compat-pairs-server', '{port}'], ready: { kind: 'port' }, readyTimeoutMs: 2000 } }, [{ octets: FORWARDED, expected: 1 }])).get(FORWARDED);
    t.match(gone?.error ?? '', /did not start/, 'a server that does not start: an error view, not a disagreement');
    t.equal(classify(p, gone).status, 'unknown', '… classified unknown');
  } finally {
    await lenient.stop();
  }
});

test('pairs replay: the probe request after the forwarded octets tells a moved boundary from an echo that leaves a body out', async (t) => {
  const blind = await startLenient(true);
  const lenient = await startLenient();
  try {
    const get = `GET /a HTTP/1.1\r\nHost: a\r\nContent-Length: ${SMUGGLED.length}\r\n\r\n${SMUGGLED}`;
    const p = proxyView(get);
    const without = (await replayStreams(blind.spec, [{ octets: get, expected: 1 }], { waitMs: 1000 }, blind)).get(get)!;
    t.deepEqual(classify(p, without).classes, ['different-body-length'], 'without the probe: an echo reporting no body looks like a shorter body');
    const probed = (await replayStreams(blind.spec, [{ octets: get, expected: 1, probe: true }], { waitMs: 1000 }, blind)).get(get)!;
    t.equal(probed.probe, 'intact', `the probe ${PROBE_TARGET} is answered intact`);
    t.deepEqual(probed.messages.map((m) => m.echo?.target), ['/a'], 'its answer is not one of the messages');
    const k = classify(p, probed);
    t.equal(k.status, 'agree', 'with the probe: the boundary agreed');
    t.match(k.detail.join('\n'), /probe request after the last message arrived intact/, 'the body difference is explained');
    const moved = (await replayStreams(lenient.spec, [{ octets: FORWARDED, expected: 1, probe: true }], { waitMs: 1000 }, lenient)).get(FORWARDED)!;
    t.deepEqual(moved.messages.map((m) => m.echo?.target), ['/a', '/s'], 'a moved boundary: the smuggled request is answered before the probe');
    t.deepEqual([...classify(proxyView(FORWARDED), moved).classes].sort(), ['different-body-length', 'extra-request'], 'still an extra request and a body length difference');
    // a server that takes pipelined octets into the body swallows the probe: the forwarded octets alone decide
    const swallow = await startLenient(false, true);
    try {
      const v = (await replayStreams(swallow.spec, [{ octets: get, expected: 1, probe: true }], { waitMs: 1000 }, swallow)).get(get)!;
      t.equal(v.probe, 'not-answered', 'the probe was swallowed into the body');
      t.deepEqual(v.messages.map((m) => m.echo?.bodyLength), [SMUGGLED.length], 'the second replay, without the probe, reads the body the proxy forwarded');
      t.equal(classify(p, v).status, 'agree', 'so the pair agrees on these octets');
    } finally {
      await swallow.stop();
    }
  } finally {
    await blind.stop();
    await lenient.stop();
  }
});

test('pairs live: the reference proxy in front of the lenient server lets the smuggled request through (confirmed); in front of the reference server it does not', async (t) => {
  const proxy = resolveSubjects(['reference-proxy'])[0];
  const lenient = await startLenient();
  try {
    const c = await confirmPair(proxy, lenient, SENT, ['extra-request']);
    t.equal(c.state, 'confirmed', `confirmed: ${c.detail}`);
    t.deepEqual(c.reached.map((m) => m.echo?.target), ['/a', '/s'], 'the smuggled /s reached the lenient server');
    t.match(c.forwarded, /transfer-encoding: chunked/i, 'what the proxy forwarded is recorded');
  } finally {
    await lenient.stop();
  }
  const strict = await confirmPair(proxy, subjectByName('reference')!, SENT, ['extra-request']);
  t.equal(strict.state, 'not-confirmed', `not confirmed behind the reference server: ${strict.detail}`);
  t.deepEqual(strict.reached.map((m) => m.echo?.target), ['/a'], 'only /a reached it');
  const noProxy = await confirmPair({ ...proxy, name: 'missing', adapter: { kind: 'command', argv: ['/nonexistent/h1compat-pairs-proxy', '{port}', '{upstreamPort}'], ready: { kind: 'port' }, readyTimeoutMs: 2000 } },
    subjectByName('reference')!, SENT, ['extra-request']);
  t.equal(noProxy.state, 'error', `a proxy that does not start is an error: ${noProxy.detail}`);
});

test('pairs capture: a proxy record that keeps no forwarded octets is replayed against the proxy to capture them', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'h1compat-pairs-capture-'));
  try {
    const record = {
      fixture: 'chunked-request-forwarded', file: 'fixtures/proxy/framing/chunked-request-forwarded.h1', title: 't', level: 'MUST', role: 'proxy', spec: ['RFC9112 7.1'], tags: [],
      subject: 'reference-proxy', delivery: 'whole', seed: 1, verdict: 'pass', reason: '', expected: { outcomes: [], never: [] }, matched: [], violated: [], mismatches: [], wire: [], durationMs: 1,
    };
    const results = {
      version: 1, tool: { name: 'h1compat', version: '0' },
      run: { startedAt: '2026-01-01T00:00:00Z', complete: true, git: null, node: 'v20', platform: 'linux', options: {},
        subjects: [{ name: 'reference-proxy', version: '1', role: 'proxy', adapter: 'in-process', lacks: [] }, { name: 'reference', version: '1', role: 'server', adapter: 'in-process', lacks: [] }] },
      records: [record],
    };
    writeFileSync(join(dir, 'r.json'), JSON.stringify(results));
    const base = { results: [join(dir, 'r.json')], command: 'test', git: null, toolVersion: '0', waitMs: 1000 };
    const before = await runPairs(base);
    t.deepEqual([before.streams.length, before.notRecorded], [0, { 'reference-proxy': 1 }], 'without --capture: not recorded');
    const after = await runPairs({ ...base, capture: true });
    t.deepEqual(after.notRecorded, {}, 'with --capture: recorded');
    t.equal(after.streams.length, 1, 'one forwarded stream');
    t.match(after.streams[0].forwarded, /^POST \/[^ ]* HTTP\/1\.1\\r\\n/, `what the reference proxy forwarded: ${after.streams[0].forwarded.slice(0, 60)}…`);
    t.deepEqual(after.cells.map((c) => [c.proxy, c.server, c.agree]), [['reference-proxy', 'reference', 1]], 'read by the reference server as forwarded');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
