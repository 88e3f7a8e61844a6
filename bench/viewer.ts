// The live viewer with 200 banks (scenarios/large_scale_200_agents.yaml, about 264 payments a
// tick): each "Step 1 tick" timed in the page, from the click's request to the tick's frame
// drawn (engine tick + frame on the server, SSE, table, network and charts in the page), and
// the size of the frames on the wire; then the rest of day 1 in one request, and steps on day 2.
// Issue 17's target: each tick's update well under a second.
//
// Run alone: `node --import tsx bench/viewer.ts` (or `npm run bench -- viewer`).

import { pathToFileURL } from 'node:url';
import { openViewer, startScenario, stepTo } from '../test/helpers/viewer-page.js';

const SCENARIO = 'large_scale_200_agents.yaml';
const TICKS_PER_DAY = 200;
const WARMUP = 3;
const TICKS = 30;
/** Steps timed again on the second day, after "Run to end of day": the cost must not grow with the run. */
const LATER_TICKS = 10;
const TARGET_MS = 1000;

interface Timing {
  readonly request_ms: number;
  readonly draw_ms: number;
  readonly total_ms: number;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

/** The bytes of the next `count` tick messages of the simulation's stream. */
async function frameSizes(origin: string, id: string, count: number): Promise<number[]> {
  const response = await fetch(`${origin}/simulations/${id}/stream`);
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const sizes: number[] = [];
  let buffer = '';
  while (sizes.length < count) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let at: number;
    while ((at = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, at);
      buffer = buffer.slice(at + 2);
      if (block.startsWith('event: tick')) sizes.push(Buffer.byteLength(block));
    }
  }
  await reader.cancel();
  return sizes;
}

export async function benchViewer(): Promise<void> {
  const viewer = await openViewer();
  try {
    const { page } = viewer;
    const id = await startScenario(page, SCENARIO);
    for (let tick = 1; tick <= WARMUP; tick++) await stepTo(page, tick);
    const sizes = frameSizes(viewer.origin, id, TICKS);
    const timings: Timing[] = [];
    for (let tick = WARMUP + 1; tick <= WARMUP + TICKS; tick++) {
      await stepTo(page, tick);
      timings.push(await page.evaluate(() => (globalThis as unknown as { paysimRun: { timing: Timing } }).paysimRun.timing));
    }
    const bytes = await sizes;
    const dayStarted = performance.now();
    await page.click('button[data-role=end-of-day]');
    await page.waitForSelector(`#view-run[data-tick="${TICKS_PER_DAY}"]`);
    const dayMs = performance.now() - dayStarted;
    const later: Timing[] = [];
    for (let tick = TICKS_PER_DAY + 1; tick <= TICKS_PER_DAY + LATER_TICKS; tick++) {
      await stepTo(page, tick);
      later.push(await page.evaluate(() => (globalThis as unknown as { paysimRun: { timing: Timing } }).paysimRun.timing));
    }
    const line = (name: string, values: readonly number[]): string => {
      const sorted = [...values].sort((a, b) => a - b);
      return `${name.padEnd(34)} median ${percentile(sorted, 0.5).toFixed(1).padStart(7)} ms   p95 ${percentile(sorted, 0.95).toFixed(1).padStart(7)} ms   max ${sorted[sorted.length - 1]!.toFixed(1).padStart(7)} ms`;
    };
    const total = timings.map((t) => t.total_ms).sort((a, b) => a - b);
    console.log(`${SCENARIO}: ${TICKS} ticks stepped from the page (after ${WARMUP} warm-up ticks), headless Chromium`);
    console.log(line('request (engine tick + frame)', timings.map((t) => t.request_ms)));
    console.log(line('draw (frame arrival → drawn)', timings.map((t) => t.draw_ms)));
    console.log(line('per-tick update (click → drawn)', total));
    console.log(`frame size on the wire: median ${(percentile([...bytes].sort((a, b) => a - b), 0.5) / 1024).toFixed(1)} KiB, max ${(Math.max(...bytes) / 1024).toFixed(1)} KiB`);
    console.log(`run to end of day (${TICKS_PER_DAY - WARMUP - TICKS} ticks in one request, every frame streamed, the last drawn): ${dayMs.toFixed(0)} ms`);
    console.log(line(`per-tick update on day 2 (${LATER_TICKS} steps)`, later.map((t) => t.total_ms)));
    const worst = Math.max(total[total.length - 1]!, ...later.map((t) => t.total_ms));
    console.log(`target: each tick's update well under ${TARGET_MS} ms → p95 ${percentile(total, 0.95).toFixed(0)} ms, max over both days ${worst.toFixed(0)} ms: ${worst < TARGET_MS ? 'met' : 'NOT met'}`);
    if (viewer.errors.length > 0 || viewer.outside.length > 0) console.log('page errors or outside requests:', viewer.errors, viewer.outside);
  } finally {
    await viewer.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) await benchViewer();
