// The live run view (docs/viewer.md): start a simulation from a shipped scenario or an uploaded
// file, step it (play, pause, one tick, to the end of the day, speed), and watch it settle.
// Simulations started here record decision paths (trace) for the inspector.

import { ApiFailure, getJson, postJson } from '../api.js';
import { el, formatCount, formatMoney, formatRate } from '../format.js';
import type { TickFrame } from '../protocol.js';
import { RunSession, type SessionPanels } from '../run/session.js';
import type { ViewModule } from './types.js';

interface Listing {
  readonly file: string;
  readonly agents: number | null;
}

/** Ticks per second of `play`; 0 is as fast as the page draws. */
const SPEEDS = [1, 2, 5, 10, 0] as const;

function panel(title: string, className = 'panel'): { box: HTMLElement; body: HTMLElement } {
  const box = el('div', className);
  box.append(el('h2', '', title));
  const body = el('div');
  box.append(body);
  return { box, body };
}

function button(text: string, role: string): HTMLButtonElement {
  const b = el('button', '', text);
  b.type = 'button';
  b.dataset['role'] = role;
  return b;
}

class RunView {
  private session: RunSession | null = null;
  private playing = false;
  private readonly problems = el('pre', 'problems');
  private readonly status = el('span', 'status', 'no simulation');
  private readonly stats = el('div', 'stats');
  private readonly scenario = el('select');
  private readonly upload = el('input');
  private readonly speed = el('select');
  private readonly buttons = {
    start: button('Start', 'start'),
    startUpload: button('Start uploaded file', 'start-upload'),
    play: button('Play', 'play'),
    pause: button('Pause', 'pause'),
    step: button('Step 1 tick', 'step'),
    day: button('Run to end of day', 'end-of-day'),
  };
  private readonly panels: SessionPanels;

  constructor(private readonly root: HTMLElement) {
    this.problems.dataset['role'] = 'problems';
    this.upload.type = 'file';
    this.upload.accept = '.yaml,.yml,.json';
    this.upload.dataset['role'] = 'upload';
    this.scenario.dataset['role'] = 'scenario';
    for (const s of SPEEDS) {
      const option = el('option', '', s === 0 ? 'as fast as drawn' : `${s} ticks/s`);
      option.value = String(s);
      if (s === 5) option.selected = true;
      this.speed.append(option);
    }
    this.speed.dataset['role'] = 'speed';

    const start = panel('Start a simulation');
    start.body.append(this.scenario, ' ', this.buttons.start, ' or upload a scenario file (YAML or JSON) ', this.upload, ' ', this.buttons.startUpload, this.problems);
    const controls = el('div', 'panel controls');
    controls.append(this.buttons.play, ' ', this.buttons.pause, ' ', this.buttons.step, ' ', this.buttons.day, ' speed ', this.speed, ' ', this.status, this.stats);

    const network = panel('Network: queued value between banks; green settled this tick; LSM sets highlighted');
    const networkCanvas = el('div', 'network');
    networkCanvas.dataset['role'] = 'network';
    const legend = el(
      'p',
      'muted legend',
      'Edge width: value queued from sender to receiver (Q1 + Q2). Green: settled this tick. Highlighted this tick: bilateral offset (teal), cycle (purple), multilateral batch (red-orange). Orange bank: balance below zero (drawing on credit). Click a bank for its payments.',
    );
    network.body.append(networkCanvas, legend);
    network.box.classList.add('grow');
    const inspector = panel('Inspector');
    inspector.box.classList.add('grow');
    const balances = el('div', 'chart');
    const queues = el('div', 'chart');
    const rate = el('div', 'chart');
    const liquidity = el('div', 'chart');
    const charts = panel('Banks and the system');
    charts.box.classList.add('grow');
    charts.body.append(balances, queues, rate, liquidity);
    const table = panel('Banks after the tick');
    const tableBody = el('div', 'scroll');
    table.body.append(tableBody);
    const lsm = panel('LSM sets settled (newest first)');
    const shocks = panel('Inject a shock');
    const side = el('div', 'side');
    side.append(lsm.box, shocks.box, table.box);

    const top = el('div', 'row');
    top.append(network.box, inspector.box);
    const bottom = el('div', 'row');
    bottom.append(charts.box, side);
    root.append(start.box, controls, top, bottom);
    this.panels = {
      root,
      network: networkCanvas,
      table: tableBody,
      balances,
      queues,
      rate,
      liquidity,
      lsmLog: lsm.body,
      inspector: inspector.body,
      shocks: shocks.body,
    };

    // The server holds a limited number of simulations: leaving or reloading the page deletes
    // its own (keepalive lets the request outlive the page).
    window.addEventListener('pagehide', () => {
      if (this.session !== null) void fetch(`/simulations/${encodeURIComponent(this.session.id)}`, { method: 'DELETE', keepalive: true });
    });
    this.buttons.start.addEventListener('click', () => void this.startShipped());
    this.buttons.startUpload.addEventListener('click', () => void this.startUpload());
    this.buttons.play.addEventListener('click', () => void this.play());
    this.buttons.pause.addEventListener('click', () => (this.playing = false));
    this.buttons.step.addEventListener('click', () => void this.run(() => this.session!.advance(1)));
    this.buttons.day.addEventListener('click', () => void this.run(() => this.toEndOfDay()));
    this.enable();
  }

