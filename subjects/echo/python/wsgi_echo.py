# WSGI echo application for waitress and gunicorn (usage: see subjects/matrix/{waitress,gunicorn}.json). WSGI hands
# out fields as HTTP_* environ keys: upper-cased, '-' as '_', duplicates joined with ',', order lost; so the subjects
# lack `raw-field-names`, `duplicate` and `trailers`; the target is RAW_URI (gunicorn) or REQUEST_URI (waitress).
import sys
from echo_common import echo_body


def app(environ, start_response):
    fields = []
    for k, v in environ.items():
        if k.startswith('HTTP_'):
            fields.append((k[5:].replace('_', '-'), v))
        elif k in ('CONTENT_LENGTH', 'CONTENT_TYPE') and v != '':
            fields.append((k.replace('_', '-'), v))
    body = environ['wsgi.input'].read()
    target = environ.get('RAW_URI') or environ.get('REQUEST_URI') or environ.get('PATH_INFO', '')
    out = echo_body(environ['REQUEST_METHOD'], target, environ['SERVER_PROTOCOL'], fields, body)
    start_response('200 OK', [('Content-Type', 'application/json'), ('Content-Length', str(len(out)))])
    # RFC 9110 9.3.2: no content in a response to HEAD (waitress sends what the application returns)
    return [] if environ['REQUEST_METHOD'] == 'HEAD' else [out]


if __name__ == '__main__':
    import waitress
    waitress.serve(app, host='127.0.0.1', port=int(sys.argv[1]), _quiet=True)
