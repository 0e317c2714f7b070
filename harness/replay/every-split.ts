// every-split delivery: one replay per split point of each send step, folded into one record per fixture x subject.

import { bufferOf, type Fixture } from '../fixture';
import type { Observation } from './observation';
import { verdictRank, worse, type SplitPoint, type SplitsSummary, type SplitStep } from '../../reports/results-model';
import { splitPoints } from './segment';
import type { Verdict, VerdictKind } from './verdict';

/** The outcome of one replay (or of `--repeat N` replays of one case: the worst of them, with every verdict). */
export interface UnitResult {
  readonly verdict: Verdict;
  readonly observation?: Observation;
  /** the verdict of each repeat, in order (only with --repeat N > 1) */
  readonly repeats?: VerdictKind[];
}

export type { SplitsSummary, SplitStep } from '../../reports/results-model';

export const DEVIATIONS_KEPT = 32;

/** "Worst" is results-model.ts's VERDICT_ORDER (error first: it needs attention, then fail, warn, info, skip, pass). */
export { worse } from '../../reports/results-model';

/** The split replays of a fixture. A fixture with no send step of two or more octets has one replay, unsplit. */
export function splitPlan(f: Fixture): { points: SplitPoint[]; steps: SplitStep[] } {
  const points: SplitPoint[] = [];
  const steps: SplitStep[] = [];
  f.exchange.forEach((s, i) => {
    if (s.kind !== 'send') return;
    const plan = splitPoints(bufferOf(s.bytes));
    if (plan.total === 0) return;
    steps.push({ step: i + 1, total: plan.total, run: plan.points.length, capped: plan.capped });
    for (const at of plan.points) points.push({ step: i + 1, at });
  });
  if (points.length === 0) points.push({ step: 0, at: 0 });
  return { points, steps };
}

const before = (a: SplitPoint, b: SplitPoint): boolean => a.step < b.step || (a.step === b.step && a.at < b.at);

/** Folds the split replays of one fixture as they finish (in any order) into one deterministic result. */
export class SplitFold {
  readonly #steps: SplitStep[];
  readonly #all: { point: SplitPoint; verdict: VerdictKind }[] = [];
  #remaining: number;
  #shown: { point: SplitPoint; result: UnitResult } | undefined;
  #flaky = false;

  constructor(points: number, steps: SplitStep[]) {
    this.#remaining = points;
    this.#steps = steps;
  }

  /** Add one replay's result; true when it was the last one. */
  add(point: SplitPoint, result: UnitResult): boolean {
    const v = result.verdict.verdict;
    this.#all.push({ point, verdict: v });
    if (result.repeats !== undefined && new Set(result.repeats).size > 1) this.#flaky = true;
    const s = this.#shown;
    if (s === undefined || worse(v, s.result.verdict.verdict) || (v === s.result.verdict.verdict && before(point, s.point))) {
      this.#shown = { point, result };
    }
    return --this.#remaining === 0;
  }

  get flaky(): boolean {
    return this.#flaky;
  }

  /** The shown replay's result, its reason prefixed with the split and the tally; and the summary. */
  result(): { result: UnitResult; splits: SplitsSummary } {
    const shown = this.#shown!;
    const verdicts: Partial<Record<VerdictKind, number>> = {};
    for (const r of this.#all) verdicts[r.verdict] = (verdicts[r.verdict] ?? 0) + 1;
    const common = (Object.entries(verdicts) as [VerdictKind, number][]).sort((a, b) => b[1] - a[1] || verdictRank(a[0]) - verdictRank(b[0]))[0][0];
    const deviations = this.#all.filter((r) => r.verdict !== common).sort((a, b) => (before(a.point, b.point) ? -1 : 1))
      .slice(0, DEVIATIONS_KEPT).map((r) => ({ step: r.point.step, at: r.point.at, verdict: r.verdict }));
    const tally = (Object.entries(verdicts) as [VerdictKind, number][]).map(([k, n]) => `${n} ${k}`).join(', ');
    const where = shown.point.step === 0 ? 'no send step to split' : `split at octet ${shown.point.at} of step ${shown.point.step}`;
    const v = shown.result.verdict;
    return {
      result: { ...shown.result, verdict: { ...v, reason: `${where} (${this.#all.length} split replays: ${tally}): ${v.reason}` } },
      splits: { replays: this.#all.length, steps: this.#steps, verdicts, shown: shown.point, deviations },
    };
  }
}
