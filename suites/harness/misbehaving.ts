// Deliberately misbehaving server subjects for the harness tests: silent, resetting, flooding, garbage, closing; and
// the small inline fixtures (one per role) the harness tests replay.

import * as net from 'node:net';
import { parseFixture, type Fixture } from '../../harness/fixture';
import { startServerSubject, type SubjectHandle, type SubjectSpec } from '../../harness/subjects';

export type Behaviour = 'silent' | 'reset' | 'flood' | 'garbage' | 'close' | 'plain-200';

/** Most octets the flooding subject writes per connection (bounded, far above the capture cap used in tests). */
export const FLOOD_LIMIT = 8 * 1024 * 1024;

function behave(kind: Behaviour, s: net.Socket): void {
  s.on('error', () => {});
  switch (kind) {
    case 'silent':
      s.on('data', () => {});
      return;
    case 'reset':
      s.once('data', () => s.resetAndDestroy());
      return;
    case 'close':
      s.once('data', () => s.destroy());
      return;
    case 'garbage':
      s.once('data', () => s.end('HTTP/1.1 2OO OK\r\nContent-Length: 0\r\n\r\n'));
      return;
    case 'plain-200':
      s.once('data', () => s.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok'));
      return;
    case 'flood': {
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      let sent = 0;
      const pump = (): void => {
        while (sent < FLOOD_LIMIT && !s.destroyed) {
          sent += chunk.length;
          if (!s.write(chunk)) { s.once('drain', pump); return; }
        }
      };
      s.once('data', () => {
        s.write('HTTP/1.1 200 OK\r\nContent-Length: 99999999999\r\n\r\n');
        pump();
      });
    }
  }
}

export function spec(name: string): SubjectSpec {
  return { name, role: 'server', adapter: { kind: 'address', host: '127.0.0.1', port: 0 }, lacks: [] };
}

export function startMisbehaving(kind: Behaviour): Promise<SubjectHandle> {
  return startServerSubject(spec(kind), net.createServer((s) => behave(kind, s)), 'test');
}

/** A fixture from inline text (throws on diagnostics). */
export function fixture(text: string): Fixture {
  const r = parseFixture(text, 'inline.h1');
  if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.line}:${d.col} ${d.reason}`).join('\n'));
  return r.fixture;
}

/** A GET of `path` that a conforming server answers with one 200 and keeps open; with `echoed`, the echo body
 *  must also report the request (method GET, the path as target). */
export function simpleGet(id: string, path: string, echoed = true): Fixture {
  const request = echoed ? `  request:
    method: GET
    target: ${path}
` : '';
  return fixture(`id: ${id}
title: A server must answer a simple GET with 200
spec: RFC9112 3
level: MUST
role: server
tags: test

exchange:
  send:
    "GET ${path} HTTP/1.1\\r\\n"
    "Host: a\\r\\n"
    "\\r\\n"
  wait: response within 300ms

outcome: answered
  level: MUST
${request}  response: 200
`);
}

export const SIMPLE = simpleGet('simple-get', '/hello');

/** Like SIMPLE, but its only wait is far longer than the overall timeout the test gives. */
export const LONG_WAIT = fixture(`id: long-wait
title: A server must answer a simple GET with 200
spec: RFC9112 3
level: MUST
role: server
tags: test

exchange:
  send:
    "GET / HTTP/1.1\\r\\n"
    "Host: a\\r\\n"
    "\\r\\n"
  wait: close within 600000ms

outcome: answered
  level: MUST
  response: 200
`);

/** A client-role fixture: the client is asked for GET /x, the origin answers 200 "ok"; the client must send the GET
 *  and deliver the 200 with its body. */
export const CLIENT_GET = fixture(`id: client-simple
title: A client must deliver a plain 200 response
spec: RFC9112 4
level: MUST
role: client
tags: test

client-request:
  method: GET
  target: /x

exchange:
  wait: request
  serve:
    "HTTP/1.1 200 OK\\r\\n"
    "Content-Length: 2\\r\\n"
    "\\r\\n"
    "ok"

outcome: delivered
  level: MUST
  request:
    method: GET
    target: /x
  response: 200
    body: ok
`);

/** A proxy-role fixture: GET /p through the proxy, the origin answers 200 "ok"; the proxy must forward the GET and
 *  return the 200 with its body. */
export const PROXY_GET = fixture(`id: proxy-simple
title: A proxy must forward a plain GET and return the origin's response
spec: RFC9110 7.6
level: MUST
role: proxy
tags: test

exchange:
  send:
    "GET /p HTTP/1.1\\r\\n"
    "Host: a\\r\\n"
    "\\r\\n"
  wait: request
  serve:
    "HTTP/1.1 200 OK\\r\\n"
    "Content-Length: 2\\r\\n"
    "\\r\\n"
    "ok"
  wait: response

outcome: forwarded
  level: MUST
  request:
    method: GET
    target: /p
  response: 200
    body: ok
`);
