# Client driver for requests (on urllib3 and http.client; one Session, kept alive); usage: requests_driver.py SPEC.json.
# requests gives response fields as a case-insensitive dict (duplicates joined by http.client/urllib3), no interim
# responses and no trailers; Expect is sent as a plain field (no wait for 100 Continue).
import base64
import requests
from common import octets, enc, read_spec, report, error


def main():
    spec = read_spec()
    s = requests.Session()
    results = []
    for r in spec['requests']:
        headers = [(octets(n).decode('latin-1'), octets(v).decode('latin-1')) for n, v in r['fields']]
        body = base64.b64decode(r['body']) if 'body' in r else None
        try:
            resp = s.request(octets(r['method']).decode('latin-1'), r['url'], headers=dict(headers), data=body,
                             allow_redirects=False, timeout=max(500, spec['timeoutMs'] - 500) / 1000, stream=False)  # ends before the harness's limit
            raw = resp.raw._original_response  # http.client's HTTPResponse under urllib3: received order and case
            fields = raw.msg.raw_items() if raw is not None else resp.headers.items()
            results.append({'status': resp.status_code, 'reason': enc(resp.reason or ''), 'version': 'HTTP/1.1' if resp.raw.version == 11 else 'HTTP/1.0',
                            'headers': [[enc(n), enc(v)] for n, v in fields], 'body': base64.b64encode(resp.content).decode('ascii'), 'trailers': []})
        except requests.Timeout as e:
            results.append(error('TIMEOUT', e))
            break
        except Exception as e:  # the client's own error is the data
            results.append(error(type(e).__name__, e))
    report('requests %s' % requests.__version__, results, s.close)


if __name__ == '__main__':
    main()
