# Shared by the Ruby echo servers: the echo body of harness/echo/CONTRACT.md from octet strings.
require 'json'
require 'base64'

module EchoCommon
  # a JSON string when the octets are UTF-8, else {"base64": ...}
  def self.octets(s)
    b = s.to_s.dup.force_encoding(Encoding::UTF_8)
    b.valid_encoding? ? b : { 'base64' => Base64.strict_encode64(s.to_s.b) }
  end

  def self.body(method, target, version, fields, body, trailers = [])
    JSON.generate({
      'h1compatEcho' => 1, 'method' => octets(method), 'target' => octets(target), 'version' => octets(version),
      'fields' => fields.map { |n, v| [octets(n), octets(v)] }, 'body' => Base64.strict_encode64(body.to_s.b),
      'trailers' => trailers.map { |n, v| [octets(n), octets(v)] }
    })
  end
end
