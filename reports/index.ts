// reports/: renderers that read results files alone (this folder never imports harness/). One entry per format.

import type { ResultsDocument } from './results-model';
import { renderHtml } from './html';
import { renderJunit } from './junit';
import { renderSummary, type SummaryOptions } from './markdown';
import { renderTap } from './tap';

export const REPORT_FORMATS = ['html', 'md', 'junit', 'tap'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export function renderReport(doc: ResultsDocument, format: ReportFormat, summary: SummaryOptions = {}): string {
  switch (format) {
    case 'html': return renderHtml(doc);
    case 'md': return renderSummary(doc, summary);
    case 'junit': return renderJunit(doc);
    case 'tap': return renderTap(doc);
  }
}

export * from './results-model';
export { readResults, parseResults, writeAtomic, resultsText, ResultsFileError } from './load';
export { renderHtml } from './html';
export { renderJunit } from './junit';
export { renderSummary, type SummaryOptions } from './markdown';
export { renderTap } from './tap';
export { applyBaselines, baselineFrom, gateStatus, parseBaseline, BaselineError, type Baseline, type BaselineReport } from './baseline';
export { compareResults, compareStatus, renderComparison, type Comparison } from './compare';
export { mergeResults, MergeError } from './merge';
