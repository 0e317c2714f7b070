# Echo server on WEBrick (Ruby's stdlib HTTP server); usage: webrick_echo.rb PORT. The raw header lines are kept by
# WEBrick (raw_header), so names, order and duplicates are exact; trailers are not reported (lacks `trailers`).
$LOAD_PATH.unshift(__dir__)
require 'webrick'
require 'echo_common'

server = WEBrick::HTTPServer.new(BindAddress: '127.0.0.1', Port: Integer(ARGV[0]), Logger: WEBrick::Log.new(nil, 0), AccessLog: [])
server.mount_proc('/') do |req, res|
  method, target, version = req.request_line.to_s.chomp.split(' ', 3)
  fields = req.raw_header.map { |l| n, v = l.chomp.split(':', 2); [n, v.to_s.strip] }
  body = req.body || ''
  res.status = 200
  res['Content-Type'] = 'application/json'
  res.body = EchoCommon.body(method, target, version, fields, body)
end
# WEBrick answers only the methods it knows with mount_proc (GET, HEAD, POST, PUT, DELETE, OPTIONS...)
%w[INT TERM].each { |s| trap(s) { server.shutdown } }
server.start
