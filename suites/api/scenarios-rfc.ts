// Scenarios where impl deliberately follows an RFC requirement that node:http breaks (rfc overrides), server and client.

import type * as NodeHttp from 'node:http';
import { type Ctx, type Scenario } from './harness';

type Handler = (req: NodeHttp.IncomingMessage, res: NodeHttp.ServerResponse) => void;

async function serve(c: Ctx, handler: Handler): Promise<NodeHttp.Server> {
  const server = c.http.createServer(handler);
  await c.listen(server);
  return server;
}

const GET = (path = '/', extra = ''): string => `GET ${path} HTTP/1.1\r\nHost: a\r\n${extra}\r\n`;
/** a valid request, then one with an invalid Content-Length, then a probe that must never be processed */
const PIPELINE_WITH_BAD_CL = `${GET('/a')}POST /b HTTP/1.1\r\nHost: a\r\nContent-Length: 5x\r\n\r\nhello${GET('/c')}`;

/** status lines and the `[url]` bodies the handlers write, in wire order */
const responses = (text: string): string[] => text.match(/HTTP\/1\.1 \d{3}[^\r]*|\[\/\w+\]/g) ?? [];

/** log each request, then answer it with `[url]` one event-loop turn later (after the parser is done) */
const answerLater = (c: Ctx): Handler => (req, res) => {
  c.log('request', req.url);
  req.resume();
  setImmediate(() => res.end(`[${req.url}]`));
};

export const rfcScenarios: Scenario[] = [
  {
    name: 'server rfc: a framing error after a pipelined request is answered after that request, then close',
    rfc: {
      section: 'RFC 9112 9.3.2',
      impl: () => [['request', '/a'], ['HTTP/1.1 200 OK', '[/a]', 'HTTP/1.1 400 Bad Request']],
    },
    async run(c) {
      await serve(c, answerLater(c));
      const text = await c.raw(PIPELINE_WITH_BAD_CL);
      c.log(responses(text));
    },
  },
  {
    name: 'server rfc: clientError for a pipelined framing error fires once the earlier responses are finished',
    rfc: {
      section: 'RFC 9112 9.3.2',
      impl: () => [
        ['request', '/a'], ['finish', '/a'], ['clientError', 'HPE_INVALID_CONTENT_LENGTH', true],
        ['HTTP/1.1 200 OK', '[/a]', 'HTTP/1.1 400 Bad Request'],
      ],
    },
    async run(c) {
      const server = await serve(c, (req, res) => {
        c.log('request', req.url);
        res.on('finish', () => c.log('finish', req.url));
        setImmediate(() => res.end(`[${req.url}]`));
      });
      server.on('clientError', (err: Error & { code?: string }, socket) => {
        c.log('clientError', err.code, socket.writable);
        socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
      });
      const text = await c.raw(PIPELINE_WITH_BAD_CL);
      c.log(responses(text));
    },
  },
  {
    name: 'server rfc: a pipelined framing error behind a response that closes the connection gets no answer',
    rfc: {
      section: 'RFC 9112 9.3.2, 9.6',
      impl: () => [
        ['request', '/a'], ['clientError', 'HPE_INVALID_CONTENT_LENGTH', false], ['HTTP/1.1 200 OK', '[/a]'],
      ],
    },
    async run(c) {
      const server = await serve(c, (req, res) => {
        c.log('request', req.url);
        setImmediate(() => res.writeHead(200, { Connection: 'close' }).end(`[${req.url}]`));
      });
      server.on('clientError', (err: Error & { code?: string }, socket) => {
        c.log('clientError', err.code, socket.writable);
        socket.on('error', () => {});
        socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
      });
      const text = await c.raw(PIPELINE_WITH_BAD_CL);
      c.log(responses(text));
    },
  },
  {
    name: 'server rfc: a connection closed mid-body of a pipelined request answers the earlier request first',
    rfc: {
      section: 'RFC 9112 9.3.2',
      impl: () => [['request', '/a'], ['request', '/b'], ['HTTP/1.1 200 OK', '[/a]', 'HTTP/1.1 400 Bad Request']],
    },
    async run(c) {
      await serve(c, (req, res) => {
        c.log('request', req.url);
        req.resume();
        req.on('error', () => {});
        // answer /a only once the peer's EOF has reached the server (and with it the parse error)
        if (req.url === '/a') req.socket.once('end', () => setImmediate(() => res.end('[/a]')));
      });
      const p = await c.connect();
      p.send(`${GET('/a')}POST /b HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc`);
      p.end();
      c.log(responses(await p.closed));
    },
  },
  {
    name: 'server rfc: an empty Expect names no expectation and the request is served',
    rfc: {
      section: 'RFC 9110 5.6.1.2, 10.1.1',
      impl: () => [['request', '/e1', ''], ['request', '/e2', ', ,'], ['HTTP/1.1 200 OK', '[/e1]', 'HTTP/1.1 200 OK', '[/e2]']],
    },
    async run(c) {
      await serve(c, (req, res) => { c.log('request', req.url, req.headers.expect); res.end(`[${req.url}]`); });
      const p = await c.connect();
      p.send(`${GET('/e1', 'Expect:\r\n')}${GET('/e2', 'Expect: , ,\r\nConnection: close\r\n')}`);
      c.log(responses(await p.closed));
    },
  },
  {
    name: 'server rfc: checkExpectation is not emitted for an empty Expect',
    rfc: {
      section: 'RFC 9110 5.6.1.2, 10.1.1',
      impl: () => [['request', ''], ['HTTP/1.1 200 OK']],
    },
    async run(c) {
      const server = await serve(c, (req, res) => { c.log('request', req.headers.expect); res.end('served'); });
      server.on('checkExpectation', (req, res) => { c.log('checkExpectation', req.headers.expect); res.writeHead(417).end(); });
      const text = await c.raw(GET('/', 'Expect: \r\nConnection: close\r\n'));
      c.log(responses(text));
    },
  },
  {
    name: 'client rfc: a request sent with Connection: close ends its connection; the next one opens a new socket',
    rfc: {
      section: 'RFC 9112 9.6',
      impl: () => [['res', 200, 'hello', false], ['res', 200, 'hello', false], ['origin connections', 2]],
    },
    async run(c) {
      let connections = 0;
      await c.rawServer((peer) => {
        connections++;
        const answer = (from: number): void => {
          void peer.waitFor((t) => t.split('\r\n\r\n').length > from + 1).then((t) => {
            if (t.split('\r\n\r\n').length <= from + 1) return; // the client closed
            peer.send('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello');
            if (from < 3) answer(from + 1); // at most a few requests per connection
          });
        };
        answer(0);
      });
      const agent = c.agent({ keepAlive: true, maxSockets: 1 });
      for (const headers of [{ Connection: 'close' }, {}]) {
        await new Promise<void>((resolve) => {
          const req = c.http.get({ host: '127.0.0.1', port: c.port, path: '/', agent, headers }, (res) => {
            void c.body(res).then((b) => { c.log('res', res.statusCode, b, req.reusedSocket); });
          });
          req.on('error', (e) => c.log('error', c.err(e)));
          req.on('close', () => resolve());
        });
      }
      c.log('origin connections', connections);
    },
  },
];
