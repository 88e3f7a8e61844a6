// Every LSM set that settled while the page watched, newest first: the network view highlights
// only the current tick's sets, this list keeps them all.

import type { TickFrame } from '../protocol.js';
import { el, formatMoney } from '../format.js';

const MAX_ENTRIES = 500;

export class LsmLog {
  private readonly list: HTMLUListElement;
  private count = 0;

  constructor(container: HTMLElement, private readonly agents: readonly string[]) {
    this.list = el('ul', 'log lsm-log');
    container.replaceChildren(this.list);
  }

  record(frame: TickFrame): void {
    if (frame.processed_tick === null) return;
    for (const set of frame.lsm) {
      const names = set.agents.map((a) => this.agents[a]!);
      const shape = set.kind === 'cycle' ? [...names, names[0]!].join(' → ') : names.join(', ');
      const item = el('li', '', `tick ${frame.processed_tick}: ${set.kind} ${shape} · ${set.payments} payments, ${formatMoney(set.value)}`);
      item.dataset['tick'] = String(frame.processed_tick);
      item.dataset['kind'] = set.kind;
      item.dataset['agents'] = names.join(',');
      this.list.prepend(item);
      this.count += 1;
      if (this.count > MAX_ENTRIES) this.list.lastElementChild?.remove();
    }
  }
}
