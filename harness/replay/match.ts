// Matching an Observation against a fixture's outcomes and never clauses (every role). Each check says why it failed.

import { octetsOf, type FieldsExpectation, type MessageExpectation, type Never, type Outcome, type RequestExpectation, type ResponseExpectation, type StatusSpec } from '../fixture';
import type { InterpretedRequest } from '../echo/decode';
import type { Observation, ObservedResponse } from './observation';
import { ROLES } from './roles';
import { show } from './show';

/** undefined = matches; otherwise the first reason it does not. */
export type Mismatch = string | undefined;

function fieldsMatch(what: string, exp: FieldsExpectation, got: readonly [string, string][]): Mismatch {
  const want = exp.lines.map((l) => [l.name.toLowerCase(), octetsOf(l.value)] as const);
  const eq = (a: readonly [string, string], w: readonly [string, string]): boolean => a[0].toLowerCase() === w[0] && a[1] === w[1];
  if (exp.exact) {
    if (got.length !== want.length || !got.every((g, i) => eq(g, want[i]))) {
      return `${what}: expected exactly ${want.length === 0 ? 'none' : want.map(([n, v]) => `${n}: ${show(v)}`).join(', ')}, got ${got.length === 0 ? 'none' : got.map(([n, v]) => `${n}: ${show(v)}`).join(', ')}`;
    }
    return undefined;
  }
  let at = 0;
  for (const w of want) {
    while (at < got.length && !eq(got[at], w)) at++;
    if (at === got.length) return `${what}: no line ${w[0]}: ${show(w[1])} (in order)`;
    at++;
  }
  return undefined;
}

function messageMatch(exp: MessageExpectation, version: string, fields: readonly [string, string][], trailers: readonly [string, string][], body: string, raw: string | undefined): Mismatch {
  if (exp.version !== undefined && octetsOf(exp.version) !== version) return `version ${show(version)} is not ${show(octetsOf(exp.version))}`;
  if (exp.fields !== undefined) {
    const m = fieldsMatch('fields', exp.fields, fields);
    if (m !== undefined) return m;
  }
  for (const name of exp.absent) {
    if (fields.some(([n]) => n.toLowerCase() === name.toLowerCase())) return `field ${name} is present`;
  }
  if (exp.trailers !== undefined) {
    const m = fieldsMatch('trailers', exp.trailers, trailers);
    if (m !== undefined) return m;
  }
  if (exp.body !== undefined && octetsOf(exp.body) !== body) return `body ${show(body)} is not ${show(octetsOf(exp.body))}`;
  if (raw !== undefined) {
    for (const c of exp.contains) if (!raw.includes(octetsOf(c))) return `the message does not contain ${show(octetsOf(c))}`;
  }
  return undefined;
}

/** `raw`: the request's octets where the harness received it (client and proxy roles); in the server role the
 *  harness never sees them and `contains` is not checked. */
export function requestMatch(exp: RequestExpectation, got: InterpretedRequest, raw?: string): Mismatch {
  if (exp.method !== undefined && octetsOf(exp.method) !== got.method) return `method ${show(got.method)} is not ${show(octetsOf(exp.method))}`;
  if (exp.target !== undefined && octetsOf(exp.target) !== got.target) return `target ${show(got.target)} is not ${show(octetsOf(exp.target))}`;
  return messageMatch(exp, got.version, got.fields, got.trailers, got.body, raw);
}

export function statusMatch(s: StatusSpec, status: number): boolean {
  switch (s.kind) {
    case 'code': return s.code === status;
    case 'class': return Math.floor(status / 100) === s.digit;
    case 'any': return true;
    case 'error': return false;
  }
}

function showStatus(s: StatusSpec): string {
  return s.kind === 'code' ? String(s.code) : s.kind === 'class' ? `${s.digit}xx` : s.kind;
}

/** `raw` is everything received on the connection: `contains` checks it (the engine does not cut per response);
 *  undefined in the client role, where the client under test received the response. */
export function responseMatch(exp: ResponseExpectation, got: ObservedResponse, raw: string | undefined): Mismatch {
  if (got.error !== undefined) return exp.status.kind === 'error' ? undefined : `the client reported an error (${got.error.code}), not ${showStatus(exp.status)}`;
  if (!statusMatch(exp.status, got.status)) return `status ${got.status} is not ${showStatus(exp.status)}`;
  if (exp.interim !== undefined && (exp.interim.length !== got.interim.length || exp.interim.some((s, i) => got.interim[i] !== s))) {
    return `interim ${got.interim.join(', ') || 'none'} is not ${exp.interim.join(', ') || 'none'}`;
  }
  if (exp.reason !== undefined && octetsOf(exp.reason) !== got.reason) return `reason ${show(got.reason)} is not ${show(octetsOf(exp.reason))}`;
  return messageMatch(exp, got.version, got.fields, got.trailers, got.body, raw);
}

function listMatch<E, G>(what: string, exp: readonly E[], got: readonly G[], one: (e: E, g: G) => Mismatch): Mismatch {
  if (exp.length !== got.length) return `expected ${exp.length} ${what}${exp.length === 1 ? '' : 's'}, observed ${got.length}`;
  for (let i = 0; i < exp.length; i++) {
    const m = one(exp[i], got[i]);
    if (m !== undefined) return `${what} ${i + 1}: ${m}`;
  }
  return undefined;
}

/** The octets response `contains` checks look in: what the harness received, unless a client under test received it. */
function responsesRaw(obs: Observation): string | undefined {
  return ROLES[obs.role ?? 'server'].responsesBy === 'subject' ? undefined : obs.received;
}

const indexed = <T>(xs: readonly T[]): [T, number][] => xs.map((x, i) => [x, i]);

/** Does the observation satisfy every constraint of the outcome? `echo`: the subject reports requests. */
export function outcomeMatch(o: Outcome, obs: Observation, echo: boolean): Mismatch {
  if (o.responses !== undefined) {
    const m = listMatch('response', o.responses, obs.responses, (e, g) => responseMatch(e, g, responsesRaw(obs)));
    if (m !== undefined) return m;
  }
  if (o.requests !== undefined && echo) {
    const m = listMatch('request', o.requests, indexed(obs.requests), (e, [g, i]) => requestMatch(e, g, obs.requestsRaw?.[i]));
    if (m !== undefined) return m;
  }
  if (o.connection !== undefined && !o.connection.includes(obs.connection)) return `connection ${obs.connection}, expected ${o.connection.join(' or ')}`;
  return undefined;
}

/** Is the never clause violated? Returns what violated it. */
export function neverViolation(n: Never, obs: Observation, echo: boolean): string | undefined {
  const p = n.pattern;
  switch (p.kind) {
    case 'request': {
      if (!echo) return undefined;
      const i = obs.requests.findIndex((r, k) => requestMatch(p.request, r, obs.requestsRaw?.[k]) === undefined);
      return i < 0 ? undefined : `request ${i + 1} (${show(obs.requests[i].method)} ${show(obs.requests[i].target)})`;
    }
    case 'response': {
      const i = obs.responses.findIndex((r) => responseMatch(p.response, r, responsesRaw(obs)) === undefined);
      return i < 0 ? undefined : `response ${i + 1} (${obs.responses[i].error !== undefined ? `error ${obs.responses[i].error!.code}` : obs.responses[i].status})`;
    }
    case 'connection':
      return p.connection.includes(obs.connection) ? `connection ${obs.connection}` : undefined;
  }
}
