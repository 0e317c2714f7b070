// npm run matrix: install what the real-world subjects need, run every available one, write reports/compat/ (results per subject, HTML matrix, README).

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { parseSubject } from '../harness/subjects/load';
import type { SubjectSpec } from '../harness/subjects/types';
import type { ResultRecord, ResultsDocument } from '../reports/results-model';

export const ROOT = resolve(__dirname, '..');
/** The real-world subject files (subjects/matrix/*.json), kept apart from subjects/ so that `npm start` needs none of them. */
export const MATRIX_DIR = join(ROOT, 'subjects/matrix');
/** Built-in subjects the matrix runs too, by name (subjects/*.json). */
export const BUILT_IN: readonly { name: string; needs: string[]; version?: string[]; how: string; parser: string }[] = [
  { name: 'reference', needs: [], how: 'built in (impl/)', parser: 'h1compat reference' },
  { name: 'node', needs: [], how: 'built in (node:http)', parser: 'llhttp' },
  { name: 'node-client', needs: [], how: 'built in (node:http)', parser: 'llhttp' },
  { name: 'undici-request', needs: [], version: ['node', '-p', "'undici ' + require('undici/package.json').version"], how: 'npm (package.json)', parser: 'llhttp' },
  { name: 'undici-fetch', needs: [], version: ['node', '-p', "'undici ' + require('undici/package.json').version"], how: 'npm (package.json)', parser: 'llhttp' },
  { name: 'undici-pipelining', needs: [], version: ['node', '-p', "'undici ' + require('undici/package.json').version"], how: 'npm (package.json)', parser: 'llhttp' },
  { name: 'curl', needs: ['curl'], version: ['curl', '--version'], how: 'Debian curl', parser: 'curl' },
];
/** Delivery modes: whole and byte-by-byte are the two ends of segmentation; random splits add little over TCP. */
export const DELIVERIES = 'whole,byte-by-byte';

/** What a subject file says about installing and checking its runtime (the `matrix` member). */
export interface MatrixInfo {
  readonly apt: string[];
  readonly npm: boolean;
  readonly needs: string[];
  readonly build?: string[];
  readonly version?: string[];
}

export interface MatrixSubject {
  readonly spec: SubjectSpec;
  readonly info: MatrixInfo;
  readonly how: string;
  /** the HTTP/1.1 parser family (the subject file's `parser`) */
  readonly parser: string;
}

/** Where the registry-based runtimes come from: the target of subjects/install.sh named by a subject's `build`. */
const INSTALL_FROM: Readonly<Record<string, string>> = { js: 'npm (bun, deno packages)', venv: 'PyPI (venv)', go: 'Go modules', rust: 'crates.io (cargo)', java: 'Maven Central' };

const strings = (v: unknown): string[] => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : []);

/** Fill the matrix's own placeholders: {root} (this repository) and {out} (out/matrix: built binaries). */
export function fill(s: string, out: string): string {
  return s.split('{root}').join(ROOT).split('{out}').join(out);
}

/** Load and validate one matrix subject file; throws with `file: reason` when malformed. */
export function loadMatrixSubject(file: string, out: string): MatrixSubject {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const spec = parseSubject(raw, file);
  const m = (raw.matrix ?? {}) as Record<string, unknown>;
  if (typeof m !== 'object' || m === null) throw new Error(`${file}: \`matrix\` must be an object`);
  const info: MatrixInfo = { apt: strings(m.apt), npm: m.npm === true, needs: strings(m.needs), build: m.build === undefined ? undefined : strings(m.build), version: m.version === undefined ? undefined : strings(m.version) };
  if (info.version !== undefined && info.version.length === 0) throw new Error(`${file}: \`matrix.version\` must be a command (array of strings)`);
  const a = spec.adapter;
  const adapter = a.kind === 'command' ? { ...a, argv: a.argv.map((x) => fill(x, out)), ...(a.cwd !== undefined ? { cwd: fill(a.cwd, out) } : {}) } : a;
  const target = info.build !== undefined && info.build.some((x) => x.endsWith('subjects/install.sh')) ? info.build[info.build.findIndex((x) => x.endsWith('subjects/install.sh')) + 1] : undefined;
  const how = info.npm ? 'npm (subjects/echo/node/package.json)' : target !== undefined ? INSTALL_FROM[target] ?? `subjects/install.sh ${target}` : info.apt.length > 0 ? `Debian ${info.apt.join(', ')}` : 'built in';
  const parser = typeof raw.parser === 'string' ? raw.parser : 'unknown';
  return { spec: { ...spec, adapter }, info: { ...info, build: info.build?.map((x) => fill(x, out)), version: info.version?.map((x) => fill(x, out)) }, how, parser };
}

