import type { Command } from 'commander';
import { UserError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import { NestingTooDeepError, sampleToJson, sampleToPrettyJson } from '../dataset/json.js';
import { DataFileError } from '../io/errors.js';
import { expandDataPaths } from '../io/files.js';
import { readSamples } from '../io/reader.js';
import { TextSink } from '../io/text-sink.js';
import { output } from '../output.js';

interface DumpOptions {
  jsonl?: boolean;
  limit?: number;
  skip: number;
}

export function register(program: Command): void {
  program
    .command('dump')
    .summary('print samples as JSON, streaming (indented, or --jsonl)')
    .description(
      'print samples as JSON, streaming: one indented document per sample (lists of scalars on one line), documents ' +
        'separated by an empty line (split on "\\n\\n"; jq reads the stream as is), or one line per sample with --jsonl. ' +
        'bin values print as {"$bin": "<base64>"}; samples count from 0 over all files.',
    )
    .argument('<FILE...>', 'data files (*.msgpack.l.gz), or directories to read recursively')
    .option('--jsonl', 'one compact JSON line per sample')
    .option('--limit <N>', 'stop after N samples (over all files)', nonNegativeInteger('--limit'))
    .option('--skip <N>', 'skip the first N samples (over all files)', nonNegativeInteger('--skip'), 0)
    .action(async (paths: string[], options: DumpOptions) => {
      await dump(paths, options);
    });
}

async function dump(paths: string[], options: DumpOptions): Promise<void> {
  const files = await expandDataPaths(paths);
  const sink = new TextSink(process.stdout);
  let toSkip = options.skip;
  let toPrint = options.limit ?? Number.POSITIVE_INFINITY;
  let failures = 0;
  let unrendered = 0;
  let first = true;
  for (const file of files) {
    if (toPrint === 0) break;
    let index = -1;
    try {
      for await (const sample of readSamples(file)) {
        index++;
        if (toSkip > 0) {
          toSkip--;
          continue;
        }
        let text: string;
        try {
          text = options.jsonl ? sampleToJson(sample) : sampleToPrettyJson(sample);
        } catch (err) {
          if (!(err instanceof NestingTooDeepError)) throw err;
          await sink.flush();
          output.log(`${file}: sample ${index}: ${err.message}`);
          unrendered++;
          continue;
        }
        // Pretty documents are separated by an empty line (no line inside one is empty); the output
        // ends with a single newline.
        const separator = first || options.jsonl ? '' : '\n';
        await sink.write(separator + text + '\n');
        first = false;
        if (--toPrint === 0) break;
      }
    } catch (err) {
      if (!(err instanceof DataFileError)) throw err;
      await sink.flush();
      output.log(err.message);
      failures++;
    }
  }
  await sink.flush();
  const problems = [
    ...(failures > 0 ? [`${failures} of ${files.length} files could not be read completely`] : []),
    ...(unrendered > 0 ? [`${unrendered} samples could not be rendered`] : []),
  ];
  if (problems.length > 0) throw new UserError(`dump: ${problems.join(', ')} (see above)`, EXIT.badInput);
}

function nonNegativeInteger(name: string): (text: string) => number {
  return (text) => {
    if (!/^\d+$/.test(text.trim())) throw new UserError(`${name} must be a non-negative integer, got '${text}'`);
    return Number(text);
  };
}
