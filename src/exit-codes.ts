/**
 * The exit codes of the CLI, in one place (README "Exit codes"). Schedulers (Slurm, Kubernetes Jobs)
 * tell a clean run from a finished run with failures, and both from a run that could not start.
 */
export const EXIT = {
  /** Every item (package, line, file) came out ok. */
  ok: 0,
  /** Bad input: invalid lines in the input list, unreadable data files, a file that does not parse. */
  badInput: 1,
  /** Usage: an unknown option, a missing or unreadable argument, a bad option value, an unusable OUT, a missing program. */
  usage: 2,
  /** The run finished, but some packages or lines did not come out ok (see the manifest). */
  someFailed: 3,
  /** Internal error: a bug in bugmine (printed with its stack). */
  internal: 70,
  /** OUT is locked by another running bugmine: try again when it is done (sysexits EX_TEMPFAIL). */
  locked: 75,
  /** Interrupted (SIGINT, SIGTERM): run again to finish the rest. */
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/**
 * The exit code of a finished run: bad input lines win (the input must be fixed), then failed
 * items; 0 only when nothing failed.
 */
export function runExitCode(run: { invalidInput: number; failed: number }): ExitCode {
  if (run.invalidInput > 0) return EXIT.badInput;
  if (run.failed > 0) return EXIT.someFailed;
  return EXIT.ok;
}
