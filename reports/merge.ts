// Merging results of `run --shard i/n` (or any disjoint runs of the same options) into one document equal to an
// unsharded run: same run metadata with `shard: null`, subjects joined, records in canonical order.

import type { ResultRecord, ResultsDocument, RunInfo, SubjectInfo } from './results-model';
import { recordKey, sortRecords } from './model';

export class MergeError extends Error {}

/** Options that legitimately differ between shards of one run (and are dropped or recomputed by the merge). */
const PER_SHARD = new Set(['shard', 'fixtures', 'out', 'jobs']);

/** `1/4`, {index:1,count:4}, or [1,4] -> [1, 4]; undefined when the run was not sharded. */
export function shardOf(doc: ResultsDocument): [number, number] | undefined {
  const s = doc.run.options.shard as unknown;
  if (typeof s === 'string') {
    const m = /^(\d+)\s*\/\s*(\d+)$/.exec(s);
    if (m !== null) return [Number(m[1]), Number(m[2])];
  } else if (Array.isArray(s) && s.length === 2) return [Number(s[0]), Number(s[1])];
  else if (typeof s === 'object' && s !== null) {
    const o = s as Record<string, unknown>;
    if (typeof o.index === 'number' && (typeof o.count === 'number' || typeof o.total === 'number')) return [o.index, (o.count ?? o.total) as number];
  }
  return undefined;
}

const comparable = (o: Readonly<Record<string, unknown>>): string =>
  JSON.stringify(Object.keys(o).filter((k) => !PER_SHARD.has(k)).sort().map((k) => [k, o[k]]));

function mergeSubjects(docs: readonly ResultsDocument[]): SubjectInfo[] {
  const out: SubjectInfo[] = [];
  for (const d of docs) {
    for (const s of d.run.subjects) {
      const i = out.findIndex((x) => x.name === s.name);
      if (i < 0) { out.push(s); continue; }
      const have = out[i];
      if (have.version !== s.version && !s.version.startsWith('pending')) {
        if (have.version.startsWith('pending')) out[i] = { ...s, ...(have.startError ? { startError: have.startError } : {}) };
        else throw new MergeError(`subject ${s.name} has version ${JSON.stringify(have.version)} in one shard and ${JSON.stringify(s.version)} in another`);
      } else if (s.startError !== undefined && have.startError === undefined) out[i] = { ...have, startError: s.startError };
    }
  }
  return out;
}

export interface MergeResult {
  readonly doc: ResultsDocument;
  /** things worth saying that do not stop the merge (e.g. a missing shard) */
  readonly warnings: string[];
}

/** Merge documents; names are used in messages. Throws MergeError when they cannot belong to one run. */
export function mergeResults(docs: readonly ResultsDocument[], names: readonly string[] = docs.map((_, i) => `input ${i + 1}`)): MergeResult {
  if (docs.length === 0) throw new MergeError('nothing to merge');
  const warnings: string[] = [];
  const first = docs[0];
  docs.forEach((d, i) => {
    if (d.tool.version !== first.tool.version) throw new MergeError(`${names[i]}: h1compat ${d.tool.version}, but ${names[0]} is ${first.tool.version}`);
    if (comparable(d.run.options) !== comparable(first.run.options)) throw new MergeError(`${names[i]}: run options differ from ${names[0]} (${comparable(d.run.options)} vs ${comparable(first.run.options)})`);
    if (d.run.git !== first.run.git) warnings.push(`${names[i]}: git revision ${d.run.git} differs from ${names[0]} (${first.run.git})`);
    if (!d.run.complete) warnings.push(`${names[i]}: an incomplete run (interrupted or still running)`);
  });
  const shards = docs.map(shardOf);
  if (shards.some((s) => s !== undefined)) {
    const count = shards.find((s) => s !== undefined)![1];
    const seen = new Map<number, string>();
    shards.forEach((s, i) => {
      if (s === undefined) throw new MergeError(`${names[i]}: not a shard, but ${names[shards.findIndex((x) => x !== undefined)]} is`);
      if (s[1] !== count) throw new MergeError(`${names[i]}: shard ${s[0]}/${s[1]}, but others are of ${count}`);
      if (seen.has(s[0])) throw new MergeError(`${names[i]}: shard ${s[0]}/${count} given twice (also ${seen.get(s[0])})`);
      seen.set(s[0], names[i]);
    });
    const missing = Array.from({ length: count }, (_, k) => k + 1).filter((k) => !seen.has(k));
    if (missing.length > 0) warnings.push(`missing shard(s) ${missing.map((k) => `${k}/${count}`).join(', ')}: the merged file is partial`);
  }
  const byKey = new Map<string, [ResultRecord, string]>();
  docs.forEach((d, i) => {
    for (const r of d.records) {
      const k = recordKey(r);
      const had = byKey.get(k);
      if (had !== undefined) throw new MergeError(`${names[i]}: ${r.fixture} × ${r.subject} × ${r.delivery} is also in ${had[1]} (shards must be disjoint)`);
      byKey.set(k, [r, names[i]]);
    }
  });
  const subjects = mergeSubjects(docs);
  // an unsharded run records `shard: null` (same key order); older files have no shard key at all
  const options: Record<string, unknown> = { ...first.run.options };
  if ('shard' in options) options.shard = null;
  const counts = docs.map((d) => d.run.options.fixtures);
  if (counts.every((n) => typeof n === 'number')) options.fixtures = (counts as number[]).reduce((a, b) => a + b, 0);
  const times = (k: 'startedAt' | 'finishedAt'): string[] => docs.map((d) => d.run[k]).filter((t): t is string => typeof t === 'string').sort();
  const complete = docs.every((d) => d.run.complete) && !warnings.some((w) => w.startsWith('missing shard'));
  const finished = times('finishedAt');
  const run: RunInfo = {
    startedAt: times('startedAt')[0],
    complete,
    ...(docs.some((d) => d.run.interrupted) ? { interrupted: true } : {}),
    git: first.run.git,
    node: first.run.node,
    platform: first.run.platform,
    options,
    subjects,
    ...(finished.length > 0 ? { finishedAt: finished[finished.length - 1] } : {}),
  };
  const records = sortRecords([...byKey.values()].map(([r]) => r), subjects.map((s) => s.name));
  // the requirement quotes of every shard, in id order (as the writer orders them)
  const quotes = Object.fromEntries(docs.flatMap((d) => Object.entries(d.requirements ?? {})).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
  return { doc: { version: first.version, tool: first.tool, run, records, ...(Object.keys(quotes).length > 0 ? { requirements: quotes } : {}) }, warnings };
}
