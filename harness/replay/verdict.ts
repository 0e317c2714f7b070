// From an Observation to a verdict with its reason: matching (match.ts), then the fixture's grading rule.

import { grade, type Fixture, type Grade } from '../fixture';
import type { Observation } from './observation';
import { neverViolation, outcomeMatch } from './match';
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

/** Grade an observation of a server-role fixture. `echo`: the subject implements the echo contract. */
export function judge(fixture: Fixture, obs: Observation, echo = true): Verdict {
  if (obs.harnessError !== undefined) return { verdict: 'error', reason: obs.harnessError, matched: [], violated: [], mismatches: [] };
  const matched: string[] = [];
  const mismatches: { outcome: string; why: string }[] = [];
  for (const o of fixture.outcomes) {
    const why = outcomeMatch(o, obs, echo);
    if (why === undefined) matched.push(o.name);
    else mismatches.push({ outcome: o.name, why });
  }
  const violated: { never: string; by: string }[] = [];
  for (const n of fixture.never) {
    const by = neverViolation(n, obs, echo);
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
  if (verdict !== 'pass' && obs.timeouts.length > 0) reasons.push(...obs.timeouts);
  if (obs.overallTimeout && verdict !== 'pass') reasons.push('the overall timeout ended the replay');
  return { verdict, reason: reasons.join('; '), matched, violated, mismatches };
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
