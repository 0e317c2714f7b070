// Building the request spec (harness/client/CONTRACT.md) for a client-role fixture and the harness's origin port.

import { octetsOf, type ClientRequest, type Fixture } from '../fixture';
import { encodeOctets, type EncodedOctets } from '../echo/octets';
import { CLIENT_SPEC_VERSION, DEFAULT_CLIENT_TIMEOUT_MS, DEFAULT_CONTINUE_TIMEOUT_MS, type ClientSpec, type SpecRequest } from './types';

function specRequest(r: ClientRequest, host: string, port: number): SpecRequest {
  const target = octetsOf(r.target);
  const fields = r.fields.map((l) => [encodeOctets(l.name), encodeOctets(octetsOf(l.value))] as [EncodedOctets, EncodedOctets]);
  const expectContinue = r.fields.some((l) => l.name.toLowerCase() === 'expect' && octetsOf(l.value).trim().toLowerCase() === '100-continue');
  return {
    url: `http://${host}:${port}${target.startsWith('/') ? target : `/${target}`}`,
    method: encodeOctets(octetsOf(r.method)),
    target: encodeOctets(target),
    fields,
    ...(r.body !== undefined ? { body: Buffer.from(octetsOf(r.body), 'latin1').toString('base64') } : {}),
    expectContinue,
    ...(r.pipelined === true ? { pipeline: true as const } : {}),
  };
}

/** The spec for a client-role fixture, for an origin listening on host:port. */
export function buildSpec(f: Fixture, host: string, port: number, timeoutMs = DEFAULT_CLIENT_TIMEOUT_MS): ClientSpec {
  return {
    h1compatClient: CLIENT_SPEC_VERSION,
    origin: { host, port },
    requests: f.clientRequests.map((r) => specRequest(r, host, port)),
    timeoutMs,
    continueTimeoutMs: DEFAULT_CONTINUE_TIMEOUT_MS,
  };
}

