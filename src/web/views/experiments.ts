// The Experiments view: pick a stored experiment, its revision, a grid point (or every point, or
// all pooled) and the baseline; see the comparison of `paysim compare` and the charts of
// `paysim report` for that choice. Everything comes from the API (GET /experiments, …/comparison,
// …/charts); the page computes no statistic itself, so it always shows what the CLI would.

import { ApiFailure, getJson } from '../api.js';
import { ChartPanel } from '../experiments/chart-panel.js';
import { comparisonTables } from '../experiments/comparison-tables.js';
import { el } from '../format.js';
import type { ChartsDocument, ComparisonDocument, ExperimentSummary, GridPoint, RevisionSummary } from '../experiments/shapes.js';
import type { ViewModule } from './types.js';

/** The grid choice: one comparison per point (`every`), all pooled, or one point by its index. */
type PointChoice = 'every' | 'pool' | number;

function option(value: string, text: string): HTMLOptionElement {
  const o = el('option', '', text);
  o.value = value;
  return o;
}

function labelled(text: string, control: HTMLElement): HTMLLabelElement {
  const label = el('label', '', `${text} `);
  label.append(control);
  return label;
}

/** `where` clauses that keep exactly one grid point: each path at its value, the value as JSON (docs/compare.md). */
function whereOf(point: GridPoint): string[] {
  return Object.entries(point).map(([path, value]) => `${path}=${JSON.stringify(value)}`);
}

const pointKey = (point: GridPoint): string => JSON.stringify(point);

class ExperimentsView {
  private experiments: readonly ExperimentSummary[] = [];
  private readonly experimentSelect = el('select');
  private readonly revisionSelect = el('select');
  private readonly pointSelect = el('select');
  private readonly baselineSelect = el('select');
  /** `--by agent`: the per-agent tables of the cost metrics. */
  private readonly byAgent = el('input');
  private readonly summary = el('p', 'muted');
  private readonly problems = el('div', 'problems');
  private readonly tables = el('div');
  private readonly charts: ChartPanel;
  /** Answers to an older selection are dropped: only the latest load draws. */
  private loads = 0;

  constructor(private readonly root: HTMLElement) {
    this.experimentSelect.name = 'experiment';
    this.revisionSelect.name = 'revision';
    this.pointSelect.name = 'point';
    this.baselineSelect.name = 'baseline';
    this.byAgent.type = 'checkbox';
    this.byAgent.name = 'by-agent';
    const chartHost = el('div', 'chart-list');
    this.charts = new ChartPanel(chartHost);
    const controls = el('div', 'panel row');
    controls.append(
      labelled('Experiment', this.experimentSelect),
      labelled('Revision', this.revisionSelect),
      labelled('Grid point', this.pointSelect),
      labelled('Baseline', this.baselineSelect),
      labelled('Per agent', this.byAgent),
    );
    const comparison = el('div', 'panel');
    comparison.style.overflowX = 'auto';
    comparison.append(el('h2', '', 'Comparison'), this.tables);
    const chartPanel = el('div', 'panel');
    chartPanel.append(el('h2', '', 'Charts'), chartHost);
    root.append(controls, this.summary, this.problems, comparison, chartPanel);
    // Each change narrows what the next control offers, then loads; `loading` is set at once so
    // a reader (or a test) can wait for the answer to this very choice.
    this.experimentSelect.addEventListener('change', () => this.chooseExperiment());
    this.revisionSelect.addEventListener('change', () => this.chooseRevision());
    this.pointSelect.addEventListener('change', () => void this.load());
    this.baselineSelect.addEventListener('change', () => void this.load());
    this.byAgent.addEventListener('change', () => void this.load());
  }

  async start(): Promise<void> {
    this.root.dataset['state'] = 'loading';
    try {
      this.experiments = (await getJson<{ experiments: ExperimentSummary[] }>('/experiments')).experiments;
    } catch (error) {
      this.fail(error);
      return;
    }
    if (this.experiments.length === 0) {
      this.summary.textContent = 'The store holds no experiments yet: run `paysim sweep EXPERIMENT.yaml`, then reload.';
      this.root.dataset['state'] = 'ready';
      return;
    }
    this.experimentSelect.replaceChildren(...this.experiments.map((e) => option(e.name, e.name)));
    // `adhoc` holds single runs (`paysim run`, persisted simulations): a real experiment first.
    this.experimentSelect.value = (this.experiments.find((e) => e.name !== 'adhoc') ?? this.experiments[0]!).name;
    this.chooseExperiment();
  }

