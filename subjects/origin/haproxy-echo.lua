-- HAProxy Lua HTTP service answering every request with the echo body (harness/echo/CONTRACT.md); loaded by
-- subjects/origin/haproxy.conf. applet.headers gives names lower-cased, grouped by name (lacks `raw-field-names`);
-- the target is applet.path and applet.qs as HAProxy's HTX keeps them; no trailers API (lacks `trailers`).
local h1echo = require('h1echo')

core.register_service('echo', 'http', function(applet)
  local body = applet:receive() or ''
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
