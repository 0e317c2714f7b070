# Shared by the Python client drivers (harness/client/CONTRACT.md): read the spec, print the result line, wait for stdin to end.
import base64
import json
import sys


def octets(v):
    """The spec's octets (a string, or {"base64": ...}) as bytes."""
    return base64.b64decode(v['base64']) if isinstance(v, dict) else v.encode('utf-8')


def enc(b):
    if isinstance(b, str):
        b = b.encode('latin-1', 'replace')
    try:
        return b.decode('utf-8')
    except UnicodeDecodeError:
        return {'base64': base64.b64encode(b).decode('ascii')}


def read_spec():
    args = [a for a in sys.argv[1:] if a.endswith('.json')]
    if args:
        with open(args[-1], encoding='utf-8') as f:
            return json.load(f)
    return json.loads(sys.stdin.readline())


def report(client, results, cleanup=None):
    sys.stdout.write(json.dumps({'h1compatClientResult': 1, 'client': client, 'results': results}) + '\n')
    sys.stdout.flush()
    sys.stdin.read()  # hold connections until the harness ends stdin
    if cleanup:
        cleanup()


def error(code, message):
    return {'error': {'code': code, 'message': str(message)[:300]}}
