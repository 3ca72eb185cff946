import { join } from 'node:path';
import { AtomicTextFile } from '../io/atomic-file.js';
import type { ExportFormat, ExportFormatName } from './format.js';
import type { Sample } from './sample.js';

/** A line's text, or a string saying why the sample is not part of the format (counted as skipped). */
export type LineOf = (raw: unknown, sample: Sample) => { readonly line: string } | string;

/** A format of one JSON line per sample, `<part>.jsonl` per part, written atomically. */
export function jsonLinesFormat(name: ExportFormatName, lineOf: LineOf): ExportFormat {
  return {
    name,
    async open(outDir, part) {
      const file = `${part}.jsonl`;
      const out = await AtomicTextFile.open(join(outDir, file));
      return {
        file,
        async write(raw, sample) {
          const result = lineOf(raw, sample);
          if (typeof result === 'string') return result;
          await out.write(result.line + '\n');
          return undefined;
        },
        close: () => out.close(),
        abort: () => out.abort(),
      };
    },
  };
}
