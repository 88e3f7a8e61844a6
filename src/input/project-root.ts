// Where paysim's own files are (the shipped scenarios, experiments, the compiled viewer): the
// first folder above this module that holds package.json, whether it runs from src/ or dist/.

import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('paysim: no package.json above src/input/project-root');
    dir = up;
  }
  return dir;
}
