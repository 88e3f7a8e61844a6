// CMA-ES, the (μ/μ_w, λ) evolution strategy with cumulative step-size adaptation and rank-one
// plus rank-μ covariance updates, with the default constants of Hansen's tutorial ("The CMA
// Evolution Strategy: A Tutorial", 2016). No well-kept npm package provides it. Points outside
// the box are repaired by clamping: the clamped point is evaluated and the update uses it.
// Seeded, so a resumed search proposes the same points.

import { eigenSymmetric } from './eigen.js';
import { clampToBox, type Method, normalFrom, type Point, uniformStream } from './method.js';

export interface CmaEsOptions {
  readonly start: Point;
  /** Initial step size in the unit cube (default 0.3). */
  readonly sigma?: number;
  /** Population size (default 4 + ⌊3 ln d⌋). */
  readonly populationSize?: number;
  readonly seed: number;
  /** Stop when σ times the largest axis is below this (default 1e-7). */
  readonly xTolerance?: number;
}

export function* cmaEs(options: CmaEsOptions): Method {
  const n = options.start.length;
  const uniform = uniformStream(options.seed);
  const lambda = options.populationSize ?? 4 + Math.floor(3 * Math.log(n));
  const mu = Math.floor(lambda / 2);
  const raw = Array.from({ length: mu }, (_, i) => Math.log(mu + 0.5) - Math.log(i + 1));
  const sum = raw.reduce((a, b) => a + b, 0);
  const w = raw.map((x) => x / sum);
  const muEff = 1 / w.reduce((a, b) => a + b * b, 0);
  const cc = (4 + muEff / n) / (n + 4 + (2 * muEff) / n);
  const cs = (muEff + 2) / (n + muEff + 5);
  const c1 = 2 / ((n + 1.3) ** 2 + muEff);
  const cmu = Math.min(1 - c1, (2 * (muEff - 2 + 1 / muEff)) / ((n + 2) ** 2 + muEff));
  const damps = 1 + 2 * Math.max(0, Math.sqrt((muEff - 1) / (n + 1)) - 1) + cs;
  const chiN = Math.sqrt(n) * (1 - 1 / (4 * n) + 1 / (21 * n * n));
  const xTol = options.xTolerance ?? 1e-7;

  let mean = clampToBox(options.start);
  let sigma = options.sigma ?? 0.3;
  let C = identity(n);
  let B = identity(n);
  let D = new Array<number>(n).fill(1);
  const pc = new Array<number>(n).fill(0);
  const ps = new Array<number>(n).fill(0);
  for (let generation = 0; ; generation++) {
    const offspring: Array<{ x: number[]; f: number }> = [];
    for (let k = 0; k < lambda; k++) {
      const z = Array.from({ length: n }, () => normalFrom(uniform));
      const y = B.map((row) => row.reduce((s, b, j) => s + b * D[j]! * z[j]!, 0));
      const x = clampToBox(mean.map((m, i) => m + sigma * y[i]!));
      offspring.push({ x, f: yield x });
    }
    offspring.sort((a, b) => a.f - b.f);
    const old = mean;
    mean = Array.from({ length: n }, (_, i) => offspring.slice(0, mu).reduce((s, o, k) => s + w[k]! * o.x[i]!, 0));
    const step = mean.map((m, i) => (m - old[i]!) / sigma);
    // C^{-1/2} · step = B D^{-1} Bᵀ · step
    const bt = B[0]!.map((_, j) => B.reduce((s, row, i) => s + row[j]! * step[i]!, 0) / D[j]!);
    const invSqrt = B.map((row) => row.reduce((s, b, j) => s + b * bt[j]!, 0));
    for (let i = 0; i < n; i++) ps[i] = (1 - cs) * ps[i]! + Math.sqrt(cs * (2 - cs) * muEff) * invSqrt[i]!;
    const psNorm = Math.hypot(...ps);
    const hsig = psNorm / Math.sqrt(1 - (1 - cs) ** (2 * (generation + 1))) / chiN < 1.4 + 2 / (n + 1) ? 1 : 0;
    for (let i = 0; i < n; i++) pc[i] = (1 - cc) * pc[i]! + hsig * Math.sqrt(cc * (2 - cc) * muEff) * step[i]!;
    const ys = offspring.slice(0, mu).map((o) => o.x.map((x, i) => (x - old[i]!) / sigma));
    C = C.map((row, i) =>
      row.map(
        (c, j) =>
          (1 - c1 - cmu) * c +
          c1 * (pc[i]! * pc[j]! + (1 - hsig) * cc * (2 - cc) * c) +
          cmu * ys.reduce((s, y, k) => s + w[k]! * y[i]! * y[j]!, 0),
      ),
    );
    sigma *= Math.exp((cs / damps) * (psNorm / chiN - 1));
    const eigen = eigenSymmetric(C);
    B = eigen.vectors;
    D = eigen.values.map((v) => Math.sqrt(Math.max(v, 1e-20)));
    if (sigma * Math.max(...D) < xTol || !Number.isFinite(sigma)) return;
  }
}

function identity(n: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
}
