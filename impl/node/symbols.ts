// Symbols that let the node-layer classes share internal state without exposing it as public API.

export const kIncomingMessage = Symbol('IncomingMessage');
export const kServerResponse = Symbol('ServerResponse');
export const kConnections = Symbol('http.server.connections');
