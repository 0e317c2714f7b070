// A small command-line flag parser: declared flags only, one-line usage errors (exit 2), never a stack trace.

export type FlagType = 'string' | 'number' | 'boolean';

export interface FlagSpec {
  readonly type: FlagType;
  readonly help: string;
  readonly arg?: string;
  /** numbers: the least and greatest accepted value (inclusive); out of range is a usage error */
  readonly min?: number;
  readonly max?: number;
  /** numbers: whole numbers only */
  readonly integer?: boolean;
}

export type Flags = Readonly<Record<string, FlagSpec>>;

export type Values = Record<string, string | number | boolean | undefined>;

/** One CLI verb (harness/commands/<verb>.ts): its usage line, description, flags and what it does. */
export interface Command {
  readonly usage: string;
  readonly summary: string;
  readonly flags: Flags;
  run(values: Values, positional: string[]): number | Promise<number>;
}

export interface Parsed {
  readonly values: Values;
  readonly positional: string[];
}

/** A usage problem: printed as one line, exit status 2. */
export class UsageError extends Error {}

export function parseArgs(command: string, argv: readonly string[], flags: Flags): Parsed {
  const values: Values = {};
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') { positional.push(...argv.slice(i + 1)); break; }
    if (!a.startsWith('-') || a === '-') { positional.push(a); continue; }
    if (a === '-h' || a === '--help') { values.help = true; continue; }
    const eq = a.indexOf('=');
    const name = a.slice(2, eq < 0 ? undefined : eq);
    const spec = a.startsWith('--') ? flags[name] : undefined;
    if (spec === undefined) throw new UsageError(`h1compat ${command}: unknown option ${a.slice(0, eq < 0 ? undefined : eq)} (see h1compat ${command} --help)`);
    if (spec.type === 'boolean') {
      if (eq >= 0) throw new UsageError(`h1compat ${command}: --${name} takes no value`);
      values[name] = true;
      continue;
    }
    const raw = eq >= 0 ? a.slice(eq + 1) : argv[++i];
    if (raw === undefined || (eq < 0 && raw.startsWith('--'))) throw new UsageError(`h1compat ${command}: --${name} needs a value`);
    if (spec.type === 'number') {
      const n = Number(raw);
      if (!Number.isFinite(n) || n < 0 || raw.trim() === '') throw new UsageError(`h1compat ${command}: --${name} must be a non-negative number, got \`${raw}\``);
      if (spec.integer === true && !Number.isInteger(n)) throw new UsageError(`h1compat ${command}: --${name} must be a whole number, got \`${raw}\``);
      if ((spec.min !== undefined && n < spec.min) || (spec.max !== undefined && n > spec.max)) {
        throw new UsageError(`h1compat ${command}: --${name} must be ${spec.max === undefined ? `at least ${spec.min}` : `${spec.min ?? 0}-${spec.max}`}, got \`${raw}\``);
      }
      values[name] = n;
    } else values[name] = raw;
  }
  return { values, positional };
}

export function helpText(usage: string, summary: string, flags: Flags): string {
  const rows = Object.entries(flags).map(([name, f]) => [`--${name}${f.type === 'boolean' ? '' : ` ${f.arg ?? (f.type === 'number' ? 'N' : 'VALUE')}`}`, f.help]);
  rows.push(['--help, -h', 'show this help']);
  const w = Math.max(...rows.map((r) => r[0].length));
  return [`usage: ${usage}`, '', summary, '', 'options:', ...rows.map(([a, b]) => `  ${a.padEnd(w)}  ${b}`)].join('\n');
}

/** Split a comma list: `a,b, c` -> ['a', 'b', 'c']. */
export function list(v: unknown): string[] {
  return typeof v === 'string' ? v.split(',').map((x) => x.trim()).filter((x) => x !== '') : [];
}
