// The echo contract's octet encoding: well-formed UTF-8 travels as a JSON string, anything else as {"base64": ...}.

export type EncodedOctets = string | { readonly base64: string };

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Encode octets (a Buffer, or a latin1 string with one char per octet) per harness/echo/CONTRACT.md. */
export function encodeOctets(octets: Buffer | string): EncodedOctets {
  const buf = typeof octets === 'string' ? Buffer.from(octets, 'latin1') : octets;
  try {
    return utf8.decode(buf);
  } catch {
    return { base64: buf.toString('base64') };
  }
}

/** Decode an encoded octets value back to a latin1 string (one char per octet); undefined when malformed. */
export function decodeOctets(v: unknown): string | undefined {
  if (typeof v === 'string') return Buffer.from(v, 'utf8').toString('latin1');
  if (typeof v === 'object' && v !== null && typeof (v as { base64?: unknown }).base64 === 'string') {
    return Buffer.from((v as { base64: string }).base64, 'base64').toString('latin1');
  }
  return undefined;
}
