// Child process of expose-internals.test.ts: under --expose-internals, node code reads an OutgoingMessage's header
// store through node's own kOutHeaders (require('internal/http')); prints what it sees for node:http or impl (argv[2]).

import type * as NodeHttp from 'node:http';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const http = (process.argv[2] === 'impl' ? require('../../impl') : require('node:http')) as typeof NodeHttp;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { kOutHeaders } = require('internal/http') as { kOutHeaders: symbol };

const out: Record<string, unknown> = {};
const msg = new http.OutgoingMessage();
out.empty = (msg as unknown as Record<symbol, unknown>)[kOutHeaders];
msg.setHeader('X-One', '1');
msg.setHeader('Origin', 'localhost');
out.store = (msg as unknown as Record<symbol, unknown>)[kOutHeaders];
(msg as unknown as Record<symbol, unknown>)[kOutHeaders] = { host: ['Host', 'nodejs.org'] };
out.rendered = (msg as unknown as { _renderHeaders(): unknown })._renderHeaders();
const req = http.request('http://example.com%60x.example.com', () => {});
req.on('error', () => {});
out.clientHost = ((req as unknown as Record<symbol, Record<string, unknown>>)[kOutHeaders] ?? {}).host;
req.destroy();
process.stdout.write(`${JSON.stringify(out)}\n`);
