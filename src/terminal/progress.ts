import type { WriteStream } from 'node:tty';

/** What a progress line is made of. */
export interface ProgressCounts {
  done: number;
  total: number;
  failed: number;
  samples: number;
}

const TTY_INTERVAL_MS = 200;
const LOG_INTERVAL_MS = 10_000;

/**
 * Progress of a many-file job on stderr (DESIGN.md: done / failed / samples / rate / ETA): on a
 * terminal one status line redrawn in place, otherwise a plain log line every 10 seconds (short runs
 * print none). Messages go through `log` so that they do not collide with the status line.
 */
export class Progress {
  private readonly counts: ProgressCounts;
  private readonly started = Date.now();
  private lastDraw = 0;
  private lineShown = false;
  private readonly tty: boolean;

  constructor(
    private readonly label: string,
    total: number,
    private readonly stream: NodeJS.WriteStream | WriteStream = process.stderr,
  ) {
    this.counts = { done: 0, total, failed: 0, samples: 0 };
    this.tty = stream.isTTY === true;
    this.lastDraw = this.tty ? 0 : this.started;
  }

  fileDone(samples: number, failed: boolean): void {
    this.counts.done++;
    this.counts.samples += samples;
    if (failed) this.counts.failed++;
    const now = Date.now();
    if (now - this.lastDraw >= (this.tty ? TTY_INTERVAL_MS : LOG_INTERVAL_MS)) {
      this.lastDraw = now;
      if (this.tty) this.redraw();
      else this.stream.write(`${this.label}: ${this.describe(now)}\n`);
    }
  }

  /** Prints a message line (clearing the status line around it on a terminal). */
  log(message: string): void {
    this.clear();
    this.stream.write(message + '\n');
    if (this.tty && this.counts.done > 0) this.redraw();
  }

  /** Removes the status line; call when the job is over. */
  finish(): void {
    this.clear();
  }

  describe(now = Date.now()): string {
    const { done, total, failed, samples } = this.counts;
    const seconds = Math.max((now - this.started) / 1000, 1e-3);
    const remaining = done === 0 ? undefined : ((total - done) * seconds) / done;
    return `${done}/${total} files, ${failed} failed, ${samples} samples, ${Math.round(samples / seconds)} samples/s` + (remaining === undefined ? '' : `, ETA ${formatDuration(remaining)}`);
  }

  private redraw(): void {
    this.stream.write(`\r\x1b[K${this.label}: ${this.describe()}`);
    this.lineShown = true;
  }

  private clear(): void {
    if (!this.lineShown) return;
    this.stream.write('\r\x1b[K');
    this.lineShown = false;
  }
}

export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

/**
 * A block of status lines redrawn in place on a terminal: each draw moves the cursor back over
 * the previous block and clears it. Lines are cut to the terminal's width so that none wraps (a
 * wrapped line would throw off the count of lines to go back over).
 */
export class StatusBlock {
  private shown = 0;

  constructor(private readonly stream: NodeJS.WriteStream | WriteStream = process.stderr) {}

  draw(lines: readonly string[]): void {
    // A pseudo-terminal without a size (`script` under a pipe) says 0 columns.
    const columns = this.stream.columns !== undefined && this.stream.columns > 0 ? this.stream.columns : 100;
    const width = Math.max(20, columns - 1);
    const cut = lines.map((line) => (line.length > width ? line.slice(0, width - 1) + '…' : line));
    this.stream.write(this.erase() + cut.join('\n'));
    this.shown = cut.length;
  }

  /** Prints a message above the block (the block is drawn again by the next `draw`). */
  log(message: string): void {
    this.stream.write(this.erase() + message + '\n');
    this.shown = 0;
  }

  clear(): void {
    if (this.shown > 0) this.stream.write(this.erase());
    this.shown = 0;
  }

  private erase(): string {
    if (this.shown === 0) return '';
    return (this.shown > 1 ? `\x1b[${this.shown - 1}A` : '') + '\r\x1b[J';
  }
}
