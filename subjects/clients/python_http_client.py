# Client driver for Python's http.client (one HTTPConnection, kept alive across requests); usage: python_http_client.py SPEC.json.
# http.client swallows 100 Continue and does not wait for it (Expect is sent as a plain field), and drops trailers:
# the subject lacks `interim`.
import base64
import http.client
import socket
import sys
from common import octets, enc, read_spec, report, error


def main():
    spec = read_spec()
    conn = http.client.HTTPConnection(spec['origin']['host'], spec['origin']['port'], timeout=spec['timeoutMs'] / 1000)
    results = []
    for r in spec['requests']:
        fields = [(octets(n), octets(v)) for n, v in r['fields']]
        names = {n.lower() for n, _ in fields}
        body = base64.b64decode(r['body']) if 'body' in r else None
        try:
            conn.putrequest(octets(r['method']).decode('latin-1'), octets(r['target']).decode('latin-1'),
                            skip_host=b'host' in names, skip_accept_encoding=True)
            for n, v in fields:
                conn.putheader(n, v)
            if body is not None and b'content-length' not in names and b'transfer-encoding' not in names:
                conn.putheader('Content-Length', str(len(body)))
            conn.endheaders(body)
            resp = conn.getresponse()
            data = resp.read()
            results.append({'status': resp.status, 'reason': enc(resp.reason), 'version': 'HTTP/1.1' if resp.version == 11 else 'HTTP/1.0',
                            'headers': [[enc(n), enc(v)] for n, v in resp.msg.raw_items()],
                            'body': base64.b64encode(data).decode('ascii'), 'trailers': []})
        except socket.timeout as e:
            results.append(error('TIMEOUT', e))
            break
        except Exception as e:  # the client's own error is the data
            results.append(error(type(e).__name__, e))
            conn.close()
    report('python http.client %d.%d.%d' % sys.version_info[:3], results, conn.close)


if __name__ == '__main__':
    main()
