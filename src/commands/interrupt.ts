/**
 * SIGINT and SIGTERM for the long jobs (`extract`, `pypibugs`, `mine`), one behaviour for all:
 * the first signal prints `bugmine: SIGINT: stopping[ WHEN]; run again to finish the rest` and
 * either aborts (the job's `abort` kills the running work and clears its scratch, then the process
 * exits 130) or, without `abort`, lets the job stop at its next safe point (it polls `requested`).
 * A second signal exits 130 at once.
 */
import { EXIT } from '../exit-codes.js';
import { output } from '../output.js';

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

export interface InterruptOptions {
  /** When the job stops, said after "stopping" (e.g. "after the current commit"); absent: at once. */
  readonly when?: string;
  /** Kills the running work and removes what it leaves half done; the process then exits 130. */
  readonly abort?: () => unknown;
}

export interface Interrupts {
  /** True once a signal came. */
  readonly requested: boolean;
  /** Stops listening (the job is over). */
  release(): void;
}

/** The part of `process` this uses, so that a test can send the signals. */
export interface SignalTarget {
  on(signal: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown;
  off(signal: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown;
  exit(code: number): void;
}

export function interruptMessage(signal: NodeJS.Signals, when?: string): string {
  // On a new line: the terminal has just echoed ^C.
  return `\nbugmine: ${signal}: stopping${when === undefined ? '' : ` ${when}`}; run again to finish the rest`;
}

export function handleInterrupts(options: InterruptOptions, target: SignalTarget = process, say: (line: string) => void = output.message): Interrupts {
  let requested = false;
  const listener = (signal: NodeJS.Signals): void => {
    if (requested) return target.exit(EXIT.interrupted);
    requested = true;
    say(interruptMessage(signal, options.when));
    const { abort } = options;
    if (abort === undefined) return;
    void Promise.resolve()
      .then(abort)
      .catch((error: unknown) => say(`bugmine: ${signal}: stopping the running work failed: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => target.exit(EXIT.interrupted));
  };
  for (const signal of SIGNALS) target.on(signal, listener);
  return {
    get requested() {
      return requested;
    },
    release: () => {
      for (const signal of SIGNALS) target.off(signal, listener);
    },
  };
}
