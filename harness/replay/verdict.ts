// From an Observation to a verdict with its reason: matching (match.ts), then the fixture's grading rule.

import { grade, type Fixture, type Grade } from '../fixture';
import type { Observation } from './observation';
import { applicationAnswer, neverViolation, outcomeMatch } from './match';
import { worse, type VerdictKind } from '../../reports/results-model';

export { VERDICT_KINDS, type VerdictKind } from '../../reports/results-model';

export interface Verdict {
  readonly verdict: VerdictKind;
  /** one line a maintainer reads first */
  readonly reason: string;
  /** outcomes the observation matched */
  readonly matched: string[];
  /** never clauses violated, with what violated them */
  readonly violated: { readonly never: string; readonly by: string }[];
  /** for each outcome not matched, why */
  readonly mismatches: { readonly outcome: string; readonly why: string }[];
}

/** Grade an observation of a server-role fixture. `echo`: the subject implements the echo contract; `fieldOrder`
 *  false: its echo cannot report the order of field lines of different names (capability `field-order` lacking). */
export function judge(fixture: Fixture, obs: Observation, echo = true, fieldOrder = true): Verdict {
  if (obs.harnessError !== undefined) return { verdict: 'error', reason: obs.harnessError, matched: [], violated: [], mismatches: [] };
  const matched: string[] = [];
  const mismatches: { outcome: string; why: string }[] = [];
  const app = applicationAnswer(fixture, echo);
  const refused = app !== undefined ? methodRefused(obs, app) : undefined;
  if (refused !== undefined) {
    return { verdict: 'skip', reason: `not exercised without echo: the server refused the request method with ${refused} and closed before anything after it, so how it reads this request's content or what follows is not shown (give it an application that accepts the method: --echo, harness/echo/CONTRACT.md)`, matched: [], violated: [], mismatches: [] };
  }
  for (const o of fixture.outcomes) {
    const why = outcomeMatch(o, obs, echo, app, fieldOrder);
    if (why === undefined) matched.push(o.name);
    else mismatches.push({ outcome: o.name, why });
  }
  const violated: { never: string; by: string }[] = [];
  for (const n of fixture.never) {
    const by = neverViolation(n, obs, echo, app, fieldOrder);
    if (by !== undefined) violated.push({ never: n.description, by });
  }
  let verdict: Grade = grade(fixture, { outcomes: matched, violated: violated.map((v) => v.never) });
  const reasons: string[] = [];
  if (violated.length > 0) reasons.push(...violated.map((v) => `never: ${v.never} (${v.by})`));
  if (matched.length > 0) {
    const best = matched.map((name) => fixture.outcomes.find((o) => o.name === name)!).sort((a, b) => levelRank(a.level) - levelRank(b.level))[0];
    reasons.push(`matched: ${best.name} (${best.level})`);
  } else {
    reasons.push(`no outcome matched (${observed(obs)})`);
    if (mismatches.length > 0) reasons.push(...mismatches.map((m) => `${m.outcome}: ${m.why}`));
  }
  if (obs.malformation !== undefined) {
    // everything a subject emits must parse under the strict reference parser (RFC 9112)
    if (worse('fail', verdict)) verdict = 'fail';
    reasons.unshift(`malformed output at octet ${obs.malformation.offset}: ${obs.malformation.code} ${obs.malformation.reason}`);
  }
  // say when a status was read as the application's answer (no echo): the reader sees what was compared
  const appStatuses = app === undefined ? [] : [...new Set(obs.responses.filter((r) => r.error === undefined && r.status !== 200 && app(r.status)).map((r) => r.status))];
  if (appStatuses.length > 0) reasons.push(`without echo, ${appStatuses.join(', ')} counted as the application's answer to an accepted request`);
  if (verdict !== 'pass' && obs.timeouts.length > 0) reasons.push(...obs.timeouts);
  if (obs.overallTimeout && verdict !== 'pass') reasons.push('the overall timeout ended the replay');
  return { verdict, reason: reasons.join('; '), matched, violated, mismatches };
}

/**
 * Without echo, a server whose application does not support the method (405 Method Not Allowed, RFC 9110 15.5.6; 501,
 * RFC 9110 15.6.2) may answer from the head alone, before or without reading the content, and close: one such answer
 * and a closed connection show nothing of how the server frames content or what it does with the octets after it.
 * Returns the status when that is all that was observed (and the status is an application's answer for this fixture).
 */
function methodRefused(obs: Observation, app: (status: number) => boolean): number | undefined {
  if (obs.responses.length !== 1 || obs.connection === 'open' || obs.malformation !== undefined) return undefined;
  const r = obs.responses[0];
  return r.error === undefined && (r.status === 405 || r.status === 501) && app(r.status) ? r.status : undefined;
}

function levelRank(level: string): number {
  return ['MUST', 'SHOULD', 'MAY', 'SHOULD NOT'].indexOf(level);
}

/** A short summary of what was observed: `400, 200 → closed`. */
export function observed(obs: Observation): string {
  const rs = obs.responses.map((r) => (r.error !== undefined ? `error ${r.error.code}` : r.interim.length > 0 ? `${r.interim.join('+')}+${r.status}` : String(r.status)));
  const parts = [rs.length > 0 ? rs.join(', ') : 'no response'];
  if (obs.trailingInterim.length > 0) parts.push(`then interim ${obs.trailingInterim.join(', ')}`);
  if (obs.partial) parts.push('partial response');
  if (obs.malformation !== undefined) parts.push(`malformed (${obs.malformation.code})`);
  parts.push(`→ ${obs.connection}${obs.flooded ? ' (flood cut)' : ''}`);
  return parts.join(' ');
}
