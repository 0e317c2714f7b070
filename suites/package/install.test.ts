// The package installed as a user installs it: `npm pack` (which builds dist/ through `prepare`), the tarball
// installed into an empty project without the network, then from that project: `npx h1compat --version`,
// `npx h1compat run --url` against a server the project itself runs on `require('h1compat/impl')`, and a
// TypeScript file importing the package's types that type-checks (and one misusing them that does not).
//
// Offline: the project gets a lockfile holding the tarball and the runtime dependencies as the repository's own
// package-lock.json resolves them, so npm needs only the tarballs `npm ci` of this repository put in the npm cache
// (no registry metadata). A user's project with a lockfile installs the same way.

import test from 'tape';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, statSync } from 'node:fs';
import * as http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');
const PKG = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string; license: string; dependencies: Record<string, string>; bin: Record<string, string>; engines: object };
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');
const NPM_TIMEOUT = 180000;

const dir = mkdtempSync(join(tmpdir(), 'h1compat-install-'));
const project = join(dir, 'project');
const children: ChildProcess[] = [];
test.onFinish(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** Run a command in the project; never through a shell. */
function inProject(cmd: string, args: string[], timeout = NPM_TIMEOUT): { code: number; out: string; err: string } {
  try {
    const out = execFileSync(cmd, args, { cwd: project, encoding: 'utf8', timeout, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, npm_config_update_notifier: 'false' } });
    return { code: 0, out, err: '' };
  } catch (e) {
    const x = e as { status: number | null; stdout?: string; stderr?: string };
    return { code: x.status ?? -1, out: x.stdout ?? '', err: x.stderr ?? '' };
  }
}

/** The same without blocking this process (the server under test answers from another process, but keep the
 *  test's own event loop free for its request). */
function inProjectAsync(cmd: string, args: string[], timeout = NPM_TIMEOUT): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: project, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let out = '';
    let err = '';
    child.stdout!.on('data', (b: Buffer) => { out += b.toString(); });
    child.stderr!.on('data', (b: Buffer) => { err += b.toString(); });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeout);
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, out, err }); });
  });
}

test('npm pack: the tarball holds the compiled code, the corpus and docs; no suites, bench, results or TypeScript source', (t) => {
  const json = execFileSync('npm', ['pack', '--json', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8', timeout: NPM_TIMEOUT, stdio: ['ignore', 'pipe', 'pipe'] });
  const info = (JSON.parse(json) as { filename: string; size: number; unpackedSize: number; files: { path: string }[] }[])[0];
  const files = info.files.map((f) => f.path);
  for (const must of ['bin/h1compat.js', 'dist/harness/cli.js', 'dist/impl/index.js', 'dist/impl/index.d.ts', 'dist/reports/index.d.ts', 'subjects/subject.schema.json', 'subjects/reference.json', 'README.md']) {
    t.ok(files.includes(must), `ships ${must}`);
  }
  t.ok(files.some((f) => f.startsWith('fixtures/server/')) && files.some((f) => f.startsWith('subjects/echo/')) && files.some((f) => f.startsWith('docs/')), 'ships the corpus, the echo servers and docs');
  for (const never of [/^suites\//, /^bench\//, /^reports\/compat\//, /^out\//, /^fixtures\/fuzz-candidates\//, /node_modules\//, /(?<!\.d)\.ts$/, /\.tsbuildinfo$/]) {
    t.deepEqual(files.filter((f) => never.test(f) && !f.startsWith('subjects/echo/')), [], `nothing matching ${never}`);
  }
  t.ok(info.size < 2e6, `tarball ${info.size} octets, unpacked ${info.unpackedSize}, ${files.length} files`);
  writeFileSync(join(dir, 'tarball'), info.filename);
  t.end();
});

test('installed into an empty project without the network', (t) => {
  const tgz = readFileSync(join(dir, 'tarball'), 'utf8');
  const spec = `file:../${tgz}`;
  const integrity = `sha512-${createHash('sha512').update(readFileSync(join(dir, tgz))).digest('base64')}`;
  const repoLock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean; devOptional?: boolean }> };
  const packages: Record<string, unknown> = {
    '': { name: 'project', version: '1.0.0', dependencies: { h1compat: spec } },
    'node_modules/h1compat': { version: PKG.version, resolved: spec, integrity, license: PKG.license, dependencies: PKG.dependencies, bin: PKG.bin, engines: PKG.engines },
  };
  for (const [path, entry] of Object.entries(repoLock.packages)) {
    if (path.startsWith('node_modules/') && entry.dev !== true && entry.devOptional !== true) packages[path] = entry;
  }
  execFileSync('mkdir', [project]);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'project', version: '1.0.0', private: true, dependencies: { h1compat: spec } }, null, 2));
  writeFileSync(join(project, 'package-lock.json'), JSON.stringify({ name: 'project', version: '1.0.0', lockfileVersion: 3, requires: true, packages }, null, 2));
  const r = inProject('npm', ['ci', '--offline', '--no-audit', '--no-fund']);
  t.equal(r.code, 0, `npm ci --offline (${r.err.split('\n').filter((l) => /ERR|error/.test(l)).slice(0, 3).join(' | ') || 'ok'})`);
  t.ok(existsSync(join(project, 'node_modules/h1compat/dist/harness/cli.js')), 'the compiled CLI is installed');
  t.notOk(existsSync(join(project, 'node_modules/ts-node')), 'no ts-node');
  t.end();
});

