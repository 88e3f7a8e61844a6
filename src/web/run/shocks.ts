// Shocks from the page, through the API: an outage, a liquidity shock, a pause of the LSM or a participant's failure becomes a scenario event
// (POST …/scenario-events, checked like one in a file), a payment is submitted (POST …/transactions).
// Amounts are typed in units and sent in cents; the API's problems are shown as `path: problem`.

import { ApiFailure, postJson } from '../api.js';
import { el } from '../format.js';

type Kind = 'outage' | 'liquidity_shock' | 'lsm_off' | 'payment' | 'participant_failure';

const FIELDS: Readonly<Record<Kind, readonly string[]>> = {
  outage: ['agent', 'at_tick', 'duration'],
  liquidity_shock: ['agent', 'at_tick', 'balance_change', 'credit_limit_change'],
  lsm_off: ['at_tick', 'duration'],
  payment: ['agent', 'receiver', 'amount', 'deadline_tick'],
  participant_failure: ['agent', 'at_tick', 'mode', 'duration', 'share', 'announce_after', 'reject_incoming'],
};

/** Modes of participant_failure (docs/engine.md, "Participant failures"). */
const MODES = ['default', 'operational', 'partial'] as const;

const LABELS: Readonly<Record<string, string>> = {
  agent: 'bank',
  receiver: 'to',
  at_tick: 'at tick',
  duration: 'ticks',
  balance_change: 'balance change (units)',
  credit_limit_change: 'credit line change (units)',
  amount: 'amount (units)',
  deadline_tick: 'deadline tick',
  mode: 'mode',
  share: 'share released (0..1)',
  announce_after: 'announced after (ticks; blank: never)',
  reject_incoming: 'reject payments to it once announced (default only)',
};

const cents = (text: string): number => Math.round(Number(text) * 100);

export class ShockForm {
  private readonly inputs = new Map<string, HTMLInputElement | HTMLSelectElement>();
  private readonly labels = new Map<string, HTMLLabelElement>();
  private readonly kind: HTMLSelectElement;
  private readonly result: HTMLElement;

  constructor(
    container: HTMLElement,
    agents: readonly string[],
    private readonly context: () => { simulationId: string; tick: number } | null,
  ) {
    const form = el('form', 'shocks');
    this.kind = el('select');
    this.kind.name = 'kind';
    for (const [value, text] of [['outage', 'outage of a bank'], ['liquidity_shock', 'liquidity shock'], ['lsm_off', 'LSM off'], ['payment', 'payment'], ['participant_failure', 'failure of a bank']] as const) {
      const option = el('option', '', text);
      option.value = value;
      this.kind.append(option);
    }
    form.append(this.kind);
    for (const name of ['agent', 'receiver', 'at_tick', 'mode', 'duration', 'share', 'announce_after', 'reject_incoming', 'balance_change', 'credit_limit_change', 'amount', 'deadline_tick']) {
      const label = el('label', '', `${LABELS[name]} `);
      let input: HTMLInputElement | HTMLSelectElement;
      if (name === 'mode') {
        input = el('select');
        for (const mode of MODES) {
          const option = el('option', '', mode);
          option.value = mode;
          input.append(option);
        }
      } else if (name === 'agent' || name === 'receiver') {
        input = el('select');
        agents.forEach((a, i) => {
          const option = el('option', '', a);
          option.value = a;
          if (name === 'receiver' && i === 1) option.selected = true;
          input.append(option);
        });
      } else if (name === 'reject_incoming') {
        input = el('input');
        input.type = 'checkbox';
      } else {
        input = el('input');
        input.type = 'number';
        input.step = 'any';
        input.size = 8;
      }
      input.name = name;
      label.append(input);
      form.append(label);
      this.inputs.set(name, input);
      this.labels.set(name, label);
    }
    (this.inputs.get('duration') as HTMLInputElement).value = '5';
    (this.inputs.get('balance_change') as HTMLInputElement).value = '-1000';
    (this.inputs.get('amount') as HTMLInputElement).value = '1000';
    (this.inputs.get('share') as HTMLInputElement).value = '0.5';
    const submit = el('button', '', 'Inject');
    submit.type = 'submit';
    form.append(submit);
    this.result = el('pre', 'problems');
    this.result.dataset['role'] = 'shock-result';
    container.replaceChildren(form, this.result);
    this.kind.addEventListener('change', () => this.showFields());
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.inject();
    });
    this.showFields();
  }

  private showFields(): void {
    const wanted = FIELDS[this.kind.value as Kind];
    for (const [name, label] of this.labels) label.hidden = !wanted.includes(name);
  }

  private value(name: string): string {
    return this.inputs.get(name)!.value.trim();
  }

  private async inject(): Promise<void> {
    const ctx = this.context();
    if (ctx === null) return;
    const base = `/simulations/${encodeURIComponent(ctx.simulationId)}`;
    const kind = this.kind.value as Kind;
    // Blank tick fields mean "the next tick".
    const tick = (name: string): number => (this.value(name) === '' ? ctx.tick : Number(this.value(name)));
    try {
      if (kind === 'payment') {
        const deadline = this.value('deadline_tick') === '' ? ctx.tick + 10 : Number(this.value('deadline_tick'));
        const res = await postJson<{ transaction_id: number }>(`${base}/transactions`, {
          sender: this.value('agent'),
          receiver: this.value('receiver'),
          amount: cents(this.value('amount')),
          deadline_tick: deadline,
        });
        this.show(`payment #${res.transaction_id} submitted; the next tick decides on it`, false);
        return;
      }
      const event: Record<string, unknown> = { at_tick: tick('at_tick'), type: kind };
      if (kind !== 'lsm_off') event['agent'] = this.value('agent');
      if (kind === 'participant_failure') this.failureFields(event);
      else if (kind === 'outage' || kind === 'lsm_off') event['duration'] = Number(this.value('duration'));
      else {
        if (this.value('balance_change') !== '') event['balance_change'] = cents(this.value('balance_change'));
        if (this.value('credit_limit_change') !== '') event['credit_limit_change'] = cents(this.value('credit_limit_change'));
      }
      const res = await postJson<{ fires_at: number }>(`${base}/scenario-events`, event);
      const whose = kind === 'lsm_off' ? '' : ` of ${this.value('agent')}`;
      this.show(`${kind.replace('_', ' ')}${whose} scheduled at tick ${res.fires_at}`, false);
    } catch (error) {
      if (error instanceof ApiFailure) this.show(error.lines().join('\n'), true);
      else throw error;
    }
  }

  /** Mode, and the optional keys that fit it; blank ones are left out (duration blank: to the end of the day). */
  private failureFields(event: Record<string, unknown>): void {
    const mode = this.value('mode');
    event['mode'] = mode;
    if (mode !== 'default' && this.value('duration') !== '') event['duration'] = Number(this.value('duration'));
    if (mode === 'partial') event['share'] = Number(this.value('share'));
    if (this.value('announce_after') !== '') event['announce_after'] = Number(this.value('announce_after'));
    // Sent as ticked: the API says why when it does not fit (not a default, or never announced).
    if ((this.inputs.get('reject_incoming') as HTMLInputElement).checked) event['reject_incoming'] = true;
  }

  private show(text: string, problem: boolean): void {
    this.result.textContent = text;
    this.result.classList.toggle('ok', !problem);
  }
}
