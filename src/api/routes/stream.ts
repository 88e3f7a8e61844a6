// GET /simulations/{id}/stream: Server-Sent Events, one frame after each processed tick
// (src/web/protocol.ts), whoever advances the simulation. The live viewer's page reads it.

import type { FastifyInstance } from 'fastify';
import { type ApiContext, idParams } from '../context.js';

/** One SSE message: named event, JSON data on one line (JSON.stringify never writes a newline). */
function message(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

export function streamRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const { registry } = ctx;

  // A stream holds its connection open: end them all before the server closes, or close() would wait.
  app.addHook('preClose', async () => registry.closeStreams());

  app.get<{ Params: { id: string } }>('/simulations/:id/stream', {
    schema: { summary: 'Server-Sent Events: `hello`, then a `tick` frame after every processed tick', tags: ['simulations'], params: idParams },
  }, async (request, reply) => {
    const live = registry.get(request.params.id);
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    raw.write(message('hello', live.hello()));
    const stop = live.watch({
      frame: (frame) => {
        // A client that does not read would make the server hold every frame for it: past the
        // backlog bound it is dropped (its EventSource reconnects, starting again from `hello`).
        if (raw.writableLength > ctx.limits.maxStreamBacklogBytes) {
          stop();
          raw.destroy();
          return;
        }
        raw.write(message('tick', frame));
      },
      end: () => {
        // `end` tells the page not to reconnect (EventSource retries a stream that just closes).
        raw.end(message('end', { simulation_id: live.id }));
      },
    });
    request.raw.on('close', stop);
  });
}
