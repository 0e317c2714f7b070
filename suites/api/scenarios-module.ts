// Scenarios for the module surface: exported tables, validators and their error codes.

import type { Scenario } from './harness';

import { attempt as tryCall } from './harness';

export const moduleScenarios: Scenario[] = [
  {
    name: 'module: METHODS, STATUS_CODES and maxHeaderSize',
    async run(c) {
      c.log('METHODS', c.http.METHODS);
      c.log('STATUS_CODES', c.http.STATUS_CODES);
      c.log('maxHeaderSize', c.http.maxHeaderSize);
      c.log('exports', ['createServer', 'request', 'get', 'Agent', 'globalAgent', 'Server', 'ServerResponse',
        'IncomingMessage', 'ClientRequest', 'OutgoingMessage', 'validateHeaderName', 'validateHeaderValue']
        .map((k) => [k, typeof (c.http as unknown as Record<string, unknown>)[k]]));
    },
  },
  {
    name: 'module: validateHeaderName accepts tokens, rejects others with ERR_INVALID_HTTP_TOKEN',
    async run(c) {
      for (const n of ['x-ok', "!#$%&'*+-.^_`|~09az", '', 'a b', 'a:b', 'é', 'a\r\n', '(x)']) {
        c.log(JSON.stringify(n), tryCall(() => c.http.validateHeaderName(n)));
      }
      c.log('number', tryCall(() => c.http.validateHeaderName(5 as unknown as string)));
    },
  },
  {
    name: 'module: validateHeaderValue rejects CTLs with ERR_INVALID_CHAR and undefined with ERR_HTTP_INVALID_HEADER_VALUE',
    async run(c) {
      for (const v of ['ok', 'tab\there', 'obs-text \xe9', 'nul\0', 'cr\r', 'lf\n', 'del\x7f', 'unicode \u2603', '']) {
        c.log(JSON.stringify(v), tryCall(() => c.http.validateHeaderValue('x', v)));
      }
      c.log('undefined', tryCall(() => c.http.validateHeaderValue('x', undefined as unknown as string)));
      c.log('number', tryCall(() => c.http.validateHeaderValue('x', 5 as unknown as string)));
      c.log('array', tryCall(() => c.http.validateHeaderValue('x', ['a', 'b'] as unknown as string)));
    },
  },
  {
    name: 'module: Agent defaults and globalAgent options',
    async run(c) {
      const a = new c.http.Agent() as unknown as import('node:http').Agent & { keepAlive: boolean };
      c.log([a.keepAlive, a.maxSockets, a.maxFreeSockets, a.maxTotalSockets, (a as unknown as { scheduling: string }).scheduling,
        (a as unknown as { keepAliveMsecs: number }).keepAliveMsecs, a.getName({ host: 'h', port: 1 })]);
      const g = c.http.globalAgent as unknown as { keepAlive: boolean; options: Record<string, unknown> };
      c.log(g.keepAlive, g.options.timeout, g.options.scheduling, g.options.noDelay);
      c.log('bad scheduling', tryCall(() => new c.http.Agent({ scheduling: 'x' as 'fifo' })));
      c.log('bad maxTotalSockets', tryCall(() => new c.http.Agent({ maxTotalSockets: 0 })));
      c.log('getName family', a.getName({ host: 'h', port: 2, localAddress: '127.0.0.1', family: 4 }));
      c.log('getName default', a.getName({}));
    },
  },
  {
    name: 'module: server option validation and defaults',
    async run(c) {
      const s = c.http.createServer();
      c.log([s.timeout, s.headersTimeout, s.requestTimeout, s.keepAliveTimeout, s.maxHeadersCount, s.maxRequestsPerSocket,
        (s as unknown as { requireHostHeader: boolean }).requireHostHeader]);
      c.log(tryCall(() => c.http.createServer({ headersTimeout: 10, requestTimeout: 5 })));
      c.log(tryCall(() => c.http.createServer({ requestTimeout: -1 })));
      c.log(tryCall(() => c.http.createServer({ keepAliveTimeout: 'x' as unknown as number })));
      c.log(tryCall(() => c.http.createServer({ insecureHTTPParser: 1 as unknown as boolean })));
      c.log(tryCall(() => c.http.createServer({ maxHeaderSize: -1 })));
      const s2 = c.http.createServer({ requestTimeout: 1000 });
      c.log('headersTimeout follows requestTimeout', s2.headersTimeout);
      c.log('setTimeout returns server', s.setTimeout(123) === s, s.timeout);
    },
  },
];
