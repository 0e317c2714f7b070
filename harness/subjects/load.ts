// Loading subject description files (subjects/*.json) and validating them against the published JSON Schema
// (subjects/subject.schema.json) with ajv: unknown keys, wrong types and out-of-range ports are one-line errors
// naming the file, the key path and the reason.

import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import type { AdapterSpec, SubjectSpec } from './types';
import { fromRoot } from '../paths';

/** The package's subjects folder (resolved from the package root, whatever the working directory). */
export const SUBJECTS_DIR = fromRoot('subjects');
/** The published schema of a subject file. */
export const SUBJECT_SCHEMA = join(SUBJECTS_DIR, 'subject.schema.json');

export class SubjectError extends Error {}

let validator: ValidateFunction | undefined;
function validate(): ValidateFunction {
  if (validator === undefined) {
    const ajv = new Ajv({ allErrors: false, discriminator: true, strict: true });
    validator = ajv.compile(JSON.parse(readFileSync(SUBJECT_SCHEMA, 'utf8')) as object);
  }
  return validator;
}

/** `adapter.port`, `lacks[1]`, or `(top level)`. */
function keyPath(e: ErrorObject): string {
  const parts = e.instancePath.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (e.keyword === 'additionalProperties') parts.push(String((e.params as { additionalProperty: string }).additionalProperty));
  if (e.keyword === 'required') parts.push(String((e.params as { missingProperty: string }).missingProperty));
  const path = parts.reduce((s, p) => (/^\d+$/.test(p) ? `${s}[${p}]` : s === '' ? p : `${s}.${p}`), '');
  return path === '' ? '(top level)' : path;
}

function reason(e: ErrorObject): string {
  switch (e.keyword) {
    case 'additionalProperties': return 'unknown key (see subjects/README.md for the keys)';
    case 'required': return 'is required';
    case 'enum': return `must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((x) => JSON.stringify(x)).join(', ')}`;
    case 'const': return `must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}`;
    case 'pattern': return e.instancePath === '/name' ? 'must be a safe file name: letters, digits, . _ - (it fills {subject} in output paths)' : `must match ${(e.params as { pattern: string }).pattern}`;
    case 'not': return e.instancePath === '/name' ? 'must not be . or ..' : String(e.message);
    case 'discriminator': return (e.params as { error: string }).error === 'mapping' ? 'unknown kind (adapter kinds: in-process, command, address; ready kinds: port, stdout)' : 'needs a string `kind`';
    default: return String(e.message);
  }
}

/** Validate one parsed subject description (a file's JSON, or a one-line target built by the CLI). */
export function parseSubject(v: unknown, where: string): SubjectSpec {
  const check = validate();
  if (!check(v)) {
    const e = check.errors![0];
    throw new SubjectError(`${where}: ${keyPath(e)}: ${reason(e)}`);
  }
  const o = v as { name: string; version?: string; role: SubjectSpec['role']; description?: string; parser?: string; maxJobs?: number; adapter: Record<string, unknown>; lacks?: string[] };
  const a = o.adapter;
  let adapter: AdapterSpec;
  if (a.kind === 'command') {
    adapter = { kind: 'command', argv: a.argv as string[], cwd: a.cwd as string | undefined, env: a.env as Record<string, string> | undefined,
      // a client command prints its result and exits; servers and proxies are ready when their port accepts
      ready: (a.ready as Extract<AdapterSpec, { kind: 'command' }>['ready'] | undefined) ?? { kind: 'port' }, readyTimeoutMs: a.readyTimeoutMs as number | undefined };
  } else adapter = a as unknown as AdapterSpec;
  return { name: o.name, version: o.version, role: o.role, description: o.description, ...(o.parser === undefined ? {} : { parser: o.parser }), ...(o.maxJobs === undefined ? {} : { maxJobs: o.maxJobs }), adapter, lacks: o.lacks ?? [] };
}

export function loadSubjectFile(file: string): SubjectSpec {
  let v: unknown;
  try {
    v = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new SubjectError(`${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  return parseSubject(v, file);
}

/** Every subject in a folder, by name. */
export function loadSubjects(dir: string = SUBJECTS_DIR): Map<string, SubjectSpec> {
  const out = new Map<string, SubjectSpec>();
  if (!existsSync(dir)) return out;
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.json') && !n.endsWith('.schema.json')).sort()) {
    const s = loadSubjectFile(join(dir, f));
    out.set(s.name, s);
  }
  return out;
}

/** Resolve `--subject` words: a name from the folder, or a path to a .json file. */
export function resolveSubjects(words: readonly string[], dir: string = SUBJECTS_DIR): SubjectSpec[] {
  const known = loadSubjects(dir);
  return words.map((w) => {
    if (w.endsWith('.json')) return loadSubjectFile(w);
    const s = known.get(w);
    if (s === undefined) throw new SubjectError(`unknown subject \`${w}\` (known: ${[...known.keys()].join(', ')})`);
    return s;
  });
}
