// Writing payment files in the format ./load.ts reads (default column names, ticks): what
// `paysim export --run` and `paysim generate scenario` produce.

/** One payment order as a file row. */
export interface PaymentRow {
  readonly id: string | number;
  readonly arrival: number;
  readonly sender: string;
  readonly receiver: string;
  readonly amount: number;
  readonly deadline: number;
  readonly priority: number;
  readonly divisible: boolean;
}

export const PAYMENT_FILE_HEADER = 'id,arrival,sender,receiver,amount,deadline,priority,divisible';

/** The CSV text of `rows` with a header line; rows are written in the order given. */
export function paymentFileText(rows: Iterable<PaymentRow>): string {
  const out: string[] = [PAYMENT_FILE_HEADER];
  for (const r of rows) {
    out.push(`${csvField(String(r.id))},${r.arrival},${csvField(r.sender)},${csvField(r.receiver)},${r.amount},${r.deadline},${r.priority},${r.divisible}`);
  }
  return `${out.join('\n')}\n`;
}

/** Quotes a field only when it must be (RFC 4180): a comma, a quote or a line break inside. */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
