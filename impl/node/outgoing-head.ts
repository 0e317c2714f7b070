// Head rendering of an OutgoingMessage (ServerResponse, ClientRequest): the start-line and field lines in the order
// given, node's Date / Connection / Keep-Alive lines, and the framing the one decider of impl/core
// (core/outgoing-framing.ts) chooses, with the field lines it says must not be sent left out (RFC 9112 6, RFC 9110
// 7.6.1, 7.8, 10.1.4). Everything else about sending a message is in ./outgoing.ts.

import {
  ADD_CHUNKED, ADD_CONTENT_LENGTH, APPEND_CHUNKED, CLOSE_AFTER, FRAME_CHUNKED, FRAME_CLOSE, FRAME_KIND, TE_CHUNKED, TE_NONE,
  decideOutgoingFraming, dropsContentLength, dropsTransferEncoding, finalCoding,
} from '../core/outgoing-framing';
import { utcDate } from './constants';
import { errInvalidArgValue, errTrailerInvalid } from './errors';
import { kCloseOption, kOutHeaders, kUniqueHeaders } from './symbols';
import { validateHeaderName, validateHeaderValue } from './validate';
import type { HeaderStore, HeaderValue, OutgoingHeaders, OutgoingMessage } from './outgoing';

// Connection: close detection and chunked detection, as node matches them (RFC 9110 7.6.1, RFC 9112 6.1)
const RE_CONN_CLOSE = /(?:^|\W)close(?:$|\W)/i;
const RE_CONN_UPGRADE = /(?:^|[\s,])upgrade(?:$|[\s,])/i;
const RE_CONN_TE = /(?:^|[\s,])te(?:$|[\s,])/i;
// a connection option naming a representation field (Content-Type, Content-Encoding, ...), which is meant for every
// recipient of the content: "A sender MUST NOT send a connection option corresponding to a field that is intended for
// all recipients of the content" (RFC 9110 7.6.1)
const RE_CONTENT_OPTION = /(?:^|[\s,])content-/i;
function withoutContentOptions(value: string): string {
  return value.split(',').map((o) => o.trim()).filter((o) => o !== '' && !/^content-/i.test(o)).join(', ');
}

interface HeadState {
  connection: boolean; contLen: boolean; te: boolean; date: boolean; expect: boolean; trailer: boolean; header: string;
  /** an Upgrade field, and whether a Connection field names the upgrade option */
  upgrade: boolean; upgradeOption: boolean;
  /** a TE field, and whether a Connection field names the TE option */
  teField: boolean; teOption: boolean;
  /** the Transfer-Encoding values, in order (one list, RFC 9110 5.3) */
  teList: string;
  /** [start, end, isTE] of each Content-Length / Transfer-Encoding line in `header`, in case it must be left out */
  framingLines: number[] | null;
}

/** the head with the framing lines the verdict changes: Content-Length / Transfer-Encoding lines that must not be
 *  sent left out, and chunked named last in the last Transfer-Encoding line when the verdict applies it on top */
function rewriteFramingLines(header: string, lines: number[], verdict: number): string {
  const cl = dropsContentLength(verdict);
  const te = dropsTransferEncoding(verdict);
  let lastTE = -1;
  if ((verdict & APPEND_CHUNKED) !== 0) for (let i = 0; i < lines.length; i += 3) if (lines[i + 2] === 1) lastTE = i;
  if (!cl && !te && lastTE < 0) return header;
  let out = '';
  let from = 0;
  for (let i = 0; i < lines.length; i += 3) {
    if (lines[i + 2] === 1 ? te : cl) {
      out += header.slice(from, lines[i]);
      from = lines[i + 1];
    } else if (i === lastTE) {
      out += `${header.slice(from, lines[i + 1] - 2)}, chunked\r\n`;
      from = lines[i + 1];
    }
  }
  return out + header.slice(from);
}

