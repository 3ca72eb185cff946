/**
 * What bugmine says to the user, in one place (model: npm's output module and proc-log). Results go
 * to stdout; messages go to stderr as `bugmine: LINE`. Libraries never write to the terminal: a
 * job takes a `Logger` and the command hands it `output`, so a test or an embedding program can
 * take the lines instead. While a progress display is on, messages are drawn through it, above its
 * status block, instead of through the middle of it.
 */

/** Something that draws on stderr and must print message lines itself (a progress display). */
export interface LineDisplay {
  log(message: string): void;
}

/** Where a job's messages go. */
export interface Logger {
  /** One message: no `bugmine: ` prefix, no newline. */
  log(line: string): void;
  /**
   * Loggers that write to the terminal: while `display` is on, messages go through it. Returns the
   * undo, to call when the display is finished.
   */
  attach?(display: LineDisplay): () => void;
}

interface Stream {
  write(text: string): unknown;
}

export class Output implements Logger {
  /** The displays attached, the one drawing last. */
  private readonly displays: LineDisplay[] = [];

  constructor(
    private readonly stdout: Stream,
    private readonly stderr: Stream,
  ) {}

  /** A result (a table, JSON) on stdout, as it is. */
  result(text: string): void {
    this.stdout.write(text);
  }

  /** A message on stderr: `bugmine: LINE`. */
  readonly log = (line: string): void => this.message(`bugmine: ${line}`);

  /** A line on stderr as it is, for messages that name their own source (`FILE:LINE: ...`). */
  readonly message = (line: string): void => {
    const display = this.displays.at(-1);
    if (display !== undefined) display.log(line);
    else this.stderr.write(`${line}\n`);
  };

  attach(display: LineDisplay): () => void {
    this.displays.push(display);
    return () => {
      const at = this.displays.lastIndexOf(display);
      if (at >= 0) this.displays.splice(at, 1);
    };
  }
}

/** The CLI's output. */
export const output = new Output(process.stdout, process.stderr);
