// Symbols that let the node-layer classes share internal state without exposing it as public API.

export const kIncomingMessage = Symbol('IncomingMessage');
export const kServerResponse = Symbol('ServerResponse');
export const kConnections = Symbol('http.server.connections');

/** Cross-class state of the node layer, keyed by symbols as node does (kOutHeaders, kNeedDrain, kUniqueHeaders). */
/** node's own kOutHeaders when node exposes its internals (`--expose-internals`, as node's tests run), so that code
 *  reading `msg[kOutHeaders]` there sees impl's store; a symbol of impl's own otherwise */
export const kOutHeaders: unique symbol = ((): symbol => {
  if (!process.execArgv.includes('--expose-internals') && !(process.env.NODE_OPTIONS ?? '').includes('--expose-internals')) {
    return Symbol('kOutHeaders');
  }
  try {
    return (require('internal/http') as { kOutHeaders: symbol }).kOutHeaders;
  } catch {
    return Symbol('kOutHeaders');
  }
})() as never;
export const kNeedDrain = Symbol('kNeedDrain');
export const kBatch = Symbol('kBatch');
export const kUniqueHeaders = Symbol('kUniqueHeaders');
/** the rendered head carries the close connection option (RFC 9112 9.6) */
export const kCloseOption = Symbol('kCloseOption');

// The two below are looked up at first use, not when impl is loaded: node's `_http_server` and `_http_outgoing` load
// `_http_common`, which takes the http_parser binding as it is then (node's test-http-parser-lazy-loaded replaces the
// binding after loading http and before loading `_http_common`).
let connectionsCheckingInterval: symbol | undefined;
let highWaterMark: symbol | undefined;

/** node's own symbol for the server's connections-checking timer, exported by the built-in `_http_server` module, so
 *  that code reading `server[kConnectionsCheckingInterval]` (node's tests do) finds impl's timer too */
export function kConnectionsCheckingInterval(): symbol {
  return connectionsCheckingInterval ??=
    (require('node:_http_server') as { kConnectionsCheckingInterval?: symbol }).kConnectionsCheckingInterval ??
    Symbol('http.server.connectionsCheckingInterval');
}

/** node's symbol for an OutgoingMessage's high-water mark, exported by the built-in `_http_outgoing` module */
export function kHighWaterMark(): symbol {
  return highWaterMark ??= (require('node:_http_outgoing') as { kHighWaterMark?: symbol }).kHighWaterMark ?? Symbol('kHighWaterMark');
}
