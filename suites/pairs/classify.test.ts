// The pair classifier over constructed results documents: a proxy record's forwarded octets against a server's record
// of a fixture with identical octets (reused, no traffic): agreeing, a smuggled extra request, fewer requests, a
// different target, a refusal, and octets no server record covers. Also the proxy's view on its own (strict framing,
// the lenient fallback) and the folding of deliveries.

import test from 'tape';
import { buildDocument, classify, collect, proxyView, recordedViews, type FixtureOctets } from '../../harness/pairs';
import { escapeOctets } from '../../harness/fixture/bytes';
import type { ResultRecord, ResultsDocument } from '../../reports/results-model';
import type { ServerView } from '../../reports/pairs-types';

const esc = (s: string): string => escapeOctets(s, true);
const b64 = (s: string): string => Buffer.from(s, 'latin1').toString('base64');

function base(fixture: string, subject: string, role: 'proxy' | 'server', delivery: 'whole' | 'byte-by-byte' = 'whole'): Omit<ResultRecord, 'observed' | 'wire'> {
  return {
    fixture, file: `fixtures/${role}/${fixture}.h1`, title: `title of ${fixture}`, level: 'MUST', role, spec: ['RFC9112 6.3'], tags: [], subject,
    delivery, seed: 1, verdict: 'fail', reason: '', expected: { outcomes: [], never: [] }, matched: [], violated: [], mismatches: [], durationMs: 1,
  };
}

const observed = { summary: '', trailingInterim: [], partial: false, timeouts: [], overallTimeout: false, flooded: false, octetsSent: 0, octetsReceived: 0, notes: [] };

/** A proxy record: the client sent `sent`, the proxy forwarded `forwarded` (wire entries on the origin side). */
function proxyRecord(fixture: string, sent: string, forwarded: string, delivery: 'whole' | 'byte-by-byte' = 'whole'): ResultRecord {
  return {
    ...base(fixture, 'px', 'proxy', delivery),
    observed: { ...observed, connection: 'closed', responses: [], requests: [] },
    wire: [
      { dir: 'sent', at: 0, segments: 1, octets: esc(sent), side: 'client' },
      { dir: 'received', at: 1, segments: 1, octets: esc(forwarded), side: 'origin', conn: 0 },
    ],
  };
}

type Answer = { status: number; echo?: { method: string; target: string; body: string } };

/** A server record of fixture `fixture`: the responses it gave (echo or not), how the connection ended. */
function serverRecord(fixture: string, answers: Answer[], connection: 'open' | 'closed' | 'reset' = 'closed', timeouts: string[] = []): ResultRecord {
  return {
    ...base(fixture, 'srv', 'server'),
    observed: {
      ...observed, connection, timeouts,
      responses: answers.map((a) => ({ status: a.status, reason: '', version: 'HTTP/1.1', interim: [], fields: [], trailers: [], bodyLength: 0, body: '', bodyTruncated: false, echo: a.echo !== undefined })),
      requests: answers.flatMap((a) => (a.echo !== undefined ? [{ method: a.echo.method, target: a.echo.target, version: 'HTTP/1.1', fields: [], trailers: [], body: b64(a.echo.body) }] : [])),
    },
    wire: [],
  };
}

function doc(records: ResultRecord[]): ResultsDocument {
  return {
    version: 1, tool: { name: 'h1compat', version: '0' },
    run: {
      startedAt: '', complete: true, git: null, node: '', platform: '', options: {},
      subjects: [{ name: 'px', version: '1', role: 'proxy', adapter: 'command', lacks: [] }, { name: 'srv', version: '2', role: 'server', adapter: 'command', lacks: [] }],
    },
    records,
  };
}

const GET_A = 'GET /a HTTP/1.1\r\nHost: a\r\n\r\n';
const GET_S = 'GET /s HTTP/1.1\r\nHost: a\r\n\r\n';
const POST_CL = `POST /a HTTP/1.1\r\nHost: a\r\nContent-Length: ${GET_S.length}\r\n\r\n${GET_S}`;

