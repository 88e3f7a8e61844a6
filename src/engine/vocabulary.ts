// The engine's closed vocabularies, each written once. The TypeScript types, the store's ENUM
// types (src/store/columns.ts), the per-day counters and cost columns (metrics.ts) and the
// summaries are all derived from these lists, so a new value (a settlement mechanism, a cost
// kind) is added here and nowhere else — plus a store migration for the ENUM (store/schema.ts).
// Order matters: it is the order of columns and of printed tables. New values go at the end.

/**
 * queued_q1 → (pending, inside one tick) → queued_q2 → settled; or dropped; a split parent
 * becomes `split` and turns `settled` when its last child settles (`dropped` when all its
 * children are done and one of them was dropped).
 */
export const TX_STATUSES = ['queued_q1', 'pending', 'queued_q2', 'settled', 'dropped', 'split'] as const;
export type TxStatus = (typeof TX_STATUSES)[number];

/**
 * How a payment settled (engine.md §4): at RTGS entry, in a Q2 retry pass, by an LSM set, or by
 * the end-of-day central-bank backstop (§9b).
 */
export const SETTLED_BY = ['rtgs', 'queue', 'bilateral', 'cycle', 'multilateral', 'backstop'] as const;
export type SettledBy = (typeof SETTLED_BY)[number];

/** The mechanisms of SETTLED_BY that are the liquidity-saving mechanism's (engine.md §6). */
export const LSM_SETTLED_BY = ['bilateral', 'cycle', 'multilateral'] as const satisfies readonly SettledBy[];

/** Where a payment order came from. */
export const TX_ORIGINS = ['arrival', 'event', 'external', 'split'] as const;
export type TxOrigin = (typeof TX_ORIGINS)[number];

/**
 * Why a payment was dropped: its deadline passed (steps 4 and 7), its policy gave it up, or the
 * RTGS rejected it because its receiver is a defaulted participant whose failure was announced
 * with `reject_incoming` (returned to its sender; no penalty).
 */
export const DROP_REASONS = ['expired', 'policy', 'rejected'] as const;
export type DropReason = (typeof DROP_REASONS)[number];

/**
 * Cost kinds (engine.md §7 and §9b): per-tick overdraft, collateral and delay; split friction;
 * deadline and end-of-day penalties; the per-tick cost of liquidity brought from a pool; the
 * one-off cost of end-of-day backstop lending; the central bank's credit (`cb_credit`: the
 * facility's interest per tick and overnight rate, emergency loans' fees; docs/engine.md).
 */
export const COST_KINDS = ['overdraft', 'collateral', 'delay', 'split', 'deadline', 'eod', 'liquidity', 'backstop', 'cb_credit'] as const;
export type CostKind = (typeof COST_KINDS)[number];
