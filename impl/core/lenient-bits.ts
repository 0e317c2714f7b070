// Leniency flags as a bit set, for the parser's hot paths; built once from the named Leniency object.

import { LENIENCY_FLAGS, type Leniency } from './leniency';

export type LenientBits = number;

export const L = {
  obsFold: 1 << 0,
  bareLF: 1 << 1,
  bareCR: 1 << 2,
  spacesAfterChunkSize: 1 << 3,
  optionalCRLFAfterChunk: 1 << 4,
  transferEncodingWithContentLength: 1 << 5,
  unknownTransferCoding: 1 << 6,
  anyVersion: 1 << 7,
  ctlInFieldValue: 1 << 8,
  duplicateContentLength: 1 << 9,
  missingHost: 1 << 10,
  spaceBeforeColon: 1 << 11,
  connectOriginForm: 1 << 12,
} as const satisfies Record<keyof Leniency, number>;

export function toBits(l: Leniency | undefined): LenientBits {
  let bits = 0;
  if (!l) return 0;
  for (const name of LENIENCY_FLAGS) if (l[name]) bits |= L[name];
  return bits;
}
