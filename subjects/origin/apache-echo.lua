-- Apache mod_lua handler answering every request with the echo body (harness/echo/CONTRACT.md); mapped by
-- subjects/origin/apache2.conf. r:headers_in_table() is a Lua table: order lost, and httpd has already merged
-- duplicates with ", " (lacks `raw-field-names`, `duplicate`); r.unparsed_uri is the target as received;
-- r:requestbody() reads the (de-chunked) content; trailers are not exposed (lacks `trailers`).
local h1echo = require('h1echo')

function handle(r)
  local fields = {}
  for name, value in pairs(r:headers_in_table()) do fields[#fields + 1] = { name, value } end
  table.sort(fields, function(a, b) return a[1] < b[1] end)
  local body = r:requestbody() or ''
  local out = h1echo.body(r.method, r.unparsed_uri, r.protocol, fields, body, {})
  r.content_type = 'application/json'
  r.headers_out['Content-Length'] = tostring(#out)
  if r.method ~= 'HEAD' then r:puts(out) end
  return apache2.OK
end
