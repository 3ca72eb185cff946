/**
 * Progress of `bugmine extract` on stderr. On a terminal a block redrawn in place: a summary line
 * (packages done / failed / total, samples kept, rate, ETA) and one line per running package with
 * its phase (`downloading`, `building`, `installing`, `extracting 120/450 files`). Otherwise plain
 * lines: one per finished package and the summary with the running packages every 10 seconds.
 *
 * The numbers add up with the end table: done, failed and samples include the packages resumed
 * from the manifest, and samples are counted when a package is committed, after its near-duplicate
 * files were dropped (samples of packages finished but still waiting for their turn are shown
 * apart, as `+N waiting`).
 *
 * ETA: packages of this run still to do, less the part of the running ones already behind them
 * (by phase: see PHASE_WEIGHT), divided by the rate of this run so far in the same units.
 */
import { formatDuration, StatusBlock } from '../terminal/progress.js';
import type { ManifestEntry, Outcome } from './manifest.js';
import { isFailure } from './outcome-table.js';
import type { PhaseReport } from './phase.js';

const TTY_REDRAW_MS = 250;
const LOG_INTERVAL_MS = 10_000;

/** Rough share of a package's time behind it when it enters each phase; extraction fills the rest by its file count. */
const PHASE_WEIGHT = { starting: 0, downloading: 0.02, building: 0.1, installing: 0.2, extracting: 0.25 } as const;

export interface ProgressStart {
  /** Requirements of the run, resumed ones included. */
  readonly total: number;
  /** Packages the manifest already has (done or failed and not retried), their failures and samples. */
  readonly resumed: number;
  readonly resumedFailed: number;
  readonly resumedSamples: number;
}

interface Running {
  readonly started: number;
  phase: keyof typeof PHASE_WEIGHT;
  done: number;
  files: number;
}


export class PackageProgress {
  private done: number;
  private failed: number;
  private samples: number;
  private waiting = 0;
  private finishedNow = 0;
  private readonly running = new Map<string, Running>();
  private readonly started: number;
  private readonly tty: boolean;
  private readonly block: StatusBlock;
  private readonly timer: NodeJS.Timeout;
  private dirty = true;

  constructor(
    private readonly start: ProgressStart,
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly now: () => number = Date.now,
  ) {
    this.done = start.resumed;
    this.failed = start.resumedFailed;
    this.samples = start.resumedSamples;
    this.started = now();
    this.tty = stream.isTTY === true;
    this.block = new StatusBlock(stream);
    this.timer = setInterval(() => this.tick(), this.tty ? TTY_REDRAW_MS : LOG_INTERVAL_MS);
    this.timer.unref();
  }

  packageStarted(name: string): void {
    this.running.set(name, { started: this.now(), phase: 'starting', done: 0, files: 0 });
    this.dirty = true;
  }

  phase(name: string, report: PhaseReport): void {
    const running = this.running.get(name);
    if (running === undefined) return;
    running.phase = report.phase;
    running.done = report.done;
    running.files = report.total;
    this.dirty = true;
  }

  /** A job ended (its package waits for its commit in list order); `cpuMs` as the host measured it (null: not measured). */
  packageDone(name: string, outcome: Outcome, samples: number, durationMs: number, cpuMs: number | null): void {
    this.running.delete(name);
    this.done++;
    this.finishedNow++;
    if (isFailure(outcome)) this.failed++;
    if (outcome === 'ok') this.waiting += samples;
    this.dirty = true;
    const cpu = cpuMs === null ? 'CPU not measured' : `${(cpuMs / 1000).toFixed(1)} CPU-s`;
    const line = `extract: [${this.done}/${this.start.total}] ${name}: ${outcome}, ${samples} samples, ${(durationMs / 1000).toFixed(1)} s, ${cpu}`;
    if (!this.tty || outcome !== 'ok') this.log(line);
  }

  /** A package was committed: `finishedSamples` as its job reported them, `entry` after dedup. */
  packageCommitted(entry: ManifestEntry, finishedSamples: number): void {
    if (entry.outcome === 'ok') this.waiting -= finishedSamples;
    this.samples += entry.counts.samples;
    this.dirty = true;
  }

  /** A message line that does not collide with the status block. */
  log(message: string): void {
    if (this.tty) {
      this.block.log(message);
      this.dirty = true;
    } else this.stream.write(message + '\n');
  }

  /** The status lines: the summary, then one line per running package (terminal only). */
  describe(): string[] {
    const now = this.now();
    const seconds = Math.max((now - this.started) / 1000, 1e-3);
    const parts = [`${this.done}/${this.start.total} packages`, `${this.failed} failed`, `${this.samples} samples${this.waiting > 0 ? ` (+${this.waiting} waiting)` : ''}`];
    parts.push(`${((this.finishedNow * 3600) / seconds).toFixed(this.finishedNow * 3600 < seconds * 10 ? 1 : 0)} packages/h`);
    const eta = this.eta(seconds);
    if (eta !== null) parts.push(`ETA ${formatDuration(eta)}`);
    const lines = [`extract: ${parts.join(', ')}`];
    const names = [...this.running.keys()];
    if (!this.tty) {
      if (names.length > 0) lines[0] += `; running: ${names.map((name) => `${name} (${this.describePhase(this.running.get(name)!)})`).join(', ')}`;
      return lines;
    }
    const width = Math.max(0, ...names.map((name) => name.length));
    for (const name of names) {
      const running = this.running.get(name)!;
      lines.push(`  ${name.padEnd(width)}  ${this.describePhase(running).padEnd(26)} ${formatDuration((now - running.started) / 1000)}`);
    }
    return lines;
  }

  finish(): void {
    clearInterval(this.timer);
    if (this.tty) this.block.clear();
  }

  private describePhase(running: Running): string {
    return running.phase === 'extracting' ? `extracting ${running.done}/${running.files} files` : running.phase;
  }

  /** Seconds left, or null before anything of this run is measured. */
  private eta(seconds: number): number | null {
    let behind = this.finishedNow;
    for (const running of this.running.values()) {
      const base = PHASE_WEIGHT[running.phase];
      behind += running.phase === 'extracting' && running.files > 0 ? base + (1 - base) * (running.done / running.files) : base;
    }
    const toDo = this.start.total - this.start.resumed;
    if (behind <= 0 || this.finishedNow === 0) return null;
    return Math.max(0, toDo - behind) * (seconds / behind);
  }

  private tick(): void {
    if (this.tty) {
      this.block.draw(this.describe());
      this.dirty = false;
    } else if (this.done < this.start.total) this.stream.write(this.describe()[0] + '\n');
  }

  /** Draws at once (tests; the timer draws otherwise). */
  drawNow(): void {
    if (this.dirty || !this.tty) this.tick();
  }
}
