// Subjects without the echo contract (`run --url`, `--cmd` without --echo): the application behind the server is
// unknown, so a fixture's 200 is read as "accepted and handed to the application" (harness/replay/match.ts
// applicationAnswer). A static server's 404 to a valid GET passes; a 404 to a request the RFC says must be rejected
// still fails; a 405/501 to the method followed by a close shows nothing of content handling and is `skip`, never a
// pass or a fail. Real loopback servers, each a small node:net program answering one fixed status per request line.

import test from 'tape';
import * as net from 'node:net';
import { replayServer } from '../../harness/replay/engine';
import { judge } from '../../harness/replay/verdict';
import { fixture } from './misbehaving';

const OPTS = { delivery: 'whole' as const, waitMs: 500, timeoutMs: 4000, settleMs: 30 };

/** A server that answers every complete head with `status` (HTTP/1.1, Content-Length: 0); `close`: then closes. */
function statusServer(status: string, close: boolean): Promise<net.Server> {
  const srv = net.createServer((s) => {
    let got = '';
    s.on('error', () => {});
    s.on('data', (d) => {
      got += d.toString('latin1');
      while (got.includes('\r\n\r\n')) {
        got = got.slice(got.indexOf('\r\n\r\n') + 4);
        s.write(`HTTP/1.1 ${status}\r\nContent-Length: 0\r\n${close ? 'Connection: close\r\n' : ''}\r\n`);
        if (close) { s.end(); return; }
      }
    });
  });
  return new Promise((resolve) => srv.listen(0, '127.0.0.1', () => resolve(srv)));
}

const head = (id: string, title: string, level = 'MUST'): string => `id: ${id}\ntitle: ${title}\nspec: RFC9112 5\nlevel: ${level}\nrole: server\ntags: test\n\n`;

const VALID_GET = fixture(`${head('t-valid-get', 'A server must answer a valid GET')}exchange:
  send:
    "GET /x HTTP/1.1\\r\\n"
    "Host: a\\r\\n"
    "\\r\\n"
  wait: response

outcome: answered
  level: MUST
  response: 200
`);

const SPACE_BEFORE_COLON = fixture(`${head('t-sp-colon', 'A server must reject whitespace before a colon with 400')}exchange:
  send:
    "GET /x HTTP/1.1\\r\\n"
    "Host : a\\r\\n"
    "\\r\\n"
  wait: response

outcome: rejected
  level: MUST
  response: 400

never: served
  level: MUST NOT
  response: 200
`);

const CHUNKED_POST = fixture(`${head('t-chunked-post', 'A server must decode a chunked body')}exchange:
  send:
    "POST /x HTTP/1.1\\r\\n"
    "Host: a\\r\\n"
    "Transfer-Encoding: chunked\\r\\n"
    "\\r\\n"
    "5\\r\\nhello\\r\\n0\\r\\n\\r\\n"
  wait: response

outcome: decoded
  level: MUST
  response: 200
`);

const UNKNOWN_CODING = fixture(`${head('t-unknown-coding', 'A server should answer 501 to an unknown transfer coding', 'SHOULD')}exchange:
  send:
    "POST /x HTTP/1.1\\r\\n"
    "Host: a\\r\\n"
    "Transfer-Encoding: x-private, chunked\\r\\n"
    "\\r\\n"
    "5\\r\\nhello\\r\\n0\\r\\n\\r\\n"
  wait: response

outcome: not implemented
  level: SHOULD
  response: 501

never: decoded as if understood
  level: SHOULD NOT
  response: 200
`);

/** fixture, server status, server closes after it, echo, expected verdict, reason pattern */
const CASES: [string, ReturnType<typeof fixture>, string, boolean, boolean, string, RegExp][] = [
  ['a static 404 to a valid GET passes', VALID_GET, '404 Not Found', false, false, 'pass', /404 counted as the application's answer/],
  ['with echo, a 404 to a valid GET fails (statuses compare as written)', VALID_GET, '404 Not Found', false, true, 'fail', /status 404 is not 200$/m],
  ['a 404 to whitespace before the colon fails: the request was served', SPACE_BEFORE_COLON, '404 Not Found', false, false, 'fail', /never: served/],
  ['a 400 to whitespace before the colon passes', SPACE_BEFORE_COLON, '400 Bad Request', true, false, 'pass', /matched: rejected/],
  ['a 405 and a close to a chunked POST is skip: content handling not shown', CHUNKED_POST, '405 Method Not Allowed', true, false, 'skip', /refused the request method with 405/],
  ['a 403 on a kept connection to a valid GET passes as an application answer', VALID_GET, '403 Forbidden', false, false, 'pass', /403 counted/],
  ['a 501 to a fixture that names 501 is the coding rejection it asks for', UNKNOWN_CODING, '501 Not Implemented', true, false, 'pass', /matched: not implemented/],
  ['a 400 is never an application answer', CHUNKED_POST, '400 Bad Request', true, false, 'fail', /status 400 is not 200 \(nor, without echo/],
];

for (const [name, f, status, close, echo, verdict, why] of CASES) {
  test(`without echo: ${name}`, async (t) => {
    const srv = await statusServer(status, close);
    try {
      const obs = await replayServer(f, '127.0.0.1', (srv.address() as net.AddressInfo).port, OPTS);
      const v = judge(f, obs, echo);
      t.equal(v.verdict, verdict, `${v.verdict}: ${v.reason.slice(0, 300)}`);
      t.match(v.reason, why, 'the reason says what was compared');
    } finally {
      srv.close();
    }
  });
}
