// ISO 20022 payment files (docs/scenarios.md, "ISO 20022 messages"): pacs.009 and pacs.008
// messages become payment orders; every bad message is named as `file: message N (id): problem`.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../src/config/scenario.js';
import { clockTime, readIsoPaymentFile } from '../../src/config/payments/iso20022.js';
import { minorUnits } from '../../src/config/payments/currency.js';
import { runScenario } from '../../src/runner/single-run.js';
import { thrownLines } from './helpers.js';
import { cli } from '../helpers/cli.js';

// Clock: tick 0 at 08:00, 10-minute ticks, 60 ticks a day (08:00–18:00).
const SCENARIO = (extra = ''): string => `simulation: {ticks_per_day: 60, num_days: 1, rng_seed: 1}
agents:
- {id: A, opening_balance: 100000, policy: {type: Fifo}}
- {id: B, opening_balance: 100000, policy: {type: Fifo}}
- {id: C, opening_balance: 100000, policy: {type: Fifo}}
payments: {file: day.xml, format: iso20022, bic_map: bics.csv, day_start: '2026-03-02T08:00:00', tick_seconds: 600${extra}}
`;
const BICS = 'bic,agent\nAAAADEFFXXX,A\nBBBBDEFF,B\nCCCCDEFF,C\n';

const fi = (tag: string, bic: string): string => `<${tag}><FinInstnId><BICFI>${bic}</BICFI></FinInstnId></${tag}>`;
const pacs009 = (id: string, created: string, body: string): string =>
  `<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.009.001.08"><FICdtTrf><GrpHdr><MsgId>${id}</MsgId><CreDtTm>${created}</CreDtTm><NbOfTxs>1</NbOfTxs></GrpHdr>` +
  `<CdtTrfTxInf><PmtId><TxId>${id}-T</TxId></PmtId>${body}</CdtTrfTxInf></FICdtTrf></Document>\n`;

// The six messages of the day, worked by hand (tick = ⌊seconds since 08:00 / 600⌋):
const M1 = pacs009(
  'M1',
  '2026-03-02T08:10:00', // 600 s → tick 1
  `<IntrBkSttlmAmt Ccy="EUR">1250.00</IntrBkSttlmAmt><IntrBkSttlmDt>2026-03-02</IntrBkSttlmDt><SttlmPrty>HIGH</SttlmPrty>` +
    `<SttlmTmReq><TillTm>09:00:00</TillTm></SttlmTmReq>${fi('Dbtr', 'AAAADEFFXXX')}${fi('Cdtr', 'BBBBDEFF')}`, // 125 000 cents; 3 600 s → deadline 6; HIGH → 8
);
const M2 = pacs009(
  'M2',
  '2026-03-02T09:05:30+01:00', // 08:05:30 on the clock: 330 s → tick 0
  `<PmtTpInf><InstrPrty>NORM</InstrPrty></PmtTpInf><IntrBkSttlmAmt Ccy="EUR">0.99</IntrBkSttlmAmt>` + // 99 cents; no deadline: 0 + 60
    `${fi('Dbtr', 'AAAADEFF')}${fi('DbtrAgt', 'BBBBDEFF')}${fi('Cdtr', 'CCCCDEFF')}`, // the debtor's agent (B) settles, not the debtor
);
const M3 =
  `<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08"><FIToFICstmrCdtTrf><GrpHdr><MsgId>M3</MsgId><CreDtTm>2026-03-02T09:59:00</CreDtTm><NbOfTxs>1</NbOfTxs></GrpHdr>` +
  `<CdtTrfTxInf><PmtId><EndToEndId>E3</EndToEndId><TxId>T3</TxId></PmtId><IntrBkSttlmAmt Ccy="EUR">17.5</IntrBkSttlmAmt>` + // 1 750 cents
  `<IntrBkSttlmDt>2026-03-02</IntrBkSttlmDt><SttlmTmReq><TillTm>12:00:00</TillTm><RjctTm>11:00:00</RjctTm></SttlmTmReq>` + // earlier: 11:00 → 10 800 s → 18
  `<AccptncDtTm>2026-03-02T10:00:00</AccptncDtTm>` + // accepted at 7 200 s → tick 12 (not the creation time)
  `<Dbtr><Nm>Jane Doe</Nm></Dbtr>${fi('DbtrAgt', 'CCCCDEFF')}${fi('CdtrAgt', 'AAAADEFF')}<Cdtr><Nm>John Roe</Nm></Cdtr></CdtTrfTxInf></FIToFICstmrCdtTrf></Document>\n`;
