// `h1compat serve`: the reference or node:http echo server on 127.0.0.1, for poking with curl.

import { UsageError, type Command } from '../cli-args';
import { createEchoServer } from '../subjects';

export const command: Command = {
  usage: 'h1compat serve [--subject reference|node] [--port N]',
  summary: 'Run an echo server (harness/echo/CONTRACT.md) on 127.0.0.1, for poking with curl. Ctrl-C stops it.',
  flags: {
    subject: { type: 'string', arg: 'NAME', help: 'reference or node (default reference)' },
    port: { type: 'number', integer: true, max: 65535, help: 'port on 127.0.0.1 (default 8080; 0 picks a free one)' },
  },
  run(v) {
    const impl = (v.subject as string | undefined) ?? 'reference';
    if (impl !== 'reference' && impl !== 'node') throw new UsageError(`h1compat serve: --subject must be reference or node, got \`${impl}\``);
    const port = (v.port as number | undefined) ?? 8080;
    const server = createEchoServer(impl);
    return new Promise((resolve) => {
      server.once('error', (e: Error) => { process.stderr.write(`h1compat serve: ${e.message}\n`); resolve(3); });
      server.listen(port, '127.0.0.1', () => {
        const a = server.address() as { port: number };
        process.stdout.write(`${impl} echo server on http://127.0.0.1:${a.port}/  (try: curl -i http://127.0.0.1:${a.port}/hello)\n`);
      });
      // Ctrl-C, `kill`, a closed terminal: stop accepting, give open connections a moment, then leave
      const stop = (): void => {
        server.close(() => resolve(0));
        setTimeout(() => process.exit(0), 300).unref();
      };
      for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(sig, stop);
    });
  },
};
