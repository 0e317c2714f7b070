-- wrk script (bench/server.ts): POST with a 64 KiB body sent as Transfer-Encoding: chunked, 16 chunks of 4 KiB.
-- The request is built by hand: wrk.format() would add Content-Length, and a message with both Content-Length and
-- Transfer-Encoding is rejected by the strict reference (RFC 9112 6.1).
init = function(args)
  local chunk = string.rep("x", 4096)
  local parts = { "POST /upload HTTP/1.1\r\nHost: ", wrk.host, ":", tostring(wrk.port),
                  "\r\nContent-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n\r\n" }
  for i = 1, 16 do
    parts[#parts + 1] = "1000\r\n" .. chunk .. "\r\n"
  end
  parts[#parts + 1] = "0\r\n\r\n"
  req = table.concat(parts)
end

request = function()
  return req
end
