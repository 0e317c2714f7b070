-- The echo body of harness/echo/CONTRACT.md in Lua, shared by the Apache mod_lua and HAProxy echo applications.
-- Lua strings are octets: a value that is not UTF-8 (utf8.len fails) travels as {"base64": ...}.
local M = {}
local b64chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

function M.base64(s)
  local out = {}
  for i = 1, #s, 3 do
    local a, b, c = s:byte(i, i + 2)
    local n = a * 65536 + (b or 0) * 256 + (c or 0)
    local q = {}
    for k = 3, 0, -1 do q[#q + 1] = b64chars:sub((n >> (6 * k)) % 64 + 1, (n >> (6 * k)) % 64 + 1) end
    if not b then q[3], q[4] = '=', '=' elseif not c then q[4] = '=' end
    out[#out + 1] = table.concat(q)
  end
  return table.concat(out)
end

local function str(s)
  return '"' .. s:gsub('[%c"\\]', function(ch)
    local map = { ['"'] = '\\"', ['\\'] = '\\\\', ['\n'] = '\\n', ['\r'] = '\\r', ['\t'] = '\\t' }
    return map[ch] or string.format('\\u%04x', ch:byte())
  end) .. '"'
end

function M.octets(s)
  if utf8.len(s) then return str(s) end
  return '{"base64":"' .. M.base64(s) .. '"}'
end

local function pairs_json(list)
  local out = {}
  for _, f in ipairs(list) do out[#out + 1] = '[' .. M.octets(f[1]) .. ',' .. M.octets(f[2]) .. ']' end
  return '[' .. table.concat(out, ',') .. ']'
end

-- fields, trailers: arrays of {name, value}
function M.body(method, target, version, fields, body, trailers)
  return '{"h1compatEcho":1,"method":' .. M.octets(method) .. ',"target":' .. M.octets(target) .. ',"version":' ..
    M.octets(version) .. ',"fields":' .. pairs_json(fields) .. ',"body":"' .. M.base64(body) .. '","trailers":' ..
    pairs_json(trailers) .. '}'
end

return M
