// The origin the harness plays for client subjects judges a request's framing, not whether the harness could decode
// its transfer codings: `gzip, chunked` is framed (chunked is final, RFC 9112 6.1) and is received as sent, while a
// coding list that does not end in chunked leaves the request's length undeterminable (RFC 9112 6.3 rule 4) and is the
// client's malformed output. Each case is a command client over real loopback sockets.

import test from 'tape';
import { replayRole } from '../../harness/replay/engine';
import { judge } from '../../harness/replay/verdict';
import type { SubjectSpec } from '../../harness/subjects';
import { CLIENT_GET as GET } from './misbehaving';

const FAST = { delivery: 'whole' as const, waitMs: 300, timeoutMs: 3000, settleMs: 10, clientStartMs: 1500, clientTimeoutMs: 500 };

/** A client that writes `head` + `body` to the harness origin, then reports one 200 result. */
function client(name: string, octets: string): SubjectSpec {
  const script = `const spec = JSON.parse(require('fs').readFileSync(process.argv[1], 'utf8'));
const s = require('net').connect(spec.origin.port, '127.0.0.1', () => s.write(${JSON.stringify(octets)}));
s.on('error', () => {}); setTimeout(() => { console.log(JSON.stringify({ h1compatClientResult: 1, results: [{ status: 200, headers: [], body: 'b2s=' }] })); process.exit(0); }, 200);`;
  return { name, role: 'client', adapter: { kind: 'command', argv: [process.execPath, '-e', script, '{spec}'], ready: { kind: 'port' } }, lacks: [] };
}

const HEAD = (te: string): string => `POST /te HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: ${te}\r\n\r\n`;

/** name, octets, malformation code expected (undefined: none), body the origin must have received */
const CASES: [string, string, string | undefined, string | undefined][] = [
  ['gzip then chunked is framed and received', `${HEAD('gzip, chunked')}5\r\nhello\r\n0\r\n\r\n`, undefined, 'hello'],
  ['an unknown coding then chunked is framed and received', `${HEAD('x-private, chunked')}2\r\nhi\r\n0\r\n\r\n`, undefined, 'hi'],
  ['gzip alone leaves the request without a length', `${HEAD('gzip')}hello`, 'HPE_INVALID_TRANSFER_ENCODING', undefined],
  ['chunked then gzip leaves the request without a length', `${HEAD('chunked, gzip')}5\r\nhello\r\n0\r\n\r\n`, 'HPE_INVALID_TRANSFER_ENCODING', undefined],
];

for (const [name, octets, code, body] of CASES) {
  test(`client output: ${name}`, async (t) => {
    const obs = await replayRole(client(name.replace(/\W+/g, '-'), octets), GET, FAST);
    t.equal(obs.harnessError, undefined, 'no harness error');
    t.equal(obs.malformation?.code, code, `malformation: ${obs.malformation?.code ?? 'none'} ${obs.malformation?.reason ?? ''}`);
    if (code !== undefined) {
      t.equal(obs.malformation?.offset, octets.indexOf('Transfer-Encoding'), 'reported at the Transfer-Encoding line');
      t.match(judge(GET, obs).reason, /malformed output/, 'the verdict names the malformed output');
      t.equal(obs.requests.length, 0, 'no request is taken from it');
    } else {
      t.equal(obs.requests.length, 1, 'one request received');
      t.equal(obs.requests[0]?.body, body, 'its content as sent (codings are not decoded)');
    }
  });
}
