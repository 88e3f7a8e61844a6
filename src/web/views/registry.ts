// The views of the page, in navigation order. A new view is one module in this folder exporting
// `view: ViewModule` and one line here (docs/viewer.md). The first entry is shown by default.

import type { ViewEntry } from './types.js';

export const VIEWS: readonly ViewEntry[] = [
  { id: 'run', title: 'Live run', load: () => import('./run.js') },
  { id: 'experiments', title: 'Experiments', load: () => import('./experiments.js') },
];
