// Starting any subject from its description: dispatch on the adapter kind.

import { startCommand } from './command';
import { startInProcess } from './in-process';
import type { SubjectHandle, SubjectSpec } from './types';

export * from './types';
export { loadSubjects, loadSubjectFile, resolveSubjects, parseSubject, SubjectError, SUBJECTS_DIR } from './load';
export { startServerSubject, createEchoServer } from './in-process';

export async function startSubject(spec: SubjectSpec): Promise<SubjectHandle> {
  const a = spec.adapter;
  switch (a.kind) {
    case 'in-process':
      return startInProcess(spec, a.implementation);
    case 'command':
      return startCommand(spec);
    case 'address':
      return { spec, version: spec.version ?? 'unknown', host: a.host, port: a.port, stop: async () => {}, output: () => ({ stdout: '', stderr: '' }) };
  }
}

/** Capabilities a subject lacks, with those its adapter implies (an address subject has no echo). */
export function lacks(spec: SubjectSpec): Set<string> {
  const s = new Set(spec.lacks);
  if (spec.adapter.kind === 'address') s.add('echo');
  return s;
}
