// Differential API suite: every scenario runs against node:http and against impl; the traces must be identical.

import test from 'tape';
import * as nodeHttp from 'node:http';
import { runScenario, type Http, type Scenario } from './harness';
import { serverScenarios } from './scenarios-server';
import { responseScenarios } from './scenarios-response';
import { clientScenarios } from './scenarios-client';
import { agentScenarios } from './scenarios-agent';
import { moduleScenarios } from './scenarios-module';
import { rfcScenarios } from './scenarios-rfc';
import { fidelityScenarios } from './scenarios-fidelity';
import { nodeTestScenarios } from './scenarios-node-tests';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const impl = require('../../impl') as Http;

export const scenarios: Scenario[] = [
  ...moduleScenarios, ...serverScenarios, ...rfcScenarios, ...responseScenarios, ...clientScenarios, ...agentScenarios,
  ...fidelityScenarios, ...nodeTestScenarios,
];

const only = process.env.API_SCENARIO;

test('scenario names are unique and there are at least 80', (t) => {
  const names = scenarios.map((s) => s.name);
  t.equal(new Set(names).size, names.length, 'unique names');
  t.ok(names.length >= 80, `${names.length} scenarios`);
  t.end();
});

for (const scenario of scenarios) {
  if (only && !scenario.name.includes(only)) continue;
  test(`api: ${scenario.name}`, async (t) => {
    const expected = await runScenario(nodeHttp as unknown as Http, scenario);
    const actual = await runScenario(impl, scenario);
    t.notOk(expected.some((e) => e === 'TIMEOUT'), 'node run completed');
    if (scenario.rfc) {
      t.deepEqual(actual, scenario.rfc.impl(expected), `impl follows ${scenario.rfc.section} (node differs)`);
      t.notDeepEqual(expected, actual, 'node:http still differs (else drop the rfc override)');
    } else {
      t.deepEqual(actual, expected, 'impl trace equals node:http trace');
    }
  });
}