export function renderHead(msg: OutgoingMessage, firstLine: string, headers: unknown, contentFollows: boolean): void {
  const state: HeadState = {
    connection: false, contLen: false, te: false, date: false, expect: false, trailer: false, header: firstLine,
    teList: '', framingLines: null, upgrade: false, upgradeOption: false, teField: false, teOption: false,
  };
  if (headers) {
    if (headers === msg[kOutHeaders]) {
      for (const key in headers as HeaderStore) {
        const [name, value] = (headers as HeaderStore)[key];
        processHeader(msg, state, name, value, false);
      }
    } else if (Array.isArray(headers)) {
      if (headers.length && Array.isArray(headers[0])) {
        for (const [name, value] of headers as [string, HeaderValue][]) processHeader(msg, state, name, value, true);
      } else {
        if (headers.length % 2 !== 0) throw errInvalidArgValue('headers', headers);
        for (let n = 0; n < headers.length; n += 2) processHeader(msg, state, headers[n], headers[n + 1], true);
      }
    } else {
      for (const key in headers as OutgoingHeaders) {
        if (Object.hasOwn(headers as object, key)) processHeader(msg, state, key, (headers as OutgoingHeaders)[key], true);
      }
    }
  }
  // the one framing decider of impl/core: framing, the field it adds, and the fields that must not be sent
  const te = state.te ? finalCoding(state.teList) : TE_NONE;
  const verdict = decideOutgoingFraming({
    status: msg.statusCode ?? 0, method: msg._framingMethod, hasBody: msg._hasBody, http11: msg._peer11,
    contentLength: state.contLen, transferEncoding: te, trailer: state.trailer,
    length: typeof msg._contentLength === 'number' ? msg._contentLength : -1,
    chunkedByDefault: msg.useChunkedEncodingByDefault, noAddLength: msg._removedContLen, noAddChunked: msg._removedTE,
    contentFollows,
  });
  let header = state.framingLines === null ? state.header : rewriteFramingLines(state.header, state.framingLines, verdict);
  const kind = verdict & FRAME_KIND;
  // node's value of the property: true for chunked content, and for a response to HEAD that names chunked
  msg.chunkedEncoding = kind === FRAME_CHUNKED ||
    (!msg._hasBody && te === TE_CHUNKED && (verdict & CLOSE_AFTER) === 0 && !dropsTransferEncoding(verdict));
  // the fields framed a message that must end the connection (a final coding other than chunked; node's rule for a
  // 204 or 304 that named chunked): say so in the head (RFC 9112 9.6)
  if ((verdict & CLOSE_AFTER) !== 0 && state.te) msg.shouldKeepAlive = false;
  if (msg.sendDate && !state.date) header += `Date: ${utcDate()}\r\n`;
  // "A sender of Upgrade MUST also send an "Upgrade" connection option in the Connection header field" (RFC 9110
  // 7.8): a line of its own, so that node's Connection line below (keep-alive or close) keeps its meaning
  if (state.upgrade && !state.upgradeOption) header += 'Connection: upgrade\r\n';
  // likewise "A sender of TE MUST also send a "TE" connection option within the Connection header field" (RFC 9110
  // 10.1.4)
  if (state.teField && !state.teOption) header += 'Connection: TE\r\n';
  if (msg._removedConnection) {
    msg._last = !msg.shouldKeepAlive;
  } else if (!state.connection) {
    const sendKeepAlive = msg.shouldKeepAlive && (state.contLen || msg.useChunkedEncodingByDefault || !!msg.agent);
    if (sendKeepAlive && msg.maxRequestsOnConnectionReached) {
      header += 'Connection: close\r\n';
    } else if (sendKeepAlive) {
      header += 'Connection: keep-alive\r\n';
      if (msg._keepAliveTimeout && msg._defaultKeepAlive) {
        const max = ~~msg._maxRequestsPerSocket > 0 ? `, max=${msg._maxRequestsPerSocket}` : '';
        header += `Keep-Alive: timeout=${Math.floor(msg._keepAliveTimeout / 1000)}${max}\r\n`;
      }
    } else {
      msg._last = true;
      header += 'Connection: close\r\n';
    }
  }
  if ((verdict & ADD_CONTENT_LENGTH) !== 0) header += `Content-Length: ${msg._contentLength}\r\n`;
  else if ((verdict & ADD_CHUNKED) !== 0) header += 'Transfer-Encoding: chunked\r\n';
  // close-delimited content (RFC 9112 6.3 rule 8)
  if (kind === FRAME_CLOSE) msg._last = true;
  // a trailer section exists only in chunked framing (RFC 9112 7.1.2)
  if (msg.chunkedEncoding !== true && state.trailer) throw errTrailerInvalid();
  msg._header = `${header}\r\n`;
  msg._headerSent = false;
  if (state.expect) msg._send('');
}

