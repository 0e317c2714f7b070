// Loading and validating subject description files (subjects/*.json); one-line reasons for bad files.

import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ROLES, type Role } from '../fixture';
import type { AdapterSpec, SubjectSpec } from './types';

/** The repository's subjects folder. */
export const SUBJECTS_DIR = resolve(__dirname, '../../subjects');

export class SubjectError extends Error {}

function str(o: Record<string, unknown>, key: string, where: string, optional = false): string | undefined {
  const v = o[key];
  if (v === undefined && optional) return undefined;
  if (typeof v !== 'string' || v === '') throw new SubjectError(`${where}: \`${key}\` must be a non-empty string`);
  return v;
}

function adapterOf(v: unknown, where: string, role: Role): AdapterSpec {
  if (typeof v !== 'object' || v === null) throw new SubjectError(`${where}: \`adapter\` must be an object`);
  const a = v as Record<string, unknown>;
  switch (a.kind) {
    case 'in-process':
      if (a.implementation !== 'reference' && a.implementation !== 'node') throw new SubjectError(`${where}: in-process \`implementation\` must be "reference" or "node"`);
      return { kind: 'in-process', implementation: a.implementation };
    case 'command': {
      if (!Array.isArray(a.argv) || a.argv.length === 0 || !a.argv.every((x) => typeof x === 'string')) throw new SubjectError(`${where}: command \`argv\` must be a non-empty array of strings`);
      // a client command prints its result and exits: it never listens, so readiness does not apply
      const r = (a.ready ?? (role === 'client' ? { kind: 'port' } : undefined)) as Record<string, unknown> | undefined;
      const ready = r?.kind === 'port' ? { kind: 'port' as const }
        : r?.kind === 'stdout' && typeof r.match === 'string' ? { kind: 'stdout' as const, match: r.match } : undefined;
      if (ready === undefined) throw new SubjectError(`${where}: command \`ready\` must be {"kind":"port"} or {"kind":"stdout","match":"..."}`);
      const env = a.env as Record<string, string> | undefined;
      const readyTimeoutMs = typeof a.readyTimeoutMs === 'number' ? a.readyTimeoutMs : undefined;
      return { kind: 'command', argv: a.argv as string[], cwd: str(a, 'cwd', where, true), env, ready, readyTimeoutMs };
    }
    case 'address':
      if (typeof a.port !== 'number' || !Number.isInteger(a.port)) throw new SubjectError(`${where}: address \`port\` must be an integer`);
      return { kind: 'address', host: str(a, 'host', where)!, port: a.port };
    default:
      throw new SubjectError(`${where}: \`adapter.kind\` must be "in-process", "command" or "address"`);
  }
}

/** Validate one parsed subject description. */
export function parseSubject(v: unknown, where: string): SubjectSpec {
  if (typeof v !== 'object' || v === null) throw new SubjectError(`${where}: a subject must be a JSON object`);
  const o = v as Record<string, unknown>;
  const name = str(o, 'name', where)!;
  if (!ROLES.includes(o.role as Role)) throw new SubjectError(`${where}: \`role\` must be one of ${ROLES.join(', ')}`);
  const lacks = o.lacks ?? [];
  if (!Array.isArray(lacks) || !lacks.every((x) => typeof x === 'string')) throw new SubjectError(`${where}: \`lacks\` must be an array of strings`);
  return {
    name,
    version: str(o, 'version', where, true),
    role: o.role as Role,
    description: str(o, 'description', where, true),
    adapter: adapterOf(o.adapter, where, o.role as Role),
    lacks: lacks as string[],
  };
}

export function loadSubjectFile(file: string): SubjectSpec {
  let v: unknown;
  try {
    v = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new SubjectError(`${file}: ${(e as Error).message}`);
  }
  return parseSubject(v, file);
}

/** Every subject in a folder, by name. */
export function loadSubjects(dir: string = SUBJECTS_DIR): Map<string, SubjectSpec> {
  const out = new Map<string, SubjectSpec>();
  if (!existsSync(dir)) return out;
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
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
