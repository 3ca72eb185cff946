import type { Command } from 'commander';
import { UserError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import { TextSink } from '../io/text-sink.js';
import { decodeSource, ParseError, SourceDecodeError } from '../python/index.js';
import { normalizeNewlines } from '../python/decode.js';
import { applyTransforms, TransformError, type TransformName, Uniform } from '../transform/index.js';
import { readNamedFile } from './named-file.js';
import { nonNegativeInteger } from './options.js';

interface TransformCommandOptions {
  mirrorComparisons?: boolean;
  deleteComments?: boolean;
  swapIfElse?: boolean;
  renameLocals?: boolean;
  probability: number;
  seed: number;
}

function probability(value: string): number {
  const p = Number(value);
  if (value.trim() === '' || !Number.isFinite(p) || p < 0 || p > 1) throw new UserError(`--probability: expected a number from 0 to 1, got '${value}'`);
  return p;
}

export function register(program: Command): void {
  program
    .command('transform')
    .description(
      "print a Python file after BugLab's semantics-preserving transforms, applied in BugLab's order " +
        '(mirror comparisons, rename locals, delete comments, swap if/else); with probability 1 the first three ' +
        "give BugLab's text byte for byte, renaming is seeded",
    )
    .argument('<FILE>', 'a Python source file')
    .option('--mirror-comparisons', 'MirrorComparisons: a < b → b > a (not is/in comparisons)')
    .option('--rename-locals', 'RenameVariableInLocalScope: 1-3 local names per function get random names')
    .option('--delete-comments', 'CommentDelete: end-of-line comments and string statements (docstrings) removed')
    .option('--swap-if-else', 'IfElseSwap: if t: A else: B → if not t: B else: A, and x if c else y → y if not c else x')
    .option('--probability <P>', "BugLab's p_apply: the chance that each site is changed", probability, 1)
    .option('--seed <N>', 'seed of the random choices (renaming, and every choice below probability 1)', nonNegativeInteger, 0)
    .action(async (file: string, options: TransformCommandOptions) => {
      await printTransformed(file, options);
    });
}

async function printTransformed(file: string, options: TransformCommandOptions): Promise<void> {
  const names: TransformName[] = [];
  if (options.mirrorComparisons === true) names.push('MirrorComparisons');
  if (options.renameLocals === true) names.push('RenameVariableInLocalScope');
  if (options.deleteComments === true) names.push('CommentDelete');
  if (options.swapIfElse === true) names.push('IfElseSwap');
  if (names.length === 0) throw new UserError('transform: name at least one of --mirror-comparisons, --rename-locals, --delete-comments, --swap-if-else');
  const bytes = await readNamedFile(file);
  let out: string;
  try {
    const text = normalizeNewlines(decodeSource(bytes).text);
    out = applyTransforms(text, names, { probability: options.probability, random: new Uniform(`transform:${options.seed}`) });
  } catch (err) {
    if (err instanceof ParseError) throw new UserError(`${file}:${err.line}:${err.column}: ${err.reason}`, EXIT.badInput);
    if (err instanceof SourceDecodeError) throw new UserError(`${file}: ${err.message}`, EXIT.badInput);
    if (err instanceof TransformError) throw new UserError(`${file}:${err.line ?? 1}: ${err.message}`, EXIT.badInput);
    throw err;
  }
  const sink = new TextSink(process.stdout);
  await sink.write(out);
  await sink.flush();
}
