-- HAProxy Lua HTTP service answering every request with the echo body (harness/echo/CONTRACT.md); loaded by
-- subjects/origin/haproxy.conf. applet.headers gives names lower-cased, grouped by name (lacks `raw-field-names`);
-- the target is applet.path and applet.qs as HAProxy's HTX keeps them; no trailers API (lacks `trailers`).
local h1echo = require('h1echo')

-- The content by the request's own framing (RFC 9112 6.3): none without Transfer-Encoding and with no or a zero
-- Content-Length; else applet:receive(), which reads to the end of the content. Called on a request without content,
-- receive() waits for an end that never comes when HAProxy keeps the stream open for a possible upgrade
-- (`Connection: upgrade`): the echo hung there, not HAProxy (a Lua service that does not read answers at once).
local function content(applet)
  local h = applet.headers
  local te, cl = h['transfer-encoding'], h['content-length']
  if te == nil and (cl == nil or tonumber(cl[0]) == 0) then return '' end
  return applet:receive() or ''
end

core.register_service('echo', 'http', function(applet)
  local body = content(applet)
  local fields = {}
  for name, values in pairs(applet.headers) do
    for i = 0, #values do if values[i] then fields[#fields + 1] = { name, values[i] } end end
  end
  local target = applet.path .. ((applet.qs ~= nil and applet.qs ~= '') and ('?' .. applet.qs) or '')
  local out = h1echo.body(applet.method, target, applet.version, fields, body, {})
  applet:set_status(200)
  applet:add_header('content-type', 'application/json')
  applet:add_header('content-length', tostring(#out))
  applet:start_response()
  if applet.method ~= 'HEAD' then applet:send(out) end
end)