const M4_BAD_AMOUNT = pacs009('M4', '2026-03-02T08:20:00', `<IntrBkSttlmAmt Ccy="EUR">12.345</IntrBkSttlmAmt>${fi('Dbtr', 'AAAADEFF')}${fi('Cdtr', 'BBBBDEFF')}`);
const M5_UNKNOWN_BIC = pacs009('M5', '2026-03-02T08:30:00', `<IntrBkSttlmAmt Ccy="EUR">10.00</IntrBkSttlmAmt>${fi('Dbtr', 'AAAADEFF')}${fi('Cdtr', 'ZZZZDEFF')}`);
const M6_REPEATED_ID = pacs009('M1', '2026-03-02T08:40:00', `<IntrBkSttlmAmt Ccy="EUR">10.00</IntrBkSttlmAmt>${fi('Dbtr', 'AAAADEFF')}${fi('Cdtr', 'BBBBDEFF')}`);

const day = (...messages: string[]): string => `<?xml version="1.0" encoding="UTF-8"?>\n<Messages>\n${messages.join('')}</Messages>\n`;

function scenarioDir(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'paysim-iso-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

/** The orders of a loaded scenario as plain rows, in the order they enter. */
function orders(file: string): Array<Record<string, unknown>> {
  const loaded = loadScenarioFile(file);
  const s = loaded.config.scheduled_payments!;
  const agent = (bank: number): string => loaded.config.agents[s.agentOfBank[bank]!]!.id;
  return Array.from({ length: s.count }, (_, i) => ({
    arrival: s.arrivalTick[i],
    sender: agent(s.senderBank[i]!),
    receiver: agent(s.receiverBank[i]!),
    amount: s.amount[i],
    deadline: s.deadlineTick[i],
    priority: s.priority[i],
  }));
}

const EXPECTED = [
  { arrival: 0, sender: 'B', receiver: 'C', amount: 99, deadline: 60, priority: 5 },
  { arrival: 1, sender: 'A', receiver: 'B', amount: 125_000, deadline: 6, priority: 8 },
  { arrival: 12, sender: 'C', receiver: 'A', amount: 1_750, deadline: 18, priority: 5 },
];

describe('an ISO 20022 day of six messages', () => {
  it('the good ones become the orders worked out by hand', () => {
    const dir = scenarioDir({ 's.yaml': SCENARIO(), 'day.xml': day(M1, M2, M3), 'bics.csv': BICS });
    expect(orders(join(dir, 's.yaml'))).toEqual(EXPECTED);
  });

  it('the bad ones are all named, in file order, and nothing loads', () => {
    const dir = scenarioDir({ 's.yaml': SCENARIO(), 'day.xml': day(M1, M2, M3, M4_BAD_AMOUNT, M5_UNKNOWN_BIC, M6_REPEATED_ID), 'bics.csv': BICS });
    const xml = join(dir, 'day.xml');
    expect(thrownLines(() => loadScenarioFile(join(dir, 's.yaml')))).toEqual([
      `${xml}: message 4 (M4): IntrBkSttlmAmt '12.345' has more decimals than EUR's 2 (expected whole minor units)`,
      `${xml}: message 5 (M5): unknown BIC ZZZZDEFF (expected one of payments.bic_map or an agent id, or set payments.add_unknown_banks)`,
      `${xml}: message 6 (M1): message id 'M1' was used before, by message 1 (expected a unique MsgId)`,
    ]);
  });

  it('from the command line: exit 2, every bad message on stderr, nothing stored', async () => {
    const dir = scenarioDir({ 's.yaml': SCENARIO(), 'day.xml': day(M1, M2, M3, M4_BAD_AMOUNT, M5_UNKNOWN_BIC, M6_REPEATED_ID), 'bics.csv': BICS });
    const r = await cli(['run', join(dir, 's.yaml'), '--db', join(dir, 'out.duckdb')]);
    expect(r.status).toBe(2);
    expect(r.stderr.split('\n').filter((l) => l !== '')).toHaveLength(3);
    expect(r.stderr).toContain(`${join(dir, 'day.xml')}: message 5 (M5): unknown BIC ZZZZDEFF`);
  });

  it('gzip-compressed, or split over a folder of files, gives the same orders and digest', () => {
    const plain = scenarioDir({ 's.yaml': SCENARIO(), 'day.xml': day(M1, M2, M3), 'bics.csv': BICS });
    const gz = scenarioDir({ 's.yaml': SCENARIO().replace('day.xml', 'day.xml.gz'), 'day.xml.gz': gzipSync(day(M1, M2, M3)), 'bics.csv': BICS });
    const folder = scenarioDir({ 's.yaml': SCENARIO().replace('day.xml', 'day'), 'day/1.xml': day(M1, M2), 'day/2.xml.gz': gzipSync(day(M3)), 'day/notes.txt': 'x', 'bics.csv': BICS });
    const digest = (dir: string): string => loadScenarioFile(join(dir, 's.yaml')).config.scheduled_payments!.sha256;
    expect(orders(join(gz, 's.yaml'))).toEqual(EXPECTED);
    expect(orders(join(folder, 's.yaml'))).toEqual(EXPECTED);
    expect(digest(gz)).toBe(digest(plain));
    expect(digest(folder)).toBe(digest(plain));
  });

  it('a repeated message id in another file of the folder names that file', () => {
    const dir = scenarioDir({ 's.yaml': SCENARIO().replace('day.xml', 'day'), 'day/1.xml': day(M1), 'day/2.xml': day(M6_REPEATED_ID), 'bics.csv': BICS });
    expect(thrownLines(() => loadScenarioFile(join(dir, 's.yaml')))).toEqual([
      `${join(dir, 'day', '2.xml')}: message 1 (M1): message id 'M1' was used before, by message 1 of ${join(dir, 'day', '1.xml')} (expected a unique MsgId)`,
    ]);
  });

  it("a message in another currency than the day's is refused, named", () => {
    const usd = M2.replace('Ccy="EUR"', 'Ccy="USD"');
    const dir = scenarioDir({ 's.yaml': SCENARIO(', currency: EUR'), 'day.xml': day(M1, usd), 'bics.csv': BICS });
    expect(thrownLines(() => loadScenarioFile(join(dir, 's.yaml')))).toEqual([
      `${join(dir, 'day.xml')}: message 2 (M2): amount in USD, not the day's EUR (expected one currency: paysim does not convert; set payments.currency)`,
    ]);
    // Without payments.currency, the first message's currency is the day's.
    const first = scenarioDir({ 's.yaml': SCENARIO(), 'day.xml': day(usd, M1), 'bics.csv': BICS });
    expect(thrownLines(() => loadScenarioFile(join(first, 's.yaml')))[0]).toContain("message 2 (M1): amount in EUR, not the day's USD");
  });

  it('without a mapping file a BIC is an agent id; add_unknown_banks adds the others', () => {
    const scenario = `simulation: {ticks_per_day: 60, num_days: 1, rng_seed: 1}
agents:
- {id: AAAADEFF, opening_balance: 100000, policy: {type: Fifo}}
- {id: BBBBDEFF, opening_balance: 100000, policy: {type: Fifo}}
payments: {file: day.xml, day_start: '2026-03-02T08:00:00', tick_seconds: 600, add_unknown_banks: {opening_balance: 5000}}
`;
    const dir = scenarioDir({ 's.yaml': scenario, 'day.xml': day(M1, M2, M3) });
    const loaded = loadScenarioFile(join(dir, 's.yaml'));
    expect(loaded.config.agents.map((a) => a.id)).toEqual(['AAAADEFF', 'BBBBDEFF', 'CCCCDEFF']);
    expect(runScenario(loaded).result.summary.arrivals).toBe(3);
  });

  it('caps the list of bad messages and counts the rest', () => {
    const bad = Array.from({ length: 130 }, (_, i) => M4_BAD_AMOUNT.replace('<MsgId>M4</MsgId>', `<MsgId>B${i}</MsgId>`));
    const dir = scenarioDir({ 's.yaml': SCENARIO(), 'day.xml': day(...bad), 'bics.csv': BICS });
    const lines = thrownLines(() => loadScenarioFile(join(dir, 's.yaml')));
    expect(lines).toHaveLength(101);
    expect(lines[99]).toContain('message 100 (B99): ');
    expect(lines[100]).toBe(`${join(dir, 'day.xml')}: and 30 more bad messages`);
  });

  it('broken XML, another message type and missing fields are named', () => {
    const broken = scenarioDir({ 's.yaml': SCENARIO(), 'day.xml': day(M1).replace('</Messages>', ''), 'bics.csv': BICS });
    expect(thrownLines(() => loadScenarioFile(join(broken, 's.yaml')))[0]).toMatch(/day\.xml: is not well-formed XML \(\d+:\d+: .+\)$/);
    const status = '<Document><FIToFIPmtStsRpt><GrpHdr><MsgId>S1</MsgId></GrpHdr></FIToFIPmtStsRpt></Document>';
    const empty = pacs009('M7', '', `<IntrBkSttlmAmt Ccy="EUR">1.00</IntrBkSttlmAmt>${fi('Cdtr', 'BBBBDEFF')}`);
    const dir = scenarioDir({ 's.yaml': SCENARIO(), 'day.xml': day(status, empty), 'bics.csv': BICS });
    const xml = join(dir, 'day.xml');
    expect(thrownLines(() => loadScenarioFile(join(dir, 's.yaml')))).toEqual([
      `${xml}: message 1 (S1): 'FIToFIPmtStsRpt' is not a pacs.009 or pacs.008 message (expected FICdtTrf or FIToFICstmrCdtTrf inside Document)`,
      `${xml}: message 2 (M7): no debtor agent (DbtrAgt/FinInstnId/BICFI, or Dbtr/FinInstnId/BICFI in a pacs.009)`,
      `${xml}: message 2 (M7): no acceptance time (AccptncDtTm) or creation time (GrpHdr/CreDtTm)`,
    ]);
  });
});

describe('an ISO 20022 day too large', () => {
  it('is refused once it passes the message limit, before reading on', () => {
    const dir = scenarioDir({ 'day.xml': day(M1, M2, M3), 'bics.csv': BICS });
    const spec = { file: 'day.xml', format: 'iso20022' as const, bic_map: join(dir, 'bics.csv'), day_start: '2026-03-02T08:00:00', tick_seconds: 600 };
    const timing = { ticksPerDay: 60, totalTicks: 60 };
    const xml = join(dir, 'day.xml');
    expect(readIsoPaymentFile(xml, xml, spec, timing, 3).ok).toBe(true);
    expect(readIsoPaymentFile(xml, xml, spec, timing, 2)).toEqual({
      ok: false,
      issues: [{ file: xml, path: '', message: 'holds more than 2 messages (at most that many payment messages; split the day or sample it)', code: 'too_large' }],
    });
  });
});

describe('ISO 20022 values', () => {
  it('amounts in minor units of the currency', () => {
    expect(minorUnits('12.50', 'EUR')).toBe(1250);
    expect(minorUnits('12.5', 'EUR')).toBe(1250);
    expect(minorUnits('1200', 'JPY')).toBe(1200);
    expect(minorUnits('1.234', 'KWD')).toBe(1234);
    expect(minorUnits('1.5', 'JPY')).toMatch(/more decimals than JPY's 0/);
    expect(minorUnits('0.00', 'EUR')).toMatch(/is zero/);
    expect(minorUnits('-1.00', 'EUR')).toMatch(/is not an amount/);
  });

  it('date-times with an offset are read in UTC', () => {
    expect(clockTime('2026-03-02T09:05:30+01:00')).toBe('2026-03-02T08:05:30');
    expect(clockTime('2026-03-02T00:30:00+01:00')).toBe('2026-03-01T23:30:00');
    expect(clockTime('2026-03-02T09:05:30.123Z')).toBe('2026-03-02T09:05:30');
    expect(clockTime('2026-03-02T09:05')).toBeNull();
  });
});
