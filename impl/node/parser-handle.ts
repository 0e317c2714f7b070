// What node code sees as `socket.parser` on a server connection: the part of node's HTTPParser surface that
// applications and node's own tests touch (`incoming`, `free()`, `close()`, `remove()`), over the reference parser.

import type { Parser } from '../core/parser';
import type { IncomingMessage } from './incoming';

export class ParserHandle {
  /** the request being received or answered; null once its response has finished and it has been read to its end */
  incoming: IncomingMessage | null = null;
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
    this.incoming = null;
    this.free();
  }
}