export function loadMatrixSubjects(dir: string, out: string): MatrixSubject[] {
  return readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => loadMatrixSubject(join(dir, f), out));
}

/** Is a command on PATH (or an absolute path that exists)? */
export function onPath(cmd: string, path = process.env.PATH ?? ''): boolean {
  if (cmd.includes('/')) return existsSync(cmd);
  return path.split(delimiter).some((d) => d !== '' && existsSync(join(d, cmd)));
}

/** The first line of a command's output (stdout, else stderr), or undefined when it cannot run or fails. */
export function versionOf(argv: readonly string[]): string | undefined {
  const r = spawnSync(argv[0], argv.slice(1), { cwd: ROOT, encoding: 'utf8', timeout: 20000 });
  if (r.error !== undefined || r.status !== 0) return undefined;
  const line = `${r.stdout}\n${r.stderr}`.split('\n').map((l) => l.trim()).find((l) => l !== '');
  // the product and its version, not the build details (curl lists its libraries, haproxy its release date)
  return line?.replace(/^Server version:\s*/, '').replace(/^(curl \S+).*/, '$1').replace(/^(HAProxy version \S+).*/, '$1').replace(/^(lighttpd\/\S+).*/, '$1').replace(/ built on .*/, '').replace(/ revision [0-9a-f]+/, '').slice(0, 80);
}

/** Why a subject cannot run here (one line), or undefined when it can; `failed`: install failures by subject name. */
export function missingRuntime(s: MatrixSubject, failed: ReadonlyMap<string, string> = new Map()): string | undefined {
  const f = failed.get(s.spec.name);
  if (f !== undefined) return f;
  const gone = s.info.needs.filter((c) => !onPath(c));
  if (gone.length > 0) return `${gone.join(', ')} not found${s.info.apt.length > 0 ? ` (Debian: apt-get install ${s.info.apt.join(' ')})` : ''}`;
  if (s.info.npm && !existsSync(join(ROOT, 'subjects/echo/node/node_modules'))) return 'npm packages of subjects/echo/node not installed (npm ci --prefix subjects/echo/node)';
  const a = s.spec.adapter;
  if (a.kind === 'command' && a.argv[0].includes('/') && !existsSync(a.argv[0])) return `${a.argv[0]} does not exist${s.info.build !== undefined ? ' (build failed?)' : ''}`;
  if (s.info.version !== undefined && versionOf(s.info.version) === undefined) return `\`${s.info.version.join(' ')}\` failed (runtime or module missing${s.info.apt.length > 0 ? `; Debian: ${s.info.apt.join(' ')}` : ''})`;
  return undefined;
}

const log = (line: string): void => { process.stdout.write(`${line}\n`); };

/** Run one install step with its output in `logFile`; prints what it runs and how long it took. */
function step(what: string, argv: readonly string[], logFile: string, timeoutMs: number, env: NodeJS.ProcessEnv = process.env): { ok: boolean; message: string } {
  log(`install: ${what}: ${argv.join(' ')}`);
  const t0 = Date.now();
  const r = spawnSync(argv[0], argv.slice(1), { cwd: ROOT, encoding: 'utf8', timeout: timeoutMs, env, maxBuffer: 64 << 20 });
  const text = `${r.stdout ?? ''}${r.stderr ?? ''}${r.error !== undefined ? `\n${r.error.message}` : ''}`;
  writeFileSync(logFile, text);
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  if (r.status === 0) { log(`install: ${what}: done in ${secs} s`); return { ok: true, message: '' }; }
  const tail = text.trim().split('\n').slice(-6).join(' | ').slice(-600);
  const message = `install step \`${argv.join(' ')}\` failed (${r.error !== undefined ? r.error.message : `exit ${r.status}`}) after ${secs} s; log ${logFile}: ${tail}`;
  log(`install: ${what}: FAILED in ${secs} s (log: ${logFile})\n  ${tail}`);
  return { ok: false, message };
}

