// Writing payment orders as ISO 20022 pacs.009 messages (what `paysim export --format iso20022`
// produces, and ./iso20022.ts reads back to the same orders): one message per order, all in one
// file under a <Messages> wrapper. Ticks become times on a declared clock (tick t of day d starts
// at day_start + d days + t × tick_seconds); paysim's own priority and divisible flag ride in
// proprietary service levels, which other readers ignore.

import type { PaymentRow } from './write.js';
import { decimalText } from './currency.js';
import { BIC_PATTERN } from './bic.js';
import { DIVISIBLE_LEVEL } from './iso20022.js';

export interface IsoClock {
  /** `YYYY-MM-DDTHH:MM:SS` of tick 0. */
  readonly dayStart: string;
  readonly tickSeconds: number;
  readonly ticksPerDay: number;
}

export const PACS009_NAMESPACE = 'urn:iso:std:iso:20022:tech:xsd:pacs.009.001.08';
const DAY_SECONDS = 86_400;

/**
 * The clock of an export: a business day from 07:00 (as in TARGET's day trade phase) when the
 * day's ticks fit into 11 hours at whole seconds, else from 00:00 over the whole day.
 */
export function exportClock(ticksPerDay: number, date = '2026-01-05'): IsoClock | string {
  if (ticksPerDay <= 11 * 3600) return { dayStart: `${date}T07:00:00`, tickSeconds: Math.floor((11 * 3600) / ticksPerDay), ticksPerDay };
  if (ticksPerDay <= DAY_SECONDS) return { dayStart: `${date}T00:00:00`, tickSeconds: Math.floor(DAY_SECONDS / ticksPerDay), ticksPerDay };
  return `${ticksPerDay} ticks per day do not fit into a day at whole seconds (expected at most 86 400)`;
}

/** The date-time of a tick: `YYYY-MM-DDTHH:MM:SS`. */
export function tickTime(clock: IsoClock, tick: number): string {
  const origin = Date.parse(`${clock.dayStart}Z`);
  const day = Math.floor(tick / clock.ticksPerDay);
  const seconds = day * DAY_SECONDS + (tick - day * clock.ticksPerDay) * clock.tickSeconds;
  return new Date(origin + seconds * 1000).toISOString().slice(0, 19);
}

/**
 * BICs for agent ids: an id that is a BIC stands for itself; others get PSIMZZ + 5 base-36 digits
 * of their position (ZZ: no country), unique as long as no agent id is already such a BIC.
 */
export function agentBics(agents: readonly string[]): Map<string, string> {
  const taken = new Set(agents.filter((id) => BIC_PATTERN.test(id)));
  const out = new Map<string, string>();
  let next = 0;
  for (const id of agents) {
    if (BIC_PATTERN.test(id)) {
      out.set(id, id);
      continue;
    }
    let bic: string;
    do bic = `PSIMZZ${(next++).toString(36).toUpperCase().padStart(5, '0')}`;
    while (taken.has(bic));
    out.set(id, bic);
  }
  return out;
}

export function xmlEscape(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

export const MESSAGES_OPEN = '<?xml version="1.0" encoding="UTF-8"?>\n<Messages>\n';
export const MESSAGES_CLOSE = '</Messages>\n';

/**
 * One pacs.009 message for an order: arrival as the creation time; the deadline as the till time
 * on the settlement date (the deadline's day).
 */
export function pacs009Message(row: PaymentRow, bics: ReadonlyMap<string, string>, clock: IsoClock, currency: string): string {
  const id = xmlEscape(String(row.id));
  const created = tickTime(clock, row.arrival);
  const deadline = tickTime(clock, row.deadline);
  const levels = `<SvcLvl><Prtry>PAYSIM:P=${row.priority}</Prtry></SvcLvl>${row.divisible ? `<SvcLvl><Prtry>${DIVISIBLE_LEVEL}</Prtry></SvcLvl>` : ''}`;
  const agent = (tag: string, bank: string): string => `<${tag}><FinInstnId><BICFI>${bics.get(bank)}</BICFI></FinInstnId></${tag}>`;
  return (
    `<Document xmlns="${PACS009_NAMESPACE}"><FICdtTrf>` +
    `<GrpHdr><MsgId>${id}</MsgId><CreDtTm>${created}</CreDtTm><NbOfTxs>1</NbOfTxs><SttlmInf><SttlmMtd>CLRG</SttlmMtd></SttlmInf></GrpHdr>` +
    `<CdtTrfTxInf><PmtId><InstrId>${id}</InstrId><EndToEndId>${id}</EndToEndId><TxId>${id}</TxId></PmtId>` +
    `<PmtTpInf><InstrPrty>${row.priority >= 8 ? 'HIGH' : 'NORM'}</InstrPrty>${levels}</PmtTpInf>` +
    `<IntrBkSttlmAmt Ccy="${currency}">${decimalText(row.amount, currency)}</IntrBkSttlmAmt>` +
    `<IntrBkSttlmDt>${deadline.slice(0, 10)}</IntrBkSttlmDt>` +
    `<SttlmTmReq><TillTm>${deadline.slice(11)}</TillTm></SttlmTmReq>` +
    `${agent('Dbtr', row.sender)}${agent('Cdtr', row.receiver)}` +
    `</CdtTrfTxInf></FICdtTrf></Document>\n`
  );
}

/** The `bic,agent` mapping file of `bics`. */
export function bicMapText(bics: ReadonlyMap<string, string>): string {
  const rows = [...bics].map(([agent, bic]) => `${bic},${/[",\r\n]/.test(agent) ? `"${agent.replace(/"/g, '""')}"` : agent}`);
  return `bic,agent\n${rows.join('\n')}\n`;
}
