// Writing the results document incrementally and atomically: temp file + rename, so a reader never sees half a file.

import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { RESULTS_VERSION, type ResultRecord, type ResultsDocument, type RunInfo } from '../../reports/results-model';
import { DELIVERY_MODES } from '../fixture';

/** The order of records in the file, whatever order replays finished in (so --jobs N never changes the file; the
 *  same canonical order as reports/model.ts sortRecords):
 *  subjects in run order, then fixture file, fixture id, delivery mode in DELIVERY_MODES order. */
export function sortRecords(records: ResultRecord[], subjects: readonly string[]): void {
  const subject = (n: string): number => { const i = subjects.indexOf(n); return i < 0 ? subjects.length : i; };
  const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  records.sort((a, b) => subject(a.subject) - subject(b.subject) || cmp(a.subject, b.subject) || cmp(a.file, b.file)
    || cmp(a.fixture, b.fixture) || DELIVERY_MODES.indexOf(a.delivery) - DELIVERY_MODES.indexOf(b.delivery) || a.seed - b.seed);
}

/** Least time between two rewrites while records arrive (the last write always happens). */
const MIN_INTERVAL_MS = 200;

export class ResultsWriter {
  readonly #path: string;
  readonly #doc: ResultsDocument;
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
