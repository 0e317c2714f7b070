// placeholder
import type { Scenario } from './harness';
export const agentScenarios: Scenario[] = [];
