// BICs (ISO 9362) of ISO 20022 payment messages → the agent ids of a scenario: through a mapping
// file (CSV `bic,agent`), else the BIC is the agent id. A BIC11 whose branch is XXX names the
// same institution as its BIC8, so both spellings meet.

import { readRegularFile } from '../../input/read.js';
import type { ValidationIssue } from '../../input/issues.js';
import { forEachCsvRecord } from './csv.js';

export const BIC_PATTERN = /^[A-Z0-9]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/;

/** The BIC8 of a BIC11 with branch XXX; any other BIC as written. */
export function canonicalBic(bic: string): string {
  return bic.length === 11 && bic.endsWith('XXX') ? bic.slice(0, 8) : bic;
}

/** BIC (canonical) → agent id, read from a CSV file with columns `bic` and `agent`. */
export function readBicMap(path: string): Map<string, string> | ValidationIssue[] {
  const bytes = readRegularFile(path, 64 * 1024 * 1024);
  if (!Buffer.isBuffer(bytes)) return [{ ...bytes, file: path }];
  const map = new Map<string, string>();
  const issues: ValidationIssue[] = [];
  let bicAt = -1;
  let agentAt = -1;
  let headerSeen = false;
  const problems = forEachCsvRecord(bytes.toString('utf8'), (fields, line) => {
    if (!headerSeen) {
      headerSeen = true;
      bicAt = fields.indexOf('bic');
      agentAt = fields.indexOf('agent');
      if (bicAt < 0 || agentAt < 0) issues.push({ file: path, path: `row ${line}`, message: `expected the columns bic and agent (the header has: ${fields.join(', ')})`, code: 'payment_file' });
      return;
    }
    if (bicAt < 0 || agentAt < 0) return;
    const bic = (fields[bicAt] ?? '').trim().toUpperCase();
    const agent = (fields[agentAt] ?? '').trim();
    if (!BIC_PATTERN.test(bic)) issues.push({ file: path, path: `row ${line}, column bic`, message: `'${fields[bicAt] ?? ''}' is not a BIC (expected 8 or 11 letters and digits, e.g. ABCDDEFFXXX)`, code: 'payment_file' });
    else if (agent === '') issues.push({ file: path, path: `row ${line}, column agent`, message: 'empty (expected an agent id)', code: 'payment_file' });
    else if (map.has(canonicalBic(bic))) issues.push({ file: path, path: `row ${line}, column bic`, message: `'${bic}' is mapped twice (expected one agent per BIC)`, code: 'payment_file' });
    else map.set(canonicalBic(bic), agent);
  });
  for (const p of problems) issues.push({ file: path, path: `row ${p.line}`, message: p.message, code: 'payment_file' });
  return issues.length > 0 ? issues : map;
}
