// Load process for bench/memory.ts (benchmark, not a test): opens keep-alive connections to 127.0.0.1:<port>, each
// completing one GET, and keeps them open and idle. Speaks JSON lines on stdout, commands on stdin:
//   open N   -> opens N more connections (at most 200 connecting at once); {"open":total,"failed":k,"ms":t}
//   close    -> destroys every connection; {"closed":n}
//   exit
// Bounded: every connection must complete its request within 30 s, else it counts as failed and is destroyed.

import * as net from 'node:net';
import * as readline from 'node:readline';

const port = Number(process.argv[2]);
const REQUEST = Buffer.from('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n');
const sockets: net.Socket[] = [];

function openOne(): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let buf = Buffer.alloc(0);
    let settled = false;
    const finish = (ok: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.removeAllListeners('data');
      if (ok) { sockets.push(socket); socket.on('error', () => {}); } else socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => finish(false), 30_000);
    socket.on('connect', () => socket.write(REQUEST));
    socket.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = buf.subarray(0, end).toString('latin1');
      const cl = /\r\ncontent-length:\s*(\d+)/i.exec(head);
      if (!/^HTTP\/1\.1 200 /.test(head) || !cl) { finish(false); return; }
      if (buf.length >= end + 4 + Number(cl[1])) finish(true);
    });
    socket.on('error', () => finish(false));
    socket.on('close', () => finish(false));
  });
}

async function open(n: number): Promise<{ failed: number }> {
  let next = 0;
  let failed = 0;
  const worker = async () => {
    while (next < n) {
      next++;
      if (!(await openOne())) failed++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(200, n) }, worker));
  return { failed };
}

function send(obj: unknown): void { process.stdout.write(JSON.stringify(obj) + '\n'); }

send({ ready: true, port });
const rl = readline.createInterface({ input: process.stdin });
rl.on('line', async (line) => {
  const [cmd, arg] = line.trim().split(/\s+/);
  if (cmd === 'open') {
    const t = Date.now();
    const { failed } = await open(Number(arg));
    send({ open: sockets.length, failed, ms: Date.now() - t });
  } else if (cmd === 'close') {
    const n = sockets.length;
    for (const s of sockets.splice(0)) s.destroy();
    send({ closed: n });
  } else if (cmd === 'exit') {
    for (const s of sockets.splice(0)) s.destroy();
    process.exit(0);
  }
});
rl.on('close', () => process.exit(0));
