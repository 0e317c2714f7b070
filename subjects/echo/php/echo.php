<?php
// Echo router for PHP's built-in web server (php -S 127.0.0.1:PORT echo.php), harness/echo/CONTRACT.md.
// getallheaders() is an array keyed by name (duplicates: the last one wins; lacks `raw-field-names`, `duplicate`);
// REQUEST_URI is the target as received; php://input is the content; no trailers (lacks `trailers`).
function octets($s) { return preg_match('//u', $s) === 1 ? $s : ['base64' => base64_encode($s)]; }
$fields = [];
foreach (getallheaders() as $n => $v) $fields[] = [octets($n), octets($v)];
$doc = ['h1compatEcho' => 1, 'method' => octets($_SERVER['REQUEST_METHOD']), 'target' => octets($_SERVER['REQUEST_URI']),
  'version' => octets($_SERVER['SERVER_PROTOCOL']), 'fields' => $fields, 'body' => base64_encode(file_get_contents('php://input')),
  'trailers' => []];
header('Content-Type: application/json');
echo json_encode($doc, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE);
