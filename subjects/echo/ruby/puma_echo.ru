# Rack echo application for Puma (usage: subjects/matrix/puma.json). Rack hands out fields as HTTP_* env keys:
# upper-cased, '-' as '_', duplicates joined, order lost; so the subject lacks `raw-field-names`, `duplicate`, `trailers`.
$LOAD_PATH.unshift(__dir__)
require 'echo_common'

run(lambda do |env|
  fields = env.select { |k, _| k.start_with?('HTTP_') && k != 'HTTP_VERSION' }.map { |k, v| [k[5..].tr('_', '-'), v] }
  fields << ['CONTENT-LENGTH', env['CONTENT_LENGTH']] if env['CONTENT_LENGTH']
  fields << ['CONTENT-TYPE', env['CONTENT_TYPE']] if env['CONTENT_TYPE']
  body = env['rack.input'].read
  out = EchoCommon.body(env['REQUEST_METHOD'], env['REQUEST_URI'], env['HTTP_VERSION'] || env['SERVER_PROTOCOL'], fields, body)
  [200, { 'Content-Type' => 'application/json', 'Content-Length' => out.bytesize.to_s }, [out]]
end)
