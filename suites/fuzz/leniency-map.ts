// Which corpus fixtures each leniency flag may change (reference parser, send/serve octets): the mapping table of the
// "toggling one flag flips only its fixtures" invariance check. A new fixture that a flag changes belongs in its row.

import type { LeniencyFlag } from '../../impl/core/leniency';

export const LENIENCY_MAP: Record<LeniencyFlag, { readonly admits: string; readonly fixtures: readonly string[] }> = {
  obsFold: {
    admits: 'obs-fold in a request (RFC 9112 5.2)',
    fixtures: [
      'field-obs-fold-in-host', 'field-obs-fold-several-lines', 'field-obs-fold-with-sp',
      'fuzz-req-error-error-body-obs-fold', 'fuzz-req-error-error-request-obs-fold',
      'fuzz-req-error-error-trailer-obs-fold', 'fuzz-req-error-partial-error-obs-fold', 'obs-fold-in-request',
      'obs-fold-request', 'smuggle-0cl-content-length-obs-fold', 'smuggle-te-folded-into-other-field',
      'smuggle-te-obs-fold-value', 'te-obs-fold', 'trailer-obs-fold',
    ],
  },
  bareLF: {
    admits: 'a bare LF ending a line (RFC 9112 2.2)',
    fixtures: [
      'bare-lf-line-ends', 'bare-lf-line-terminator', 'field-bare-lf-ends-header-section', 'field-value-bare-lf',
      'fuzz-req-error-accept-error-cr-expected', 'fuzz-req-error-empty-error-cr-expected',
      'fuzz-req-error-error-body-cr-expected', 'fuzz-req-error-error-error-cr-expected',
      'fuzz-req-error-error-request-strict-chunk-data', 'fuzz-req-error-error-trailer-cr-expected',
      'fuzz-req-error-partial-error-cr-expected', 'fuzz-req-error-partial-error-strict-chunk-data',
      'fuzz-req-error-upgrade-error-cr-expected', 'fuzz-req-error-upgrade-request-cr-expected',
      'fuzz-res-error-accept-response-strict-chunk-data', 'fuzz-res-error-error-body-cr-expected',
      'fuzz-res-error-error-response-cr-expected', 'fuzz-res-error-error-response-strict-chunk-data',
      'fuzz-res-error-error-trailer-cr-expected', 'fuzz-res-error-accept-response-cr-expected', 'rl-bare-lf-empty-line-before-request',
      'rl-bare-lf-ends-request-line-only', 'smuggle-chunk-data-bare-lf', 'smuggle-chunk-size-bare-lf',
      'smuggle-last-chunk-bare-lf', 'trailer-bare-lf-line-end',
      'bare-lf-request-head', 'bare-lf-response-head', 'chunk-data-bare-lf-request', 'chunk-size-bare-lf-request',
    ],
  },
  bareCR: {
    admits: 'a bare CR inside a field value (RFC 9112 2.2)',
    fixtures: [
      'bare-cr-in-field-line', 'bare-cr-in-field-value', 'bare-cr-request-field', 'bare-cr-response-field', 'field-value-cr-before-crlf',
      'trailer-bare-cr-in-value',
    ],
  },
  spacesAfterChunkSize: {
    admits: 'SP/HTAB after a chunk-size (RFC 9112 7.1)',
    fixtures: [
      'chunked-size-trailing-space', 'chunked-size-trailing-tab',
    ],
  },
  optionalCRLFAfterChunk: {
    admits: 'chunk-data not followed by CRLF (RFC 9112 7.1)',
    fixtures: [
      'chunked-data-longer-than-size', 'chunked-data-shorter-than-size',
      'fuzz-req-error-error-body-strict-chunk-data', 'fuzz-req-error-error-request-strict-chunk-data',
      'fuzz-req-error-error-trailer-strict-chunk-data', 'fuzz-req-error-partial-body-strict-chunk-data',
      'fuzz-req-error-partial-error-strict-chunk-data', 'fuzz-res-error-accept-response-strict-chunk-data',
      'fuzz-res-error-error-body-strict-chunk-data', 'fuzz-res-error-error-response-strict-chunk-data',
      'missing-crlf-after-data', 'smuggle-chunk-data-any-two-octets', 'smuggle-chunk-data-bare-lf',
      'chunk-data-bare-lf-request',
    ],
  },
  transferEncodingWithContentLength: {
    admits: 'Transfer-Encoding with Content-Length (RFC 9112 6.1)',
    fixtures: [
      'cl-te-probe-after-chunked', 'fuzz-req-error-error-body-unexpected-content-length',
      'fuzz-req-error-error-request-unexpected-content-length', 'fuzz-res-error-error-body-unexpected-content-length',
      'fuzz-res-error-error-response-unexpected-content-length', 'smuggle-cl-te-content-length-first',
      'smuggle-cl-te-probe-after-last-chunk', 'smuggle-te-cl-probe-inside-chunk',
      'smuggle-te-leading-empty-element-with-cl', 'smuggle-te-with-invalid-cl', 'te-and-content-length',
      'te-cl-chunk-hides-request', 'te-cl-conflict', 'te-cl-request', 'te-cl-response', 'unknown-coding-until-close',
      // Content-Length beside Transfer-Encoding is reported before the coding list and the version are judged
      // (llhttp's order, impl commit 23d5edf): with this flag these go on to their coding or version error
      'http10-request-with-te', 'smuggle-te-chunked-then-identity-with-cl', 'smuggle-te-nbsp-before-chunked',
      'smuggle-te-quoted-chunked-with-cl', 'smuggle-te-te-chunked-then-unknown-line',
      'smuggle-te-te-unknown-then-chunked-line', 'smuggle-te-xchunked-with-cl', 'te-chunked-twice',
      'te-http10-with-content-length', 'te-second-line-not-chunked',
    ],
  },
  unknownTransferCoding: {
    admits: 'a transfer coding other than chunked, or chunked not final (RFC 9112 6.1)',
    fixtures: [
      'chunked-not-final-request', 'fuzz-req-error-accept-error-unknown-transfer-coding',
      'fuzz-req-error-error-error-unknown-transfer-coding', 'fuzz-req-error-error-request-unknown-transfer-coding',
      'fuzz-req-error-error-trailer-unknown-transfer-coding', 'fuzz-req-error-partial-error-unknown-transfer-coding',
      'fuzz-req-error-upgrade-error-unknown-transfer-coding', 'request-gzip-parameter-error', 'te-chunked-then-gzip', 'te-gzip-then-chunked', 'te-gzip-with-parameter',
      'te-gzip-without-chunked',
      'te-identity-alone', 'te-two-lines-chunked-then-gzip',
      'te-two-lines-gzip-then-chunked', 'te-unknown-coding-then-chunked', 'te-xchunked',
    ],
  },
  anyVersion: {
    admits: 'an HTTP-version with a major other than 1 (RFC 9110 6.2)',
    fixtures: [
      'fuzz-req-error-accept-error-unsupported-version', 'fuzz-req-error-error-body-unsupported-version',
      'fuzz-req-error-error-error-unsupported-version', 'fuzz-req-error-error-request-unsupported-version',
      'fuzz-req-error-partial-error-unsupported-version', 'fuzz-req-error-upgrade-error-unsupported-version',
      'fuzz-res-error-accept-error-unsupported-version', 'fuzz-res-error-error-body-unsupported-version',
      'fuzz-res-error-error-error-unsupported-version', 'fuzz-res-error-error-response-unsupported-version',
      'fuzz-res-error-upgrade-error-unsupported-version', 'fuzz-req-error-error-trailer-unsupported-version', 'major-version-two', 'version-http09-in-request-line',
      'version-http20-in-request-line', 'version-http30-in-request-line',
    ],
  },
  ctlInFieldValue: {
    admits: 'a CTL other than NUL, CR, LF in a field value (RFC 9110 5.5)',
    fixtures: [
      'field-value-ctl-esc', 'field-value-ctl-ff', 'field-value-ctl-soh', 'field-value-ctl-vt', 'field-value-del',
      'fuzz-req-error-error-body-invalid-header-value', 'fuzz-req-error-error-request-invalid-header-value',
      'fuzz-req-error-error-trailer-invalid-header-value', 'fuzz-res-error-error-error-invalid-reason',
      'fuzz-res-error-upgrade-error-invalid-reason', 'smuggle-te-vertical-tab-after-chunked', 'te-vertical-tab',
    ],
  },
  duplicateContentLength: {
    admits: 'Content-Length repeated with identical values (RFC 9110 8.6)',
    fixtures: [
      'cl-list-identical-values', 'cl-list-request', 'cl-two-lines-identical-values', 'content-length-list-same',
      'content-length-repeated-same', 'fuzz-req-error-error-body-duplicate-content-length',
      'fuzz-res-error-error-body-duplicate-content-length', 'fuzz-res-error-error-response-duplicate-content-length',
      'cl-list-response',
    ],
  },
  missingHost: {
    admits: 'Host missing or repeated (RFC 9112 3.2)',
    fixtures: [
      'absolute-form-without-host', 'conn-close-announced-on-400-stops-pipeline', 'duplicate-host-400', 'origin-form-without-host-400',
      'fuzz-req-error-accept-error-duplicate-host',
      'fuzz-req-error-accept-error-missing-host', 'fuzz-req-error-error-body-duplicate-host',
      'fuzz-req-error-error-body-missing-host', 'fuzz-req-error-error-error-duplicate-host',
      'fuzz-req-error-error-error-missing-host', 'fuzz-req-error-error-request-duplicate-host',
      'fuzz-req-error-error-request-missing-host', 'fuzz-req-error-error-trailer-duplicate-host',
      'fuzz-req-error-error-trailer-missing-host', 'fuzz-req-error-partial-error-duplicate-host',
      'fuzz-req-error-partial-error-missing-host', 'fuzz-req-error-upgrade-error-duplicate-host',
      'fuzz-req-error-upgrade-error-missing-host', 'host-duplicate-absolute-form', 'host-duplicate-different',
      'host-duplicate-http10', 'host-duplicate-identical', 'host-duplicate-name-case-differs', 'host-missing-http11',
      'target-absolute-form-without-host-field',
    ],
  },
  spaceBeforeColon: {
    admits: 'whitespace between a field-name and the colon (RFC 9112 5.1)',
    fixtures: [
      'field-name-htab-before-colon', 'field-name-sp-before-colon-on-host', 'field-name-sp-inside', 'htab-before-colon-response',
      'fuzz-req-error-error-body-space-before-colon', 'fuzz-req-error-error-request-space-before-colon',
      'fuzz-req-error-error-trailer-space-before-colon', 'fuzz-req-error-partial-error-space-before-colon',
      'fuzz-res-error-error-response-space-before-colon', 'fuzz-res-error-error-trailer-space-before-colon',
      'smuggle-0cl-content-length-space-before-colon', 'smuggle-te-space-before-colon', 'space-before-colon-request',
      'space-before-colon-response', 'te-space-before-colon', 'trailer-line-without-colon',
      'trailer-space-before-colon', 'whitespace-before-colon',
    ],
  },
  connectOriginForm: {
    admits: 'an origin-form target on CONNECT (RFC 9112 3.2.3, 3)',
    fixtures: ['connect-origin-form'],
  },
};
