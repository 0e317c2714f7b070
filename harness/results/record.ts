// Building one result record from a fixture, an observation and its verdict (JSON-ready, octets encoded).

import { formatAnchor, type DeliveryMode, type Fixture } from '../fixture';
import { encodeOctets } from '../echo/octets';
import { defaultRequirementsPath, readRequirements, requirementsOf, type RequirementsFile } from '../fixture/requirements';
import type { Observation } from '../replay/observation';
import { escape } from '../replay/show';
import type { SidedWireEntry } from '../replay/wire';
import { observed, type Verdict } from '../replay/verdict';
import type { EncodedOctets, ObservedRecord, RequirementQuote, ResultRecord, SplitsSummary, TransportKind, VerdictKind } from '../../reports/results-model';

/** Most body octets kept per response in a record. */
export const RECORD_BODY_CAP = 4096;

const lines = (ls: readonly [string, string][]): [EncodedOctets, EncodedOctets][] => ls.map(([n, v]) => [encodeOctets(n), encodeOctets(v)]);
const b64 = (latin1: string): string => Buffer.from(latin1, 'latin1').toString('base64');

export function observedRecord(obs: Observation): ObservedRecord {
  return {
    summary: observed(obs),
    connection: obs.connection,
    responses: obs.responses.map((r) => ({
      status: r.status,
      reason: encodeOctets(r.reason),
      version: encodeOctets(r.version),
      interim: r.interim,
      fields: lines(r.fields),
      trailers: lines(r.trailers),
      bodyLength: r.bodyLength,
      body: b64(r.body.slice(0, RECORD_BODY_CAP)),
      bodyTruncated: r.bodyLength > RECORD_BODY_CAP,
      echo: r.echo !== undefined,
      ...(r.error !== undefined ? { error: r.error } : {}),
    })),
    trailingInterim: obs.trailingInterim,
    requests: obs.requests.map((q) => ({
      method: encodeOctets(q.method),
      target: encodeOctets(q.target),
      version: encodeOctets(q.version),
      fields: lines(q.fields),
      trailers: lines(q.trailers),
      body: b64(q.body),
    })),
    ...(obs.malformation !== undefined ? { malformation: obs.malformation } : {}),
    partial: obs.partial,
    timeouts: obs.timeouts,
    overallTimeout: obs.overallTimeout,
    flooded: obs.flooded,
    octetsSent: obs.octetsSent,
    octetsReceived: obs.octetsReceived,
    notes: obs.notes,
  };
}

let requirementsFile: RequirementsFile | null | undefined;
const requirementIds = new Map<string, string[]>();

/** fixtures/requirements.json, read once (null when this checkout has none: records then cite no requirement). */
function requirementsData(): RequirementsFile | null {
  if (requirementsFile === undefined) {
    const path = defaultRequirementsPath();
    try {
      requirementsFile = path === undefined ? null : readRequirements(path);
    } catch {
      requirementsFile = null;
    }
  }
  return requirementsFile;
}

/** Ids of the requirement sentences a fixture tests (harness/fixture/requirements.ts decides), cached per fixture. */
export function requirementIdsOf(f: Fixture): string[] {
  let ids = requirementIds.get(f.id);
  if (ids === undefined) {
    const data = requirementsData();
    ids = data === null ? [] : requirementsOf(data, f).map((r) => r.id);
    requirementIds.set(f.id, ids);
  }
  return ids;
}

/** The quote of a requirement id, as the results document carries it. */
export function requirementQuote(id: string): RequirementQuote | undefined {
  const r = requirementsData()?.requirements.find((x) => x.id === id);
  return r === undefined ? undefined : { rfc: r.rfc, section: r.section, level: r.level, text: r.text };
}

export interface RecordInput {
  readonly fixture: Fixture;
  readonly file: string;
  readonly subject: string;
  readonly delivery: DeliveryMode;
  readonly transport: TransportKind;
  readonly seed: number;
  readonly verdict: Verdict;
  readonly observation?: Observation;
  readonly durationMs: number;
  readonly splits?: SplitsSummary;
  readonly repeats?: VerdictKind[];
  readonly flaky?: boolean;
}

export function resultRecord(i: RecordInput): ResultRecord {
  const f = i.fixture;
  const requirements = requirementIdsOf(f);
  return {
    fixture: f.id,
    file: i.file,
    title: f.title,
    level: f.level,
    role: f.role,
    spec: f.spec.map(formatAnchor),
    tags: [...f.tags],
    subject: i.subject,
    delivery: i.delivery,
    transport: i.transport,
    seed: i.seed,
    ...(requirements.length > 0 ? { requirements } : {}),
    verdict: i.verdict.verdict,
    reason: i.flaky === true ? `flaky${i.repeats !== undefined ? ` (${i.repeats.join(', ')})` : ''}: ${i.verdict.reason}` : i.verdict.reason,
    expected: {
      outcomes: f.outcomes.map((o) => ({ name: o.name, level: o.level })),
      never: f.never.map((n) => ({ description: n.description, level: n.level })),
    },
    matched: i.verdict.matched,
    violated: i.verdict.violated,
    mismatches: i.verdict.mismatches,
    ...(i.observation !== undefined && i.observation.harnessError === undefined ? { observed: observedRecord(i.observation) } : {}),
    wire: (i.observation?.wire ?? []).map((w: SidedWireEntry) => ({
      dir: w.dir, at: w.at, segments: w.segments, octets: escape(w.octets),
      ...(w.side !== undefined ? { side: w.side } : {}), ...(w.conn !== undefined ? { conn: w.conn } : {}),
    })),
    durationMs: i.durationMs,
    ...(i.splits !== undefined ? { splits: i.splits } : {}),
    ...(i.repeats !== undefined ? { repeats: i.repeats } : {}),
    ...(i.flaky === true ? { flaky: true } : {}),
  };
}
