// Echo server on fastify (its router and body handling over node:http); usage: fastify.ts PORT. Every content type is read as a Buffer.
import Fastify from 'fastify';
import { echoBody } from '../../../harness/echo/handler';

const app = Fastify({ logger: false });
app.removeAllContentTypeParsers();
app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
app.route({
  method: ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'TRACE'],
  url: '*',
  handler: async (request, reply) => {
    const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const json = JSON.stringify(echoBody(request.raw, body));
    return reply.code(200).header('Content-Type', 'application/json').send(json);
  },
});
app.listen({ host: '127.0.0.1', port: Number(process.argv[2]) }).catch((e: Error) => { console.error(e); process.exit(1); });
