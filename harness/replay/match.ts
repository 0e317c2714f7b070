// Matching an Observation against a fixture's outcomes and never clauses (every role). Each check says why it failed.

import { octetsOf, type FieldsExpectation, type MessageExpectation, type Never, type Outcome, type RequestArrival, type RequestExpectation, type ResponseExpectation, type StatusSpec } from '../fixture';
import type { InterpretedRequest } from '../echo/decode';
import type { Observation, ObservedResponse } from './observation';
import { ROLES } from './roles';
import { show } from './show';

/** undefined = matches; otherwise the first reason it does not. */
export type Mismatch = string | undefined;

/**
 * `ordered` false: the subject's echo cannot report the order in which field lines of different names arrived (its
 * framework keeps fields in a hash map: capability `field-order` lacking), so lines are matched as a multiset: each
 * wanted line must be present, lines of one name keep their relative order, and `exact` compares the sets.
 */
function fieldsMatch(what: string, exp: FieldsExpectation, got: readonly [string, string][], ordered = true): Mismatch {
  const want = exp.lines.map((l) => [l.name.toLowerCase(), octetsOf(l.value)] as const);
  const eq = (a: readonly [string, string], w: readonly [string, string]): boolean => a[0].toLowerCase() === w[0] && a[1] === w[1];
  if (!ordered) {
    // a stable sort by name: lines of one name keep the order they were reported in
    const byName = (xs: readonly (readonly [string, string])[]): string[] => xs.map(([n, v]) => [n.toLowerCase(), v] as const)
      .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([n, v]) => `${n}\0${v}`);
    const g = byName(got);
    const w = byName(want);
    if (exp.exact && (g.length !== w.length || g.some((x, i) => x !== w[i]))) {
      return `${what}: expected exactly ${want.length === 0 ? 'none' : want.map(([n, v]) => `${n}: ${show(v)}`).join(', ')}, got ${got.length === 0 ? 'none' : got.map(([n, v]) => `${n}: ${show(v)}`).join(', ')} (in any order of names: the echo cannot report it)`;
    }
    let at = 0;
    for (const x of w) {
      while (at < g.length && g[at] !== x) at++;
      if (at === g.length) return `${what}: no line ${x.replace('\0', ': ')} (in any order of names: the echo cannot report it)`;
      at++;
    }
    return undefined;
  }
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

function messageMatch(exp: MessageExpectation, version: string, fields: readonly [string, string][], trailers: readonly [string, string][], body: string, raw: string | undefined, ordered = true): Mismatch {
  if (exp.version !== undefined && octetsOf(exp.version) !== version) return `version ${show(version)} is not ${show(octetsOf(exp.version))}`;
  if (exp.fields !== undefined) {
    const m = fieldsMatch('fields', exp.fields, fields, ordered);
    if (m !== undefined) return m;
  }
  for (const name of exp.absent) {
    if (fields.some(([n]) => n.toLowerCase() === name.toLowerCase())) return `field ${name} is present`;
  }
  if (exp.trailers !== undefined) {
    const m = fieldsMatch('trailers', exp.trailers, trailers, ordered);
    if (m !== undefined) return m;
  }
  if (exp.body !== undefined && octetsOf(exp.body) !== body) return `body ${show(body)} is not ${show(octetsOf(exp.body))}`;
  if (raw !== undefined) {
    for (const c of exp.contains) if (!raw.includes(octetsOf(c))) return `the message does not contain ${show(octetsOf(c))}`;
  }
  return undefined;
}

/** `connection`, `nth`, `after-serve` against where and when the harness received the request (RFC 9112 9.3.2). */
function arrivalMatch(exp: RequestExpectation, at: RequestArrival | undefined): Mismatch {
  const checks = [['connection', exp.connection, at?.connection], ['nth', exp.nth, at?.nth], ['after-serve', exp.afterServe, at?.afterServe]] as const;
  for (const [key, want, got] of checks) {
    if (want === undefined) continue;
    if (got === undefined) return `${key}: the harness did not receive this request itself`;
    if (got !== want) return `${key} ${got} is not ${want}`;
  }
  return undefined;
}

/** How a request arrived, in words: `connection 2, 2nd on it, after 1 serve step`. */
export function showArrival(at: RequestArrival): string {
  const nth = at.nth === 1 ? '1st' : at.nth === 2 ? '2nd' : at.nth === 3 ? '3rd' : `${at.nth}th`;
  return `connection ${at.connection}, ${nth} on it, after ${at.afterServe} serve step${at.afterServe === 1 ? '' : 's'}`;
}

/** `raw`: the request's octets where the harness received it (client and proxy roles); in the server role the
 *  harness never sees them and `contains` is not checked. `at`: where and when it arrived (same roles). */
