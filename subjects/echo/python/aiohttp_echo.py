# Echo server on aiohttp's low-level web.Server (no router, so every target reaches the echo); usage: aiohttp_echo.py PORT.
# raw_headers keep names, order and duplicates; aiohttp has no API for trailer fields (dropped): lacks `trailers`.
import asyncio
import sys
from aiohttp import web
from echo_common import echo_body


async def echo(request):
    body = await request.read()
    v = request.version
    out = echo_body(request.method, request.raw_path, 'HTTP/%d.%d' % (v.major, v.minor), request.raw_headers, body)
    return web.Response(body=out, content_type='application/json')


async def main():
    runner = web.ServerRunner(web.Server(echo), access_log=None)
    await runner.setup()
    await web.TCPSite(runner, '127.0.0.1', int(sys.argv[1])).start()
    await asyncio.Event().wait()

if __name__ == '__main__':
    asyncio.run(main())
