// Writing the results document incrementally and atomically: temp file + rename, so a reader never sees half a file.

import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { RESULTS_VERSION, type RequirementQuote, type ResultRecord, type ResultsDocument, type RunInfo } from '../../reports/results-model';
import { sortRecords as canonicalOrder } from '../../reports/model';
import { requirementQuote } from './record';

/** Sort records in place into the canonical order of reports/model.ts sortRecords (subjects in run order, fixture
 *  file, fixture id, delivery mode), whatever order replays finished in: --jobs N never changes the file. */
export function sortRecords(records: ResultRecord[], subjects: readonly string[]): void {
  const sorted = canonicalOrder(records, subjects);
  for (let i = 0; i < sorted.length; i++) records[i] = sorted[i];
}

/** Least time between two rewrites while records arrive (the last write always happens). */
const MIN_INTERVAL_MS = 200;

export class ResultsWriter {
  readonly #path: string;
  readonly #doc: { -readonly [K in keyof ResultsDocument]: ResultsDocument[K] };
  readonly #quotes = new Map<string, RequirementQuote>();
  #lastWrite = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(path: string, run: RunInfo, toolVersion: string) {
    this.#path = path;
    this.#doc = { version: RESULTS_VERSION, tool: { name: 'h1compat', version: toolVersion }, run, records: [] };
    mkdirSync(dirname(path), { recursive: true });
    this.flush();
  }

  get document(): ResultsDocument {
    return this.#doc;
  }

  add(record: ResultRecord): void {
    this.#doc.records.push(record);
    for (const id of record.requirements ?? []) {
      const q = this.#quotes.get(id) ?? requirementQuote(id);
      if (q !== undefined) this.#quotes.set(id, q);
    }
    const wait = MIN_INTERVAL_MS - (Date.now() - this.#lastWrite);
    if (wait <= 0) this.flush();
    else this.#timer ??= setTimeout(() => this.flush(), wait);
  }

  /** Write the document now (synchronously: safe inside a SIGINT handler). */
  flush(): void {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    sortRecords(this.#doc.records, this.#doc.run.subjects.map((s) => s.name));
    // quotes by id, in id order (the file does not depend on the order replays finished in)
    if (this.#quotes.size > 0) this.#doc.requirements = Object.fromEntries([...this.#quotes].sort((a, b) => (a[0] < b[0] ? -1 : 1)));
    const tmp = `${this.#path}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.#doc, null, 1) + '\n');
    renameSync(tmp, this.#path);
    this.#lastWrite = Date.now();
  }

  /** Mark the run complete (or interrupted) and write the final document. */
  finish(interrupted = false): void {
    this.#doc.run.finishedAt = new Date().toISOString();
    this.#doc.run.complete = !interrupted;
    if (interrupted) this.#doc.run.interrupted = true;
    this.flush();
  }
}
