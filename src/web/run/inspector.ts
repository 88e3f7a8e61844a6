// The payment inspector: a bank's payments, and one payment's history from the event log
// (arrival, each policy decision with the decision-tree path, queueing, LSM sets, settlement and
// its mechanism). Everything comes from the API: GET …/transactions and GET …/events?tx=.

import { ApiFailure, getJson } from '../api.js';
import { el, formatMoney } from '../format.js';

interface TxRow {
  readonly tx_id: number;
  readonly sender: string;
  readonly receiver: string;
  readonly amount: number;
  readonly status: string;
  readonly settled_by: string | null;
  readonly arrival_tick: number;
  readonly settled_tick: number | null;
  readonly deadline_tick: number;
  readonly priority: number;
  readonly drop_reason: string | null;
}

interface EventRow {
  readonly tick: number;
  readonly type: string;
  readonly agent: string | null;
  readonly data: Readonly<Record<string, unknown>>;
}

const BANK_PAGE = 40;

/** One event of a payment's history in words. */
function describe(e: EventRow): string {
  const d = e.data;
  const num = (k: string): string => formatMoney(Number(d[k]));
  const node = typeof d['node_id'] === 'string' ? ` (node ${d['node_id']})` : '';
  switch (e.type) {
    case 'arrival':
      return `arrived: ${e.agent} → ${String(d['receiver'])}, ${num('amount')}, deadline tick ${String(d['deadline_tick'])}, priority ${String(d['priority'])} (${String(d['origin'])})`;
    case 'submit':
      return `policy of ${e.agent} released it${node}`;
    case 'hold':
      return `policy of ${e.agent} held it${d['reason'] ? `: ${String(d['reason'])}` : ''}${node}`;
    case 'split':
      return `policy split it into ${String(d['num_splits'])} parts${node}`;
    case 'queue':
      return `entered the central queue (Q2): ${num('amount')} > available ${num('available_liquidity')}`;
    case 'limit_blocked':
      return `held back by the ${String(d['limit'])} sender limit (${String(d['stage'])})`;
    case 'settle':
      return `settled by ${String(d['settled_by'])}: ${num('amount')}`;
    case 'drop':
      return `dropped: ${String(d['reason'])}`;
    case 'lsm_bilateral':
      return `in a bilateral offset of ${(d['agents'] as string[]).join(' ⇄ ')}`;
    case 'lsm_cycle':
      return `in a cycle ${(d['agents'] as string[]).join(' → ')}`;
    case 'lsm_multilateral':
      return `in a multilateral batch of ${String(d['count'])} payments`;
    default:
      return e.type;
  }
}

export class Inspector {
  private readonly title: HTMLElement;
  private readonly body: HTMLElement;
  /** Answers to an older click are dropped when a newer one was made. */
  private generation = 0;

  constructor(container: HTMLElement, private readonly simulationId: () => string | null) {
    this.title = el('h3', '', 'Click a bank (table or network) to see its payments.');
    this.body = el('div', 'inspector-body');
    container.replaceChildren(this.title, this.body);
  }

  private base(): string | null {
    const id = this.simulationId();
    return id === null ? null : `/simulations/${encodeURIComponent(id)}`;
  }

  async bank(agent: string): Promise<void> {
    const base = this.base();
    if (base === null) return;
    const generation = ++this.generation;
    const first = await getJson<{ total: number }>(`${base}/transactions?agent=${encodeURIComponent(agent)}&limit=1`);
    const offset = Math.max(0, first.total - BANK_PAGE);
    const page = await getJson<{ total: number; transactions: TxRow[] }>(`${base}/transactions?agent=${encodeURIComponent(agent)}&limit=${BANK_PAGE}&offset=${offset}`);
    if (generation !== this.generation) return;
    this.title.textContent = `${agent}: ${page.total} payments sent or received (the latest ${page.transactions.length}; click one)`;
    const table = el('table', 'data payments');
    const head = table.createTHead().insertRow();
    for (const t of ['payment', 'from → to', 'amount', 'arrived', 'status', 'settled by']) head.append(el('th', '', t));
    const rows = table.createTBody();
    for (const tx of [...page.transactions].reverse()) {
      const row = rows.insertRow();
      row.dataset['tx'] = String(tx.tx_id);
      const link = row.insertCell();
      link.textContent = `#${tx.tx_id}`;
      link.className = 'clickable';
      link.addEventListener('click', () => void this.payment(tx.tx_id));
      for (const text of [`${tx.sender} → ${tx.receiver}`, formatMoney(tx.amount), `tick ${tx.arrival_tick}`, tx.status, tx.settled_by ?? '']) {
        row.insertCell().textContent = text;
      }
    }
    this.body.replaceChildren(el('div', 'scroll', ''));
    this.body.firstElementChild!.append(table);
  }

  async payment(txId: number): Promise<void> {
    const base = this.base();
    if (base === null) return;
    const generation = ++this.generation;
    let tx: TxRow;
    try {
      tx = await getJson<TxRow>(`${base}/transactions/${txId}`);
    } catch (error) {
      if (error instanceof ApiFailure && error.status === 404) {
        this.title.textContent = `payment #${txId}: not found`;
        return;
      }
      throw error;
    }
    const { events } = await getJson<{ events: EventRow[] }>(`${base}/events?tx=${txId}&limit=1000`);
    if (generation !== this.generation) return;
    const settled = tx.settled_tick === null ? '' : `, settled at tick ${tx.settled_tick} by ${tx.settled_by ?? '?'}`;
    this.title.textContent = `payment #${tx.tx_id}: ${tx.sender} → ${tx.receiver}, ${formatMoney(tx.amount)} · ${tx.status}${settled}`;
    const list = el('ol', 'history');
    list.dataset['tx'] = String(txId);
    for (const event of events) {
      const item = el('li', '', `tick ${event.tick} · ${describe(event)}`);
      item.dataset['type'] = event.type;
      const path = event.data['path'];
      if (typeof path === 'string') {
        item.append(el('br'), el('code', 'tree-path', `tree path: ${path}`));
      }
      list.append(item);
    }
    if (events.length === 0) list.append(el('li', 'muted', 'no events kept for this payment'));
    this.body.replaceChildren(list);
  }
}
