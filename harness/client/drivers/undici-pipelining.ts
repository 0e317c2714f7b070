// Command client driver for undici 7 with pipelining: `undici-pipelining.ts <spec.json>` (subject undici-pipelining).
// One undici `Client` (one connection at a time) created with `pipelining` = the number of requests. A request the
// spec marks `pipeline` is issued without waiting for the previous one's response (RFC 9112 9.3.2); any other waits
// for every earlier response first. undici stops pipelining behind a request whose `blocking` option is true (its
// default for every method but HEAD) until that request's response head arrives, so request i is made with
// `blocking: false` exactly when request i+1 is pipelined: that is how an undici user asks for pipelining. Whatever
// undici then does on its own (what it holds back, what it retries on a new connection) is what the fixtures judge.

import { Client } from 'undici';
import { octets, type ResultEntry, type SpecRequest } from '../types';
import { errorEntry, flatFields, readSpec, report, undiciEntry } from './common';

async function one(client: Client, r: SpecRequest, blocking: boolean): Promise<ResultEntry> {
  try {
    const body = r.body !== undefined ? Buffer.from(r.body, 'base64') : undefined;
    const url = new URL(r.url);
    const res = await client.request({
      path: `${url.pathname}${url.search}`, method: octets(r.method) as 'GET', headers: flatFields(r), body, blocking,
      expectContinue: r.expectContinue,
    });
    return await undiciEntry(res);
  } catch (e) {
    return errorEntry(e);
  }
}

async function main(): Promise<void> {
  const spec = await readSpec();
  const client = new Client(`http://${spec.origin.host}:${spec.origin.port}`, {
    pipelining: Math.max(1, spec.requests.length), headersTimeout: spec.timeoutMs, bodyTimeout: spec.timeoutMs,
  });
  const pending: Promise<ResultEntry>[] = [];
  for (let i = 0; i < spec.requests.length; i++) {
    const r = spec.requests[i]!;
    // not pipelined: every earlier response first (the contract's default order)
    if (r.pipeline !== true) await Promise.all(pending);
    pending.push(one(client, r, spec.requests[i + 1]?.pipeline !== true));
  }
  const results = await Promise.all(pending);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const version = (require('undici/package.json') as { version: string }).version;
  await report(`undici ${version} Client pipelining`, results, () => client.destroy());
}

void main();
