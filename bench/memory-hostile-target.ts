// Benchmark target (not a test) for bench/memory-hostile.ts: one HTTP server (reference or node:http) in its own
// process, serving what the hostile clients ask for and reporting its memory and counted buffers.
//
// Usage: node bench/memory-hostile-target.js <reference|node> (run transpiled, with --expose-gc; see memory-hostile.ts)
// Listens on 127.0.0.1, port 0, prints `{"port":N,"pid":N}`. Commands on stdin, one JSON line answered for each:
//   mem   -> {"mem":process.memoryUsage() after two gc, "connections":N, "bytesRead":sum over live sockets,
//             "writableLength":sum over live sockets, "dispatched":N, "owed":N (responses not finished)}
//   exit
// Handlers: GET /big streams up to 64 MiB in 16 KiB chunks through pipe() (honours backpressure); anything else is
// answered with a fresh 10 KiB body. Timeouts are off (keepAliveTimeout 600 s, headers/request timeouts 0), so a
// scenario measures what a connection holds, not how soon it is closed.

import type * as net from 'node:net';
import * as readline from 'node:readline';
import { Readable } from 'node:stream';

const implName = process.argv[2];
// eslint-disable-next-line @typescript-eslint/no-require-imports
const http: typeof import('node:http') = implName === 'reference' ? require('../impl') : require('node:http');

const BODY = 10 * 1024;
const CHUNK = 16 * 1024;
const BIG = 64 << 20;
let dispatched = 0;
let finished = 0;
const sockets = new Set<net.Socket>();

const server = http.createServer({ keepAliveTimeout: 600_000, headersTimeout: 0, requestTimeout: 0 }, (req, res) => {
  dispatched++;
  res.on('finish', () => { finished++; });
  if (req.url === '/big') {
    let produced = 0;
    Readable.from((function* () { while (produced < BIG) { produced += CHUNK; yield Buffer.alloc(CHUNK, 0x62); } })()).pipe(res);
    return;
  }
  res.end(Buffer.alloc(BODY, 0x61));
});
server.on('connection', (s: net.Socket) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });

const send = (o: unknown): void => { process.stdout.write(`${JSON.stringify(o)}\n`); };

server.listen(0, '127.0.0.1', () => send({ port: (server.address() as net.AddressInfo).port, pid: process.pid }));

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim() === 'mem') {
    const gc = (globalThis as { gc?: () => void }).gc;
    if (gc) { gc(); gc(); }
    let bytesRead = 0;
    let writableLength = 0;
    for (const s of sockets) { bytesRead += s.bytesRead; writableLength += s.writableLength; }
    send({ mem: process.memoryUsage(), connections: sockets.size, bytesRead, writableLength, dispatched, owed: dispatched - finished });
  } else if (line.trim() === 'exit') {
    process.exit(0);
  }
}).on('close', () => process.exit(0));