/** Install what is missing, idempotently: Debian packages (only as root with apt-get) for subjects whose commands or
 *  version checks fail, the npm frameworks, then each distinct `build` command (subjects/install.sh TARGET: npm,
 *  PyPI, Go modules, crates.io, Maven Central; each is quick when already done). Returns the install failures by
 *  subject name (the reason, with the log's last lines); a failure never stops the matrix. */
export function install(subjects: readonly MatrixSubject[], out: string): Map<string, string> {
  const failed = new Map<string, string>();
  const logs = join(out, 'install');
  mkdirSync(logs, { recursive: true });
  // a subject whose command is missing, or whose version check fails (a Python module, a Ruby gem), gets its packages
  const broken = (s: MatrixSubject): boolean => s.info.needs.some((c) => !onPath(c)) || (!s.info.npm && s.info.version !== undefined && s.info.build === undefined && versionOf(s.info.version) === undefined);
  const apt = [...new Set(subjects.filter(broken).flatMap((s) => s.info.apt))];
  if (apt.length > 0) {
    if (process.getuid?.() === 0 && onPath('apt-get')) {
      const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
      const args = ['apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...apt];
      let r = step(`Debian packages ${apt.join(' ')}`, args, join(logs, 'apt.log'), 900000, env);
      if (!r.ok) {
        step('apt-get update', ['apt-get', 'update', '-qq'], join(logs, 'apt-update.log'), 300000, env);
        r = step(`Debian packages ${apt.join(' ')}`, args, join(logs, 'apt.log'), 900000, env);
      }
      if (!r.ok) for (const s of subjects.filter((x) => x.info.apt.some((p) => apt.includes(p)))) if (broken(s)) failed.set(s.spec.name, r.message);
    } else log(`not installing ${apt.join(' ')}: needs root and apt-get (the subjects that need them are skipped)`);
  }
  const nodeDir = join(ROOT, 'subjects/echo/node');
  if (subjects.some((s) => s.info.npm) && !existsSync(join(nodeDir, 'node_modules')) && onPath('npm')) {
    const r = step('the npm frameworks of subjects/echo/node', ['npm', 'ci', '--no-audit', '--no-fund', '--prefix', nodeDir], join(logs, 'npm-ci.log'), 300000);
    if (!r.ok) for (const s of subjects.filter((x) => x.info.npm)) failed.set(s.spec.name, r.message);
  }
  const builds = new Map<string, MatrixSubject[]>();
  for (const s of subjects) {
    if (s.info.build === undefined || failed.has(s.spec.name)) continue;
    const key = s.info.build.join(' ');
    builds.set(key, [...(builds.get(key) ?? []), s]);
  }
  for (const [key, users] of builds) {
    const b = users[0].info.build!;
    if (!onPath(b[0])) { for (const s of users) failed.set(s.spec.name, `${b[0]} not found (needed to build: ${key})`); continue; }
    const gone = users.flatMap((s) => s.info.needs).filter((c) => !onPath(c));
    if (gone.length > 0) { for (const s of users) failed.set(s.spec.name, `${[...new Set(gone)].join(', ')} not found (needed by ${key})`); continue; }
    const slug = b.slice(1).map((x) => x.split('/').pop()).join('-').replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 80);
    const r = step(`${users.map((s) => s.spec.name).join(', ')}`, b, join(logs, `${slug}.log`), 45 * 60000, { ...process.env, GOFLAGS: '' });
    if (!r.ok) for (const s of users) failed.set(s.spec.name, r.message);
  }
  return failed;
}

export interface Planned {
  readonly spec: SubjectSpec;
  readonly version: string;
  readonly how: string;
  readonly parser: string;
  /** file given to `h1compat run --subject` */
  readonly file?: string;
  /** how long its run took (filled in after the run) */
  seconds?: number;
}

