// Reading and writing results files: JSON parse, version and shape checks with a one-line reason, atomic writes.

import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { DELIVERY_MODES, RESULTS_VERSION, isVerdict, type ResultsDocument } from './results-model';

/** A results file that cannot be read: the message is one line, naming the file. */
export class ResultsFileError extends Error {}

/** Check the parts of the schema every renderer relies on; returns the first problem or undefined. */
export function checkResults(v: unknown): string | undefined {
  if (typeof v !== 'object' || v === null) return 'not a JSON object';
  const d = v as Record<string, unknown>;
  if (d.version !== RESULTS_VERSION) return `results format version ${JSON.stringify(d.version)}, expected ${RESULTS_VERSION}`;
  const tool = d.tool as Record<string, unknown> | undefined;
  if (tool?.name !== 'h1compat') return 'tool.name is not "h1compat"';
  const run = d.run as Record<string, unknown> | undefined;
  if (typeof run !== 'object' || run === null || !Array.isArray(run.subjects) || typeof run.startedAt !== 'string') return 'run metadata missing (run.startedAt, run.subjects)';
  if (!Array.isArray(d.records)) return 'records is not an array';
  for (let i = 0; i < d.records.length; i++) {
    const r = d.records[i] as Record<string, unknown>;
    if (typeof r !== 'object' || r === null) return `records[${i}] is not an object`;
    for (const k of ['fixture', 'file', 'title', 'subject', 'reason']) if (typeof r[k] !== 'string') return `records[${i}].${k} is not a string`;
    for (const k of ['spec', 'tags', 'wire', 'matched', 'violated', 'mismatches']) if (!Array.isArray(r[k])) return `records[${i}].${k} is not an array`;
    if (!isVerdict(r.verdict)) return `records[${i}].verdict ${JSON.stringify(r.verdict)} is not a verdict`;
    if (!DELIVERY_MODES.includes(r.delivery as never)) return `records[${i}].delivery ${JSON.stringify(r.delivery)} is not a delivery mode`;
    if (typeof r.expected !== 'object' || r.expected === null) return `records[${i}].expected missing`;
  }
  return undefined;
}

export function parseResults(text: string, name: string): ResultsDocument {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new ResultsFileError(`${name}: not JSON (${(e as Error).message})`);
  }
  const problem = checkResults(v);
  if (problem !== undefined) throw new ResultsFileError(`${name}: not an h1compat results file: ${problem}`);
  return v as ResultsDocument;
}

export function readResults(path: string): ResultsDocument {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ResultsFileError(`${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return parseResults(text, path);
}

/** Write a file atomically (temp file + rename), creating its folder. */
export function writeAtomic(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

/** Results as the harness writes them (one-space indentation, trailing newline). */
export function resultsText(doc: ResultsDocument): string {
  return JSON.stringify(doc, null, 1) + '\n';
}
