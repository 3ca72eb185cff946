/** A transform that cannot be applied to a file (where BugLab's transform raises). */
export class TransformError extends Error {
  constructor(
    message: string,
    /** The line of the node it failed on, when known. */
    readonly line: number | null = null,
  ) {
    super(message);
    this.name = 'TransformError';
  }
}