  async load(): Promise<void> {
    const { scenarios } = await getJson<{ scenarios: Listing[] }>('/scenarios');
    for (const s of scenarios) {
      const option = el('option', '', s.agents === null ? s.file : `${s.file} (${s.agents} banks)`);
      option.value = s.file;
      this.scenario.append(option);
    }
  }

  private enable(): void {
    const frame = this.session?.frame ?? null;
    const live = frame !== null && !frame.done;
    this.buttons.play.disabled = !live || this.playing;
    this.buttons.pause.disabled = !this.playing;
    this.buttons.step.disabled = !live || this.playing;
    this.buttons.day.disabled = !live || this.playing;
  }

  private showProblems(error: unknown): void {
    if (error instanceof ApiFailure) this.problems.textContent = error.lines().join('\n');
    else this.problems.textContent = String(error);
  }

  private async startShipped(): Promise<void> {
    await this.startWith(() => postJson<{ simulation_id: string }>('/simulations/from-file', { file: this.scenario.value, trace: true }));
  }

  private async startUpload(): Promise<void> {
    const file = this.upload.files?.[0];
    if (file === undefined) {
      this.problems.textContent = 'choose a scenario file first';
      return;
    }
    const text = await file.text();
    await this.startWith(() => postJson<{ simulation_id: string }>('/simulations/from-text', { text, trace: true }));
  }

  private async startWith(create: () => Promise<{ simulation_id: string }>): Promise<void> {
    // No tick shown until the new simulation's first frame is drawn (tests wait on data-tick).
    delete this.root.dataset['tick'];
    this.problems.textContent = '';
    this.playing = false;
    let created: { simulation_id: string };
    try {
      created = await create();
    } catch (error) {
      this.showProblems(error);
      return;
    }
    await this.session?.close();
    const session = new RunSession(created.simulation_id, this.panels);
    this.session = session;
    this.root.dataset['simulation'] = session.id;
    session.onDrawn = (frame) => this.showStatus(frame);
    session.onEnd = () => {
      this.status.textContent = 'the simulation was deleted';
    };
    await session.start();
    this.enable();
  }

  private showStatus(frame: TickFrame): void {
    const hello = this.session?.hello;
    if (hello === null || hello === undefined) return;
    const day = Math.floor(Math.max(0, frame.tick - 1) / hello.ticks_per_day) + 1;
    this.status.textContent = `tick ${frame.tick} of ${hello.total_ticks} (day ${day})${frame.done ? ' · finished' : ''}`;
    this.stats.replaceChildren(
      ...[
        `this tick: ${formatCount(frame.arrivals)} arrived, ${formatCount(frame.settled)} settled (${formatMoney(frame.settled_value)}), ${formatCount(frame.dropped)} dropped`,
        `settlement rate by value: ${formatRate(frame.settlement_rate_value)}`,
        `liquidity used today: ${formatMoney(frame.liquidity_used)} (peak ${formatMoney(frame.peak_liquidity_used)})`,
        `queued pairs: ${formatCount(frame.queued_pairs)}`,
      ].map((t) => el('span', '', t)),
    );
    this.stats.dataset['rate'] = String(frame.settlement_rate_value);
    this.stats.dataset['liquidityUsed'] = String(frame.liquidity_used);
    this.enable();
  }

  private toEndOfDay(): Promise<void> {
    const frame = this.session!.frame!;
    const tpd = this.session!.hello!.ticks_per_day;
    return this.session!.advance(tpd - (frame.tick % tpd));
  }

  /** One action at a time; its failure (a limit, a finished simulation) shows as problems. */
  private async run(action: () => Promise<void>): Promise<void> {
    if (this.session === null) return;
    this.problems.textContent = '';
    try {
      await action();
    } catch (error) {
      this.showProblems(error);
    }
    this.enable();
  }

  private async play(): Promise<void> {
    if (this.session === null || this.playing) return;
    this.playing = true;
    this.enable();
    while (this.playing && this.session.frame !== null && !this.session.frame.done) {
      const started = performance.now();
      try {
        await this.session.advance(1);
      } catch (error) {
        this.showProblems(error);
        break;
      }
      const perTick = Number(this.speed.value);
      const wait = perTick === 0 ? 0 : 1000 / perTick - (performance.now() - started);
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
    this.playing = false;
    this.enable();
  }

  /** For tests and the bench: the session's last step timing. */
  get timing(): RunSession['lastTiming'] {
    return this.session?.lastTiming ?? null;
  }
}

export const view: ViewModule = {
  async mount(root) {
    const run = new RunView(root);
    (globalThis as unknown as { paysimRun?: RunView }).paysimRun = run;
    await run.load();
  },
};
