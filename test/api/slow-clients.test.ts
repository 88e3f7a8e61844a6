// Clients that hold the server (issue 27): a body that trickles in is timed out, and a stream
// viewer that stops reading is dropped once its backlog passes the bound, while /health answers.
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { tempDir } from '../store/helpers.js';
import { call, create } from './helpers.js';

let app: FastifyInstance | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
});

async function listening(options: Parameters<typeof buildApp>[0]): Promise<{ app: FastifyInstance; port: number }> {
  const built = await buildApp({ db: join(tempDir('paysim-api-'), 'api.duckdb'), ...options });
  app = built;
  await built.listen({ port: 0, host: '127.0.0.1' });
  const address = built.server.address();
  return { app: built, port: typeof address === 'object' && address !== null ? address.port : 0 };
}

/** Everything the server sends on `socket` until it closes the connection. */
function untilClosed(socket: Socket): Promise<string> {
  let text = '';
  socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
  return new Promise((resolve) => socket.on('close', () => resolve(text)));
}

describe('slow clients', () => {
  it('a body that never finishes arriving gets a 408 and the connection is closed', async () => {
    const { port } = await listening({ requestTimeoutMs: 300 });
    const socket = connect(port, '127.0.0.1');
    const reply = untilClosed(socket);
    socket.write('POST /simulations HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"simul');
    expect(await reply).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('a stream viewer that stops reading is dropped past the backlog bound; the others go on', async () => {
    const { app: server, port } = await listening({ maxStreamBacklogBytes: 1024 });
    // 300 banks: each frame carries every bank, so frames are large and the socket's buffers fill.
    const agents = Array.from({ length: 300 }, (_, i) => ({ id: `B${i}`, opening_balance: 1000, policy: { type: 'Fifo' } }));
    const id = await create(server, { simulation: { ticks_per_day: 100_000, num_days: 1, rng_seed: 1 }, agents });
    const socket = connect(port, '127.0.0.1');
    const closed = untilClosed(socket);
    socket.write(`GET /simulations/${id}/stream HTTP/1.1\r\nHost: localhost\r\n\r\n`);
    // Read the headers and hello, then stop reading.
    await new Promise<void>((resolve) => socket.once('data', () => resolve()));
    socket.pause();
    let dropped = false;
    void closed.then(() => (dropped = true));
    // Advance until the server gives up on the silent viewer (the day is far longer: only the
    // bound can end this stream; 50 requests are far more than the bound needs).
    for (let t = 0; t < 50 && !dropped; t++) {
      expect((await call(server, 'POST', `/simulations/${id}/tick?count=100`)).status).toBe(200);
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(dropped).toBe(true);
    expect(await closed).not.toContain('event: end');
    expect((await call(server, 'GET', '/health')).status).toBe(200);
  });
});
