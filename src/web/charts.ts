// Vega-Lite charts through vega-embed's browser build (the global `vegaEmbed`, loaded by
// index.html). A chart is embedded once; each update replaces its named dataset, so Vega
// redraws only what changed instead of compiling the spec again.

/** The part of a Vega view the page uses. */
export interface VegaView {
  data(name: string, values: readonly object[]): VegaView;
  runAsync(): Promise<VegaView>;
  finalize(): void;
}

interface EmbedResult {
  readonly view: VegaView;
}

export type Embed = (element: HTMLElement, spec: object, options: object) => Promise<EmbedResult>;

/** vega-embed's global, or a clear error when index.html did not load it (also used by the Experiments view). */
export function embedder(): Embed {
  const embed = (globalThis as unknown as { vegaEmbed?: Embed }).vegaEmbed;
  if (embed === undefined) throw new Error('vega-embed is not loaded (/vendor/vega-embed.min.js)');
  return embed;
}

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** A chart whose data is the named dataset `rows`. */
export class Chart {
  private view: VegaView | null = null;
  private pending: readonly object[] | null = null;
  private drawing: Promise<void> = Promise.resolve();

  constructor(
    private readonly element: HTMLElement,
    private readonly spec: object,
    private readonly renderer: 'svg' | 'canvas' = 'canvas',
  ) {}

  /** Shows `rows`; calls made while a redraw runs are folded into the next one. Resolves when drawn. */
  update(rows: readonly object[]): Promise<void> {
    this.pending = rows;
    this.drawing = this.drawing.then(() => this.flush());
    return this.drawing;
  }

  private async flush(): Promise<void> {
    const rows = this.pending;
    if (rows === null) return;
    this.pending = null;
    if (this.view === null) {
      const spec = { $schema: SCHEMA, ...this.spec, data: { name: 'rows' }, datasets: { rows } };
      this.view = (await embedder()(this.element, spec, { renderer: this.renderer, actions: false })).view;
      return;
    }
    await this.view.data('rows', rows).runAsync();
  }

  destroy(): void {
    this.view?.finalize();
    this.view = null;
    this.element.replaceChildren();
  }
}
