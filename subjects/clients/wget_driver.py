# Client driver for GNU wget (one wget run per request, --save-headers, bodies kept on errors); usage: wget_driver.py SPEC.json.
# wget shows no interim responses and no trailers (lacks `interim`); each run opens its own connection.
import base64
import os
import subprocess
import tempfile
from common import octets, enc, read_spec, report, error


def parse(raw):
    """Split wget's saved response (head, blank line, content) into the result entry."""
    head, sep, body = raw.partition(b'\r\n\r\n')
    if not sep:
        head, sep, body = raw.partition(b'\n\n')
    lines = head.split(b'\n')
    status_line = lines[0].rstrip(b'\r').split(b' ', 2)
    headers = []
    for line in lines[1:]:
        name, _, value = line.rstrip(b'\r').partition(b':')
        headers.append([enc(name), enc(value.strip(b' \t'))])
    return {'status': int(status_line[1]), 'reason': enc(status_line[2] if len(status_line) > 2 else b''), 'version': enc(status_line[0]),
            'headers': headers, 'body': base64.b64encode(body).decode('ascii'), 'trailers': []}


def main():
    spec = read_spec()
    work = tempfile.mkdtemp(prefix='h1compat-wget-')
    results = []
    for i, r in enumerate(spec['requests']):
        out = os.path.join(work, 'o%d' % i)
        args = ['wget', '-q', '--save-headers', '--content-on-error', '--no-config', '--tries=1', '--max-redirect=0',
                '--timeout=%g' % (spec['timeoutMs'] / 1000), '--method=' + octets(r['method']).decode('latin-1'), '-O', out]
        for n, v in r['fields']:
            args.append('--header=%s: %s' % (octets(n).decode('latin-1'), octets(v).decode('latin-1')))
        if 'body' in r:
            with open(os.path.join(work, 'd%d' % i), 'wb') as f:
                f.write(base64.b64decode(r['body']))
            args.append('--body-file=' + os.path.join(work, 'd%d' % i))
        args.append(r['url'])
        try:
            p = subprocess.run(args, capture_output=True, timeout=spec['timeoutMs'] / 1000 + 2)
        except subprocess.TimeoutExpired:
            results.append(error('TIMEOUT', 'wget did not finish'))
            break
        raw = open(out, 'rb').read() if os.path.exists(out) else b''
        # exit 8 = the server answered with an error status: the response is still the result
        if raw and p.returncode in (0, 8):
            try:
                results.append(parse(raw))
                continue
            except (ValueError, IndexError) as e:
                results.append(error('PARSE', e))
                continue
        results.append(error('WGET_%d' % p.returncode, p.stderr.decode('latin-1').strip().split('\n')[-1] if p.stderr else 'no response'))
    version = subprocess.run(['wget', '--version'], capture_output=True).stdout.split(b'\n')[0].decode('latin-1')
    report(version, results, lambda: subprocess.run(['rm', '-rf', work]))


if __name__ == '__main__':
    main()
