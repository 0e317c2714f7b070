// The echo application (harness/echo/CONTRACT.md) for the node:http API: serves node:http and the reference alike.

import { encodeOctets, type EncodedOctets } from './octets';

/** The part of IncomingMessage the echo reads (node:http and impl/index.ts share it). */
export interface EchoRequest {
  readonly method?: string;
  readonly url?: string;
  readonly httpVersion: string;
  readonly rawHeaders: string[];
  readonly rawTrailers: string[];
  on(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
}

/** The part of ServerResponse the echo writes. */
export interface EchoResponse {
  readonly headersSent: boolean;
  statusCode: number;
  setHeader(name: string, value: string | number): unknown;
  end(data?: string | Buffer): unknown;
  destroy(err?: Error): unknown;
}

/** The echo body, as JSON-ready data (see echo.schema.json). */
export interface EchoBody {
  readonly h1compatEcho: 1;
  readonly method: EncodedOctets;
  readonly target: EncodedOctets;
  readonly version: EncodedOctets;
  readonly fields: [EncodedOctets, EncodedOctets][];
  readonly body: string;
  readonly trailers: [EncodedOctets, EncodedOctets][];
}

/** Most content octets the echo keeps; a larger request is answered 413 after it was read. */
export const ECHO_MAX_BODY = 8 * 1024 * 1024;

function pairs(flat: readonly string[]): [EncodedOctets, EncodedOctets][] {
  const out: [EncodedOctets, EncodedOctets][] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push([encodeOctets(flat[i]), encodeOctets(flat[i + 1])]);
  return out;
}

/** Build the echo body of a request whose content was read completely. */
export function echoBody(req: EchoRequest, content: Buffer): EchoBody {
  return {
    h1compatEcho: 1,
    method: encodeOctets(req.method ?? ''),
    target: encodeOctets(req.url ?? ''),
    version: encodeOctets(`HTTP/${req.httpVersion}`),
    fields: pairs(req.rawHeaders),
    body: content.toString('base64'),
    trailers: pairs(req.rawTrailers ?? []),
  };
}

/** The request listener: read everything, then answer 200 with the echo body. */
export function echoHandler(req: EchoRequest, res: EchoResponse): void {
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (chunk) => {
    const b = typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk;
    size += b.length;
    if (size <= ECHO_MAX_BODY) chunks.push(b);
  });
  req.on('error', () => {
    if (!res.headersSent) res.destroy();
  });
  req.on('end', () => {
    if (size > ECHO_MAX_BODY) {
      res.statusCode = 413;
      res.end();
      return;
    }
    const json = JSON.stringify(echoBody(req, Buffer.concat(chunks)));
    res.statusCode = 200;
    res.setHeader('Content-Type', 'application/json');
    res.setHeader('Content-Length', Buffer.byteLength(json));
    res.end(json);
  });
}
