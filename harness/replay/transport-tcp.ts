// Transports of the replay engine: how one connection to a subject is opened (loopback TCP, or in memory).

import * as net from 'node:net';
import type { Duplex } from 'node:stream';
import type { SubjectHandle } from '../subjects';
import type { TransportKind } from '../../reports/results-model';

/** The transport a replay ran over; recorded in each result (defined with the results model). */
export { TRANSPORTS, type TransportKind } from '../../reports/results-model';

/** An open connection, or the reason there is none (a harness-side error, never blamed on the subject). */
export type Connected = { readonly socket: Duplex } | { readonly error: string };

/** Opens one connection to the subject; `limitMs` bounds the attempt. */
export interface Connector {
  readonly kind: TransportKind;
  connect(limitMs: number): Promise<Connected>;
}

/** Loopback TCP to host:port (noDelay, so that each write leaves as soon as it can; the kernel may still merge). */
export function tcpConnector(host: string, port: number): Connector {
  return {
    kind: 'tcp',
    connect: (limitMs) => new Promise((resolve) => {
      const s = net.connect({ host, port, noDelay: true });
      const timer = setTimeout(() => { s.destroy(); resolve({ error: `connect to ${host}:${port} timed out` }); }, Math.min(5000, limitMs));
      s.once('error', (e) => { clearTimeout(timer); resolve({ error: `cannot connect to ${host}:${port}: ${e.message}` }); });
      s.once('connect', () => {
        clearTimeout(timer);
        s.removeAllListeners('error');
        resolve({ socket: s });
      });
    }),
  };
}

/** In memory, for subjects that offer it (in-process servers): exact segmentation, no sockets. */
export function memoryConnector(open: () => Duplex): Connector {
  return {
    kind: 'memory',
    connect: async () => {
      try {
        return { socket: open() };
      } catch (e) {
        return { error: `cannot open an in-memory connection: ${(e as Error).message}` };
      }
    },
  };
}

/** The connector for a started subject: in memory when the subject offers it and `prefer` allows, else TCP. */
export function connectorFor(handle: SubjectHandle, prefer: TransportKind | 'auto' = 'auto'): Connector {
  if (prefer !== 'tcp' && handle.connectMemory !== undefined) return memoryConnector(handle.connectMemory);
  return tcpConnector(handle.host, handle.port);
}
