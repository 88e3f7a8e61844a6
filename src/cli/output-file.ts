// Files a user names on the command line (-o, --html): the folder is made first, so
// `-o results/x.html` works on a fresh clone, in a temporary folder or anywhere else.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export function writeOutputFile(file: string, data: string | Uint8Array): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, data);
}
