// The simulation's tick stream (GET /simulations/{id}/stream, Server-Sent Events) as callbacks.
// EventSource reconnects by itself after a dropped connection; the server's `hello` then brings
// the state again, so nothing is lost but the frames of the gap.

import type { StreamHello, TickFrame } from './protocol.js';

export interface StreamHandlers {
  hello(hello: StreamHello): void;
  frame(frame: TickFrame): void;
  /** The simulation is gone (deleted): the stream will not come back. */
  end(): void;
}

export function openStream(simulationId: string, handlers: StreamHandlers): () => void {
  const source = new EventSource(`/simulations/${encodeURIComponent(simulationId)}/stream`);
  source.addEventListener('hello', (e) => handlers.hello(JSON.parse((e as MessageEvent<string>).data) as StreamHello));
  source.addEventListener('tick', (e) => handlers.frame(JSON.parse((e as MessageEvent<string>).data) as TickFrame));
  source.addEventListener('end', () => {
    source.close();
    handlers.end();
  });
  return () => source.close();
}
