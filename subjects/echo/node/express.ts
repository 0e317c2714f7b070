// Echo server on express 5 (its middleware chain over node:http), no body parser: the content is read from the request stream; usage: express.ts PORT.
import express from 'express';
import { echoBody } from '../../../harness/echo/handler';

const app = express();
app.use((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('error', () => res.destroy());
  req.on('end', () => {
    res.status(200).type('application/json').send(JSON.stringify(echoBody(req, Buffer.concat(chunks))));
  });
});
app.listen(Number(process.argv[2]), '127.0.0.1');
