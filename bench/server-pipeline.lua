-- wrk script (bench/server.ts): each write is 10 pipelined keep-alive GET requests; wrk counts every response.
init = function(args)
  local r = {}
  for i = 1, 10 do
    r[i] = wrk.format("GET", "/")
  end
  req = table.concat(r)
end

request = function()
  return req
end
