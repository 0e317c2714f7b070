# Echo server on Python's http.server (BaseHTTPRequestHandler, HTTP/1.1, threads); usage: stdlib.py PORT.
# http.server leaves body framing to the application: this echo honours Content-Length and answers 501 to any
# Transfer-Encoding (it does not decode chunked) and 400 to a Content-Length that is not one run of ASCII digits.
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from echo_common import echo_body


class Echo(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'

    def handle_one_request_any(self):
        if 'Transfer-Encoding' in self.headers:
            self.send_error(501, 'Transfer-Encoding not supported')
            self.close_connection = True
            return
        cl = self.headers.get('Content-Length')
        if cl is not None and not cl.isdigit() or len(self.headers.get_all('Content-Length') or []) > 1:
            self.send_error(400, 'bad Content-Length')
            self.close_connection = True
            return
        n = int(cl or 0)
        body = self.rfile.read(n) if n > 0 else b''
        # http.client.parse_headers keeps names as received and the order; values lose their trailing CRLF
        fields = [(k, v) for k, v in self.headers.raw_items()]
        out = echo_body(self.command, self.path, self.request_version, fields, body)
        self.send_response(200)
        self.send_header('Content-Type', 'application/json')
        self.send_header('Content-Length', str(len(out)))
        self.end_headers()
        if self.command != 'HEAD':  # RFC 9110 9.3.2: a response to HEAD has no content (http.server leaves it to the handler)
            self.wfile.write(out)

    def __getattr__(self, name):
        if name.startswith('do_'):
            return self.handle_one_request_any
        raise AttributeError(name)

    def log_message(self, *args):
        pass


if __name__ == '__main__':
    ThreadingHTTPServer.daemon_threads = True
    ThreadingHTTPServer(('127.0.0.1', int(sys.argv[1])), Echo).serve_forever()