/** Run one subject in a child `h1compat run` (its own process: a crash or hang stays there), bounded. */
function runOne(p: Planned, out: string, jobs: number, limitMs: number): Promise<{ ms: number; status: number | null }> {
  const dir = join(out, 'run', p.spec.name);
  mkdirSync(dir, { recursive: true });
  const args = [join(ROOT, 'bin/h1compat.js'), 'run', '--subject', p.file ?? p.spec.name, '--delivery', DELIVERIES, '--jobs', String(jobs), '--out', dir, '--tap'];
  const t0 = Date.now();
  return new Promise((done) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => chunks.push(c));
    const timer = setTimeout(() => { log(`${p.spec.name}: still running after ${limitMs / 1000} s, stopped (partial results kept)`); child.kill('SIGINT'); setTimeout(() => child.kill('SIGKILL'), 5000); }, limitMs);
    child.on('close', (status) => {
      clearTimeout(timer);
      writeFileSync(join(dir, 'log.txt'), Buffer.concat(chunks));
      done({ ms: Date.now() - t0, status });
    });
  });
}

/** Shrink a results document for committing. Records whose verdict is pass, skip or info keep their verdict,
 *  reason, status lines and connection outcome, but no wire log, response fields/bodies or echoed requests (the
 *  fixture says what was sent; `h1compat run` reproduces the details). fail and warn records keep their wire log
 *  (8 entries, `wireCap` characters each) and observation, with response bodies cut to 256 base64 characters. */
export function compact(doc: ResultsDocument, wireCap = 512): ResultsDocument {
  const cap = (s: string): string => (s.length > wireCap ? `${s.slice(0, wireCap)}[… ${s.length - wireCap} more characters not kept]` : s);
  const BODY = 256;
  const quiet = (v: string): boolean => v === 'pass' || v === 'skip' || v === 'info';
  return {
    ...doc,
    run: { ...doc.run, subjects: doc.run.subjects.map((s) => ({ ...s, ...(s.stdout !== undefined ? { stdout: cap(s.stdout) } : {}), ...(s.stderr !== undefined ? { stderr: cap(s.stderr) } : {}) })) },
    records: doc.records.map((r): ResultRecord => {
      const o = r.observed;
      if (quiet(r.verdict)) {
        return { ...r, wire: [], mismatches: [], ...(o !== undefined ? { observed: { ...o, requests: [], responses: o.responses.map((x) => ({ ...x, fields: [], trailers: [], body: '', bodyTruncated: x.bodyLength > 0 })) } } : {}) };
      }
      return {
        ...r,
        wire: r.wire.slice(0, 8).map((w) => ({ ...w, octets: cap(w.octets) })),
        ...(o !== undefined ? { observed: { ...o, responses: o.responses.map((x) => (x.body.length > BODY ? { ...x, body: x.body.slice(0, BODY), bodyTruncated: true } : x)) } } : {}),
      };
    }),
  };
}

/** Area of a record: the fixture's folder under its role (fixtures/server/chunked/x.h1 -> chunked). */
export function areaOf(r: Pick<ResultRecord, 'file' | 'role'>): string {
  const parts = r.file.split('/');
  return parts[0] === 'fixtures' && parts.length >= 4 ? parts[2] : parts[1] ?? '?';
}

type Tally = Record<'pass' | 'warn' | 'fail' | 'info' | 'skip' | 'error', number>;
const zero = (): Tally => ({ pass: 0, warn: 0, fail: 0, info: 0, skip: 0, error: 0 });

/** Fixture areas in the order a maintainer should read their failures: message framing (smuggling) first. */
const AREA_WEIGHT: readonly string[] = ['smuggling', 'transfer-encoding', 'content-length', 'chunked', 'framing', 'request-line', 'host', 'hop-by-hop', 'connection', 'fields', 'target', 'via'];
const weight = (area: string): number => { const i = AREA_WEIGHT.indexOf(area); return i < 0 ? AREA_WEIGHT.length : i; };

