// Delta debugging (ddmin, Zeller & Hildebrandt 2002) over any list, with an async test: the fuzzer's ddmin
// (harness/fuzz/differential.ts) takes a synchronous test over one string, a replay is asynchronous and a fixture has
// several send steps. Same algorithm (subsets, then complements, doubling granularity), bounded by runs and time.

export interface DdminBudget {
  /** most calls of `keep` (memoised candidates are free) */
  readonly maxRuns: number;
  /** ms since the epoch after which no new test starts */
  readonly deadline: number;
}

export interface DdminResult<T> {
  readonly minimal: T[];
  readonly runs: number;
  /** the budget ran out before the result was 1-minimal */
  readonly exhausted: boolean;
}

/** The smallest sublist found for which `keep` holds (`keep(items)` must hold). `key` memoises tests. */
export async function ddminAsync<T>(items: readonly T[], keep: (candidate: T[]) => Promise<boolean>, budget: DdminBudget,
  key: (candidate: readonly T[]) => string = (c) => JSON.stringify(c)): Promise<DdminResult<T>> {
  let current = [...items];
  let n = 2;
  let runs = 0;
  const seen = new Map<string, boolean>();
  const left = (): boolean => runs < budget.maxRuns && Date.now() < budget.deadline;
  const test = async (c: T[]): Promise<boolean> => {
    const k = key(c);
    const known = seen.get(k);
    if (known !== undefined) return known;
    runs++;
    const ok = await keep(c);
    seen.set(k, ok);
    return ok;
  };
  // each pass either shrinks the list or doubles n (up to its length): bounded by length * log(length) passes
  for (let pass = 0; current.length >= 2 && left() && pass < 64 * (items.length + 1); pass++) {
    const size = Math.ceil(current.length / n);
    const chunks: [number, number][] = [];
    for (let at = 0; at < current.length; at += size) chunks.push([at, Math.min(current.length, at + size)]);
    let reduced = false;
    for (const [a, b] of chunks) {
      if (!left()) break;
      const subset = current.slice(a, b);
      if (subset.length > 0 && subset.length < current.length && await test(subset)) {
        current = subset;
        n = 2;
        reduced = true;
        break;
      }
    }
    if (!reduced && chunks.length > 2) {
      for (const [a, b] of chunks) {
        if (!left()) break;
        const complement = [...current.slice(0, a), ...current.slice(b)];
        if (complement.length > 0 && await test(complement)) {
          current = complement;
          n = Math.max(n - 1, 2);
          reduced = true;
          break;
        }
      }
    }
    if (!reduced) {
      if (n >= current.length) return { minimal: current, runs, exhausted: false };
      n = Math.min(current.length, n * 2);
    }
  }
  return { minimal: current, runs, exhausted: current.length >= 2 && !left() };
}
