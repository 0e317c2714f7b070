// Run by nock.test.ts in its own process, so nock's interception of node:http never touches the other suites:
// `export FIXTURE` (definitions through nock.define, real requests, responses as JSON) or `record PORT FILE` (nock.recorder).

import * as http from 'node:http';
import { writeFileSync } from 'node:fs';
import nock from 'nock';
import { loadFixtureFile } from '../../harness/fixture';
import { exportNock } from '../../harness/nock/export';

interface Got { status: number; headers: [string, string][]; body: string }

function request(url: string, method: string, body?: string, headers: Record<string, string> = {}): Promise<Got> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const raw = res.rawHeaders;
        resolve({ status: res.statusCode ?? 0, headers: Array.from({ length: raw.length >> 1 }, (_, i) => [raw[2 * i], raw[2 * i + 1]]), body: Buffer.concat(chunks).toString('base64') });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function exportMode(file: string, scope: string): Promise<unknown> {
  const loaded = loadFixtureFile(file);
  if (!loaded.ok) throw new Error('fixture does not load');
  const defs = exportNock(loaded.fixture, scope);
  nock.disableNetConnect();
  nock.define(defs as unknown as nock.Definition[]);
  const got: Got[] = [];
  for (const d of defs) got.push(await request(d.scope + d.path, d.method, d.body));
  const done = nock.isDone();
  nock.cleanAll();
  nock.restore();
  return { defs, got, done };
}

async function recordMode(port: number, out: string): Promise<unknown> {
  nock.recorder.rec({ output_objects: true, dont_print: true });
  const base = `http://127.0.0.1:${port}`;
  const got = [
    await request(`${base}/hello?x=1`, 'GET'),
    await request(`${base}/items`, 'POST', '{"name":"a b"}', { 'content-type': 'application/json' }),
  ];
  const recorded = nock.recorder.play();
  nock.recorder.clear();
  nock.restore();
  writeFileSync(out, JSON.stringify(recorded, null, 2));
  return { got, count: recorded.length };
}

const [mode, a, b] = process.argv.slice(2);
(mode === 'export' ? exportMode(a, b) : recordMode(Number(a), b)).then(
  (r) => { process.stdout.write(JSON.stringify(r)); process.exit(0); },
  (e: Error) => { process.stderr.write(String(e.stack ?? e)); process.exit(1); },
);
