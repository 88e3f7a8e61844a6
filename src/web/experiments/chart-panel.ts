// The report's charts, as the API gives them (Vega-Lite specs with their data), drawn with
// vega-embed from the page's own copy of the library (index.html loads it; no network). A new
// selection replaces the charts: the old Vega views are finalized so their listeners go too.

import { embedder, type VegaView } from '../charts.js';
import { el } from '../format.js';
import type { ChartEntry } from './shapes.js';

export class ChartPanel {
  private views: VegaView[] = [];

  constructor(private readonly root: HTMLElement) {}

  /** Draws every chart as SVG (crisp, and its marks can be counted); resolves when all are drawn. */
  async show(charts: readonly ChartEntry[]): Promise<void> {
    this.clear();
    if (charts.length === 0) {
      this.root.append(el('p', 'muted', 'No data to chart.'));
      return;
    }
    const embed = embedder();
    const drawn = charts.map((chart) => {
      const figure = el('figure', 'chart');
      figure.dataset['chart'] = chart.id;
      const caption = el('figcaption');
      caption.append(el('strong', '', chart.title), ` ${chart.caption}`);
      const target = el('div', 'chart-body');
      figure.append(caption, target);
      this.root.append(figure);
      return embed(target, chart.spec, { renderer: 'svg', actions: false });
    });
    // Every view that was made is kept (and finalized later), even when another chart failed.
    const settled = await Promise.allSettled(drawn);
    this.views = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value.view] : []));
    for (const r of settled) if (r.status === 'rejected') throw r.reason;
  }

  clear(): void {
    for (const v of this.views) v.finalize();
    this.views = [];
    this.root.replaceChildren();
  }
}
