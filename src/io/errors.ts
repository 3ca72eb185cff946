import { UserError } from '../errors.js';

/**
 * A data file that cannot be read (further). Names the file and the 0-based index of the sample at
 * which reading stopped; `samplesRead` samples before it were delivered intact.
 */
export class DataFileError extends UserError {
  constructor(
    readonly file: string,
    readonly sampleIndex: number | undefined,
    readonly reason: string,
    readonly samplesRead: number,
  ) {
    super(sampleIndex === undefined ? `${file}: ${reason}` : `${file}: sample ${sampleIndex}: ${reason}`, 1);
    this.name = 'DataFileError';
  }
}
