# Shared by the Python echo servers: the echo body of harness/echo/CONTRACT.md from octets (bytes) the framework gave.
import base64
import json


def octets(b):
    """A JSON string when the octets are UTF-8, else {"base64": ...} (the contract's octets rule)."""
    if isinstance(b, str):
        b = b.encode('latin-1', 'surrogateescape') if all(ord(c) < 256 for c in b) else b.encode('utf-8', 'surrogateescape')
    try:
        return b.decode('utf-8')
    except UnicodeDecodeError:
        return {'base64': base64.b64encode(b).decode('ascii')}


def echo_body(method, target, version, fields, body, trailers=()):
    """fields/trailers: (name, value) pairs of bytes or latin-1 str; body: bytes. Returns the JSON body as bytes."""
    doc = {
        'h1compatEcho': 1,
        'method': octets(method),
        'target': octets(target),
        'version': octets(version),
        'fields': [[octets(n), octets(v)] for n, v in fields],
        'body': base64.b64encode(body).decode('ascii'),
        'trailers': [[octets(n), octets(v)] for n, v in trailers],
    }
    return json.dumps(doc, separators=(',', ':')).encode('utf-8')
