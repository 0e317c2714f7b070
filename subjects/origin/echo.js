// Echo application for nginx's njs (harness/echo/CONTRACT.md), used by subjects/origin/nginx.conf.
// r.rawHeadersIn keeps names, order and duplicates as received; the target is $request_uri (nginx keeps only the
// path and query of an absolute-form target: lacks `request-target`);
// nginx has no request trailers (lacks `trailers`). Values are njs strings: octets that are not UTF-8 are not
// told apart (the contract's base64 form is not produced).
function body(r) {
  try {
    return r.requestBuffer ? r.requestBuffer.toString('base64') : '';
  } catch (e) {
    return ''; // njs throws when there is no request body (Content-Length: 0, an empty chunked body)
  }
}

function echo(r) {
  var doc = {
    h1compatEcho: 1, method: r.method, target: r.variables.request_uri, version: 'HTTP/' + r.httpVersion,
    fields: r.rawHeadersIn, body: body(r), trailers: [],
  };
  r.headersOut['Content-Type'] = 'application/json';
  r.return(200, JSON.stringify(doc));
}

export default { echo };
