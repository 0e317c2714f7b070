// Request-smuggling pairs (issue 19): which proxy × origin-server pairs disagree on message boundaries. The public
// entry points: collect/recordedViews/buildDocument (offline, from results files), the classifier, the views.

export { collect, recordedViews, buildDocument, type Collected, type CollectOptions, type BuildOptions, type FixtureOctets } from './analyze';
export { classify, type Classification } from './classify';
export { proxyView, serverViewOf, serverViewOfRecord, forwardedOf, sentOf, streamOctets, unescapeOctets, wireOctets } from './view';