function processHeader(msg: OutgoingMessage, state: HeadState, key: string, value: HeaderValue, validate: boolean): void {
  if (validate) validateHeaderName(key);
  if (key.length === 19 && key.toLowerCase() === 'content-disposition' && msg._contentLength) {
    // RFC 6266 4.3, as node does it: the value's chars are taken as latin1 octets and read back as UTF-8 (node turns
    // it into a Buffer, which the head template decodes as UTF-8), so a UTF-8 name given as a binary string is sent
    // as its UTF-8 octets
    value = Array.isArray(value)
      ? value.map((v) => Buffer.from(String(v), 'latin1').toString())
      : Buffer.from(String(value), 'latin1').toString();
  }
  if (Array.isArray(value)) {
    const unique = msg[kUniqueHeaders]?.has(key.toLowerCase());
    const cookie = key.length === 6 && key.toLowerCase() === 'cookie';
    if ((value.length < 2 || !cookie) && !unique) {
      for (const v of value) storeHeader(msg, state, key, v, validate);
      return;
    }
    value = value.join('; ');
  }
  storeHeader(msg, state, key, value as string, validate);
}

function storeHeader(msg: OutgoingMessage, state: HeadState, key: string, value: string | number, validate: boolean): void {
  if (validate) validateHeaderValue(key, value);
  if (key.length === 10 && typeof value === 'string' && RE_CONTENT_OPTION.test(value) && key.toLowerCase() === 'connection') {
    value = withoutContentOptions(value);
    if (value === '') return;
  }
  const start = state.header.length;
  state.header += `${key}: ${value}\r\n`;
  if (key.length === 2 && (key === 'TE' || key.toLowerCase() === 'te')) { state.teField = true; return; }
  if (key.length < 4 || key.length > 17) return;
  switch (key.toLowerCase()) {
    case 'connection':
      state.connection = true;
      if (!state.upgradeOption && RE_CONN_UPGRADE.test(String(value))) state.upgradeOption = true;
      if (!state.teOption && RE_CONN_TE.test(String(value))) state.teOption = true;
      msg._removedConnection = false;
      if (RE_CONN_CLOSE.test(String(value))) { msg._last = true; msg[kCloseOption] = true; } else msg.shouldKeepAlive = true;
      break;
    case 'transfer-encoding':
      state.te = true;
      state.teList = state.teList ? `${state.teList}, ${value}` : String(value);
      (state.framingLines ??= []).push(start, state.header.length, 1);
      msg._removedTE = false;
      break;
    case 'content-length':
      state.contLen = true;
      (state.framingLines ??= []).push(start, state.header.length, 0);
      msg._contentLength = +value;
      msg._removedContLen = false;
      break;
    case 'date': state.date = true; break;
    case 'upgrade': state.upgrade = true; break;
    case 'expect': state.expect = true; break;
    case 'trailer': state.trailer = true; break;
    case 'keep-alive': msg._defaultKeepAlive = false; break;
  }
}
