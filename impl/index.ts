// The node:http API of the reference implementation: code written for node:http runs unchanged against it.

import { Agent, globalAgent as initialAgent, setGlobalAgent } from './node/agent';
import { ClientRequest, type RequestOptions } from './node/client';
import { DEFAULT_MAX_HEADER_SIZE, METHODS, STATUS_CODES } from './node/constants';
import { IncomingMessage } from './node/incoming';
import { OutgoingMessage } from './node/outgoing';
import { Server, type ServerOptions } from './node/server';
import { ServerResponse } from './node/server-response';
import { validateHeaderName, validateHeaderValue } from './node/validate';

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
  Agent,
  ClientRequest,
  IncomingMessage,
  OutgoingMessage,
  Server,
  ServerResponse,
  createServer,
  validateHeaderName: (name: string, label?: string) => validateHeaderName(name, label),
  validateHeaderValue,
  get,
  request,
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
