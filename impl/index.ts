// The node:http API of the reference implementation: code written for node:http runs unchanged against it.

import { Agent, globalAgent as initialAgent, setGlobalAgent } from './node/agent';
import { ClientRequest, type RequestOptions } from './node/client';
import { DEFAULT_MAX_HEADER_SIZE, METHODS, STATUS_CODES } from './node/constants';
import { IncomingMessage } from './node/incoming';
import { OutgoingMessage } from './node/outgoing';
import './node/outgoing-legacy';
import { Server, type ServerOptions } from './node/server';
import { ServerResponse } from './node/server-response';
import { validateHeaderName, validateHeaderValue, validateInteger } from './node/validate';

/** node's Server and Agent are functions that may be called without `new` (`http.Server(listener)`); a class cannot
 *  be, so these two are exported through a Proxy whose call constructs (subclassing and instanceof are unchanged) */
function callable<T extends abstract new (...args: never[]) => unknown>(cls: T,
  callOn?: (self: never, ...args: never[]) => void): T {
  const proxy = new Proxy(cls, {
    // `Server.call(this, ...)` on an object that inherits from Server (util.inherits style) initialises that object,
    // as node's function constructor does; any other call constructs
    apply: (target, self, args) => {
      if (callOn && self instanceof target) { callOn(self as never, ...(args as never[])); return undefined; }
      return Reflect.construct(target, args);
    },
  });
  Object.defineProperty(cls.prototype, 'constructor', { value: proxy, writable: true, configurable: true, enumerable: false });
  return proxy;
}

const ServerExport = callable(Server, Server.callOn);
const AgentExport = callable(Agent);

/** node keeps a free list of idle parsers (default 1000); impl allocates one parser per connection and keeps none, so
 *  the limit is validated and recorded only */
let maxIdleHTTPParsers = 1000;
function setMaxIdleHTTPParsers(max: number): void {
  validateInteger(max, 'max', 1);
  maxIdleHTTPParsers = max;
  // node's own free list (`_http_common.parsers.max`) is what node:http's setMaxIdleHTTPParsers sets; set it too, so
  // code that reads it back sees the same value
  (require('node:_http_common') as { parsers?: { max: number } }).parsers!.max = max;
}

type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;
type ResponseListener = (res: IncomingMessage) => void;

function createServer(options?: ServerOptions | RequestListener, requestListener?: RequestListener): Server {
  return new Server(options, requestListener);
}

function request(url: string | URL | RequestOptions, options?: RequestOptions | ResponseListener, cb?: ResponseListener): ClientRequest {
  return new ClientRequest(url, options, cb);
}

function get(url: string | URL | RequestOptions, options?: RequestOptions | ResponseListener, cb?: ResponseListener): ClientRequest {
  const req = request(url, options, cb);
  req.end();
  return req;
}

const http = {
  METHODS: [...METHODS],
  STATUS_CODES,
  Agent: AgentExport,
  ClientRequest,
  IncomingMessage,
  OutgoingMessage,
  Server: ServerExport,
  ServerResponse,
  createServer,
  validateHeaderName: (name: string, label?: string) => validateHeaderName(name, label),
  validateHeaderValue,
  get,
  request,
  setMaxIdleHTTPParsers,
  maxHeaderSize: DEFAULT_MAX_HEADER_SIZE,
  globalAgent: initialAgent,
};

Object.defineProperty(http, 'globalAgent', {
  configurable: true,
  enumerable: true,
  get: () => require('./node/agent').globalAgent as Agent,
  set: (value: Agent) => setGlobalAgent(value),
});

export = http;
