// Agent scenarios: socket reuse, pool limits, scheduling, Keep-Alive hints — client and server of the same module.

import type * as NodeHttp from 'node:http';
import { later, settle, tick, type Ctx, type Scenario } from './harness';

type Agent = NodeHttp.Agent & { scheduling?: string; totalSocketCount?: number };

/** a server of the module under test that answers with the request's url */
async function server(c: Ctx, options: NodeHttp.ServerOptions = {}, onReq?: (req: NodeHttp.IncomingMessage, res: NodeHttp.ServerResponse) => void): Promise<void> {
  await c.listen(c.http.createServer(options, onReq ?? ((req, res) => res.end(req.url))));
}

/** request through `agent`; resolves with the local port of the socket used and whether it was reused */
function get(c: Ctx, agent: NodeHttp.Agent | undefined, path: string): Promise<[number, boolean, string]> {
  return new Promise((resolve) => {
    const req = c.http.get({ host: '127.0.0.1', port: c.port, path, agent }, (res) => {
      const port = res.socket.localPort as number;
      c.body(res).then((b) => resolve([port, req.reusedSocket, b]));
    });
    req.on('error', (e) => { c.log('error', c.err(e)); resolve([0, false, 'error']); });
  });
}

/** map local ports to first-seen indexes so traces compare across runs */
function ids(): (port: number) => number {
  const seen = new Map<number, number>();
  return (port) => { if (!seen.has(port)) seen.set(port, seen.size); return seen.get(port) as number; };
}

const counts = (a: NodeHttp.Agent): unknown => {
  const n = (o: NodeJS.ReadOnlyDict<unknown[]>): Record<string, number> =>
    Object.fromEntries(Object.entries(o).map(([k, v]) => [k.replace(/:\d+:/, ':<port>:'), (v as unknown[]).length]));
  return { sockets: n(a.sockets), free: n(a.freeSockets), requests: n(a.requests) };
};

/** pooled idle sockets, all origins */
const free = (a: NodeHttp.Agent): number => Object.values(a.freeSockets).reduce((n, v) => n + (v?.length ?? 0), 0);

