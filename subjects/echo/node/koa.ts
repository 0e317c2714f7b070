// Echo server on koa 3 (its context and middleware over node:http); the content is read from ctx.req; usage: koa.ts PORT.
import Koa from 'koa';
import { echoBody } from '../../../harness/echo/handler';

const app = new Koa();
app.use(async (ctx) => {
  const chunks: Buffer[] = [];
  for await (const c of ctx.req) chunks.push(c as Buffer);
  ctx.status = 200;
  ctx.type = 'application/json';
  ctx.body = JSON.stringify(echoBody(ctx.req, Buffer.concat(chunks)));
});
app.listen(Number(process.argv[2]), '127.0.0.1');
