// OutgoingMessage's deprecated header accessors (`_headers`, `_headerNames`, node's DEP0066): old code still reads
// and assigns them, so they behave as in node 20, each with node's deprecation warning.

import { deprecate } from 'node:util';
import { OutgoingMessage } from './outgoing';
import { kOutHeaders } from './symbols';

type Legacy = OutgoingMessage;
type Store = NonNullable<OutgoingMessage[typeof kOutHeaders]>;
type Value = Store[string][1];

Object.defineProperty(OutgoingMessage.prototype, '_headers', {
  configurable: true,
  enumerable: false,
  get: deprecate(function (this: Legacy) { return this.getHeaders(); },
    'OutgoingMessage.prototype._headers is deprecated', 'DEP0066'),
  set: deprecate(function (this: Legacy, val: Record<string, Value> | null) {
    if (val == null) { this[kOutHeaders] = null; return; }
    if (typeof val !== 'object') return;
    const store: Store = Object.create(null);
    this[kOutHeaders] = store;
    for (const name of Object.keys(val)) store[name.toLowerCase()] = [name, val[name]];
  }, 'OutgoingMessage.prototype._headers is deprecated', 'DEP0066'),
});

Object.defineProperty(OutgoingMessage.prototype, '_headerNames', {
  configurable: true,
  enumerable: false,
  get: deprecate(function (this: Legacy) {
    const store = this[kOutHeaders];
    if (store === null) return null;
    const out: Record<string, string> = Object.create(null);
    for (const key of Object.keys(store)) out[key] = store[key][0];
    return out;
  }, 'OutgoingMessage.prototype._headerNames is deprecated', 'DEP0066'),
  set: deprecate(function (this: Legacy, val: Record<string, string> | null) {
    if (typeof val !== 'object' || val === null) return;
    const store = this[kOutHeaders];
    if (!store) return;
    for (const key of Object.keys(val)) { const entry = store[key]; if (entry) entry[0] = val[key]; }
  }, 'OutgoingMessage.prototype._headerNames is deprecated', 'DEP0066'),
});
