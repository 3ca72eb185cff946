/**
 * What a running package job tells the host about its progress: one line per change on its
 * stdout, `@bugmine-phase {"phase":"extracting","done":120,"total":450}`. The job ran the
 * package's install code, so the stream is hostile input: the host reads it through
 * `PhaseLineReader`, which keeps at most one line's worth of bytes, drops over-long lines and
 * takes only lines that pass the schema (known phase, bounded integers, done <= total). A forged
 * report can at worst show a wrong phase for its own package; it decides nothing.
 */
import { integer, object, oneOf, parseChecked, SchemaError } from '../io/schema.js';

export const PHASES = ['downloading', 'building', 'installing', 'extracting'] as const;
export type Phase = (typeof PHASES)[number];

export interface PhaseReport {
  phase: Phase;
  /** Files extracted so far and files to extract (0 and 0 before extraction). */
  done: number;
  total: number;
}

export const PHASE_PREFIX = '@bugmine-phase ';
/** Longer lines are dropped unread. */
export const MAX_PHASE_LINE = 200;
/** More files than any distribution has; a bound for the schema. */
const MAX_FILES = 10_000_000;

const REPORT = object({ phase: oneOf(PHASES), done: integer({ max: MAX_FILES }), total: integer({ max: MAX_FILES }) });

export function formatPhaseLine(report: PhaseReport): string {
  return `${PHASE_PREFIX}${JSON.stringify({ phase: report.phase, done: report.done, total: report.total })}\n`;
}

/** The report of one line, or null for anything else (other output, malformed or out-of-bounds values). */
export function parsePhaseLine(line: string): PhaseReport | null {
  if (!line.startsWith(PHASE_PREFIX) || line.length > MAX_PHASE_LINE) return null;
  try {
    const report = parseChecked(line.slice(PHASE_PREFIX.length), REPORT, MAX_PHASE_LINE);
    return report.done <= report.total ? report : null;
  } catch (error) {
    if (error instanceof SchemaError || error instanceof SyntaxError) return null;
    throw error;
  }
}

/** Splits a job's stdout into lines with bounded memory and hands each valid report on. */
export class PhaseLineReader {
  private pending = '';
  /** Inside a line longer than MAX_PHASE_LINE: skip until its end. */
  private skipping = false;

  constructor(private readonly onReport: (report: PhaseReport) => void) {}

  push(chunk: Buffer | string): void {
    let text = typeof chunk === 'string' ? chunk : chunk.toString('latin1');
    for (;;) {
      const newline = text.indexOf('\n');
      if (newline < 0) break;
      const line = this.pending + text.slice(0, newline);
      text = text.slice(newline + 1);
      if (!this.skipping) this.take(line);
      this.pending = '';
      this.skipping = false;
    }
    if (this.skipping) return;
    this.pending += text;
    if (this.pending.length > MAX_PHASE_LINE) {
      this.pending = '';
      this.skipping = true;
    }
  }

  private take(line: string): void {
    const report = parsePhaseLine(line);
    if (report !== null) this.onReport(report);
  }
}

/** pip's output lines that start a new phase (its wording since pip 20). */
export function pipPhaseOf(line: string): Phase | null {
  if (/^\s*(Collecting|Downloading|Obtaining|Processing)\b/.test(line)) return 'downloading';
  if (/^\s*(Building wheels? for|Building wheel for|Preparing metadata|Installing build dependencies|Getting requirements to build)/.test(line)) return 'building';
  if (/^\s*Installing collected packages\b/.test(line)) return 'installing';
  return null;
}
