// The network view: banks as nodes (Cytoscape.js, its browser build's global `cytoscape`), an
// edge from sender to receiver wherever value is queued (width by value), edges that settled
// payments this tick in green, and the LSM sets that settled this tick highlighted (bilateral
// pairs, cycles, multilateral batches, each in its own colour). The layout is Cytoscape's own
// `circle` (deterministic, instant for hundreds of nodes); nothing is laid out by hand.

import type cytoscapeFn from 'cytoscape';
import type { Core, ElementDefinition, EventObject } from 'cytoscape';
import type { LsmSet, TickFrame } from './protocol.js';

function library(): typeof cytoscapeFn {
  const lib = (globalThis as unknown as { cytoscape?: typeof cytoscapeFn }).cytoscape;
  if (lib === undefined) throw new Error('cytoscape is not loaded (/vendor/cytoscape.min.js)');
  return lib;
}

/** What the page (and its tests) can read back: the sets drawn highlighted, by agent names. */
export interface HighlightedSet {
  readonly kind: LsmSet['kind'];
  readonly agents: readonly string[];
}

const LSM_COLOURS: Readonly<Record<LsmSet['kind'], string>> = { bilateral: '#2a9d8f', cycle: '#9b2dbd', multilateral: '#e4572e' };

export class NetworkView {
  private readonly cy: Core;
  private readonly large: boolean;

  constructor(
    private readonly element: HTMLElement,
    private readonly agents: readonly string[],
    onBank: (index: number) => void,
  ) {
    this.large = agents.length > 40;
    const cytoscape = library();
    const nodes: ElementDefinition[] = agents.map((id, i) => ({ group: 'nodes', data: { id: `n${i}`, label: id, index: i, out: 0 } }));
    this.cy = cytoscape({
      container: element,
      elements: nodes,
      layout: { name: 'circle', animate: false },
      // Drawn again on every frame: no animation, and panning a big graph draws a cheap texture.
      textureOnViewport: this.large,
      hideEdgesOnViewport: this.large,
      minZoom: 0.1,
      maxZoom: 4,
      style: [
        {
          selector: 'node',
          style: {
            label: this.large ? '' : 'data(label)',
            'font-size': 11,
            'text-valign': 'bottom',
            'text-halign': 'center',
            'text-margin-y': 4,
            width: this.large ? 10 : 28,
            height: this.large ? 10 : 28,
            'background-color': '#4c78a8',
            color: '#222',
          },
        },
        { selector: 'node.overdrawn', style: { 'background-color': '#d9822b' } },
        { selector: 'node:selected', style: { 'border-width': 3, 'border-color': '#111' } },
        {
          selector: 'edge',
          style: {
            width: 'mapData(value, 0, 1, 1, 10)',
            'line-color': '#b8c4d6',
            'target-arrow-color': '#b8c4d6',
            'target-arrow-shape': this.large ? 'none' : 'triangle',
            'curve-style': this.large ? 'haystack' : 'bezier',
            opacity: 0.8,
          },
        },
        { selector: 'edge.settled', style: { 'line-color': '#59a14f', 'target-arrow-color': '#59a14f' } },
        ...(['bilateral', 'cycle', 'multilateral'] as const).map((kind) => ({
          selector: `edge.lsm-${kind}`,
          style: { 'line-color': LSM_COLOURS[kind], 'target-arrow-color': LSM_COLOURS[kind], width: 6, opacity: 1, 'z-index': 10 },
        })),
        ...(['bilateral', 'cycle', 'multilateral'] as const).map((kind) => ({
          selector: `node.lsm-${kind}`,
          style: { 'border-width': 4, 'border-color': LSM_COLOURS[kind] },
        })),
      ],
    });
    this.cy.on('tap', 'node', (e: EventObject) => onBank(Number(e.target.data('index'))));
  }

  /** Draws a frame: queued value per pair, this tick's settled pairs, this tick's LSM sets. */
  draw(frame: TickFrame): void {
    const cy = this.cy;
    // Edge width relative to the largest queued pair now: a gridlock and a quiet tick both read.
    let largest = 1;
    for (const [, , q1, q2] of frame.queued) largest = Math.max(largest, q1 + q2);
    const wanted = new Map<string, { s: number; r: number; queued: number; q2: number; settled: number }>();
    const at = (s: number, r: number): { s: number; r: number; queued: number; q2: number; settled: number } => {
      const id = `e${s}-${r}`;
      let edge = wanted.get(id);
      if (edge === undefined) {
        edge = { s, r, queued: 0, q2: 0, settled: 0 };
        wanted.set(id, edge);
      }
      return edge;
    };
    for (const [s, r, q1, q2] of frame.queued) {
      const edge = at(s, r);
      edge.queued = q1 + q2;
      edge.q2 = q2;
    }
    for (const [s, r, , value] of frame.settled_pairs) at(s, r).settled = value;
    const lsmClass = new Map<string, string>();
    for (const set of frame.lsm) {
      for (const [s, r] of set.edges) {
        at(s, r);
        lsmClass.set(`e${s}-${r}`, `lsm-${set.kind}`);
      }
    }
    cy.batch(() => {
      cy.edges().forEach((edge) => {
        if (!wanted.has(edge.id())) edge.remove();
      });
      const added: ElementDefinition[] = [];
      for (const [id, e] of wanted) {
        const data = { value: Math.max(e.queued, e.settled) / largest, queued: e.queued, q2: e.q2, settled: e.settled };
        const existing = cy.getElementById(id);
        if (existing.nonempty()) existing.data(data);
        else added.push({ group: 'edges', data: { id, source: `n${e.s}`, target: `n${e.r}`, ...data } });
      }
      cy.add(added);
      cy.elements().removeClass('settled lsm-bilateral lsm-cycle lsm-multilateral');
      for (const [id, e] of wanted) if (e.settled > 0) cy.getElementById(id).addClass('settled');
      for (const [id, cls] of lsmClass) cy.getElementById(id).addClass(cls);
      for (const set of frame.lsm) for (const a of set.agents) cy.getElementById(`n${a}`).addClass(`lsm-${set.kind}`);
      frame.balance.forEach((balance, i) => {
        const node = cy.getElementById(`n${i}`);
        if (balance < 0) node.addClass('overdrawn');
        else node.removeClass('overdrawn');
      });
    });
    this.expose(frame);
  }

  /**
   * Writes what is highlighted onto the element, read back from the graph itself (the classes
   * Cytoscape holds), so a test sees what was drawn, not what was asked for.
   */
  private expose(frame: TickFrame): void {
    const shown: HighlightedSet[] = frame.lsm
      .filter((set) => set.edges.some(([s, r]) => this.cy.getElementById(`e${s}-${r}`).hasClass(`lsm-${set.kind}`)))
      .map((set) => ({ kind: set.kind, agents: set.agents.map((a) => this.agents[a]!) }));
    this.element.dataset['tick'] = String(frame.tick);
    this.element.dataset['highlighted'] = JSON.stringify(shown);
    this.element.dataset['edges'] = String(this.cy.edges().length);
  }

  select(index: number): void {
    this.cy.nodes().unselect();
    this.cy.getElementById(`n${index}`).select();
  }

  destroy(): void {
    this.cy.destroy();
    this.element.replaceChildren();
    delete this.element.dataset['highlighted'];
  }
}
