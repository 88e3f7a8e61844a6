// A method by its name in the experiment file.

import { cmaEs } from './cma-es.js';
import type { MethodName } from './config.js';
import { gridLevels } from './space.js';
import { gridSearch } from './grid.js';
import type { Method } from './method.js';
import { nelderMead } from './nelder-mead.js';
import { randomSearch, sobolSearch } from './sobol.js';
import type { Parameter } from './space.js';

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
