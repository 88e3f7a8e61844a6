// Placeholder for the stored-experiments view (built separately; see docs/viewer.md): it keeps
// the navigation's place until that module replaces this file.

import type { ViewModule } from './types.js';

export const view: ViewModule = {
  mount(root) {
    const p = document.createElement('p');
    p.className = 'muted';
    p.textContent = 'Stored experiments: not built yet.';
    root.append(p);
  },
};
