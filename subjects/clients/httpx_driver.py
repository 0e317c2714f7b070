# Client driver for httpx (HTTP/1.1 through httpcore and h11; one Client, kept alive); usage: httpx_driver.py SPEC.json.
# httpx keeps response fields in received order with their case (headers.raw); no interim responses, no trailers.
import base64
import httpx
from common import octets, enc, read_spec, report, error


def main():
    spec = read_spec()
    c = httpx.Client(http1=True, http2=False, follow_redirects=False, timeout=max(500, spec['timeoutMs'] - 500) / 1000)  # ends before the harness's limit
    results = []
    for r in spec['requests']:
        headers = [(octets(n), octets(v)) for n, v in r['fields']]
        body = base64.b64decode(r['body']) if 'body' in r else None
        try:
            resp = c.request(octets(r['method']).decode('latin-1'), r['url'], headers=headers, content=body)
            results.append({'status': resp.status_code, 'reason': enc(resp.reason_phrase), 'version': resp.http_version,
                            'headers': [[enc(n), enc(v)] for n, v in resp.headers.raw], 'body': base64.b64encode(resp.content).decode('ascii'), 'trailers': []})
        except httpx.TimeoutException as e:
            results.append(error('TIMEOUT', e))
            break
        except Exception as e:  # the client's own error is the data
            results.append(error(type(e).__name__, e))
    report('httpx %s' % httpx.__version__, results, c.close)


if __name__ == '__main__':
    main()
