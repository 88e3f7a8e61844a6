// The reproduction cases `paysim reproduce` knows, in the order it runs them, and which of them a
// command line asks for.

import { join } from 'node:path';
import { projectRoot } from '../input/project-root.js';
import type { ReproductionCase } from './case.js';
import { arciero } from './cases/arciero.js';
import { bechGarratt } from './cases/bech-garratt.js';
import { castroCostFunction, castroThreePeriod, castroTwoPeriod } from './cases/castro.js';
import { chapsLsm } from './cases/chaps.js';
import { galbiatiSoramaki } from './cases/galbiati-soramaki.js';

export const CASES: readonly ReproductionCase[] = [castroTwoPeriod, castroCostFunction, castroThreePeriod, bechGarratt, arciero, chapsLsm, galbiatiSoramaki];

/** The shipped cases' experiment files. */
export function publishedDir(): string {
  return join(projectRoot(), 'experiments', 'published');
}

export type Selection = { readonly ok: true; readonly cases: readonly ReproductionCase[] } | { readonly ok: false; readonly unknown: readonly string[] };

/** Named cases (in catalog order), else every case with `all`, else the quick ones. */
export function selectCases(names: readonly string[], all: boolean): Selection {
  const unknown = names.filter((n) => !CASES.some((c) => c.name === n));
  if (unknown.length > 0) return { ok: false, unknown };
  if (names.length > 0) return { ok: true, cases: CASES.filter((c) => names.includes(c.name)) };
  return { ok: true, cases: all ? CASES : CASES.filter((c) => c.quick) };
}
