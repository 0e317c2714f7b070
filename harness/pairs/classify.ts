// The pair classifier: compare the messages a proxy forwarded (its view, framed by the strict reference parser) with
// the messages the origin server answered for exactly those octets. Pure: no I/O.
//
// RFC 9112 6.3 gives one message body length for every octet stream; two parties that frame the same octets into
// different messages disagree on a boundary, and what one treats as body the other treats as a request (request
// smuggling; RFC 9112 11.2) or the reverse. A server that refuses a message (4xx/5xx and close) lets nothing across
// a boundary: that is `rejected`, not a disagreement.

import { escapeOctets } from '../fixture/bytes';
import type { MessageView, PairClass, PairStatus, ProxyView, ServerView } from '../../reports/pairs-types';

export interface Classification {
  readonly status: PairStatus;
  readonly classes: PairClass[];
  readonly detail: string[];
}

/** The same request-target: equal octets, or absolute-form at one party and the origin-form of the same path and
 *  query at the other (RFC 9112 3.2.2: a server must accept absolute-form; a proxy forwarding to an origin may send
 *  either; an echo may report the path only). A different form of one target moves no message boundary. */
export function sameTarget(a: string, b: string): boolean {
  if (a === b) return true;
  const origin = (t: string): string | undefined => {
    const m = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*(.*)$/.exec(t);
    return m === null ? undefined : m[1] === '' ? '/' : m[1];
  };
  const oa = origin(a) ?? a;
  const ob = origin(b) ?? b;
  return oa === ob;
}

const show = (m: MessageView): string => `${escapeOctets(m.method, false)} ${escapeOctets(m.target, false)} (body ${m.bodyLength})`;
const refusal = (status: number): boolean => status >= 400;

/** Compare the proxy's view with the server's; `unknown` without a server view (or with a harness error). */
export function classify(p: ProxyView, s: ServerView | undefined): Classification {
  if (s === undefined) return { status: 'unknown', classes: [], detail: ['the server\'s reading of these octets is not known (not recorded, not replayed)'] };
  if (s.error !== undefined) return { status: 'unknown', classes: [], detail: [`harness: ${s.error}`] };
  const classes = new Set<PairClass>();
  const detail: string[] = [];
  const n = p.messages.length;
  // the strict parser stopped at a malformation and no lenient reading exists: past message n the proxy's framing is not known
  const known = p.malformation === undefined || p.lenient === true;
  let beyond = false;
  let rejectedAt: number | undefined;
  // every message answered and then the probe request, intact: no boundary moved
  const probeIntact = s.probe === 'intact' && s.messages.length === n && known;
  for (let i = 0; i < s.messages.length; i++) {
    const m = s.messages[i];
    const want = p.messages[i];
    // the message the proxy had not finished forwarding when the octets end
    if (want === undefined && i === n && p.partial) {
      if (m.echo === undefined && refusal(m.status)) {
        detail.push(`message ${i + 1}: the server refused (${m.status}) the message the proxy had not finished forwarding`);
        rejectedAt = i;
        break;
      }
      classes.add('different-body-length');
      detail.push(`message ${i + 1}: the server answered ${m.echo !== undefined ? show(m.echo) : m.status}, a message the proxy had not finished forwarding (it read a shorter body)`);
      continue;
    }
    if (want === undefined && !known) {
      beyond = true;
      detail.push(`message ${i + 1}: the server answered ${m.echo !== undefined ? show(m.echo) : m.status} where the forwarded octets break RFC 9112 (the proxy's framing there is not known)`);
      if (m.echo === undefined && refusal(m.status)) { rejectedAt = i; break; }
      continue;
    }
    if (m.echo === undefined) {
      if (refusal(m.status)) {
        // a refusal of octets beyond the proxy's last message: the server saw a message start where the proxy saw none
        if (want === undefined) {
          classes.add('extra-request');
          detail.push(`message ${i + 1}: the server refused (${m.status}) a message the proxy did not forward (it framed the octets after message ${n} as a request)`);
        } else detail.push(`message ${i + 1}: the server refused ${show(want)} with ${m.status}`);
        rejectedAt = i;
        break;
      }
      if (want === undefined) {
        classes.add('extra-request');
        detail.push(`message ${i + 1}: the server answered ${m.status} to a message the proxy did not forward`);
      } else detail.push(`message ${i + 1}: the server answered ${m.status} without an echo (its reading of ${show(want)} is not known)`);
      continue;
    }
    if (want === undefined) {
      classes.add('extra-request');
      detail.push(`message ${i + 1}: the server read an extra request ${show(m.echo)} that the proxy forwarded as part of another message`);
      continue;
    }
    if (m.echo.method !== want.method) {
      classes.add('different-method');
      detail.push(`message ${i + 1}: method ${escapeOctets(want.method, false)} at the proxy, ${escapeOctets(m.echo.method, false)} at the server`);
    }
    if (!sameTarget(m.echo.target, want.target)) {
      classes.add('different-target');
      detail.push(`message ${i + 1}: target ${escapeOctets(want.target, false)} at the proxy, ${escapeOctets(m.echo.target, false)} at the server`);
    }
    if (m.echo.bodyLength !== want.bodyLength) {
      if (probeIntact) {
        detail.push(`message ${i + 1}: the echo reports a body of ${m.echo.bodyLength} octets (${want.bodyLength} at the proxy), but the probe request after the last message arrived intact: the server framed the body as the proxy did (its application did not read all of it)`);
      } else {
        classes.add('different-body-length');
        detail.push(`message ${i + 1}: body of ${want.bodyLength} octets at the proxy, ${m.echo.bodyLength} at the server`);
      }
    }
  }
  if (rejectedAt === undefined && s.messages.length < n) {
    if (!s.timedOut && s.connection === 'closed') {
      // RFC 9112 9.6: a server may close after any response; the rest was never read, nothing crossed a boundary
      detail.push(`the proxy forwarded ${n} message(s); the server answered ${s.messages.length} and closed the connection (RFC 9112 9.6)`);
      rejectedAt = s.messages.length;
    } else {
      classes.add('fewer-requests');
      const why = s.timedOut ? 'and was still waiting (for octets the proxy considers complete)' : `and the connection ended ${s.connection}`;
      detail.push(`the proxy forwarded ${n} message(s); the server answered ${s.messages.length} ${why}`);
    }
  }
  if (p.malformation !== undefined) detail.push(`the forwarded octets break RFC 9112 at offset ${p.malformation.offset}: ${p.malformation.reason} (${p.malformation.code})`);
  const status: PairStatus = classes.size > 0 ? 'disagree' : beyond && rejectedAt === undefined ? 'unknown' : rejectedAt !== undefined ? 'rejected' : 'agree';
  return { status, classes: [...classes], detail };
}
