// Client driver for any node:http-API module (node:http itself, the reference impl/index.ts): spec in, result out.

import type * as http from 'node:http';
import type { ClientResult, ClientSpec, ResultEntry, SpecRequest } from '../types';
import { CLIENT_SPEC_VERSION, octets } from '../types';
import { encodeOctets, type EncodedOctets } from '../../echo/octets';

/** What the driver needs of an http module (both node:http and the reference provide it). */
export interface HttpModule {
  request(url: string, options: http.RequestOptions): http.ClientRequest;
  Agent: new (options: http.AgentOptions) => http.Agent;
}

/** Most body octets a driver keeps per response. */
export const DRIVER_BODY_CAP = 1024 * 1024;

const pairs = (flat: readonly string[]): [EncodedOctets, EncodedOctets][] => {
  const out: [EncodedOctets, EncodedOctets][] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push([encodeOctets(flat[i]), encodeOctets(flat[i + 1])]);
  return out;
};

const errorOf = (e: unknown): ResultEntry => {
  const err = e as NodeJS.ErrnoException;
  return { error: { code: String(err?.code ?? 'ERROR'), message: String(err?.message ?? e) } };
};

/** The object form (so the library still adds Host and framing); repeated names become arrays, in first-seen order. */
function headersOf(r: SpecRequest): http.OutgoingHttpHeaders {
  const out: Record<string, string | string[]> = {};
  const keyOf = new Map<string, string>();
  for (const [n, v] of r.fields) {
    const name = octets(n);
    const key = keyOf.get(name.toLowerCase());
    if (key === undefined) {
      keyOf.set(name.toLowerCase(), name);
      out[name] = octets(v);
    } else out[key] = [...([] as string[]).concat(out[key]), octets(v)];
  }
  return out;
}

function one(mod: HttpModule, agent: http.Agent, r: SpecRequest, spec: ClientSpec): Promise<ResultEntry> {
  return new Promise((resolve) => {
    let settled = false;
    const interim: number[] = [];
    const finish = (e: ResultEntry): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(e);
    };
    let req: http.ClientRequest;
    try {
      // the target verbatim as `path` (asterisk, absolute and authority forms included), not through a URL
      const u = new URL(r.url);
      req = mod.request(r.url, { host: u.hostname, port: Number(u.port), path: octets(r.target), method: octets(r.method), agent, headers: headersOf(r) });
    } catch (e) {
      finish(errorOf(e));
      return;
    }
    const timer = setTimeout(() => {
      finish({ error: { code: 'TIMEOUT', message: `no complete response within ${spec.timeoutMs} ms` } });
      req.destroy();
    }, spec.timeoutMs);
    req.on('error', (e) => finish(errorOf(e)));
    req.on('information', (info: { statusCode: number }) => interim.push(info.statusCode));
    // CONNECT (2xx) and 101 responses end the HTTP exchange: node:http emits 'connect'/'upgrade' with the socket
    const tunnel = (res: http.IncomingMessage, socket: { destroy(): void }): void => {
      finish({ status: res.statusCode ?? 0, reason: encodeOctets(res.statusMessage ?? ''), version: `HTTP/${res.httpVersion}`, headers: pairs(res.rawHeaders), body: '', trailers: [], interim });
      socket.destroy();
    };
    req.on('connect', tunnel);
    req.on('upgrade', tunnel);
    req.on('response', (res: http.IncomingMessage) => {
      const chunks: Buffer[] = [];
      let kept = 0;
      res.on('data', (c: Buffer) => {
        if (kept < DRIVER_BODY_CAP) chunks.push(c.subarray(0, DRIVER_BODY_CAP - kept));
        kept += c.length;
      });
      res.on('error', (e) => finish(errorOf(e)));
      res.on('aborted', () => finish({ error: { code: 'ECONNRESET', message: 'response aborted' } }));
      res.on('end', () => finish({
        status: res.statusCode ?? 0,
        reason: encodeOctets(res.statusMessage ?? ''),
        version: `HTTP/${res.httpVersion}`,
        headers: pairs(res.rawHeaders),
        body: Buffer.concat(chunks).toString('base64'),
        trailers: pairs(res.rawTrailers),
        interim,
      }));
    });
    const body = r.body !== undefined ? Buffer.from(r.body, 'base64') : undefined;
    if (!r.expectContinue || body === undefined) {
      req.end(body);
      return;
    }
    // an expectation with no content to hold back: the application just ends the request, as it would with nothing
    // to send; whether Expect still goes out is the client's doing (RFC 9110 10.1.1)
    if (body.length === 0) {
      req.end();
      return;
    }
    // Expect: 100-continue (RFC 9110 10.1.1): head now, content after 100 or after a bounded wait
    let sent = false;
    const send = (): void => {
      if (sent || req.destroyed) return;
      sent = true;
      clearTimeout(wait);
      req.end(body);
    };
    const wait = setTimeout(send, spec.continueTimeoutMs);
    req.on('continue', send);
    req.on('response', send);
    req.on('close', () => clearTimeout(wait));
    req.flushHeaders();
  });
}

/** A running client: its result, and how to let go of its connections (the harness decides when). */
export interface RunningClient {
  readonly result: Promise<ClientResult>;
  close(): void;
}

/** Make the spec's requests in order on one keep-alive agent (one socket). */
export function runNodeApiClient(mod: HttpModule, spec: ClientSpec, name: string): RunningClient {
  const agent = new mod.Agent({ keepAlive: true, maxSockets: 1 });
  const result = (async (): Promise<ClientResult> => {
    const results: ResultEntry[] = [];
    for (const r of spec.requests) results.push(await one(mod, agent, r, spec));
    return { h1compatClientResult: CLIENT_SPEC_VERSION, client: name, results };
  })();
  return { result, close: () => agent.destroy() };
}