  private experiment(): ExperimentSummary {
    return this.experiments.find((e) => e.name === this.experimentSelect.value)!;
  }

  private revision(): RevisionSummary {
    const e = this.experiment();
    return e.revisions.find((r) => String(r.revision) === this.revisionSelect.value) ?? e.revisions.at(-1)!;
  }

  private chooseExperiment(): void {
    const { revisions, compare } = this.experiment();
    // As `paysim compare` without --by: the experiment file's compare.by decides.
    this.byAgent.checked = (compare.by ?? '').split(',').some((p) => p.trim() === 'agent');
    this.revisionSelect.replaceChildren(...revisions.map((r) => option(String(r.revision), `${r.revision}`)));
    this.revisionSelect.value = String(revisions.at(-1)?.revision ?? '');
    this.chooseRevision();
  }

  private chooseRevision(): void {
    const r = this.revision();
    const points = r.grid_points.map((p, i) => option(String(i), p.label === '' ? '(no grid)' : p.label));
    const several = r.grid_points.length > 1;
    this.pointSelect.replaceChildren(...(several ? [option('every', 'every point, one comparison each'), option('pool', 'all points POOLED')] : []), ...points);
    this.pointSelect.value = several ? 'every' : '0';
    this.pointSelect.disabled = !several;
    this.baselineSelect.replaceChildren(...r.variants.filter((v) => v.ok > 0).map((v) => option(v.variant, v.variant)));
    if (r.default_baseline !== null) this.baselineSelect.value = r.default_baseline;
    void this.load();
  }

  private pointChoice(): PointChoice {
    const v = this.pointSelect.value;
    return v === 'every' || v === 'pool' ? v : Number(v);
  }

  private async load(): Promise<void> {
    const seq = ++this.loads;
    this.root.dataset['state'] = 'loading';
    this.problems.replaceChildren();
    const e = this.experiment();
    const r = this.revision();
    const choice = this.pointChoice();
    const base = new URLSearchParams({ revision: String(r.revision) });
    if (typeof choice === 'number') for (const w of whereOf(r.grid_points[choice]!.grid_point)) base.append('where', w);
    const baseline = this.baselineSelect.value;
    if (baseline !== '') base.set('baseline', baseline);
    const compare = new URLSearchParams(base);
    if (choice === 'pool') compare.set('pool', 'true');
    compare.set('by', this.byAgent.checked ? 'agent' : 'grid');
    const name = encodeURIComponent(e.name);
    const comparable = r.variants.filter((v) => v.ok > 0).length > 1;
    const counts =
      `${r.runs.ok} finished runs${r.runs.failed > 0 ? `, ${r.runs.failed} failed` : ''}; ` +
      `variants ${r.variants.map((v) => v.variant).join(', ')}; ${r.grid_points.length} grid point${r.grid_points.length === 1 ? '' : 's'}.`;
    this.summary.textContent = e.description === null ? counts : `${e.description} — ${counts}`;
    try {
      const [comparison, charts] = await Promise.all([
        comparable ? getJson<ComparisonDocument>(`/experiments/${name}/comparison?${compare}`) : Promise.resolve(null),
        getJson<ChartsDocument>(`/experiments/${name}/charts?${base}`),
      ]);
      if (seq !== this.loads) return;
      const labels = new Map(r.grid_points.map((p) => [pointKey(p.grid_point), p.label]));
      this.tables.replaceChildren(
        comparison === null ? el('p', 'muted', 'Only one variant: nothing to compare.') : comparisonTables(comparison, (p) => labels.get(pointKey(p)) ?? pointKey(p)),
      );
      await this.charts.show(charts.charts);
      if (seq !== this.loads) return;
      this.root.dataset['state'] = 'ready';
    } catch (error) {
      if (seq === this.loads) this.fail(error);
    }
  }

  /** Every `path: problem` line of a refused request, or the error's message. */
  private fail(error: unknown): void {
    const lines = error instanceof ApiFailure ? error.lines() : [error instanceof Error ? error.message : String(error)];
    this.problems.replaceChildren(...lines.map((line) => el('div', '', line)));
    this.tables.replaceChildren();
    this.charts.clear();
    this.root.dataset['state'] = 'error';
  }
}

export const view: ViewModule = {
  async mount(root) {
    await new ExperimentsView(root).start();
  },
};
