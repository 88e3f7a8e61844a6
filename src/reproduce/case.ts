// What a reproduction case is and what it reports: for each figure the paper's value, paysim's
// value measured now, the tolerance, and whether paysim's is within it.

import { join } from 'node:path';
import { type RunRow, runExperimentFile } from './runs.js';

export interface Figure {
  readonly label: string;
  /** The paper's figure, as text (with its unit). */
  readonly paper: string;
  /** paysim's figure measured now, as text. */
  readonly paysim: string;
  readonly tolerance: string;
  /** null: reported beside the others, not judged (the paper gives no figure to meet). */
  readonly pass: boolean | null;
}

export interface CaseContext {
  /** The folder of the cases' experiment files (experiments/published). */
  readonly dir: string;
  /** The runs of an experiment file of the folder, run once per process however many cases read them. */
  runs(file: string): RunRow[];
  /** The path of a file of the folder. */
  path(file: string): string;
}

export interface ReproductionCase {
  readonly name: string;
  readonly title: string;
  readonly citation: string;
  /** Runs in seconds: part of `paysim reproduce --quick` (and CI). */
  readonly quick: boolean;
  /** The experiment files of the folder it runs. */
  readonly files: readonly string[];
  run(context: CaseContext): Promise<Figure[]>;
}

export interface CaseResult {
  readonly name: string;
  readonly title: string;
  readonly citation: string;
  readonly figures: readonly Figure[];
  readonly pass: boolean;
  readonly seconds: number;
}

export function caseContext(dir: string): CaseContext {
  const cache = new Map<string, RunRow[]>();
  const path = (file: string): string => join(dir, file);
  return {
    dir,
    path,
    runs(file) {
      let rows = cache.get(file);
      if (rows === undefined) {
        rows = runExperimentFile(path(file));
        cache.set(file, rows);
      }
      return rows;
    },
  };
}

export async function runCase(c: ReproductionCase, context: CaseContext): Promise<CaseResult> {
  const started = performance.now();
  const figures = await c.run(context);
  return {
    name: c.name,
    title: c.title,
    citation: c.citation,
    figures,
    pass: figures.every((f) => f.pass !== false),
    seconds: (performance.now() - started) / 1000,
  };
}

/** A share or a cost as the papers write them: up to 4 decimals, trailing zeros dropped. */
export function share(x: number): string {
  return String(Number(x.toFixed(4)));
}

export function percent(x: number, digits = 1): string {
  return `${(100 * x).toFixed(digits)} %`;
}
