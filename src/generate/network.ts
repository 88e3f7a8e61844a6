// Counterparty networks for generated payment systems (docs/scenarios.md, "Generated systems").
// A network is a set of undirected links with weights: a link's weight is its share of the
// day's payment traffic, and a bank's size is the sum of its links' weights — so bank sizes
// follow the network by construction.
//
// - uniform: every bank has about `degree` links to banks drawn uniformly; weights alike.
// - core-periphery: `core` banks linked all to all, with heavy links; every other bank links to
//   two or three core banks and, rarely, to another small bank. Real systems look like this
//   (Soramäki et al. 2007: a core of ~25 Fedwire banks carries most of the value).
// - scale-free: Chung–Lu links drawn with expected degrees w_i ∝ (i + 1)^(−1/(γ−1)), which gives a
//   degree distribution with tail exponent γ; weights ∝ w_i × w_j.

import type { Rng } from '../engine/rng.js';
import { weightedPicker } from './pick.js';

export type NetworkKind = 'uniform' | 'core-periphery' | 'scale-free';

export interface NetworkSpec {
  readonly kind: NetworkKind;
  readonly banks: number;
  /** core-periphery: number of core banks. */
  readonly core?: number;
  /** scale-free: tail exponent γ > 2. */
  readonly exponent?: number;
  /** uniform and scale-free: mean number of links per bank. */
  readonly degree?: number;
}

export interface Network {
  readonly banks: number;
  /** Link endpoints (a < b) and weights, one entry per link. */
  readonly a: Int32Array;
  readonly b: Int32Array;
  readonly weight: Float64Array;
  /** Each bank's neighbours (sorted), for closing payment loops. */
  readonly neighbours: readonly Int32Array[];
}

/** Weight of a core–core link relative to a periphery link (core-periphery). */
const CORE_LINK_WEIGHT = 400;
/** Weight of a periphery–core link, relative to a periphery–periphery link. */
const SPOKE_WEIGHT = 4;

export function buildNetwork(spec: NetworkSpec, rng: Rng): Network {
  const links = new LinkSet();
  const n = spec.banks;
  if (spec.kind === 'core-periphery') {
    const core = Math.min(n, Math.max(2, spec.core ?? Math.round(n / 20)));
    // Core banks differ in size too: link weight ∝ the product of two log-normal sizes.
    const coreSize = Array.from({ length: core }, () => Math.exp(0.6 * rng.standardNormal()));
    for (let i = 0; i < core; i++) for (let j = i + 1; j < core; j++) links.add(i, j, CORE_LINK_WEIGHT * coreSize[i]! * coreSize[j]!);
    for (let p = core; p < n; p++) {
      const spokes = 2 + rng.nextBelow(2);
      for (let s = 0; s < spokes; s++) links.add(p, rng.nextBelow(core), SPOKE_WEIGHT * Math.exp(0.5 * rng.standardNormal()));
      if (n - core > 1 && rng.nextFloat() < 0.2) {
        const q = core + rng.nextBelow(n - core);
        if (q !== p) links.add(p, q, 1);
      }
    }
  } else if (spec.kind === 'scale-free') {
    const gamma = spec.exponent ?? 2.5;
    const w = Array.from({ length: n }, (_, i) => Math.pow(i + 1, -1 / (gamma - 1)));
    chungLu(links, w, spec.degree ?? 8, rng, true);
  } else {
    chungLu(links, new Array<number>(n).fill(1), spec.degree ?? Math.min(n - 1, 8), rng, false);
  }
  connect(links, n, rng);
  return links.network(n);
}

/**
 * Draws links with endpoints ∝ w (expected degree ∝ w_i) until the mean degree is reached;
 * `weighted`: link weight ∝ w_i w_j (big banks trade big), else 1.
 */
function chungLu(links: LinkSet, w: readonly number[], degree: number, rng: Rng, weighted: boolean): void {
  const n = w.length;
  const pick = weightedPicker(w, rng);
  const target = Math.min((n * (n - 1)) / 2, Math.round((n * degree) / 2));
  // Bounded attempts: a dense target on a small system cannot loop forever on repeats.
  for (let attempts = 0; links.size < target && attempts < target * 20; attempts++) {
    const i = pick();
    const j = pick();
    if (i !== j) links.add(i, j, weighted ? w[i]! * w[j]! * n * n : 1);
  }
}

/** Links every bank without one to a bank drawn at random, so each bank both pays and is paid. */
function connect(links: LinkSet, n: number, rng: Rng): void {
  for (let i = 0; i < n; i++) {
    if (links.degree(i) > 0) continue;
    let j = rng.nextBelow(n - 1);
    if (j >= i) j++;
    links.add(i, j, 1);
  }
}

class LinkSet {
  private readonly index = new Map<number, number>();
  private readonly as: number[] = [];
  private readonly bs: number[] = [];
  private readonly weights: number[] = [];
  private readonly degrees = new Map<number, number>();

  get size(): number {
    return this.as.length;
  }

  degree(i: number): number {
    return this.degrees.get(i) ?? 0;
  }

  /** Adds a link (or, if it exists, adds to its weight). */
  add(i: number, j: number, weight: number): void {
    const a = Math.min(i, j);
    const b = Math.max(i, j);
    const key = a * 1_000_003 + b;
    const at = this.index.get(key);
    if (at !== undefined) {
      this.weights[at]! += weight;
      return;
    }
    this.index.set(key, this.as.length);
    this.as.push(a);
    this.bs.push(b);
    this.weights.push(weight);
    this.degrees.set(a, this.degree(a) + 1);
    this.degrees.set(b, this.degree(b) + 1);
  }

  network(n: number): Network {
    const lists: number[][] = Array.from({ length: n }, () => []);
    for (let k = 0; k < this.as.length; k++) {
      lists[this.as[k]!]!.push(this.bs[k]!);
      lists[this.bs[k]!]!.push(this.as[k]!);
    }
    return {
      banks: n,
      a: Int32Array.from(this.as),
      b: Int32Array.from(this.bs),
      weight: Float64Array.from(this.weights),
      neighbours: lists.map((l) => Int32Array.from(l.sort((x, y) => x - y))),
    };
  }
}
