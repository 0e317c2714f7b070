// A tiny forwarding proxy built on the reference implementation (impl/index.ts): the in-process proxy subject that
// lets the proxy role be tested without external software. Removes hop-by-hop fields (RFC 9110 7.6.1) both ways.

import type * as http from 'node:http';
import type * as net from 'node:net';

/** Fields that are never forwarded (RFC 9110 7.6.1), besides those the Connection field names. */
const HOP_BY_HOP = ['connection', 'proxy-connection', 'keep-alive', 'te', 'transfer-encoding', 'upgrade', 'trailer'];

/** Field lines to forward: raw [name, value, ...] minus hop-by-hop fields and those named in Connection. */
export function endToEnd(raw: readonly string[]): Record<string, string[]> {
  const named = new Set(HOP_BY_HOP);
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if (raw[i].toLowerCase() === 'connection') for (const o of raw[i + 1].split(',')) named.add(o.trim().toLowerCase());
  }
  const out: Record<string, string[]> = {};
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if (named.has(raw[i].toLowerCase())) continue;
    (out[raw[i]] ??= []).push(raw[i + 1]);
  }
  return out;
}

function originForm(url: string): string {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) return url;
  try {
    const u = new URL(url);
    return `${u.pathname}${u.search}`;
  } catch {
    return url;
  }
}

interface HttpApi {
  createServer(listener: (req: http.IncomingMessage, res: http.ServerResponse) => void): net.Server;
  request(options: http.RequestOptions, cb: (res: http.IncomingMessage) => void): http.ClientRequest;
  Agent: new (options: http.AgentOptions) => http.Agent;
}

/** Create (not start) a proxy that forwards every request to 127.0.0.1:upstreamPort, built on the reference
 *  implementation or on node:http. */
export function createTestProxy(upstreamPort: number, implementation: 'reference' | 'node' = 'reference'): { server: net.Server; close(): void } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const api = (implementation === 'node' ? require('node:http') : require('../../impl')) as HttpApi;
  const agent = new api.Agent({ keepAlive: true, maxSockets: 1 });
  const server = api.createServer((req, res) => {
    // a proxy bug must never take the harness down: answer 502 instead
    try {
      forward(req, res);
    } catch {
      if (!res.headersSent) res.writeHead(502).end();
      else res.destroy();
    }
  });
  const forward = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const headers: Record<string, string | string[]> = endToEnd(req.rawHeaders);
    // node:http (and impl since b19ccd0) refuse options.headers.host as a list: one Host line is a string
    for (const k of Object.keys(headers)) if (k.toLowerCase() === 'host') headers[k] = (headers[k] as string[]).join(', ');
    const up = api.request({ host: '127.0.0.1', port: upstreamPort, method: req.method, path: originForm(req.url ?? '/'), headers, agent, setHost: false }, (ures) => {
      res.writeHead(ures.statusCode ?? 502, ures.statusMessage, endToEnd(ures.rawHeaders) as unknown as http.OutgoingHttpHeaders);
      ures.pipe(res);
      ures.on('error', () => res.destroy());
    });
    // the fixture checks for the received Connection field; the client library would add its own (legitimate, but
    // it makes the forwarded message harder to read): send none
    if (!up.headersSent) up.removeHeader('connection');
    up.on('error', () => {
      if (!res.headersSent) {
        res.statusCode = 502;
        res.end();
      } else res.destroy();
    });
    req.pipe(up);
  };
  return { server, close: () => agent.destroy() };
}