test('npx h1compat --version and --help, with no TypeScript at run time', (t) => {
  const v = inProject('npx', ['--offline', 'h1compat', '--version'], 60000);
  t.equal(v.code, 0, v.err);
  t.equal(v.out.trim(), PKG.version, 'the package version');
  const h = inProject(process.execPath, [join(project, 'node_modules/.bin/h1compat'), '--help'], 60000);
  t.match(h.out, /h1compat run --url/, '--help through node_modules/.bin');
  t.end();
});

test("require('h1compat/impl') serves a request, and `npx h1compat run --url` tests that server", async (t) => {
  writeFileSync(join(project, 'server.js'), [
    "const http = require('h1compat/impl');",
    "const server = http.createServer((req, res) => { req.resume(); req.on('end', () => res.end(`hello ${req.method} ${req.url}`)); });",
    "server.listen(0, '127.0.0.1', () => console.log(server.address().port));",
    "process.on('SIGTERM', () => server.close(() => process.exit(0)));",
  ].join('\n'));
  const server = spawn(process.execPath, ['server.js'], { cwd: project, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(server);
  try {
    const port = await new Promise<number>((resolve, reject) => {
      server.stdout!.once('data', (b: Buffer) => resolve(Number(b.toString().trim())));
      server.once('exit', (c) => reject(new Error(`server.js exited ${c}`)));
      setTimeout(() => reject(new Error('server.js did not listen within 30 s')), 30000).unref();
    });
    t.ok(port > 0, `listening on ${port}`);
    const body = await new Promise<string>((resolve, reject) => {
      http.get({ host: '127.0.0.1', port, path: '/x', agent: false }, (res) => {
        let b = '';
        res.on('data', (c: Buffer) => { b += c.toString(); });
        res.on('end', () => resolve(`${res.statusCode} ${b}`));
      }).on('error', reject);
    });
    t.equal(body, '200 hello GET /x', 'the reference implementation answered');
    const r = await inProjectAsync('npx', ['--offline', 'h1compat', 'run', '--url', `http://127.0.0.1:${port}`, '--grep', 'te-cl', '--role', 'server', '--delivery', 'whole', '--out', 'h1'], 120000);
    t.ok(r.code === 0 || r.code === 1, `run exits 0 or 1 (gated failures), not 2 or 3: ${r.code} ${r.err.slice(0, 300)}`);
    const doc = JSON.parse(readFileSync(join(project, 'h1/results.json'), 'utf8')) as { run: { complete: boolean }; records: { verdict: string; subject: string }[] };
    t.ok(doc.run.complete && doc.records.length > 0, `${doc.records.length} records in ./h1/results.json (relative to the project)`);
    t.deepEqual(doc.records.filter((x) => x.verdict === 'error'), [], 'no harness errors');
    t.ok(statSync(join(project, 'h1/report.html')).size > 0, 'the HTML report');
  } finally {
    server.kill('SIGTERM');
  }
});

test('a client subject from the installed package: its driver runs compiled (no TypeScript at run time)', async (t) => {
  const r = await inProjectAsync('npx', ['--offline', 'h1compat', 'run', '--subject', 'undici-request', '--role', 'client', '--shard', '1/16', '--delivery', 'whole', '--out', 'client', '--jobs', '2'], 120000);
  t.ok(r.code === 0 || r.code === 1, `run exits 0 or 1: ${r.code} ${r.err.slice(0, 300)}`);
  const doc = JSON.parse(readFileSync(join(project, 'client/results.json'), 'utf8')) as { records: { verdict: string; fixture: string; reason: string }[] };
  t.ok(doc.records.length > 0, `${doc.records.length} client records`);
  t.deepEqual(doc.records.filter((x) => x.verdict === 'error').map((x) => `${x.fixture}: ${x.reason.slice(0, 120)}`), [], 'no harness errors');
});

test('TypeScript: the package types resolve (node16 and node10 resolution) and are real (a misuse fails)', (t) => {
  writeFileSync(join(project, 'good.ts'), [
    "import * as http from 'h1compat/impl';",
    "import type { ResultsDocument } from 'h1compat/reports';",
    // impl/index.ts exports the node:http object (`export =`): its classes are reached through typeof
    'type Req = InstanceType<typeof http.IncomingMessage>;',
    'type Res = InstanceType<typeof http.ServerResponse>;',
    'const server: InstanceType<typeof http.Server> = http.createServer((req: Req, res: Res) => { res.setHeader(\'a\', \'b\'); res.end(req.url); });',
    'server.listen(0);',
    'export const count = (d: ResultsDocument): number => d.records.length;',
  ].join('\n'));
  writeFileSync(join(project, 'bad.ts'), "import * as http from 'h1compat/impl';\nconst n: number = http.createServer();\nexport { n };\n");
  const tsc = (file: string, resolution: string): { code: number; out: string } => {
    const module = resolution === 'node16' ? 'node16' : 'commonjs';
    const r = inProject(process.execPath, [TSC, '--noEmit', '--strict', '--skipLibCheck', '--module', module, '--moduleResolution', resolution,
      '--typeRoots', join(ROOT, 'node_modules/@types'), '--types', 'node', file], 120000);
    return { code: r.code, out: r.out + r.err };
  };
  for (const resolution of ['node16', 'node10']) {
    const good = tsc('good.ts', resolution);
    t.equal(good.code, 0, `${resolution}: good.ts type-checks ${good.out.slice(0, 400)}`);
    const bad = tsc('bad.ts', resolution);
    t.match(bad.out, /bad\.ts\(2,7\): error TS2322/, `${resolution}: assigning a Server to a number is an error`);
  }
  t.end();
});
