// The `payments` key of a scenario: payment orders read from a file (docs/scenarios.md, "Payment
// files"). Part of the scenario schema; the file itself is read and checked by ./load.ts.

export const PAYMENT_COLUMNS = ['sender', 'receiver', 'amount', 'arrival', 'deadline', 'priority', 'divisible', 'id'] as const;
export type PaymentColumn = (typeof PAYMENT_COLUMNS)[number];
/** Columns every payment file must have. */
export const REQUIRED_PAYMENT_COLUMNS: readonly PaymentColumn[] = ['sender', 'receiver', 'amount', 'arrival'];

const column = (what: string): Record<string, unknown> => ({
  type: 'string',
  minLength: 1,
  description: `Header of the column holding ${what}.`,
});

export const paymentsSchema = {
  type: 'object',
  description:
    'Payment orders from a CSV file (optionally gzip-compressed, .csv.gz), a Parquet file (.parquet) or ISO 20022 pacs.009/pacs.008 messages (.xml, .xml.gz or a folder of them), entered like `payment` scenario events.',
  properties: {
    file: { type: 'string', minLength: 1, description: 'The payment file (or, for iso20022, a folder of .xml/.xml.gz files), relative to this scenario file.' },
    format: {
      enum: ['csv', 'parquet', 'iso20022'],
      description: 'The file format; absent: by the file name (.parquet: parquet; .xml or .xml.gz: iso20022; else csv).',
    },
    bic_map: {
      type: 'string',
      minLength: 1,
      description: 'iso20022: a CSV file with columns bic and agent mapping BICs to agent ids, relative to this scenario file; absent: a BIC is an agent id.',
    },
    currency: {
      type: 'string',
      pattern: '^[A-Z]{3}$',
      description: "iso20022: the day's currency (ISO 4217); a message in another is refused. Absent: the first message's currency.",
    },
    arrival_time: {
      enum: ['auto', 'acceptance', 'creation', 'settlement'],
      default: 'auto',
      description:
        'iso20022: the time of a message that is its arrival: AccptncDtTm (acceptance), GrpHdr/CreDtTm (creation), SttlmTmIndctn/CdtDtTm or DbtDtTm (settlement); auto: acceptance, else creation.',
    },
    columns: {
      type: 'object',
      description: 'Header names of the columns, where they differ from the default names (sender, receiver, amount, arrival, deadline, priority, divisible, id).',
      properties: {
        sender: column('the sending bank id'),
        receiver: column('the receiving bank id'),
        amount: column('the amount (integer cents ≥ 1)'),
        arrival: column('the arrival (a tick, or a timestamp with time_format timestamp)'),
        deadline: column('the deadline (optional; same format as arrival, after it)'),
        priority: column('the priority (optional; 0..10)'),
        divisible: column('the divisible flag (optional; true/false or 1/0)'),
        id: column('an order id (optional; must be unique, used in messages)'),
      },
      additionalProperties: false,
    },
    time_format: {
      enum: ['tick', 'timestamp'],
      default: 'tick',
      description: 'tick: arrival and deadline are ticks ≥ 0; timestamp: date-times YYYY-MM-DDTHH:MM[:SS], mapped to ticks with day_start and tick_seconds.',
    },
    day_start: {
      type: 'string',
      pattern: '^\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(:\\d{2})?$',
      description: 'With time_format timestamp (or format iso20022): the date-time of tick 0; every later day starts at the same time of day.',
    },
    tick_seconds: { type: 'integer', minimum: 1, maximum: 86_400, description: 'With time_format timestamp (or format iso20022): seconds per tick.' },
    default_deadline_offset: {
      $ref: '#/$defs/duration',
      description: 'Deadline (ticks after arrival) of a row without one (default: ticks_per_day).',
    },
    default_priority: { type: 'integer', minimum: 0, maximum: 10, default: 5, description: 'Priority of a row without one (default 5).' },
    add_unknown_banks: {
      type: 'object',
      description: 'Banks named in the file but not among the agents join the scenario (in order of first appearance, with a Fifo policy); absent: such banks are an error.',
      properties: {
        opening_balance: { $ref: '#/$defs/cents', description: 'Opening balance of each added bank (cents).' },
        credit_limit: { $ref: '#/$defs/cents_non_negative', description: 'Credit limit of each added bank (cents ≥ 0, default 0).' },
      },
      required: ['opening_balance'],
      additionalProperties: false,
    },
  },
  required: ['file'],
  additionalProperties: false,
} as const;
