# Echo server on twisted.web; usage: twisted_echo.py PORT. twisted's Headers lower-case names and group values by
# name (the subject lacks `raw-field-names`; the order is by first occurrence); trailers are dropped (`trailers`).
import sys
from twisted.internet import reactor, endpoints
from twisted.web import resource, server
from echo_common import echo_body


class Echo(resource.Resource):
    isLeaf = True

    def render(self, request):
        fields = [(n, v) for n, vs in request.requestHeaders.getAllRawHeaders() for v in vs]
        body = request.content.read()
        out = echo_body(request.method, request.uri, request.clientproto, fields, body)
        request.setHeader(b'Content-Type', b'application/json')
        request.setHeader(b'Content-Length', str(len(out)).encode())
        return out


if __name__ == '__main__':
    endpoints.TCP4ServerEndpoint(reactor, int(sys.argv[1]), interface='127.0.0.1').listen(server.Site(Echo()))
    reactor.run()
