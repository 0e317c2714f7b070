// Reading and writing results files: JSON parse, validation against results.schema.json (ajv) with a one-line
// reason naming the JSON path, atomic writes.

import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import { RESULTS_VERSION, type ResultsDocument } from './results-model';
import SCHEMA from './results.schema.json';

/** A results file that cannot be read: the message is one line, naming the file. */
export class ResultsFileError extends Error {}

/** The schema (results.schema.json, draft 2020-12), compiled once on first use. */
let validator: ValidateFunction | undefined;

function validate(v: unknown): ValidateFunction['errors'] {
  if (validator === undefined) {
    // date-time as RFC 3339 5.6 writes it (Date.prototype.toISOString() is one form of it)
    const ajv = new Ajv2020({ strict: true, allErrors: false, formats: { 'date-time': /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/i } });
    validator = ajv.compile(SCHEMA);
  }
  return validator(v) ? undefined : validator.errors;
}

/** `/records/3/spec/0` -> `records[3].spec[0]` (JSON Pointer, RFC 6901, to the path a reader types). */
function jsonPath(pointer: string): string {
  if (pointer === '') return '(the document)';
  return pointer.slice(1).split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((p, i) => (/^\d+$/.test(p) ? `[${p}]` : /^[A-Za-z_$][\w$]*$/.test(p) ? `${i === 0 ? '' : '.'}${p}` : `[${JSON.stringify(p)}]`)).join('');
}

/** A value for a one-line message: its JSON, cut to 60 characters. */
function shown(v: unknown): string {
  const j = JSON.stringify(v) ?? String(v);
  return j.length > 60 ? `${j.slice(0, 59)}…` : j;
}

function valueAt(doc: unknown, pointer: string): unknown {
  let v = doc;
  for (const p of pointer.split('/').slice(1)) v = (v as Record<string, unknown> | undefined)?.[p.replace(/~1/g, '/').replace(/~0/g, '~')];
  return v;
}

/** Check a parsed results file against the schema; returns the first problem, one line naming its JSON path, or
 *  undefined. The version is checked first: a file of another version gets that said, not its first difference. */
export function checkResults(v: unknown): string | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'not a JSON object';
  const d = v as Record<string, unknown>;
  if (d.version !== RESULTS_VERSION) return `results format version ${shown(d.version)}, expected ${RESULTS_VERSION}`;
  const errors = validate(v);
  if (errors === undefined || errors === null || errors.length === 0) return undefined;
  // the deepest error names the offending value best (a oneOf reports its branches' errors, then itself)
  const e = errors.reduce((best, x) => (x.instancePath.split('/').length > best.instancePath.split('/').length ? x : best));
  const path = jsonPath(e.instancePath);
  if (e.keyword === 'required') return `${path === '(the document)' ? '' : `${path}: `}missing ${(e.params as { missingProperty: string }).missingProperty}`;
  const allowed = e.keyword === 'enum' ? ` (${(e.params as { allowedValues: unknown[] }).allowedValues.map((x) => String(x)).join(', ')})` : '';
  return `${path} ${e.message ?? 'is invalid'}${allowed}, got ${shown(valueAt(v, e.instancePath))}`;
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
