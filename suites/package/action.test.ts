// action.yml's steps run locally: action/run.sh with the inputs as the action passes them (INPUT_* variables) and
// GitHub's files (GITHUB_STEP_SUMMARY, GITHUB_OUTPUT) in a temporary folder, against a server this test starts:
// the exit status reaches the gate step, the Markdown summary and annotations are written, the report is there
// to upload; and action.yml declares every input its steps use.

import test from 'tape';
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'h1compat-action-'));
test.onFinish(() => rmSync(dir, { recursive: true, force: true }));

interface Step { code: number | null; stdout: string; outputs: Record<string, string>; summary: string }

/** Run action/run.sh as the action's "Run h1compat" step does. */
function step(name: string, inputs: Record<string, string>): Promise<Step> {
  const summary = join(dir, `${name}.summary.md`);
  const output = join(dir, `${name}.output`);
  writeFileSync(summary, '');
  writeFileSync(output, '');
  return new Promise((resolve) => {
    const child = spawn('bash', [join(ROOT, 'action/run.sh')], {
      cwd: dir, stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...inputs, GITHUB_STEP_SUMMARY: summary, GITHUB_OUTPUT: output, RUNNER_TEMP: join(dir, name), NO_COLOR: '1' },
    });
    let stdout = '';
    child.stdout.on('data', (b: Buffer) => { stdout += b.toString(); });
    child.stderr.resume();
    const timer = setTimeout(() => child.kill('SIGKILL'), 180000);
    child.on('close', (code) => {
      clearTimeout(timer);
      const outputs = Object.fromEntries(readFileSync(output, 'utf8').split('\n').filter((l) => l.includes('=')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
      resolve({ code, stdout, outputs, summary: readFileSync(summary, 'utf8') });
    });
  });
}

const DROPPER = "require('net').createServer((s) => { s.on('error', () => {}); s.once('data', () => s.destroy()); }).listen(0, '127.0.0.1', function () { console.log(this.address().port); });";

test('url input: failures annotated as ::error lines, Markdown summary written, status 1 handed to the gate, report to upload', async (t) => {
  const server = spawn(process.execPath, ['-e', DROPPER], { stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    const port = await new Promise<string>((r) => server.stdout.once('data', (b: Buffer) => r(b.toString().trim())));
    const s = await step('url', { INPUT_URL: `http://127.0.0.1:${port}`, INPUT_ARGS: '--grep chunked --role server --level MUST --delivery whole', INPUT_FAIL_ON: 'must' });
    t.equal(s.code, 0, 'the step itself succeeds (the gate step fails later, after the upload)');
    t.equal(s.outputs.status, '1', 'status=1 for the gate');
    t.match(s.stdout, /^::error file=fixtures\/server\/[^,]+\.h1,title=h1compat fail%3A 127\.0\.0\.1-\d+ \S+ \(MUST%2C RFC\d+ [^)]*\)::\S/m, 'failures annotated with file and title');
    t.match(s.summary, /^# h1compat summary/m, 'the Markdown summary in $GITHUB_STEP_SUMMARY');
    t.ok(existsSync(s.outputs.report) && existsSync(join(s.outputs.out, 'junit.xml')), 'report.html and junit.xml in the folder the upload step takes');
  } finally {
    server.kill();
  }
});

test('cmd input: a passing server gives status 0 and no ::error; a usage error gives status 2 and one ::error', async (t) => {
  const ok = await step('cmd', { INPUT_CMD: `"${process.execPath}" "${join(ROOT, 'bin/h1compat.js')}" serve --port {port}`, INPUT_ARGS: '--echo --grep te-cl-conflict --delivery whole' });
  t.equal(ok.outputs.status, '0', `status=0 ${ok.stdout.split('\n').slice(-3).join(' ')}`);
  t.doesNotMatch(ok.stdout, /^::error/m, 'no error annotation');
  t.match(ok.summary, /# h1compat summary/);
  const bad = await step('bad', { INPUT_URL: 'http://127.0.0.1:1', INPUT_FAIL_ON: 'sometimes' });
  t.equal(bad.outputs.status, '2', 'status=2');
  t.match(bad.stdout, /^::error title=h1compat::no results \(exit status 2\)/m, 'one annotation says there are no results');
});

test('annotations escape what GitHub would read as commands', (t) => {
  const file = join(dir, 'r.json');
  writeFileSync(file, JSON.stringify({ records: [{ subject: 's', fixture: 'f', file: 'a,b:c.h1', level: 'MUST', spec: ['RFC9112 6.1'], title: '100% sure\nnext', delivery: 'whole', reason: 'x\r\n::error::injected', verdict: 'fail', matched: [] }] }));
  const out = execFileSync(process.execPath, [join(ROOT, 'action/annotate.js'), file, 'must'], { encoding: 'utf8' });
  t.equal(out.split('\n').filter((l) => l !== '').length, 1, 'one line');
  t.match(out, /^::error file=a%2Cb%3Ac\.h1,title=h1compat fail%3A s f \(MUST%2C RFC9112 6\.1\)::100%25 sure%0Anext%0Awhole: x%0D%0A::error::injected$/m, 'file, title and message escaped');
  t.end();
});

test('action.yml: every input the steps use is declared, the run step passes each to action/run.sh', (t) => {
  const yml = readFileSync(join(ROOT, 'action.yml'), 'utf8');
  const block = yml.slice(yml.indexOf('\ninputs:\n'), yml.indexOf('\noutputs:\n'));
  const declared = [...block.matchAll(/^ {2}([a-z-]+):$/gm)].map((m) => m[1]);
  const used = [...new Set([...yml.matchAll(/\$\{\{ inputs\.([a-z-]+) \}\}/g)].map((m) => m[1]))];
  t.deepEqual(used.filter((u) => !declared.includes(u)), [], `used inputs are declared (${declared.join(', ')})`);
  t.deepEqual(declared.filter((d) => !used.includes(d)), [], 'declared inputs are used');
  const script = readFileSync(join(ROOT, 'action/run.sh'), 'utf8');
  const env = [...new Set([...script.matchAll(/\$\{(INPUT_[A-Z_]+)/g)].map((m) => m[1]))].filter((v) => v !== 'INPUT_OUT');
  for (const v of env) t.match(yml, new RegExp(`${v}: \\$\\{\\{ inputs\\.`), `${v} is passed by action.yml`);
  t.match(yml, /run: bash "\$\{\{ github\.action_path \}\}\/action\/run\.sh"/, 'the run step is action/run.sh');
  t.match(yml, /exit \$\{\{ steps\.run\.outputs\.status/, 'the last step gates on the status');
  t.end();
});
