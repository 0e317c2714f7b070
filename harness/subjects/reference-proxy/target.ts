// The reference proxy's request-target rules: from the target a client sent to the proxy, the request-target and
// Host of the request the proxy forwards (RFC 9112 3.2, 3.2.1-3.2.4; RFC 9110 4.2, 7.7). Pure functions, no I/O.

/** What the proxy forwards for a received request-target, or why it answers the request itself. */
export type OutboundTarget =
  | { readonly ok: true; readonly target: string; /** the Host to send; undefined: keep the received one */ readonly host?: string }
  | { readonly ok: false; readonly status: 400; readonly reason: string };

/** absolute-URI with an authority: scheme "://" authority path-abempty [ "?" query ] (RFC 3986 3, RFC 9110 4.2.1) */
const ABSOLUTE = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)([^#]*)$/;

/** The target and Host to forward for a request `method target` received by the proxy. */
export function outboundTarget(method: string, target: string): OutboundTarget {
  // origin-form and asterisk-form go on as received: "A proxy MUST NOT modify the "absolute-path" and "query" parts
  // of the received target URI when forwarding it to the next inbound server except as required by that forwarding
  // protocol." (RFC 9110 7.7) -- no dot-segment removal, no percent-decoding, no re-encoding.
  if (target.startsWith('/')) return { ok: true, target };
  if (target === '*') return { ok: true, target };
  const m = ABSOLUTE.exec(target);
  if (m === null) return { ok: false, status: 400, reason: 'the request-target is not in origin-form, absolute-form or asterisk-form (RFC 9112 3.2)' };
  const [, scheme, authority, pathAndQuery] = m;
  // this proxy forwards the http and https schemes only (RFC 9110 4.2.1, 4.2.2); it reaches one upstream
  if (!/^https?$/i.test(scheme)) return { ok: false, status: 400, reason: `the proxy does not forward "${scheme}" URIs (RFC 9110 4.2)` };
  // "Before making use of an "http" or "https" URI reference received from an untrusted source, a recipient SHOULD
  // parse for userinfo and treat its presence as an error" (RFC 9110 4.2.4); and "A sender MUST NOT generate the
  // userinfo subcomponent (and its "@" delimiter) when an "http" or "https" URI reference is generated within a
  // message as a target URI or field value." -- rejected, so it is never forwarded.
  if (authority.includes('@')) return { ok: false, status: 400, reason: 'userinfo in an http(s) URI is treated as an error (RFC 9110 4.2.4)' };
  // "A sender MUST NOT generate an "http" URI with an empty host identifier. A recipient that processes such a URI
  // reference MUST reject it as invalid." (RFC 9110 4.2.1; the same for "https", 4.2.2)
  if (authority === '' || authority.startsWith(':')) return { ok: false, status: 400, reason: 'an http(s) URI with an empty host is invalid (RFC 9110 4.2.1)' };
  // "When a proxy receives a request with an absolute-form of request-target, the proxy MUST ignore the received
  // Host header field (if any) and instead replace it with the host information of the request-target."
  // (RFC 9112 3.2.2), and the Host value is "identical to that authority component, excluding any userinfo
  // subcomponent and its "@" delimiter" (RFC 9112 3.2): the authority as received, its letter case and port kept.
  const host = authority;
  if (pathAndQuery === '' && method === 'OPTIONS') {
    // "If a proxy receives an OPTIONS request with an absolute-form of request-target in which the URI has an empty
    // path and no query component, then the last proxy on the request chain MUST send a request-target of "*" when
    // it forwards the request to the indicated origin server." (RFC 9112 3.2.4). This proxy's upstream is the origin.
    return { ok: true, target: '*', host };
  }
  // The upstream is the origin server, so the target goes in origin-form (RFC 9112 3.2.1: "a client MUST send only
  // the absolute path and query components of the target URI as the request-target"), and "If the target URI's path
  // component is empty, the client MUST send "/" as the path within the origin-form of request-target."
  const originForm = pathAndQuery === '' || pathAndQuery.startsWith('?') ? `/${pathAndQuery}` : pathAndQuery;
  return { ok: true, target: originForm, host };
}
