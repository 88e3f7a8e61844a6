// Tables whose cells keep the exact value they show (data-value), so a reader or a test can
// compare the page with the API.

import { el } from '../format.js';

export interface Cell {
  readonly text: string;
  /** The field this column shows (data-field). */
  readonly field?: string;
  /** The exact value behind the text (data-value, as JSON). */
  readonly value?: unknown;
}

export function dataTable(head: readonly string[], rows: readonly (readonly Cell[])[]): HTMLTableElement {
  const table = el('table', 'data');
  // Intervals and p values read badly broken over lines: the panel scrolls sideways instead.
  table.style.whiteSpace = 'nowrap';
  const tr = el('tr');
  for (const h of head) tr.append(el('th', '', h));
  table.append(el('thead'));
  table.tHead!.append(tr);
  const body = el('tbody');
  for (const row of rows) {
    const line = el('tr');
    for (const cell of row) {
      const td = el('td', '', cell.text);
      if (cell.field !== undefined) td.dataset['field'] = cell.field;
      if (cell.value !== undefined) td.dataset['value'] = JSON.stringify(cell.value);
      line.append(td);
    }
    body.append(line);
  }
  table.append(body);
  return table;
}
