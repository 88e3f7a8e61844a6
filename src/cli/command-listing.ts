// What `paysim --help` lists for each command: its usage term and description, exactly as the
// command's own registration gives them (test/cli/main.test.ts compares the two help texts). The
// listing lets help, no command and an unknown command answer without importing every command's
// module and what it pulls in (~0.8 s of CPU; issue 22). A command missing here makes main load
// them all, as before.

export const COMMAND_LISTING: ReadonlyMap<string, readonly [term: string, description: string]> = new Map<string, readonly [string, string]>([
  ['run', ['run [options] <scenario>', 'run one scenario and print settlement statistics, costs and final balances']],
  ['checkpoint', ['checkpoint', 'engine checkpoints in the store: save, load, list, delete']],
  ['validate', ['validate <files...>', 'check scenario, experiment and policy files; prints every problem with its path (exit 2 if any)']],
  ['schema', ['schema <kind>', 'print a JSON Schema (also shipped in schemas/)']],
  ['sweep', ['sweep [options] <experiment>', 'run every run of an experiment (seeds × vary grid × variants) in parallel into the store']],
  ['sql', ['sql [options] [query]', 'run SQL on the store and print the result (tables: docs/store.md)']],
  ['query', ['query [options] [name]', 'run a named analysis on the store (`--list` shows them; docs/store.md)']],
  ['merge', ['merge [options] <stores...>', 'combine store files (e.g. shards of one sweep) into one; runs collapse by run_key']],
  ['export', ['export [options]', "write every table of the store to DIR as Parquet or CSV files, or (--run) one run's payment orders as a payment file"]],
  ['compare', ['compare [options]', 'paired comparison of variants by seed, per grid point: intervals, t and Wilcoxon tests, Holm for several candidates']],
  ['diff', ['diff [options] <run-a> <run-b>', 'compare two stored runs of the same payment orders payment by payment: settlement tick, mechanism, delay and status on each side']],
  ['replay', ['replay [options]', 'shadow replay: re-run stored runs with candidate policies on the same payments, compare, and give a verdict']],
  ['report', ['report [options] <experiment>', 'write a self-contained HTML report (tables and charts, works offline) for a stored experiment']],
  ['serve', ['serve [options]', 'serve the HTTP API (OpenAPI at /openapi.json, docs at /docs; see docs/api.md) and the live viewer at / (docs/viewer.md)']],
  ['generate', ['generate', 'generate inputs: synthetic payment systems']],
  ['liquidity', ['liquidity [options] <scenario>', 'liquidity–delay frontier: each bank at LB + α (UB − LB) of its own liquidity bounds, over a grid of α (docs/liquidity.md)']],
  ['optimize', ['optimize [options] <experiment>', "search an experiment's optimize: parameters (or find an equilibrium), every trial stored (docs/optimize.md)"]],
  ['stress', ['stress [options] <file>', 'stress test: each participant fails in turn, paired with the baseline day on the same seeds; ranks failures by the damage they do (docs/stress.md)']],
  ['reproduce', ['reproduce [options] [names...]', "run published results of the field (Castro et al., Bech and Garratt, …) and check paysim's figures against the papers'"]],
]);