/** The failed MUST fixtures of one subject, most important first (framing areas first, then failed in more deliveries). */
export function topFindings(records: readonly ResultRecord[], n: number): ResultRecord[] {
  const by = new Map<string, { r: ResultRecord; count: number }>();
  for (const r of records) {
    if (r.verdict !== 'fail') continue;
    const e = by.get(r.fixture);
    if (e === undefined) by.set(r.fixture, { r, count: 1 }); else e.count++;
  }
  return [...by.values()].sort((a, b) => weight(areaOf(a.r)) - weight(areaOf(b.r)) || b.count - a.count || a.r.fixture.localeCompare(b.r.fixture)).slice(0, n).map((x) => x.r);
}

const link = (r: Pick<ResultRecord, 'fixture' | 'file'>): string => `[\`${r.fixture}\`](../../${r.file})`;

/** The README of reports/compat: a scan table (subject, version, parser, MUST fails, SHOULD warns, top findings), the
 *  subjects with how they were installed and run times, results by parser family and by area, the divergences. */
export function renderReadme(docs: readonly { doc: ResultsDocument; planned: Planned }[], skipped: readonly string[], seconds: number, divergences: string): string {
  const L: string[] = [];
  const esc = (x: string): string => x.replace(/\|/g, '/');
  L.push('# Compatibility report', '');
  L.push(`Generated by \`npm run matrix\` (scripts/matrix.ts) in ${Math.round(seconds)} s on ${new Date().toISOString().slice(0, 10)}, h1compat at git ${docs[0]?.doc.run.git?.slice(0, 10) ?? 'unknown'}, Node.js ${process.version}.`);
  L.push(`Every fixture of a subject's role, delivered \`${DELIVERIES}\` (over loopback TCP for command subjects, in memory for the built-in servers). Counts are fixture × delivery records; fuzz candidates are not run.`, '');
  L.push('| subject | role | version | parser family | MUST fails | SHOULD warns | most important failures (fixture ids) |', '|---|---|---|---|---:|---:|---|');
  for (const { doc, planned } of docs) {
    const fails = doc.records.filter((r) => r.verdict === 'fail').length;
    const warns = doc.records.filter((r) => r.verdict === 'warn').length;
    L.push(`| ${planned.spec.name} | ${planned.spec.role} | ${esc(planned.version)} | ${esc(planned.parser)} | ${fails} | ${warns} | ${topFindings(doc.records, 3).map(link).join(', ') || '—'} |`);
  }
  L.push('', 'Per-subject results: `results/<subject>.json`, in a compact form (pass, skip and info records keep verdict, reason, statuses and connection outcome but no wire log or bodies; fail and warn records keep the wire log, capped at 512 characters per entry and 8 entries, and response bodies cut to 256 base64 characters). The matrix with a drill-down to the bytes of every fail and warn: `index.html` (the `whole` delivery, to keep the page a few MB).', '');
  L.push('RFC 9110 origin semantics (the `semantics` fixtures: Date, HEAD, conditional requests, Range, OPTIONS/405, TRACE on the static resource of `harness/echo/RESOURCE.md`) for nginx, Apache httpd, Caddy, lighttpd and h2o as static origins beside the reference and node:http: [`semantics.md`](semantics.md) (rendered by `h1compat report --format md` from [`semantics-results.json`](semantics-results.json)); the divergences checked by hand are items 42-53 of [`divergences.md`](divergences.md).', '');
  L.push('## Subjects', '', '| subject | role | version | installed from | run (s) | pass | warn | fail | info | skip | error |', '|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const { doc, planned } of docs) {
    const t = zero();
    for (const r of doc.records) t[r.verdict]++;
    L.push(`| ${planned.spec.name} | ${planned.spec.role} | ${esc(planned.version)} | ${planned.how} | ${planned.seconds !== undefined ? planned.seconds.toFixed(0) : '—'} | ${t.pass} | ${t.warn} | ${t.fail} | ${t.info} | ${t.skip} | ${t.error} |`);
  }
  if (skipped.length > 0) L.push('', 'Not run on this machine:', '', ...skipped.map((s) => `- ${s}`));
  L.push(...renderFamilies(docs));
  for (const role of ['server', 'proxy', 'client'] as const) {
    const mine = docs.filter((d) => d.planned.spec.role === role);
    if (mine.length === 0) continue;
    const areas = [...new Set(mine.flatMap((d) => d.doc.records.map(areaOf)))].sort();
    L.push('', `## ${role[0].toUpperCase()}${role.slice(1)} role by area (pass / warn / fail)`, '', `| subject | ${areas.join(' | ')} |`, `|---|${areas.map(() => '---').join('|')}|`);
    for (const { doc, planned } of mine) {
      const by = new Map<string, Tally>(areas.map((a) => [a, zero()]));
      for (const r of doc.records) by.get(areaOf(r))![r.verdict]++;
      L.push(`| ${planned.spec.name} | ${areas.map((a) => { const t = by.get(a)!; return `${t.pass}/${t.warn}/${t.fail}`; }).join(' | ')} |`);
    }
  }
  L.push('', divergences.trim(), '');
  return L.join('\n');
}

