import { Option, type Command } from 'commander';
import { UserError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import { EXPORT_FORMATS, exportDataset, type ExportFormatName, type PartReport } from '../export/index.js';
import { output } from '../output.js';

interface ExportOptions {
  format: ExportFormatName;
}

export function register(program: Command): void {
  program
    .command('export')
    .summary('write a data set as JSONL, Parquet, a Hugging Face folder, buggy/fixed pairs or GREAT JSON')
    .description(
      'stream every sample under IN into OUT in another format, one file per fold when IN is the output of split ' +
        '(jsonl: the sample as is; parquet: a column per field; hf: data/<split>.parquet plus a README.md dataset card; ' +
        'pairs: initial_state/final_state of each sample with a bug; great: GREAT VarMisuse JSON of variable-misuse samples). ' +
        'Files are written under a temporary name and renamed when complete. See docs/export.md.',
    )
    .argument('<IN>', 'directory of data files (*.msgpack.l.gz), read recursively; a split output gives one file per fold')
    .argument('<OUT>', 'new or empty output directory')
    .addOption(new Option('--format <F>', 'output format').choices(EXPORT_FORMATS).makeOptionMandatory())
    .action(async (input: string, outDir: string, options: ExportOptions) => {
      await runExport(input, outDir, options);
    });
}

function describePart(part: PartReport): string {
  const skipped = Object.entries(part.skippedBy).map(([reason, n]) => `${n} ${reason}`);
  return (
    `  ${part.part.padEnd(12)} ${String(part.written).padStart(8)} samples -> ${part.file}` +
    (part.skipped > 0 ? `  (skipped ${part.skipped}: ${skipped.join(', ')})` : '') +
    (part.malformed > 0 ? `  (${part.malformed} malformed)` : '')
  );
}

async function runExport(input: string, outDir: string, options: ExportOptions): Promise<void> {
  const report = await exportDataset(input, outDir, options.format);
  for (const line of report.problems) output.log(line);
  const written = report.parts.reduce((n, p) => n + p.written, 0);
  const skipped = report.parts.reduce((n, p) => n + p.skipped, 0);
  const malformed = report.parts.reduce((n, p) => n + p.malformed, 0);
  output.result(
    [`exported ${written} samples as ${options.format} into ${outDir} (${skipped} skipped, ${malformed} malformed):`, ...report.parts.map(describePart)].join('\n') + '\n',
  );
  if (report.failedFiles > 0 || malformed > 0) {
    throw new UserError(`export: ${report.failedFiles} files could not be read completely, ${malformed} samples are malformed (see above)`, EXIT.badInput);
  }
}