export function requestMatch(exp: RequestExpectation, got: InterpretedRequest, raw?: string, ordered = true, at?: RequestArrival): Mismatch {
  if (exp.method !== undefined && octetsOf(exp.method) !== got.method) return `method ${show(got.method)} is not ${show(octetsOf(exp.method))}`;
  if (exp.target !== undefined && octetsOf(exp.target) !== got.target) return `target ${show(got.target)} is not ${show(octetsOf(exp.target))}`;
  return arrivalMatch(exp, at) ?? messageMatch(exp, got.version, got.fields, got.trailers, got.body, raw, ordered);
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

/**
 * Statuses that reject a request message itself (its syntax, framing, size or version): RFC 9112 and the framing rules
 * of RFC 9110 name these for a server that refuses to process a message (400, 408, 411, 413, 414, 417, 421, 431, 505).
 */
const MESSAGE_REJECTIONS: ReadonlySet<number> = new Set([400, 408, 411, 413, 414, 417, 421, 431, 505]);

/**
 * Without the echo contract (an address subject, a command subject without --echo) the application behind the server
 * is unknown, and a fixture's success status (200, 2xx: what an echo answers to a request it accepted) is read as
 * "accepted and handed to the application", which may answer with any status that does not reject the message:
 * 2xx-4xx outside MESSAGE_REJECTIONS (a static server's 404, a 405), and 501 unless the fixture itself names 501 (RFC
 * 9110 15.6.2: 501 for a method the server does not support; RFC 9112 6.1 also uses it for a transfer coding the
 * server does not understand, and fixtures about that name it). Other 5xx are not taken as acceptance.
 * Returns undefined for subjects with echo (statuses compare as written).
 */
export function applicationAnswer(fixture: { readonly role: string; readonly outcomes: readonly Outcome[]; readonly never: readonly Never[]; readonly tags?: readonly string[] }, echo: boolean): ((status: number) => boolean) | undefined {
  // fixtures tagged `resource` (harness/echo/RESOURCE.md) judge the statuses the server itself gives for a known
  // resource (304, 412, 405, 206, 416): there the application is known, and statuses compare as written
  if (echo || fixture.role !== 'server' || fixture.tags?.includes('resource') === true) return undefined;
  const named = (s: StatusSpec | undefined): boolean => s !== undefined && s.kind === 'code' && s.code === 501;
  const names501 = fixture.outcomes.some((o) => o.responses?.some((r) => named(r.status))) || fixture.never.some((n) => n.pattern.kind === 'response' && named(n.pattern.response.status));
  return (status) => status >= 200 && status < 600 && !MESSAGE_REJECTIONS.has(status) && (status < 500 || (status === 501 && !names501));
}

/** Does `exp` ask for the success an echo gives (200 or 2xx), which `app` then widens to the application's answers? */
function widened(exp: StatusSpec, status: number, app: ((status: number) => boolean) | undefined): boolean {
  return app !== undefined && ((exp.kind === 'code' && exp.code === 200) || (exp.kind === 'class' && exp.digit === 2)) && app(status);
}

/** `raw` is everything received on the connection: `contains` checks it (the engine does not cut per response);
 *  undefined in the client role, where the client under test received the response. `app`: applicationAnswer(). */
export function responseMatch(exp: ResponseExpectation, got: ObservedResponse, raw: string | undefined, app?: (status: number) => boolean): Mismatch {
  if (got.error !== undefined) return exp.status.kind === 'error' ? undefined : `the client reported an error (${got.error.code}), not ${showStatus(exp.status)}`;
  if (!statusMatch(exp.status, got.status) && !widened(exp.status, got.status, app)) return `status ${got.status} is not ${showStatus(exp.status)}${app !== undefined ? ' (nor, without echo, an application\'s answer to an accepted request)' : ''}`;
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
export function outcomeMatch(o: Outcome, obs: Observation, echo: boolean, app?: (status: number) => boolean, fieldOrder = true): Mismatch {
  if (o.responses !== undefined) {
    const m = listMatch('response', o.responses, obs.responses, (e, g) => responseMatch(e, g, responsesRaw(obs), app));
    if (m !== undefined) return m;
  }
  if (o.requests !== undefined && echo) {
    const m = listMatch('request', o.requests, indexed(obs.requests), (e, [g, i]) => requestMatch(e, g, obs.requestsRaw?.[i], fieldOrder, obs.requestsAt?.[i]));
    if (m !== undefined) return m;
  }
  if (o.connection !== undefined && !o.connection.includes(obs.connection)) return `connection ${obs.connection}, expected ${o.connection.join(' or ')}`;
  return undefined;
}

/** Is the never clause violated? Returns what violated it. */
export function neverViolation(n: Never, obs: Observation, echo: boolean, app?: (status: number) => boolean, fieldOrder = true): string | undefined {
  const p = n.pattern;
  switch (p.kind) {
    case 'request': {
      if (!echo) return undefined;
      const i = obs.requests.findIndex((r, k) => requestMatch(p.request, r, obs.requestsRaw?.[k], fieldOrder, obs.requestsAt?.[k]) === undefined);
      const at = obs.requestsAt?.[i];
      return i < 0 ? undefined : `request ${i + 1} (${show(obs.requests[i].method)} ${show(obs.requests[i].target)}${at !== undefined ? `; ${showArrival(at)}` : ''})`;
    }
    case 'response': {
      const i = obs.responses.findIndex((r) => responseMatch(p.response, r, responsesRaw(obs), app) === undefined);
      return i < 0 ? undefined : `response ${i + 1} (${obs.responses[i].error !== undefined ? `error ${obs.responses[i].error!.code}` : obs.responses[i].status})`;
    }
    case 'connection':
      return p.connection.includes(obs.connection) ? `connection ${obs.connection}` : undefined;
  }
}
