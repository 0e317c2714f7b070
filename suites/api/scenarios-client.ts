// placeholder
import type { Scenario } from './harness';
export const clientScenarios: Scenario[] = [];
