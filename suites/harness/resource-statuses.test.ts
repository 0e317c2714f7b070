// Fixtures tagged `resource` (the RFC 9110 semantics suite, harness/echo/RESOURCE.md) compare statuses as written for
// every subject: the "application's answer" reading of subjects without echo (replay/match.ts applicationAnswer)
// must not turn a correct 412 into "the HEAD is performed" or a 405 into "200 with Allow" (seen on Caddy and h2o).

import test from 'tape';
import { join } from 'node:path';
import { loadCorpus } from '../../harness/fixture';
import { applicationAnswer } from '../../harness/replay/match';
import { judge } from '../../harness/replay/verdict';
import type { Observation } from '../../harness/replay/observation';

const ROOT = join(__dirname, '../..');
const { corpus } = loadCorpus(join(ROOT, 'fixtures/server/semantics'), { canonical: false });
const fixture = (id: string) => corpus.fixtures.find((f) => f.id === id)!;

/** An observation of one response with this status and no content, the connection left open. */
function observed(status: number): Observation {
  const raw = `HTTP/1.1 ${status} X\r\nContent-Length: 0\r\n\r\n`;
  return {
    responses: [{ status, reason: 'X', version: 'HTTP/1.1', interim: [], fields: [['Content-Length', '0']], body: '', bodyLength: 0, trailers: [] }],
    requests: [], connection: 'open', timeouts: [], trailingInterim: [], partial: false, overallTimeout: false, flooded: false,
    wire: [{ dir: 'in', at: 0, bytes: Buffer.from(raw) }], responsesRaw: [Buffer.from(raw)], notes: [],
  } as unknown as Observation;
}

test('semantics fixtures: statuses compare as written for subjects without echo', (t) => {
  const ifMatch = fixture('head-if-match-other-tag-412');
  t.equal(applicationAnswer(ifMatch, false), undefined, 'a `resource` fixture gets no application-answer reading');
  t.equal(judge(ifMatch, observed(412), false).verdict, 'pass', 'a 412 to HEAD with a failing If-Match passes without echo');
  t.equal(judge(ifMatch, observed(200), false).verdict, 'fail', 'a 200 still fails (the HEAD was performed)');
  const options = fixture('options-resource-allow');
  t.equal(judge(options, observed(405), false).verdict, 'info', 'a 405 to OPTIONS is recorded (MAY), not read as 200 with Allow');
  const plain = { ...ifMatch, tags: ifMatch.tags.filter((x) => x !== 'resource') };
  t.equal(typeof applicationAnswer(plain, false), 'function', 'the same fixture without the tag: the reading applies');
  t.end();
});
