// Command client driver for undici 7: `undici.ts request <spec.json>` (undici.request) or `undici.ts fetch <spec.json>`.
// One keep-alive Agent limited to one connection, so that the requests share it where undici allows.

import { Agent, fetch, request } from 'undici';
import { encodeOctets } from '../../echo/octets';
import { octets, type ResultEntry, type SpecRequest } from '../types';
import { errorEntry, pairsOf, readSpec, report } from './common';

const mode = process.argv[2];

function headersOf(r: SpecRequest): string[] {
  const flat: string[] = [];
  for (const [n, v] of r.fields) flat.push(octets(n), octets(v));
  return flat;
}

const enc = (ps: [string, string][]): [ReturnType<typeof encodeOctets>, ReturnType<typeof encodeOctets>][] => ps.map(([n, v]) => [encodeOctets(n), encodeOctets(v)]);

async function viaRequest(agent: Agent, r: SpecRequest): Promise<ResultEntry> {
  const body = r.body !== undefined ? Buffer.from(r.body, 'base64') : undefined;
  const res = await request(r.url, { dispatcher: agent, method: octets(r.method) as 'GET', headers: headersOf(r), body, expectContinue: r.expectContinue });
  const data = Buffer.from(await res.body.arrayBuffer());
  return {
    status: res.statusCode,
    headers: enc(pairsOf(res.headers as Record<string, string | string[]>)),
    body: data.toString('base64'),
    trailers: enc(pairsOf(res.trailers as Record<string, string | string[]>)),
  };
}

async function viaFetch(agent: Agent, r: SpecRequest): Promise<ResultEntry> {
  const body = r.body !== undefined ? Buffer.from(r.body, 'base64') : undefined;
  const headers: [string, string][] = r.fields.map(([n, v]) => [octets(n), octets(v)]);
  const res = await fetch(r.url, { dispatcher: agent, method: octets(r.method), headers, body, redirect: 'manual' });
  const data = Buffer.from(await res.arrayBuffer());
  return { status: res.status, reason: encodeOctets(res.statusText), headers: enc([...res.headers]), body: data.toString('base64') };
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
