# Client driver for aiohttp's client (llhttp-based parser; one ClientSession, one connection); usage:
# aiohttp_client_driver.py SPEC.json. raw_headers keep order and case; no interim responses; trailers dropped.
import asyncio
import base64
import aiohttp
from common import octets, enc, read_spec, report, error


async def run(spec):
    results = []
    conn = aiohttp.TCPConnector(limit=1)
    timeout = aiohttp.ClientTimeout(total=max(500, spec['timeoutMs'] - 500) / 1000)  # ends before the harness's limit
    async with aiohttp.ClientSession(connector=conn, timeout=timeout, auto_decompress=False, skip_auto_headers=['Accept-Encoding', 'User-Agent']) as s:
        for r in spec['requests']:
            headers = [(octets(n).decode('latin-1'), octets(v).decode('latin-1')) for n, v in r['fields']]
            body = base64.b64decode(r['body']) if 'body' in r else None
            try:
                async with s.request(octets(r['method']).decode('latin-1'), r['url'], headers=headers, data=body, allow_redirects=False) as resp:
                    data = await resp.read()
                    results.append({'status': resp.status, 'reason': enc(resp.reason or ''), 'version': 'HTTP/%d.%d' % (resp.version.major, resp.version.minor),
                                    'headers': [[enc(n), enc(v)] for n, v in resp.raw_headers], 'body': base64.b64encode(data).decode('ascii'), 'trailers': []})
            except asyncio.TimeoutError as e:
                results.append(error('TIMEOUT', e))
                break
            except Exception as e:  # the client's own error is the data
                results.append(error(type(e).__name__, e))
        # report while the session (and its connection) is still open
        await asyncio.get_running_loop().run_in_executor(None, report, 'aiohttp %s' % aiohttp.__version__, results)


if __name__ == '__main__':
    asyncio.run(run(read_spec()))
