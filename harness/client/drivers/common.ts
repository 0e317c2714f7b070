// Shared plumbing of the command client drivers: read the spec, print the result line, hold until stdin ends.

import { readFileSync } from 'node:fs';
import { encodeOctets, type EncodedOctets } from '../../echo/octets';
import type { ClientResult, ClientSpec, ResultEntry, SpecRequest } from '../types';
import { CLIENT_SPEC_VERSION, octets } from '../types';

/** The spec: from the file named by the last argv word ending in .json, else H1COMPAT_SPEC, else stdin's first line. */
export async function readSpec(): Promise<ClientSpec> {
  const file = process.argv.slice(2).reverse().find((a) => a.endsWith('.json')) ?? process.env.H1COMPAT_SPEC;
  if (file !== undefined) return JSON.parse(readFileSync(file, 'utf8')) as ClientSpec;
  let text = '';
  for await (const chunk of process.stdin) {
    text += (chunk as Buffer).toString('utf8');
    const nl = text.indexOf('\n');
    if (nl >= 0) return JSON.parse(text.slice(0, nl)) as ClientSpec;
  }
  return JSON.parse(text) as ClientSpec;
}

/** Print the result as one line; then keep the process (and its connections) until the harness ends stdin, so that
 *  the harness sees the connection as the client left it; then `cleanup` and exit. */
export async function report(client: string, results: ResultEntry[], cleanup: () => Promise<void> | void): Promise<void> {
  const doc: ClientResult = { h1compatClientResult: CLIENT_SPEC_VERSION, client, results };
  process.stdout.write(`${JSON.stringify(doc)}\n`);
  await new Promise<void>((resolve) => {
    if (process.stdin.readableEnded) return resolve();
    process.stdin.on('end', resolve);
    process.stdin.on('close', resolve);
    process.stdin.on('error', () => resolve());
    process.stdin.resume();
  });
  await cleanup();
  process.exit(0);
}

export function errorEntry(e: unknown): ResultEntry {
  const err = e as { code?: unknown; message?: unknown; cause?: { code?: unknown; message?: unknown } };
  const code = err?.cause?.code ?? err?.code ?? 'ERROR';
  const message = err?.cause?.message !== undefined ? `${String(err.message)}: ${String(err.cause.message)}` : String(err?.message ?? e);
  return { error: { code: String(code), message } };
}

/** [name, value] pairs from an object whose values may be arrays (names as the library gives them). */
export function pairsOf(headers: Record<string, string | string[] | undefined>): [string, string][] {
  const out: [string, string][] = [];
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined) continue;
    for (const x of Array.isArray(v) ? v : [v]) out.push([k, x]);
  }
  return out;
}

/** A spec request's field lines as the flat [name, value, ...] list undici and node take, in order. */
export function flatFields(r: SpecRequest): string[] {
  const flat: string[] = [];
  for (const [n, v] of r.fields) flat.push(octets(n), octets(v));
  return flat;
}

/** [name, value] pairs as the result line carries them (each side encoded as octets). */
export function encodePairs(ps: readonly [string, string][]): [EncodedOctets, EncodedOctets][] {
  return ps.map(([n, v]) => [encodeOctets(n), encodeOctets(v)]);
}

/** The result entry for an undici `request()`/`Client.request()` answer: status, fields, content and trailers. */
export async function undiciEntry(res: { statusCode: number; headers: object; trailers: object; body: { arrayBuffer(): Promise<ArrayBuffer> } }): Promise<ResultEntry> {
  const data = Buffer.from(await res.body.arrayBuffer());
  return {
    status: res.statusCode,
    headers: encodePairs(pairsOf(res.headers as Record<string, string | string[]>)),
    body: data.toString('base64'),
    trailers: encodePairs(pairsOf(res.trailers as Record<string, string | string[]>)),
  };
}