/** Results by parser family and role: the subjects sharing a parser, and the MUST fixtures that fail on every one of
 *  them (one finding of the parser, not one per subject) or on some of them (more likely the framework's own). */
export function renderFamilies(docs: readonly { doc: ResultsDocument; planned: Planned }[]): string[] {
  const L: string[] = ['', '## By parser family', '',
    'Subjects that share an HTTP/1.1 parser, per role. "Failed by all" are MUST fixtures that fail on every subject of the family: count them once, as a finding of the parser; "failed by some" differ between the family\'s subjects (their framework, echo application or version).', '',
    '| parser family | role | subjects | failed by all (MUST fixtures) | failed by some |', '|---|---|---|---|---:|'];
  const groups = new Map<string, { doc: ResultsDocument; planned: Planned }[]>();
  for (const d of docs) {
    const key = `${d.planned.parser}\u0000${d.planned.spec.role}`;
    groups.set(key, [...(groups.get(key) ?? []), d]);
  }
  const single: string[] = [];
  for (const [key, members] of [...groups].sort((a, b) => a[0].localeCompare(b[0]))) {
    const [parser, role] = key.split('\u0000');
    if (members.length === 1) { single.push(`${members[0].planned.spec.name} (${parser}, ${role})`); continue; }
    const failing = members.map((m) => new Map(m.doc.records.filter((r) => r.verdict === 'fail').map((r) => [r.fixture, r])));
    const union = new Map<string, ResultRecord>();
    for (const f of failing) for (const [id, r] of f) union.set(id, r);
    const all = [...union.values()].filter((r) => failing.every((f) => f.has(r.fixture))).sort((a, b) => weight(areaOf(a)) - weight(areaOf(b)) || a.fixture.localeCompare(b.fixture));
    const shown = `${all.length}: ${all.slice(0, 8).map(link).join(', ')}${all.length > 8 ? ', …' : ''}`;
    L.push(`| ${parser.replace(/\|/g, '/')} | ${role} | ${members.map((m) => m.planned.spec.name).join(', ')} | ${shown} | ${union.size - all.length} |`);
  }
  if (single.length > 0) L.push('', `The only subject of its parser family in its role: ${single.join('; ')}.`);
  return L;
}

function flag(argv: readonly string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
}

