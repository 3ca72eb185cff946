/**
 * The outcome table of an extract run, printed at its end and again by `bugmine manifest`: one row
 * per outcome (packages, samples), the near-duplicate files dropped, then every failed package
 * with a one-line reason taken from its error text.
 */
import { NEAR_DUPLICATE } from './commit.js';
import { cpuMsOf, OUTCOMES, type ManifestEntry, type Outcome } from './manifest.js';

/** A failure for the tables, the progress display and the exit code: `no-python-files` is not one. */
export function isFailure(outcome: Outcome): boolean {
  return outcome !== 'ok' && outcome !== 'no-python-files';
}

export interface OutcomeRow {
  packages: number;
  samples: number;
}

/**
 * The CPU time the host measured for the packages' jobs (whatever their outcome), kept apart from
 * the outcome rows: it differs from run to run, the rows do not.
 */
export interface CpuTotals {
  /** Packages with a measured CPU time, and their sum. */
  measured: number;
  totalMs: number;
  /** Packages without one (see ManifestEntry.cpuMs). */
  unmeasured: number;
  /** The packages that took the most CPU time, most first. */
  heaviest: { package: string; cpuMs: number }[];
}

const HEAVIEST = 3;

export interface OutcomeTotals {
  outcomes: Record<Outcome, OutcomeRow>;
  /** Near-duplicate files dropped and their samples. */
  nearDuplicates: { files: number; samples: number };
  cpu: CpuTotals;
}

export function emptyTotals(): OutcomeTotals {
  return {
    outcomes: Object.fromEntries(OUTCOMES.map((o) => [o, { packages: 0, samples: 0 }])) as Record<Outcome, OutcomeRow>,
    nearDuplicates: { files: 0, samples: 0 },
    cpu: { measured: 0, totalMs: 0, unmeasured: 0, heaviest: [] },
  };
}

export function addToTotals(totals: OutcomeTotals, entry: ManifestEntry): void {
  totals.outcomes[entry.outcome].packages++;
  totals.outcomes[entry.outcome].samples += entry.counts.samples;
  totals.nearDuplicates.files += entry.counts.skipped[NEAR_DUPLICATE] ?? 0;
  totals.nearDuplicates.samples += entry.counts.nearDuplicateSamples ?? 0;
  addCpu(totals.cpu, entry);
}

function addCpu(cpu: CpuTotals, entry: ManifestEntry): void {
  const cpuMs = cpuMsOf(entry.cpuMs);
  if (cpuMs === null) {
    cpu.unmeasured++;
    return;
  }
  cpu.measured++;
  cpu.totalMs += cpuMs;
  const { heaviest } = cpu;
  // In place: the totals object is shared with the run's summary.
  heaviest.push({ package: entry.package, cpuMs });
  heaviest.sort((a, b) => b.cpuMs - a.cpuMs);
  heaviest.splice(HEAVIEST);
}

export function totalsOf(entries: Iterable<ManifestEntry>): OutcomeTotals {
  const totals = emptyTotals();
  for (const entry of entries) addToTotals(totals, entry);
  return totals;
}

export interface FailedPackage {
  package: string;
  outcome: Outcome;
  version: string | null;
  reason: string;
}

export function failuresOf(entries: Iterable<ManifestEntry>): FailedPackage[] {
  const failed: FailedPackage[] = [];
  for (const entry of entries) if (isFailure(entry.outcome)) failed.push({ package: entry.package, outcome: entry.outcome, version: entry.version, reason: oneLineReason(entry.error) });
  return failed;
}

const MAX_REASON = 200;
/** A line that states an error: pip's `ERROR: ...`, a Python `FooError: ...`, `error: ...`. */
const ERROR_LINE = /^(?:ERROR|error|[A-Za-z_.]*(?:Error|Exception)|SystemExit)\b:?\s*\S/;
/** pip's generic lines that say an error happened without saying which. */
const GENERIC = /^(?:error: subprocess-exited-with-error|error: metadata-generation-failed|ERROR: Failed building wheel)/;

/**
 * One line out of a multi-line error text: its lead (`pip install failed`, up to the first colon)
 * and the first line that states an error, or the first line of the rest when none does.
 */
export function oneLineReason(error: string | null): string {
  if (error === null || error.trim() === '') return '(no error recorded)';
  const lines = error.split('\n').map((line) => line.replace(/^[\s│║|]+/, '').trim()).filter((line) => line !== '');
  const first = lines[0]!;
  const colon = first.indexOf(': ');
  const lead = colon > 0 && colon < 60 ? first.slice(0, colon) : null;
  const rest = lead === null ? lines : [first.slice(colon + 2).trim(), ...lines.slice(1)].filter((line) => line !== '');
  const cause = rest.find((line) => ERROR_LINE.test(line) && !GENERIC.test(line)) ?? rest[0] ?? '';
  const reason = lead === null ? cause : cause === '' ? lead : `${lead}: ${cause}`;
  return reason.length > MAX_REASON ? `${reason.slice(0, MAX_REASON - 1)}…` : reason;
}

function table(rows: string[][], align: ('left' | 'right')[]): string[] {
  const widths = align.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
  return rows.map((row) => row.map((cell, c) => (c === row.length - 1 && align[c] === 'left' ? cell : align[c] === 'left' ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  '));
}

/** The outcome rows, the near-duplicate line and the CPU-time line. */
export function formatTotals(totals: OutcomeTotals): string {
  const rows = OUTCOMES.map((outcome) => [outcome, String(totals.outcomes[outcome].packages), String(totals.outcomes[outcome].samples)]);
  const totalPackages = OUTCOMES.reduce((n, o) => n + totals.outcomes[o].packages, 0);
  const totalSamples = OUTCOMES.reduce((n, o) => n + totals.outcomes[o].samples, 0);
  const lines = table([['outcome', 'packages', 'samples'], ...rows, ['total', String(totalPackages), String(totalSamples)]], ['left', 'right', 'right']);
  const { files, samples } = totals.nearDuplicates;
  if (files > 0) lines.push(`near-duplicate files dropped: ${files} (${samples} samples)`);
  const cpu = formatCpu(totals.cpu);
  if (cpu !== null) lines.push(cpu);
  return lines.join('\n') + '\n';
}

/** `CPU time: 81.0 CPU-s for 3 packages, 27.0 per package (most: numpy 70.2, six 6.1, ...); 1 not measured`; null without packages. */
export function formatCpu(cpu: CpuTotals): string | null {
  const unmeasured = cpu.unmeasured > 0 ? `${cpu.unmeasured} package(s) not measured` : '';
  if (cpu.measured === 0) return unmeasured === '' ? null : `CPU time: ${unmeasured}`;
  const heaviest = cpu.heaviest.map((p) => `${p.package} ${cpuSeconds(p.cpuMs)}`).join(', ');
  const line = `CPU time: ${cpuSeconds(cpu.totalMs)} CPU-s for ${cpu.measured} package(s), ${cpuSeconds(cpu.totalMs / cpu.measured)} per package (most: ${heaviest})`;
  return unmeasured === '' ? line : `${line}; ${unmeasured}`;
}

function cpuSeconds(ms: number): string {
  return (ms / 1000).toFixed(1);
}

/** The failed packages, one line each (nothing when none failed). */
export function formatFailures(failed: readonly FailedPackage[]): string {
  if (failed.length === 0) return '';
  const rows = failed.map((f) => [f.package, f.outcome, f.reason]);
  return `failed packages (${failed.length}):\n` + table([['package', 'outcome', 'reason'], ...rows], ['left', 'left', 'left']).map((line) => `  ${line}`).join('\n') + '\n';
}
