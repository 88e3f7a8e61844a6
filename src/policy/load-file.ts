// Reads a policy file (JSON, or YAML by extension) into a value, or says plainly why it cannot.

import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';

export type FileRead =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly code: 'missing_file' | 'bad_file'; readonly message: string };

export function readPolicyFile(file: string): FileRead {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message;
    return { ok: false, code: 'missing_file', message: `cannot read policy file ${file}: ${reason}` };
  }
  const ext = extname(file).toLowerCase();
  try {
    const value: unknown = ext === '.yaml' || ext === '.yml' ? parseYaml(text) : JSON.parse(text);
    return { ok: true, value };
  } catch (e) {
    const kind = ext === '.yaml' || ext === '.yml' ? 'YAML' : 'JSON';
    return { ok: false, code: 'bad_file', message: `policy file ${file} is not valid ${kind}: ${(e as Error).message}` };
  }
}
