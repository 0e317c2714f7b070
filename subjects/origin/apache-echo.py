#!/usr/bin/env python3
# CGI echo for Apache httpd as an origin (subjects/origin/apache2.conf, mod_cgid), harness/echo/CONTRACT.md.
# CGI passes fields as HTTP_* variables (upper-cased, '-' as '_', order lost, duplicates merged by httpd: lacks
# `raw-field-names`, `duplicate`), REQUEST_URI is the target as received, the content arrives on stdin (httpd
# de-chunks it and closes stdin at its end); no trailers (lacks `trailers`). mod_lua was tried first: its
# r:requestbody() refuses chunked content (REQUEST_CHUNKED_ERROR), which would have been our artefact.
import os
import sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'echo', 'python'))
from echo_common import echo_body  # noqa: E402

env = os.environb
fields = [(k[5:].replace(b'_', b'-'), v) for k, v in env.items() if k.startswith(b'HTTP_')]
fields += [(k.replace(b'_', b'-'), v) for k, v in env.items() if k in (b'CONTENT_LENGTH', b'CONTENT_TYPE') and v != b'']
body = sys.stdin.buffer.read()
out = echo_body(env[b'REQUEST_METHOD'], env.get(b'REQUEST_URI', b''), env[b'SERVER_PROTOCOL'], sorted(fields), body)
sys.stdout.buffer.write(b'Status: 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n' % len(out))
if env[b'REQUEST_METHOD'] != b'HEAD':
    sys.stdout.buffer.write(out)
