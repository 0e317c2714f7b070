// Command client driver for undici 7: `undici.ts request <spec.json>` (undici.request) or `undici.ts fetch <spec.json>`.
// One keep-alive Agent limited to one connection, so that the requests share it where undici allows.

import { Agent, fetch, request } from 'undici';
import { encodeOctets } from '../../echo/octets';
import { octets, type ResultEntry, type SpecRequest } from '../types';
import { encodePairs, errorEntry, flatFields, readSpec, report, undiciEntry } from './common';

const mode = process.argv[2];

async function viaRequest(agent: Agent, r: SpecRequest): Promise<ResultEntry> {
  const body = r.body !== undefined ? Buffer.from(r.body, 'base64') : undefined;
  const res = await request(r.url, { dispatcher: agent, method: octets(r.method) as 'GET', headers: flatFields(r), body, expectContinue: r.expectContinue });
  return undiciEntry(res);
}

async function viaFetch(agent: Agent, r: SpecRequest): Promise<ResultEntry> {
  const body = r.body !== undefined ? Buffer.from(r.body, 'base64') : undefined;
  const headers: [string, string][] = r.fields.map(([n, v]) => [octets(n), octets(v)]);
  const res = await fetch(r.url, { dispatcher: agent, method: octets(r.method), headers, body, redirect: 'manual' });
  const data = Buffer.from(await res.arrayBuffer());
  return { status: res.status, reason: encodeOctets(res.statusText), headers: encodePairs([...res.headers]), body: data.toString('base64') };
}

async function main(): Promise<void> {
  if (mode !== 'request' && mode !== 'fetch') {
    process.stderr.write('usage: undici.ts request|fetch <spec.json>\n');
    process.exit(2);
  }
  const spec = await readSpec();
  const agent = new Agent({ connections: 1, pipelining: 1, headersTimeout: spec.timeoutMs, bodyTimeout: spec.timeoutMs });
  const results: ResultEntry[] = [];
  for (const r of spec.requests) {
    try {
      results.push(await (mode === 'request' ? viaRequest(agent, r) : viaFetch(agent, r)));
    } catch (e) {
      results.push(errorEntry(e));
    }
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const version = (require('undici/package.json') as { version: string }).version;
  await report(`undici ${version} ${mode}`, results, () => agent.destroy());
}

void main();
