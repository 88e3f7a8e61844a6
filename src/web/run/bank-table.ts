// The banks' numbers after the last drawn tick: balance against credit line, available liquidity,
// Q1 and Q2 depth and value. Each cell keeps the exact cents in `data-value` (what tests compare
// with GET …/state) and shows them formatted. Cells are written only when they change.

import type { TickFrame } from '../protocol.js';
import { el, formatCount, formatMoney } from '../format.js';

const COLUMNS = [
  { key: 'balance', title: 'balance', money: true },
  { key: 'credit_limit', title: 'credit line', money: true },
  { key: 'available', title: 'available', money: true },
  { key: 'q1_size', title: 'Q1', money: false },
  { key: 'q1_value', title: 'Q1 value', money: true },
  { key: 'q2_size', title: 'Q2', money: false },
  { key: 'q2_value', title: 'Q2 value', money: true },
] as const;

type Column = (typeof COLUMNS)[number]['key'];

function value(frame: TickFrame, key: Column, i: number): number {
  if (key === 'available') return frame.balance[i]! + frame.credit_limit[i]! + frame.posted_collateral[i]!;
  return frame[key][i]!;
}

export class BankTable {
  private readonly cells: HTMLTableCellElement[][] = [];

  constructor(container: HTMLElement, agents: readonly string[], onBank: (index: number) => void) {
    const table = el('table', 'data banks');
    const head = table.createTHead().insertRow();
    for (const title of ['bank', ...COLUMNS.map((c) => c.title)]) head.append(el('th', '', title));
    const body = table.createTBody();
    agents.forEach((agent, i) => {
      const row = body.insertRow();
      row.dataset['agent'] = agent;
      const name = row.insertCell();
      name.textContent = agent;
      name.className = 'clickable';
      name.addEventListener('click', () => onBank(i));
      this.cells.push(
        COLUMNS.map((c) => {
          const cell = row.insertCell();
          cell.dataset['field'] = c.key;
          return cell;
        }),
      );
    });
    container.replaceChildren(table);
  }

  update(frame: TickFrame): void {
    this.cells.forEach((row, i) => {
      COLUMNS.forEach((c, j) => {
        const v = value(frame, c.key, i);
        const cell = row[j]!;
        const text = String(v);
        if (cell.dataset['value'] === text) return;
        cell.dataset['value'] = text;
        cell.textContent = c.money ? formatMoney(v) : formatCount(v);
        cell.classList.toggle('negative', v < 0);
      });
    });
  }
}
