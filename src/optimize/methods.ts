// A method by its name in the experiment file.

import { cmaEs } from './cma-es.js';
import type { MethodName } from './config.js';
import { gridLevels } from './space.js';
import { gridSearch } from './grid.js';
import type { Method } from './method.js';
import { nelderMead } from './nelder-mead.js';
import { randomSearch, sobolSearch } from './sobol.js';
import { type Assignment, assignmentAt, type Parameter } from './space.js';

export function makeMethod(name: MethodName, space: readonly Parameter[], start: readonly number[], seed: number): Method {
  switch (name) {
    case 'grid':
      return gridSearch(gridLevels(space));
    case 'random':
      return randomSearch(space.length, seed);
    case 'sobol':
      return sobolSearch(space.length);
    case 'nelder-mead':
      return nelderMead({ start });
    case 'cma-es':
      return cmaEs({ start, seed });
  }
}

/**
 * Every assignment a method will try, when that does not depend on what it is told: a grid's
 * points (equilibrium mode runs them in one batch); null for the methods that adapt or never end.
 */
export function plannedPoints(name: MethodName, space: readonly Parameter[]): Assignment[] | null {
  if (name !== 'grid') return null;
  const out: Assignment[] = [];
  const grid = gridSearch(gridLevels(space));
  for (let next = grid.next(); !next.done; next = grid.next(0)) out.push(assignmentAt(space, next.value));
  return out;
}
