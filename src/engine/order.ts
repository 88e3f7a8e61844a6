// Agent ordering: the spec orders agents by id "byte-wise" (UTF-8 bytes), which equals Unicode
// code-point order. JS string `<` compares UTF-16 code units and differs for astral characters,
// so ids are compared by code point here.

export function compareIds(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.codePointAt(i)!;
    const cb = b.codePointAt(i)!;
    if (ca !== cb) return ca < cb ? -1 : 1;
    if (ca > 0xffff) i++;
  }
  return a.length - b.length;
}

/** Agent indices sorted by ascending id. */
export function agentsInIdOrder(ids: readonly string[]): number[] {
  return ids.map((_, i) => i).sort((x, y) => compareIds(ids[x]!, ids[y]!));
}
