// One watched simulation: its stream, its panels, and stepping it. Frames arrive over the stream
// for every tick, however the simulation was advanced; each is recorded (the LSM log and the
// time series keep them all) and the newest is drawn at the next animation frame, so a burst
// of ticks (run to end of day) draws once instead of falling behind.

import { deleteJson, postJson } from '../api.js';
import { NetworkView } from '../network.js';
import type { StreamHello, TickFrame } from '../protocol.js';
import { openStream } from '../stream.js';
import { BankTable } from './bank-table.js';
import { RunCharts } from './charts.js';
import { Inspector } from './inspector.js';
import { LsmLog } from './lsm-log.js';
import { ShockForm } from './shocks.js';

/** Where the session draws. */
export interface SessionPanels {
  readonly root: HTMLElement;
  readonly network: HTMLElement;
  readonly table: HTMLElement;
  readonly balances: HTMLElement;
  readonly queues: HTMLElement;
  readonly rate: HTMLElement;
  readonly liquidity: HTMLElement;
  readonly lsmLog: HTMLElement;
  readonly inspector: HTMLElement;
  readonly shocks: HTMLElement;
}

/** How long the last step took in the page: the request (engine + frame), and drawing its frame. */
export interface StepTiming {
  readonly tick: number;
  readonly request_ms: number;
  readonly draw_ms: number;
  readonly total_ms: number;
}

interface Parts {
  readonly network: NetworkView;
  readonly table: BankTable;
  readonly charts: RunCharts;
  readonly lsm: LsmLog;
}

export class RunSession {
  hello: StreamHello | null = null;
  private parts: Parts | null = null;
  private latest: TickFrame | null = null;
  private drawn: TickFrame | null = null;
  private drawing = false;
  private readonly arrivedAt = new WeakMap<TickFrame, number>();
  private waiters: Array<{ tick: number; resolve: () => void }> = [];
  private closeStream: () => void = () => undefined;
  readonly inspector: Inspector;
  lastDrawMs = 0;
  lastTiming: StepTiming | null = null;
  onDrawn: (frame: TickFrame) => void = () => undefined;
  onEnd: () => void = () => undefined;

  constructor(
    readonly id: string,
    private readonly panels: SessionPanels,
  ) {
    this.inspector = new Inspector(panels.inspector, () => this.id);
  }

  /** Opens the stream; resolves when the opening state is drawn. */
  start(): Promise<void> {
    const ready = new Promise<void>((resolve) => this.waiters.push({ tick: -1, resolve }));
    this.closeStream = openStream(this.id, {
      hello: (hello) => {
        if (this.parts === null) this.build(hello);
        this.receive(hello.frame);
      },
      frame: (frame) => this.receive(frame),
      end: () => this.onEnd(),
    });
    return ready;
  }

  get frame(): TickFrame | null {
    return this.drawn;
  }

  private build(hello: StreamHello): void {
    this.hello = hello;
    const p = this.panels;
    const onBank = (i: number): void => this.showBank(i);
    this.parts = {
      network: new NetworkView(p.network, hello.agents, onBank),
      table: new BankTable(p.table, hello.agents, onBank),
      charts: new RunCharts({ balances: p.balances, queues: p.queues, rate: p.rate, liquidity: p.liquidity }, hello.agents, hello.total_ticks),
      lsm: new LsmLog(p.lsmLog, hello.agents),
    };
    new ShockForm(p.shocks, hello.agents, () => (this.drawn === null ? null : { simulationId: this.id, tick: this.drawn.tick }));
  }

  showBank(index: number): void {
    const agent = this.hello?.agents[index];
    if (agent === undefined) return;
    this.parts?.network.select(index);
    void this.inspector.bank(agent);
  }

  private receive(frame: TickFrame): void {
    this.arrivedAt.set(frame, performance.now());
    this.parts?.charts.record(frame);
    this.parts?.lsm.record(frame);
    this.latest = frame;
    if (!this.drawing) {
      this.drawing = true;
      requestAnimationFrame(() => void this.drawNewest());
    }
  }

  private async drawNewest(): Promise<void> {
    while (this.latest !== null && this.latest !== this.drawn && this.parts !== null) {
      const frame = this.latest;
      this.parts.network.draw(frame);
      this.parts.table.update(frame);
      await this.parts.charts.draw(frame);
      this.drawn = frame;
      this.lastDrawMs = performance.now() - (this.arrivedAt.get(frame) ?? performance.now());
      // Tests and the bench wait on this attribute: everything of this frame is on the page.
      this.panels.root.dataset['tick'] = String(frame.tick);
      this.onDrawn(frame);
      const due = this.waiters.filter((w) => frame.tick >= w.tick);
      this.waiters = this.waiters.filter((w) => frame.tick < w.tick);
      for (const w of due) w.resolve();
    }
    this.drawing = false;
  }

  /** Resolves when a frame at `tick` or later has been drawn. */
  private drawnAt(tick: number): Promise<void> {
    if (this.drawn !== null && this.drawn.tick >= tick) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ tick, resolve }));
  }

  /** Advances `count` ticks and resolves once the page shows the last of them. */
  async advance(count: number): Promise<void> {
    const started = performance.now();
    const res = await postJson<{ tick: number }>(`/simulations/${encodeURIComponent(this.id)}/tick?count=${count}`);
    const requested = performance.now();
    await this.drawnAt(res.tick);
    const done = performance.now();
    this.lastTiming = { tick: res.tick, request_ms: requested - started, draw_ms: this.lastDrawMs, total_ms: done - started };
  }

  /** Stops watching and removes the simulation from the server. */
  async close(): Promise<void> {
    this.closeStream();
    this.parts?.network.destroy();
    this.parts?.charts.destroy();
    this.parts = null;
    await deleteJson(`/simulations/${encodeURIComponent(this.id)}`).catch(() => undefined);
  }
}
