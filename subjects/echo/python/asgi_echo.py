# ASGI echo application for uvicorn and hypercorn (usage: see subjects/matrix/{uvicorn-*,hypercorn}.json). ASGI
# gives header names lower-cased (lacks `raw-field-names`) in received order with duplicates, the target as
# raw_path + query_string, and no trailers (`trailers`).
from echo_common import echo_body


async def app(scope, receive, send):
    if scope['type'] != 'http':
        return
    body = b''
    while True:
        m = await receive()
        if m['type'] == 'http.disconnect':
            return
        body += m.get('body', b'')
        if not m.get('more_body'):
            break
    target = scope.get('raw_path') or scope['path'].encode('utf-8')
    if scope.get('query_string'):
        target += b'?' + scope['query_string']
    out = echo_body(scope['method'], target, 'HTTP/' + scope['http_version'], scope['headers'], body)
    await send({'type': 'http.response.start', 'status': 200,
                'headers': [(b'content-type', b'application/json'), (b'content-length', str(len(out)).encode())]})
    await send({'type': 'http.response.body', 'body': out})