const cases: { name: string; forwarded: string; answers: Answer[]; connection?: 'open' | 'closed'; timeouts?: string[]; status: string; classes: string[]; detail: RegExp }[] = [
  {
    name: 'agreeing: one GET, echoed as sent',
    forwarded: GET_A, answers: [{ status: 200, echo: { method: 'GET', target: '/a', body: '' } }], status: 'agree', classes: [], detail: /^$/,
  },
  {
    name: 'smuggled: the server reads the body of the POST as a second request',
    forwarded: POST_CL,
    answers: [{ status: 200, echo: { method: 'POST', target: '/a', body: '' } }, { status: 200, echo: { method: 'GET', target: '/s', body: '' } }],
    status: 'disagree', classes: ['different-body-length', 'extra-request'], detail: /extra request GET \/s/,
  },
  {
    name: 'fewer requests: two pipelined GETs, the server answers one and waits',
    forwarded: GET_A + GET_S, answers: [{ status: 200, echo: { method: 'GET', target: '/a', body: '' } }], connection: 'open', timeouts: ['wait close (step 2) timed out after 2000 ms'],
    status: 'disagree', classes: ['fewer-requests'], detail: /forwarded 2 message\(s\); the server answered 1 and was still waiting/,
  },
  {
    name: 'different target: /a at the proxy, /b at the server',
    forwarded: GET_A, answers: [{ status: 200, echo: { method: 'GET', target: '/b', body: '' } }], status: 'disagree', classes: ['different-target'], detail: /target \/a at the proxy, \/b at the server/,
  },
  {
    name: 'different method',
    forwarded: GET_A, answers: [{ status: 200, echo: { method: 'HEAD', target: '/a', body: '' } }], status: 'disagree', classes: ['different-method'], detail: /method GET at the proxy, HEAD/,
  },
  {
    name: 'rejected: the server refuses the first of two messages with 400 and closes (nothing crosses a boundary)',
    forwarded: GET_A + GET_S, answers: [{ status: 400 }], status: 'rejected', classes: [], detail: /refused GET \/a .* with 400/,
  },
  {
    name: 'a refusal after the last forwarded message is a boundary the proxy did not see',
    forwarded: POST_CL, answers: [{ status: 200, echo: { method: 'POST', target: '/a', body: 'GET /s' } }, { status: 400 }],
    status: 'disagree', classes: ['different-body-length', 'extra-request'], detail: /refused \(400\) a message the proxy did not forward/,
  },
  {
    name: 'a server that answers the first of two and closes (RFC 9112 9.6) let nothing across a boundary',
    forwarded: GET_A + GET_S, answers: [{ status: 200, echo: { method: 'GET', target: '/a', body: '' } }], connection: 'closed',
    status: 'rejected', classes: [], detail: /answered 1 and closed the connection/,
  },
  {
    name: 'absolute-form at the proxy, the origin-form of the same path at the server: the same target',
    forwarded: 'GET http://a/r?q HTTP/1.1\r\nHost: a\r\n\r\n', answers: [{ status: 200, echo: { method: 'GET', target: '/r?q', body: '' } }], status: 'agree', classes: [], detail: /^$/,
  },
  {
    name: 'a message the proxy had not finished forwarding, answered: the server read a shorter body',
    forwarded: 'POST /a HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc', answers: [{ status: 200, echo: { method: 'POST', target: '/a', body: 'abc' } }],
    status: 'disagree', classes: ['different-body-length'], detail: /had not finished forwarding/,
  },
  {
    name: 'a message the proxy had not finished forwarding, refused: rejected, not an extra request',
    forwarded: 'POST /a HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc', answers: [{ status: 501 }], status: 'rejected', classes: [], detail: /refused \(501\) the message the proxy had not finished/,
  },
];

test('pairs: the classifier on constructed results (the server\'s record of identical octets is reused)', (t) => {
  for (const c of cases) {
    const fixtureOctets: FixtureOctets = new Map([['srv-fixture', c.forwarded]]);
    const d = doc([proxyRecord('p-fixture', c.forwarded, c.forwarded), serverRecord('srv-fixture', c.answers, c.connection, c.timeouts)]);
    const col = collect([d]);
    const views = recordedViews(col, fixtureOctets);
    t.equal(views.size, 1, `${c.name}: the server record is reused`);
    const out = buildDocument(col, views, { sources: ['x'], command: 'h1compat pairs', git: null, toolVersion: '0' });
    t.deepEqual(out.cells.map((x) => [x.proxy, x.server]), [['px', 'srv']], `${c.name}: one cell`);
    const cell = out.cells[0];
    t.equal(cell[c.status as 'agree'], 1, `${c.name}: counted as ${c.status}`);
    if (c.status === 'agree') { t.equal(out.cases.length, 0, `${c.name}: agreeing cases are only counted`); continue; }
    t.equal(out.cases.length, 1, `${c.name}: one case`);
    const k = out.cases[0];
    t.equal(k.status, c.status, `${c.name}: status`);
    t.deepEqual([...k.classes].sort(), c.classes, `${c.name}: classes`);
    t.match(k.detail.join('\n'), c.detail, `${c.name}: detail says why`);
    t.equal(k.serverView?.source, 'record', `${c.name}: from the record of srv-fixture`);
    t.equal(k.serverView?.fixture, 'srv-fixture', `${c.name}: names the fixture`);
  }
  t.end();
});

