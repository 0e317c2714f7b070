// Echo server on Bun.serve (harness/echo/CONTRACT.md); usage: bun echo.ts PORT. Not type-checked by this repository's tsconfig (subjects/ is outside it; Bun's globals would not resolve there).
// Bun.serve hands the application a fetch Request, not the raw head, so this echo reports what that API keeps:
// - fields: Request.headers, names lower-cased, duplicates joined with ", ", iterated sorted by name (lacks
//   `raw-field-names`, `duplicate`); values are ByteStrings (one char per octet), leading/trailing OWS removed;
// - target: pathname + search of request.url, which the URL parser built (dot segments resolved, some octets
//   percent-encoded, absolute-form reduced to its path): lacks `request-target`;
// - version: not exposed; "HTTP/1.1" is written as a placeholder (lacks `version`);
// - trailers: not exposed (lacks `trailers`); the body is the content after transfer decoding (fetch forbids a body
//   on GET and HEAD requests: whether the runtime still lets the application read one there is unchecked).
// Written to the contract but never run in this repository (no Bun on the machine it was written on).

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A latin1 string (one char per octet) from octets, in slices (String.fromCharCode takes a bounded argument list). */
function latin1(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 8192) s += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return s;
}

/** The contract's octets rule: a JSON string when the octets are UTF-8, else {"base64": ...}. */
function octets(byteString: string): string | { base64: string } {
  if (/[^\x00-\xff]/.test(byteString)) return byteString; // already decoded text (not a ByteString): its UTF-8 is the octets
  const bytes = Uint8Array.from(byteString, (c) => c.charCodeAt(0) & 0xff);
  try {
    return utf8.decode(bytes);
  } catch {
    return { base64: btoa(byteString) };
  }
}

Bun.serve({
  hostname: '127.0.0.1',
  port: Number(Bun.argv[2]),
  async fetch(req: Request): Promise<Response> {
    let body: Uint8Array;
    try {
      body = new Uint8Array(await req.arrayBuffer());
    } catch {
      // the content could not be read (bad or truncated chunked framing): what an application answers, not a 500 from a throw
      return new Response('bad request body', { status: 400 });
    }
    // Bun builds req.url from the Host field: with an empty or missing Host it is the bare path ("/h"), which the URL
    // parser refuses, and the throw became Bun's 500 page (our artefact, not Bun's HTTP handling): use the path then
    let target: string;
    try {
      const url = new URL(req.url);
      target = url.pathname + url.search;
    } catch {
      target = req.url;
    }
    const fields = [...req.headers].map(([n, v]) => [octets(n), octets(v)]);
    const doc = {
      h1compatEcho: 1, method: octets(req.method), target: octets(target), version: 'HTTP/1.1',
      fields, body: btoa(latin1(body)), trailers: [],
    };
    return new Response(JSON.stringify(doc), { status: 200, headers: { 'Content-Type': 'application/json' } });
  },
});
