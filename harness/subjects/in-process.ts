// The in-process adapter: the reference implementation or node:http, running the echo application on 127.0.0.1:0.

import * as http from 'node:http';
import type * as net from 'node:net';
import { memoryPair } from '../replay/transport-memory';
import { resourceHandler, type ResourceRequest, type ResourceResponse } from '../echo/resource';
import type { SubjectHandle, SubjectSpec } from './types';

export type Implementation = 'reference' | 'node';

/** Create (not start) an echo server of the given implementation, serving the resource contract too
 *  (harness/echo/RESOURCE.md: two /h1compat/ paths; every other request is the echo). Both share the node:http API. */
export function createEchoServer(implementation: Implementation): net.Server {
  const listener = (req: unknown, res: unknown): void => resourceHandler(req as ResourceRequest, res as ResourceResponse);
  if (implementation === 'node') return http.createServer(listener);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const reference = require('../../impl') as { createServer(l: typeof listener): net.Server };
  return reference.createServer(listener);
}

export function implementationVersion(implementation: Implementation): string {
  if (implementation === 'node') return `node ${process.version}`;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return `h1compat ${(require('../paths') as typeof import('../paths')).VERSION}`;
}

/** Start any net.Server on 127.0.0.1 with an ephemeral port as a subject; stop() destroys every open connection.
 *  The server also accepts in-memory connections (connectMemory: its 'connection' event gets the server end).
 *  Tests use this for deliberately misbehaving subjects. */
export async function startServerSubject(spec: SubjectSpec, server: net.Server, version: string, timerFloorMs?: () => number): Promise<SubjectHandle> {
  const sockets = new Set<{ destroy(): void }>();
  const track = (s: { destroy(): void; once(e: 'close', l: () => void): unknown }): void => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  };
  server.on('connection', track);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as net.AddressInfo;
  let stopped: Promise<void> | undefined;
  return {
    spec,
    version,
    host: '127.0.0.1',
    port: address.port,
    output: () => ({ stdout: '', stderr: '' }),
    connectMemory() {
      if (stopped !== undefined) throw new Error('the subject was stopped');
      const { client, server: end } = memoryPair();
      if (timerFloorMs !== undefined) client.subjectTimerFloorMs = timerFloorMs();
      server.emit('connection', end);
      return client;
    },
    stop(): Promise<void> {
      stopped ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
      return stopped;
    },
  };
}

/** The least connection age (ms) at which an http.Server's own timers (the headersTimeout / requestTimeout check)
 *  may act on a connection; its other timers are the sockets' idle timers, which the memory transport tracks. */
export function serverTimerFloor(server: net.Server): number {
  const { headersTimeout, requestTimeout } = server as unknown as { headersTimeout?: number; requestTimeout?: number };
  const limits = [headersTimeout, requestTimeout].filter((x): x is number => typeof x === 'number' && x > 0);
  return limits.length > 0 ? Math.min(...limits) : Infinity;
}

export function startInProcess(spec: SubjectSpec, implementation: Implementation): Promise<SubjectHandle> {
  const server = createEchoServer(implementation);
  return startServerSubject(spec, server, spec.version ?? implementationVersion(implementation), () => serverTimerFloor(server));
}
