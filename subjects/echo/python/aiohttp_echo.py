# Echo server on aiohttp's web server; usage: aiohttp_echo.py PORT. raw_headers keep names, order and duplicates;
# aiohttp has no API for trailer fields (they are dropped), so the subject lacks `trailers`.
import sys
from aiohttp import web
from echo_common import echo_body


async def echo(request):
    body = await request.read()
    v = request.version
    out = echo_body(request.method, request.raw_path, 'HTTP/%d.%d' % (v.major, v.minor), request.raw_headers, body)
    return web.Response(body=out, content_type='application/json')


app = web.Application()
app.router.add_route('*', '/{tail:.*}', echo)
if __name__ == '__main__':
    web.run_app(app, host='127.0.0.1', port=int(sys.argv[1]), print=None, access_log=None)
