// Decoding echo bodies (harness/echo/CONTRACT.md) into interpreted requests, octets as latin1 strings.

import { decodeOctets } from './octets';

/** One request as the subject interpreted it. Octet strings are latin1 (one char per octet), as in impl/core. */
export interface InterpretedRequest {
  readonly method: string;
  readonly target: string;
  readonly version: string;
  /** [name, value] in received order */
  readonly fields: [string, string][];
  readonly body: string;
  readonly trailers: [string, string][];
}

function lines(v: unknown): [string, string][] | undefined {
  if (!Array.isArray(v)) return undefined;
  const out: [string, string][] = [];
  for (const item of v) {
    if (!Array.isArray(item) || item.length !== 2) return undefined;
    const name = decodeOctets(item[0]);
    const value = decodeOctets(item[1]);
    if (name === undefined || value === undefined) return undefined;
    out.push([name, value]);
  }
  return out;
}

/** Decode a response body (octets) as an echo body; undefined when it is not one (a plain 200 is not an echo). */
export function decodeEcho(body: Buffer): InterpretedRequest | undefined {
  let v: unknown;
  try {
    v = JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof v !== 'object' || v === null) return undefined;
  const o = v as Record<string, unknown>;
  if (o.h1compatEcho !== 1 || typeof o.body !== 'string') return undefined;
  const method = decodeOctets(o.method);
  const target = decodeOctets(o.target);
  const version = decodeOctets(o.version);
  const fields = lines(o.fields);
  const trailers = lines(o.trailers);
  if (method === undefined || target === undefined || version === undefined || fields === undefined || trailers === undefined) return undefined;
  return { method, target, version, fields, trailers, body: Buffer.from(o.body, 'base64').toString('latin1') };
}
