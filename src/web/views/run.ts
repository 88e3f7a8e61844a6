// The live run view: start a simulation, step it, watch it settle (docs/viewer.md).

import type { ViewModule } from './types.js';

export const view: ViewModule = {
  mount(root) {
    const p = document.createElement('p');
    p.textContent = 'Live run: coming.';
    root.append(p);
  },
};
