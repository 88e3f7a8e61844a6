// Objects with many keys that differ from object to object (counterparty weights: one key per bank,
// each bank's list without itself). Built property by property, V8 gives each such object a chain
// of hidden classes, one per key, which costs more than reading the scenario (issue 22). An object
// that had a property other than its last deleted is kept as a plain hash table instead; it is
// still an ordinary object (Object.prototype, insertion order of keys).

/** Keys from which a record is better built as a dictionary. */
export const MANY_KEYS = 32;

/** Turns `record` into a dictionary-mode object, keeping its properties and their order. */
export function toDictionary(record: Record<string, unknown>): void {
  record['\u0000a'] = 0;
  record['\u0000b'] = 0;
  delete record['\u0000a'];
  delete record['\u0000b'];
}

/** A copy of `record` (own enumerable properties, same order), as a dictionary when it is large. */
export function copyRecord<T>(record: Readonly<Record<string, T>>): Record<string, T> {
  const keys = Object.keys(record);
  const copy: Record<string, T> = {};
  if (keys.length >= MANY_KEYS) toDictionary(copy);
  for (const key of keys) {
    // defineProperty: a `__proto__` key stays an ordinary key, as in a spread.
    if (key === '__proto__') Object.defineProperty(copy, key, { value: record[key], enumerable: true, writable: true, configurable: true });
    else copy[key] = record[key]!;
  }
  return copy;
}
