/**
 * Progress of `bugmine extract` on stderr: on a terminal one status line redrawn in place
 * (packages done / failed / total, samples, rate, ETA); otherwise one log line per finished package.
 */
import { formatDuration } from '../dataset/progress.js';
import type { Outcome } from './manifest.js';

export class PackageProgress {
  private done = 0;
  private failed = 0;
  private samples = 0;
  private readonly started = Date.now();
  private readonly tty: boolean;

  constructor(
    private readonly total: number,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {
    this.tty = stream.isTTY === true;
  }

  packageDone(name: string, outcome: Outcome, samples: number, durationMs: number): void {
    this.done++;
    this.samples += samples;
    if (outcome !== 'ok') this.failed++;
    if (this.tty) {
      if (outcome !== 'ok') this.stream.write(`\r\x1b[Kextract: ${name}: ${outcome}\n`);
      this.stream.write(`\r\x1b[Kextract: ${this.describe()}`);
    } else {
      this.stream.write(`extract: [${this.done}/${this.total}] ${name}: ${outcome}, ${samples} samples, ${(durationMs / 1000).toFixed(1)} s\n`);
    }
  }

  /** A committed package lost near-duplicate files: its samples no longer count. */
  nearDuplicatesDropped(name: string, files: number, samples: number): void {
    this.samples -= samples;
    if (!this.tty) this.stream.write(`extract: ${name}: dropped ${files} near-duplicate file(s), ${samples} samples\n`);
  }

  describe(): string {
    const seconds = Math.max((Date.now() - this.started) / 1000, 1e-3);
    const eta = this.done === 0 ? '' : `, ETA ${formatDuration(((this.total - this.done) * seconds) / this.done)}`;
    return `${this.done}/${this.total} packages, ${this.failed} failed, ${this.samples} samples, ${(this.samples / seconds).toFixed(0)} samples/s${eta}`;
  }

  finish(): void {
    if (this.tty && this.done > 0) this.stream.write('\r\x1b[K');
  }
}
