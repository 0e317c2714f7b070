// h1compat fixture show: the exchange reads like the wire (visible escapes, a line per LF), outcomes and never clauses in words, --json is the model, an unknown id is a usage error.

import test from 'tape';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { main } from '../../harness/cli';
import { UsageError } from '../../harness/cli-args';
import { parseFixture } from '../../harness/fixture';
import { octetLines, showFixture, visible } from '../../harness/tools/fixture-show';
import { literal } from '../../harness/fixture';

const ROOT = join(__dirname, '../..');

const SOURCE = `id: show-example
title: A server must not do the example thing
spec: RFC9112 6.1
level: MUST
role: server
tags: example

provenance:
  cve: CVE-2023-12345
  fuzz

exchange:
  send:
    "POST / HTTP/1.1\\r\\n"
    "Host: a\\r\\n"
    "X-Bin: \\xff\\t\\\\\\r\\n"
    "\\r\\n"
  wait: response

outcome: reject
  level: MUST
  requests: none
  response: 400
  connection: closed, reset

never: the probe is parsed
  level: MUST NOT
  request:
    target: /probe
`;

test('visible escapes and line breaks after each LF', (t) => {
  t.equal(visible('a\r\n\t\\\xff"'), 'a\\r\\n\\t\\\\\\xFF"');
  t.equal(visible('"', true), '\\"');
  t.deepEqual(octetLines(literal('GET / HTTP/1.1\r\nHost: a\r\n\r\n')), ['GET / HTTP/1.1\\r\\n', 'Host: a\\r\\n', '\\r\\n']);
  t.end();
});

test('showFixture: metadata, exchange as lines, outcomes and never clauses in words', (t) => {
  const r = parseFixture(SOURCE, 'show-example.h1');
  if (!r.ok) { t.fail(r.diagnostics.map((d) => d.reason).join('; ')); t.end(); return; }
  const text = showFixture(r.fixture);
  for (const want of ['show-example', 'RFC9112 6.1', 'level:      MUST', 'role:       server', 'tags:       example', 'CVE-2023-12345', 'found by fuzzing',
    '      POST / HTTP/1.1\\r\\n\n      Host: a\\r\\n\n      X-Bin: \\xFF\\t\\\\\\r\\n\n      \\r\\n\n',
    'the server hands its application (echo) no request', '- status 400', 'the connection is closed (FIN) or is reset (RST)',
    'the probe is parsed [MUST NOT]: the server hands its application (echo) a request: target "/probe"']) {
    t.ok(text.includes(want), `shows ${JSON.stringify(want)}`);
  }
  t.end();
});

test('fixture show through the CLI: an id, --json, an unknown id', async (t) => {
  const cli = (args: string[]): ReturnType<typeof spawnSync> => spawnSync(process.execPath, [join(ROOT, 'bin/h1compat.js'), 'fixture', 'show', ...args], { cwd: ROOT, encoding: 'utf8' });
  const shown = cli(['smuggle-0cl-content-after-pause']);
  t.equal(shown.status, 0, 'exit 0');
  t.match(String(shown.stdout), /^smuggle-0cl-content-after-pause\n/, 'starts with the id');
  const json = cli(['smuggle-0cl-content-after-pause', '--json']);
  const model = JSON.parse(String(json.stdout)) as { id: string; exchange: unknown[] };
  t.equal(model.id, 'smuggle-0cl-content-after-pause', '--json is the model');
  t.ok(model.exchange.length > 0, 'with its exchange');
  await main(['fixture', 'show', 'no-such-fixture-id']).then(() => t.fail('should be refused'), (e: unknown) => {
    t.ok(e instanceof UsageError, 'a usage error (exit 2)');
    t.match((e as Error).message, /no fixture with id `no-such-fixture-id`/, 'one line naming the id');
  });
  t.end();
});
