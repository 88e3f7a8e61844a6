// A run's grid point as the store keeps it (`runs.params_json`, `optimization_trials.params_json`):
// read back one way everywhere. '' and NULL are the empty point (a run without a grid); anything
// but a JSON object means the store is damaged, and is said, not read as the empty point.

/** The grid point (path → value) of a stored `params_json`. */
export function parseParamsJson(value: unknown): Record<string, unknown> {
  if (value === null || value === undefined || value === '') return {};
  const text = String(value);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`params_json is not JSON: ${text.slice(0, 80)}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error(`params_json is not a JSON object: ${text.slice(0, 80)}`);
  return parsed as Record<string, unknown>;
}
