// The text a proposer printed, read as its answer with the rules files and HTTP bodies have
// (input/json-text.ts): no duplicate keys, nesting at most DOCUMENT_MAX_DEPTH deep, and a number a
// double would misstate kept as its text, so the answer is refused at that parameter rather than
// run with another value. A refusal is stored as a failed proposal, so a resumed search replays it.

import { parseStrictJson } from '../../input/json-text.js';

export type AnswerRead = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: string };

export function readAnswerText(text: string): AnswerRead {
  if (text.trim() === '') return { ok: false, error: 'no output on stdout (expected one JSON object)' };
  const read = parseStrictJson(text);
  if (read.ok) return { ok: true, value: read.value };
  // A path 500 levels deep says nothing a reader can use past its start.
  const path = read.path.length > 60 ? `${read.path.slice(0, 60)}…` : read.path;
  const where = path === '' ? '' : ` at ${path}`;
  return { ok: false, error: `the output is not acceptable JSON${where}: ${read.message}; it began: ${JSON.stringify(text.trim().slice(0, 120))}` };
}
