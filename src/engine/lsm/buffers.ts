// Growable typed-array buffers for the LSM's scratch space. The LSM runs every tick on a Q2 whose
// size changes; buffers grow geometrically and are never shrunk, so a run allocates them a few
// times at most instead of once per payment per tick.

/** Returns `buffer` when it holds at least `size` elements, else a larger one (contents not kept). */
export function int32Capacity(buffer: Int32Array<ArrayBuffer>, size: number): Int32Array<ArrayBuffer> {
  return buffer.length >= size ? buffer : new Int32Array(grownSize(buffer.length, size));
}

/** As int32Capacity, for Float64Array. */
export function float64Capacity(buffer: Float64Array<ArrayBuffer>, size: number): Float64Array<ArrayBuffer> {
  return buffer.length >= size ? buffer : new Float64Array(grownSize(buffer.length, size));
}

/** As int32Capacity, but keeps the first `keep` elements (for buffers filled while growing). */
export function int32Grow(buffer: Int32Array<ArrayBuffer>, size: number, keep: number): Int32Array<ArrayBuffer> {
  if (buffer.length >= size) return buffer;
  const grown = new Int32Array(grownSize(buffer.length, size));
  grown.set(buffer.subarray(0, keep));
  return grown;
}

/** As int32Grow, for Float64Array. */
export function float64Grow(buffer: Float64Array<ArrayBuffer>, size: number, keep: number): Float64Array<ArrayBuffer> {
  if (buffer.length >= size) return buffer;
  const grown = new Float64Array(grownSize(buffer.length, size));
  grown.set(buffer.subarray(0, keep));
  return grown;
}

function grownSize(current: number, needed: number): number {
  let size = Math.max(64, current);
  while (size < needed) size *= 2;
  return size;
}