test('pairs: octets no server fixture ran are unknown (they need a replay), and deliveries that forwarded the same fold', (t) => {
  const d = doc([proxyRecord('p', GET_A, GET_A, 'whole'), proxyRecord('p', GET_A, GET_A, 'byte-by-byte'), serverRecord('other', [{ status: 200, echo: { method: 'GET', target: '/a', body: '' } }])]);
  const col = collect([d]);
  t.equal(col.streams.length, 1, 'one stream for both deliveries');
  t.deepEqual(col.streams[0].deliveries, ['whole', 'byte-by-byte'], 'both deliveries named');
  t.equal(col.streams[0].id, 'px/p/0', 'stable id proxy/fixture/conn');
  const out = buildDocument(col, recordedViews(col, new Map([['other', GET_S]])), { sources: [], command: '', git: null, toolVersion: '0' });
  t.equal(out.cells[0].unknown, 1, 'counted as unknown');
  t.equal(out.cases[0].status, 'unknown', 'listed');
  t.end();
});

test('pairs: a pass record without a wire log is counted as not recorded, one whose wire log shows nothing upstream as forwarded nothing', (t) => {
  const r: ResultRecord = { ...base('p', 'px', 'proxy'), verdict: 'pass', observed: { ...observed, connection: 'closed', responses: [], requests: [] }, wire: [] };
  const col = collect([doc([r])]);
  t.deepEqual(col.notRecorded, { px: 1 });
  t.equal(col.streams.length, 0);
  // a wire log with nothing on the origin side: the proxy forwarded nothing (it refused), which is not "not recorded"
  const refused: ResultRecord = { ...r, wire: [{ dir: 'sent', at: 0, segments: 1, octets: esc(GET_A), side: 'client' }, { dir: 'received', at: 1, segments: 1, octets: 'HTTP/1.1 400 Bad Request\\r\\n\\r\\n', side: 'client' }] };
  const col2 = collect([doc([refused])]);
  t.deepEqual([col2.notRecorded, col2.forwardedNothing, col2.streams.length], [{}, { px: 1 }, 0], 'forwarded nothing');
  t.end();
});

test('pairs: the proxy\'s view is the strict framing (RFC 9112 6.3), with a lenient reading only when the strict one refuses', (t) => {
  const chunked = 'POST /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n';
  t.deepEqual(proxyView(chunked + GET_A).messages, [{ method: 'POST', target: '/c', bodyLength: 5 }, { method: 'GET', target: '/a', bodyLength: 0 }], 'chunked, then a GET');
  t.deepEqual(proxyView(POST_CL).messages, [{ method: 'POST', target: '/a', bodyLength: GET_S.length }], 'Content-Length frames the body');
  const partial = proxyView('POST /a HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc');
  t.deepEqual([partial.messages.length, partial.partial, partial.malformation], [0, true, undefined], 'an incomplete body is partial, not malformed');
  const noHost = proxyView('GET /r HTTP/1.1\r\n\r\n');
  t.equal(noHost.malformation?.code, 'HPE_MISSING_HOST', 'the strict error is kept');
  t.equal(noHost.lenient, true, 'read leniently');
  t.deepEqual(noHost.messages, [{ method: 'GET', target: '/r', bodyLength: 0 }], 'the lenient reading');
  const http10 = proxyView('POST /a HTTP/1.0\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n');
  t.deepEqual([http10.malformation?.code, http10.lenient, http10.messages], ['HPE_TRANSFER_ENCODING_HTTP10', true, [{ method: 'POST', target: '/a', bodyLength: 5 }]],
    'Transfer-Encoding in HTTP/1.0 (RFC 9112 6.1): refused strictly, framed by the coding as the forwarding proxy did');
  const garbage = proxyView('GET /a HTTP/1.1\r\nHost: a\r\n\r\n\x00\x01 nonsense\r\n\r\n');
  t.equal(garbage.messages.length, 1, 'messages before a malformation are kept');
  t.ok(garbage.malformation !== undefined && garbage.lenient !== true, 'no lenient reading of garbage');
  // the server answers past the point where the proxy's framing is not known: not blamed as an extra request
  const view: ServerView = { source: 'replay', messages: [{ status: 200, echo: { method: 'GET', target: '/a', bodyLength: 0 } }, { status: 200, echo: { method: 'X', target: '/y', bodyLength: 0 } }], connection: 'closed', timedOut: false };
  const k = classify(garbage, view);
  t.deepEqual([k.status, k.classes], ['unknown', []], 'unknown beyond the malformation');
  t.match(k.detail.join('\n'), /framing there is not known/, 'said so');
  t.equal(classify(proxyView(GET_A), { ...view, messages: [], error: 'cannot connect' }).status, 'unknown', 'a harness error is unknown, never a disagreement');
  t.end();
});