async function main(argv: readonly string[]): Promise<number> {
  if (argv.includes('--help')) {
    log('usage: npm run matrix -- [--only a,b] [--jobs N (servers, default 8)] [--role-jobs N (clients, proxies: 8)] [--parallel N (subjects at once: 3)] [--no-install] [--report-only] [--out DIR] [--subjects DIR]\n'
      + 'Installs what the real-world subjects need (Debian packages as root, npm frameworks, Go binaries), runs every available subject\n'
      + `over all fixtures of its role (${DELIVERIES}), writes results/<subject>.json, index.html and README.md to reports/compat/ (default).`);
    return 0;
  }
  const t0 = Date.now();
  const outDir = resolve(flag(argv, 'out') ?? join(ROOT, 'reports/compat'));
  const work = join(ROOT, 'out/matrix');
  const only = (flag(argv, 'only') ?? '').split(',').filter((x) => x !== '');
  const jobs = Number(flag(argv, 'jobs') ?? 8);
  // a JVM or a proxy is started per client/proxy replay: 8 at once keep start-up within the harness's 10 s
  const roleJobs = Number(flag(argv, 'role-jobs') ?? 8);
  const parallel = Number(flag(argv, 'parallel') ?? 3);
  mkdirSync(work, { recursive: true });
  const subjects = loadMatrixSubjects(resolve(flag(argv, 'subjects') ?? MATRIX_DIR), work).filter((s) => only.length === 0 || only.includes(s.spec.name));
  // --report-only: no install, no runs; the README, HTML and results of reports/compat from the last runs' results
  const reportOnly = argv.includes('--report-only');
  const failed = argv.includes('--no-install') || reportOnly ? new Map<string, string>() : install(subjects, work);
  const planned: Planned[] = [];
  const skipped: string[] = [];
  for (const b of BUILT_IN.filter((x) => only.length === 0 || only.includes(x.name))) {
    const gone = b.needs.filter((c) => !onPath(c));
    if (gone.length > 0) { skipped.push(`${b.name}: ${gone.join(', ')} not found`); log(`skip ${b.name}: ${gone.join(', ')} not found`); continue; }
    const spec = JSON.parse(readFileSync(join(ROOT, 'subjects', `${b.name}.json`), 'utf8')) as SubjectSpec;
    planned.push({ spec: parseSubject(spec, b.name), version: b.version !== undefined ? versionOf(b.version) ?? 'unknown' : '', how: b.how, parser: b.parser });
  }
  mkdirSync(join(work, 'subjects'), { recursive: true });
  for (const s of subjects) {
    const why = missingRuntime(s, failed);
    if (why !== undefined) { skipped.push(`${s.spec.name}: ${why}`); log(`skip ${s.spec.name}: ${why}`); continue; }
    const version = s.info.version !== undefined ? versionOf(s.info.version) ?? 'unknown' : 'unknown';
    const file = join(work, 'subjects', `${s.spec.name}.json`);
    writeFileSync(file, JSON.stringify({ ...s.spec, version }, null, 2));
    planned.push({ spec: s.spec, version, how: s.how, parser: s.parser, file });
  }
  log(`running ${planned.length} subject(s), ${parallel} at a time, --jobs ${jobs}: ${planned.map((p) => p.spec.name).join(', ')}`);
  // longest first, by the previous run's duration when there is one (else servers first: they have the most
  // fixtures), so that the tail of the run is short
  const lastMs = (p: Planned): number => {
    try {
      const d = JSON.parse(readFileSync(join(work, 'run', p.spec.name, 'results.json'), 'utf8')) as ResultsDocument;
      return Date.parse(d.run.finishedAt ?? '') - Date.parse(d.run.startedAt) || 0;
    } catch {
      return p.spec.role === 'server' ? 1 : 0;
    }
  };
  const order = planned.map((p) => ({ p, ms: lastMs(p) })).sort((a, b) => b.ms - a.ms).map((x) => x.p);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < order.length) {
      const p = order[next++];
      // client and proxy replays mostly wait (a process or proxy started per replay, bounded waits): more in flight
      // a JVM per client replay is the heaviest start of all: fewer at once keep each within the harness's 10 s
      const jvm = p.spec.role === 'client' && p.spec.adapter.kind === 'command' && p.spec.adapter.argv[0] === 'java';
      const r = await runOne(p, work, p.spec.role === 'server' ? jobs : jvm ? Math.min(3, roleJobs) : roleJobs, 10 * 60 * 1000);
      p.seconds = r.ms / 1000;
      log(`${p.spec.name}: done in ${(r.ms / 1000).toFixed(1)} s (exit ${r.status})`);
    }
  };
  if (!reportOnly) await Promise.all(Array.from({ length: Math.max(1, Math.min(parallel, order.length)) }, worker));
  for (const p of planned) if (p.seconds === undefined && lastMs(p) > 1) p.seconds = lastMs(p) / 1000;
  mkdirSync(join(outDir, 'results'), { recursive: true });
  for (const f of readdirSync(join(outDir, 'results'))) rmSync(join(outDir, 'results', f));
  const docs: { doc: ResultsDocument; planned: Planned }[] = [];
  for (const p of planned) {
    const file = join(work, 'run', p.spec.name, 'results.json');
    if (!existsSync(file)) { skipped.push(`${p.spec.name}: the run wrote no results (see out/matrix/run/${p.spec.name}/log.txt)`); continue; }
    const doc = compact(JSON.parse(readFileSync(file, 'utf8')) as ResultsDocument);
    const version = p.version !== '' ? p.version : doc.run.subjects[0]?.version ?? 'unknown';
    const fixed: ResultsDocument = { ...doc, run: { ...doc.run, subjects: doc.run.subjects.map((s) => ({ ...s, version })) } };
    writeFileSync(join(outDir, 'results', `${p.spec.name}.json`), JSON.stringify(fixed));
    docs.push({ doc: fixed, planned: { ...p, version } });
  }
  // one results document with every subject, rendered by `h1compat report --format html`
  const [first] = docs;
  if (first !== undefined) {
    // the HTML holds the whole delivery of the corpus fixtures (byte-by-byte and the fuzz candidates, MAY items with
    // info verdicts, are in results/*.json and the README tables): a page of a few MB instead of tens
    const shown = (r: ResultRecord): boolean => r.delivery === 'whole' && !r.file.startsWith('fixtures/fuzz-candidates/');
    const all: ResultsDocument = { ...first.doc, run: { ...first.doc.run, options: { ...first.doc.run.options, subjects: docs.map((d) => d.planned.spec.name), deliveries: ['whole'] }, subjects: docs.flatMap((d) => d.doc.run.subjects) }, records: docs.flatMap((d) => d.doc.records.filter(shown)) };
    const allFile = join(work, 'all.json');
    writeFileSync(allFile, JSON.stringify(all));
    spawnSync(process.execPath, [join(ROOT, 'bin/h1compat.js'), 'report', '--results', allFile, '--format', 'html', '--out', join(outDir, 'index.html')], { stdio: 'inherit', cwd: ROOT });
  }
  // the RFC 9110 semantics section: the records of the semantics fixtures (fixtures/server/semantics/) of every server
  // that serves the resource of harness/echo/RESOURCE.md (does not lack `resource`: the reference, node:http and the
  // web servers as origins), from the runs above, as one results file and its Markdown report (semantics.md)
  const serving = docs.filter((d) => d.planned.spec.role === 'server' && !d.planned.spec.lacks.includes('resource'));
  const semantic = (r: ResultRecord): boolean => r.file.startsWith('fixtures/server/semantics/');
  const semDocs = serving.filter((d) => d.doc.records.some(semantic));
  if (semDocs.length > 0) {
    const base = semDocs[0].doc;
    const sem: ResultsDocument = { ...base, run: { ...base.run, options: { ...base.run.options, subjects: semDocs.map((d) => d.planned.spec.name), tag: 'semantics' }, subjects: semDocs.flatMap((d) => d.doc.run.subjects) }, records: semDocs.flatMap((d) => d.doc.records.filter(semantic)) };
    const semFile = join(outDir, 'semantics-results.json');
    writeFileSync(semFile, `${JSON.stringify(sem)}\n`);
    spawnSync(process.execPath, [join(ROOT, 'bin/h1compat.js'), 'report', '--results', semFile, '--format', 'md', '--out', join(outDir, 'semantics.md')], { stdio: 'inherit', cwd: ROOT });
  }
  const divFile = join(outDir, 'divergences.md');
  const divergences = existsSync(divFile) ? readFileSync(divFile, 'utf8') : '## Notable divergences\n\n(none checked yet)';
  // --report-only: the run's wall time is the span of the subjects' runs (first start to last finish)
  const span = (Math.max(...docs.map((d) => Date.parse(d.doc.run.finishedAt ?? d.doc.run.startedAt))) - Math.min(...docs.map((d) => Date.parse(d.doc.run.startedAt)))) / 1000;
  writeFileSync(join(outDir, 'README.md'), renderReadme(docs, skipped, reportOnly ? span : (Date.now() - t0) / 1000, divergences));
  log(`matrix: ${docs.length} subject(s) in ${((Date.now() - t0) / 1000).toFixed(0)} s; ${skipped.length} skipped; ${join(outDir, 'README.md')}`);
  return 0;
}

if (require.main === module) void main(process.argv.slice(2)).then((c) => { process.exitCode = c; });
