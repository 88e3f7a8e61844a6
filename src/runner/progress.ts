// The sweep's progress bar on stderr: runs done / total, runs/s, ETA (interfaces.md). Drawn only
// on a terminal and never with --quiet; redrawn at most ten times a second.

export interface ProgressSink {
  update(done: number, failed: number): void;
  finish(): void;
}

export const silentProgress: ProgressSink = { update: () => undefined, finish: () => undefined };

export class ProgressBar implements ProgressSink {
  private readonly started = performance.now();
  private lastDraw = 0;
  private drawn = false;

  constructor(
    private readonly total: number,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  update(done: number, failed: number): void {
    const now = performance.now();
    if (now - this.lastDraw < 100 && done < this.total) return;
    this.lastDraw = now;
    this.stream.write(`\r${progressLine(done, this.total, failed, (now - this.started) / 1000, this.stream.columns ?? 80)}`);
    this.drawn = true;
  }

  finish(): void {
    if (this.drawn) this.stream.write('\r\x1b[K');
  }
}

/** One line: `[#####-----] 120/1000 runs  45.2 runs/s  ETA 0:19  2 failed`. */
export function progressLine(done: number, total: number, failed: number, seconds: number, width: number): string {
  const rate = seconds > 0 ? done / seconds : 0;
  const eta = rate > 0 ? formatDuration((total - done) / rate) : '--:--';
  const tail = ` ${done}/${total} runs  ${rate.toFixed(1)} runs/s  ETA ${eta}${failed > 0 ? `  ${failed} failed` : ''}`;
  const barWidth = Math.max(10, Math.min(40, width - tail.length - 3));
  const filled = total === 0 ? barWidth : Math.round((done / total) * barWidth);
  return `[${'#'.repeat(filled)}${'-'.repeat(barWidth - filled)}]${tail}`;
}

export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}
