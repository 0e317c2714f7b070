# Echo server on tornado's HTTPServer; usage: tornado_echo.py PORT. tornado's HTTPHeaders normalises field names to
# Title-Case (the subject lacks `raw-field-names`; names compare case-insensitively) and has no trailer API (`trailers`).
import asyncio
import sys
import tornado.httpserver
from echo_common import echo_body


def handle(request):
    fields = list(request.headers.get_all())
    out = echo_body(request.method, request.uri, request.version, fields, request.body or b'')
    conn = request.connection
    conn.write_headers(tornado.httputil.ResponseStartLine('HTTP/1.1', 200, 'OK'),
                       tornado.httputil.HTTPHeaders({'Content-Type': 'application/json', 'Content-Length': str(len(out))}))
    if request.method != 'HEAD':  # RFC 9110 9.3.2; HTTP1Connection writes what it is given (RequestHandler omits it)
        conn.write(out)
    conn.finish()


async def main():
    server = tornado.httpserver.HTTPServer(handle)
    server.listen(int(sys.argv[1]), address='127.0.0.1')
    await asyncio.Event().wait()

if __name__ == '__main__':
    asyncio.run(main())
