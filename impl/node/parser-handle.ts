// What node code sees as `socket.parser` (server) and `req.parser` / `socket.parser` (client): the part of node's
// HTTPParser surface that applications and node's own tests touch (`incoming`, `onIncoming`, `joinDuplicateHeaders`,
// the `kOnTimeout` slot, `free()`, `close()`, `remove()`), over the reference parser.

import type { Parser } from '../core/parser';
import type { IncomingMessage } from './incoming';

/** node's HTTPParser.kOnTimeout: the index of the parser's timeout callback slot (node's binding constants) */
export const kOnTimeout = 6;

export class ParserHandle {
  /** the request being received or answered; null once its response has finished and it has been read to its end */
  incoming: IncomingMessage | null = null;
  /** client: node's parserOnIncomingClient slot, set while a response is awaited (the reference parser reports to
   *  the connection, not through it); null once freed, as node's cleanParser leaves it */
  onIncoming: ((...args: unknown[]) => unknown) | null = null;
  /** client: the request's joinDuplicateHeaders option while the parser serves it; null once freed */
  joinDuplicateHeaders: boolean | null = null;
  /** server: the headers/request timeout callback (node's onParserTimeout); null once freed */
  [kOnTimeout]: (() => void) | null = null;
  /** the reference parser underneath */
  readonly core: Parser;

  constructor(core: Parser) { this.core = core; }

  /** called when the connection is done with the parser, as node returns its parser to the free list */
  free(): void { /* impl keeps no free list of parsers */ }
  close(): void { /* nothing to release: the reference parser holds no native resources */ }
  remove(): void { /* node's parser tracking list: none here */ }

  /** node's clearIncoming: forget `req` once its response has finished and it has been read to its end */
  clearIncoming(req: IncomingMessage): void {
    if (this.incoming !== req) return;
    if (req.readableEnded) this.incoming = null;
    else req.once('end', () => { if (this.incoming === req) this.incoming = null; });
  }

  /** node's freeParser: the connection closed or was handed over */
  release(): void {
    // node's cleanParser
    this.incoming = null;
    this.onIncoming = null;
    this.joinDuplicateHeaders = null;
    this[kOnTimeout] = null;
    this.free();
  }
}