export const agentScenarios: Scenario[] = [
  {
    name: 'agent: keepAlive reuses one socket for sequential requests (reusedSocket)',
    async run(c) {
      await server(c);
      const a = c.agent({ keepAlive: true });
      const id = ids();
      for (const p of ['/1', '/2', '/3']) { const [port, reused, body] = await get(c, a, p); c.log(id(port), reused, body); }
      await settle(() => free(a) === 1);
      c.log(counts(a));
    },
  },
  {
    name: 'agent: without keepAlive every request gets a new socket and Connection: close',
    async run(c) {
      await server(c, {}, (req, res) => res.end(String(req.headers.connection)));
      const a = c.agent();
      const id = ids();
      for (const p of ['/1', '/2']) { const [port, reused, body] = await get(c, a, p); c.log(id(port), reused, body); }
    },
  },
  {
    name: 'agent: maxSockets 1 queues requests (requests map) and serves them in order on one socket',
    async run(c) {
      await server(c, {}, (req, res) => setTimeout(() => res.end(req.url), 5));
      const a = c.agent({ keepAlive: true, maxSockets: 1 });
      const id = ids();
      const all = ['/a', '/b', '/c'].map((p) => get(c, a, p));
      await later(1);
      c.log(counts(a));
      for (const [port, reused, body] of await Promise.all(all)) c.log(id(port), reused, body);
    },
  },
  {
    name: 'agent: maxSockets without keepAlive still sends keep-alive and reuses',
    async run(c) {
      await server(c, {}, (req, res) => res.end(String(req.headers.connection)));
      const a = c.agent({ maxSockets: 1 });
      const id = ids();
      for (const p of ['/1', '/2']) { const [port, reused, body] = await get(c, a, p); c.log(id(port), reused, body); }
    },
  },
  {
    name: 'agent: maxFreeSockets 1 keeps one idle socket',
    async run(c) {
      await server(c, {}, (req, res) => setTimeout(() => res.end(req.url), 10));
      const a = c.agent({ keepAlive: true, maxFreeSockets: 1 });
      await Promise.all(['/1', '/2', '/3'].map((p) => get(c, a, p)));
      await settle(() => free(a) === 1 && Object.keys(a.sockets).length === 0);
      c.log(counts(a));
    },
  },
  {
    name: 'agent: maxTotalSockets caps sockets across origins',
    async run(c) {
      await server(c, {}, (req, res) => setTimeout(() => res.end(req.url), 5));
      const a = c.agent({ keepAlive: true, maxTotalSockets: 1 }) as Agent;
      const all = ['/1', '/2'].map((p) => get(c, a, p));
      await later(1);
      c.log(counts(a), a.totalSocketCount);
      c.log((await Promise.all(all)).map((r) => r[2]));
    },
  },
  {
    name: 'agent: scheduling lifo reuses the most recently freed socket, fifo the oldest',
    async run(c) {
      await server(c, {}, (req, res) => setTimeout(() => res.end(req.url), req.url === '/slow' ? 30 : 1));
      for (const scheduling of ['lifo', 'fifo'] as const) {
        const a = c.agent({ keepAlive: true, scheduling });
        const id = ids();
        const first = await Promise.all(['/fast', '/slow'].map((p) => get(c, a, p)));
        first.forEach(([port]) => id(port));
        await later(10);
        const [port] = await get(c, a, '/next');
        c.log(scheduling, id(port), 'fast socket is 0');
      }
    },
  },
  {
    name: 'agent: server Keep-Alive timeout=1 is too short to reuse (hint minus buffer is 0)',
    async run(c) {
      await server(c, { keepAliveTimeout: 1000 });
      const a = c.agent({ keepAlive: true, timeout: 5000 });
      const id = ids();
      for (const p of ['/1', '/2']) { const [port, reused] = await get(c, a, p); c.log(id(port), reused); }
    },
  },
  {
    name: 'agent: server Keep-Alive timeout=5 lets the socket be reused',
    async run(c) {
      await server(c, { keepAliveTimeout: 5000 });
      const a = c.agent({ keepAlive: true, timeout: 10000 });
      const id = ids();
      for (const p of ['/1', '/2']) { const [port, reused] = await get(c, a, p); c.log(id(port), reused); }
      c.log(counts(a));
    },
  },
  {
    name: 'agent: server Connection: close response makes the socket unusable for reuse',
    async run(c) {
      await server(c, {}, (req, res) => { res.setHeader('Connection', 'close'); res.end(req.url); });
      const a = c.agent({ keepAlive: true });
      const id = ids();
      for (const p of ['/1', '/2']) { const [port, reused, b] = await get(c, a, p); c.log(id(port), reused, b); }
    },
  },
  {
    name: 'agent: destroy() closes free sockets; the next request opens a new one',
    async run(c) {
      await server(c);
      const a = c.agent({ keepAlive: true });
      const id = ids();
      c.log(id((await get(c, a, '/1'))[0]));
      await settle(() => free(a) === 1);
      c.log(counts(a));
      a.destroy();
      await settle(() => free(a) === 0);
      c.log(counts(a));
      const [port, reused] = await get(c, a, '/2');
      c.log(id(port), reused);
    },
  },
  {
    name: 'agent: idle pooled socket closed by the server is dropped from the pool',
    async run(c) {
      let serverSide: NodeHttp.ServerResponse['socket'] = null;
      await server(c, {}, (req, res) => { serverSide = res.socket; res.end(req.url); });
      const a = c.agent({ keepAlive: true });
      await get(c, a, '/1');
      await settle(() => free(a) === 1);
      const pooled = Object.values(a.freeSockets).flat() as unknown as NodeJS.EventEmitter[];
      const gone = Promise.all(pooled.map((s) => new Promise((r) => s.once('close', r))));
      (serverSide as unknown as { destroy(): void } | null)?.destroy();
      await gone; // the client side of the pooled socket has seen the close
      await tick();
      c.log(counts(a));
      const [, reused, body] = await get(c, a, '/2');
      c.log(reused, body);
    },
  },
  {
    name: 'agent: keep-alive socket events — socket, response, end, close per request',
    async run(c) {
      await server(c);
      const a = c.agent({ keepAlive: true });
      for (const path of ['/1', '/2']) {
        await new Promise<void>((resolve) => {
          const req = c.http.get({ host: '127.0.0.1', port: c.port, path, agent: a }, (res) => {
            c.log('response', path);
            res.on('end', () => c.log('end', path));
            res.resume();
          });
          req.on('socket', () => c.log('socket', path));
          req.on('finish', () => c.log('finish', path));
          req.on('close', () => { c.log('close', path, req.reusedSocket); resolve(); });
        });
      }
    },
  },
  {
    name: 'agent: agent timeout sets the idle socket timeout and removes idle sockets',
    async run(c) {
      await server(c);
      const a = c.agent({ keepAlive: true, timeout: 50 });
      await get(c, a, '/1');
      await settle(() => free(a) === 1);
      c.log(counts(a));
      const pooled = Object.values(a.freeSockets).flat() as unknown as NodeJS.EventEmitter[];
      await Promise.all(pooled.map((s) => new Promise((r) => s.once('close', r)))); // closed by the idle timeout
      await tick();
      c.log(counts(a));
    },
  },
  {
    name: 'agent: 10 concurrent requests, maxSockets 3, all answered',
    async run(c) {
      await server(c, {}, (req, res) => setTimeout(() => res.end(req.url), 2));
      const a = c.agent({ keepAlive: true, maxSockets: 3 });
      const res = await Promise.all(Array.from({ length: 10 }, (_, i) => get(c, a, `/${i}`)));
      c.log(res.map((r) => r[2]), new Set(res.map((r) => r[0])).size);
    },
  },
];
