/**
 * `--augment K`: up to K more sets of samples per function, made from semantics-preserving variants
 * of it (BugLab's transforms, src/transform). Variant k (0-based) of a file transforms each of its
 * sampled functions with its own non-empty set of the four transforms, drawn from (seed, path,
 * function, k), applied in BugLab's order inside that function only; the variant file is then
 * analysed like any file and each changed function gives its samples as usual: without bug, then
 * its own randomly chosen rewrites (a stream of their own) with `target_fix_action_idx`. Each
 * sample records `provenance.augmentation = {variant, transforms}`, the transforms that changed it.
 *
 * A function gives nothing for a variant when no transform of its set changes it, when it comes out
 * as it is or as one of its earlier variants, or when it falls below the candidate minimum.
 */
import type { CstNode } from '../python/cst.js';
import { ParseError } from '../python/index.js';
import { walk } from '../python/visit.js';
import { Prng } from '../random/prng.js';
import { applyTransformToFunctions, TRANSFORMS, TransformError, type TransformName, Uniform } from '../transform/index.js';
import { fileSamples, streamFileSamples, type FileSampleOptions, type FileSamples, type FunctionSamples, type SampleProvenance } from './file-samples.js';

export interface Augmentation {
  /** Which of the K variants (0-based). */
  variant: number;
  /** The transforms that changed the function, in the order they were applied. */
  transforms: TransformName[];
}

/**
 * `fileSamples` followed by up to `variants` augmented versions of each function (see above):
 * `functions` holds the file's own functions, then the `augmentedFunctions` variants.
 */
export function fileSamplesWithVariants(variants: number, text: string, options: FileSampleOptions): FileSamples & { augmentedFunctions: number } {
  const made = fileSamples(text, options);
  if (variants <= 0) return { ...made, augmentedFunctions: 0 };
  const augmented = [...augmentedFunctions(text, options, made.functions, variants)];
  return { ...made, functions: [...made.functions, ...augmented], augmentedFunctions: augmented.length };
}

interface Variant {
  readonly text: string;
  readonly applied: ReadonlyMap<number, TransformName[]>;
}

/**
 * The augmented functions of the file with (newline-normalised) `text`, whose own samples are
 * `originals` (made with `options`): variant 0's functions in file order, then variant 1's, ...
 */
export function* augmentedFunctions(text: string, options: FileSampleOptions, originals: readonly FunctionSamples[], variants: number): Generator<FunctionSamples> {
  if (variants <= 0 || originals.length === 0) return;
  const seed = options.seed ?? 0;
  const seen = new Map(originals.map((fn) => [fn.functionIndex, new Set([fn.samples[0]!.graph.text])]));
  for (let k = 0; k < variants; k++) {
    const sets = new Map(originals.map((fn) => [fn.functionIndex, transformSet(Prng.fromKey(`augment\0${seed}\0${options.path}\0${fn.functionIndex}\0${k}`))]));
    const random = (name: TransformName): Uniform => new Uniform(`augment\0${seed}\0${options.path}\0${k}\0${name}`);
    let variant = transformVariant(text, sets, random, true);
    let functions: Iterable<FunctionSamples>;
    const sampleOptions = (v: Variant): FileSampleOptions => ({ ...options, onlyFunctions: changedFunctions(v), choiceKey: `augment:${k}` });
    if (changedFunctions(variant).size === 0) continue;
    try {
      functions = streamFileSamples(variant.text, sampleOptions(variant)).functions;
    } catch (error) {
      // IfElseSwap adds `not` without parentheses (BugLab's behaviour): `if x := f():` does not parse then.
      if (!(error instanceof ParseError)) throw error;
      variant = transformVariant(text, sets, random, false);
      if (changedFunctions(variant).size === 0) continue;
      try {
        functions = streamFileSamples(variant.text, sampleOptions(variant)).functions;
      } catch (again) {
        if (again instanceof ParseError) continue;
        throw again;
      }
    }
    for (const fn of functions) {
      const texts = seen.get(fn.functionIndex);
      const functionText = fn.samples[0]!.graph.text;
      if (texts === undefined || texts.has(functionText)) continue;
      texts.add(functionText);
      const augmentation: Augmentation = { variant: k, transforms: variant.applied.get(fn.functionIndex)! };
      yield { ...fn, samples: fn.samples.map((sample) => ({ ...sample, provenance: { ...sample.provenance, augmentation } as SampleProvenance })) };
    }
  }
}

/** A non-empty subset of the transforms, uniformly among the 15. */
function transformSet(prng: Prng): TransformName[] {
  const mask = 1 + prng.below(2 ** TRANSFORMS.length - 1);
  return TRANSFORMS.filter((_, bit) => (mask & (1 << bit)) !== 0);
}

function changedFunctions(variant: Variant): Set<number> {
  return new Set([...variant.applied].filter(([, applied]) => applied.length > 0).map(([index]) => index));
}

/** `text` with each function of `sets` transformed by its set; `swap` false leaves IfElseSwap out. */
function transformVariant(text: string, sets: ReadonlyMap<number, readonly TransformName[]>, random: (name: TransformName) => Uniform, swap: boolean): Variant {
  const applied = new Map<number, TransformName[]>([...sets.keys()].map((index) => [index, []]));
  let current = text;
  for (const name of TRANSFORMS) {
    if (name === 'IfElseSwap' && !swap) continue;
    const chosen = (index: number, functionDef: CstNode): boolean =>
      sets.get(index)?.includes(name) === true && (name !== 'IfElseSwap' || swapKeepsMeaning(functionDef));
    try {
      const step = applyTransformToFunctions(name, current, chosen, { random: random(name) });
      current = step.text;
      for (const index of step.changed) applied.get(index)?.push(name);
    } catch (error) {
      // Where BugLab's transform raises (LibCST refusing the new node), the variant goes without it.
      if (!(error instanceof TransformError)) throw error;
    }
  }
  return { text: current, applied };
}

/**
 * Whether IfElseSwap keeps what `functionDef` does. BugLab negates a comparison chain operator by
 * operator (`a < b < c` → `a >= b >= c`, which is not its negation), so a function with a chained
 * comparison in the test of an `if`/`else` or a conditional expression is left out of it.
 */
export function swapKeepsMeaning(functionDef: CstNode): boolean {
  let keeps = true;
  walk(
    functionDef,
    {
      enter(node) {
        if (!keeps) return false;
        const swapped = (node.type === 'If' && (node['orelse'] as CstNode | null)?.type === 'Else') || node.type === 'IfExp';
        if (swapped && !negationKeepsMeaning(node['test'] as CstNode)) keeps = false;
        return undefined;
      },
    },
    { whitespace: false },
  );
  return keeps;
}

/** Whether BugLab's `NegateExpression` of `test` is its negation (it enters boolean operations only). */
function negationKeepsMeaning(test: CstNode): boolean {
  if (test.type === 'BooleanOperation') return negationKeepsMeaning(test['left'] as CstNode) && negationKeepsMeaning(test['right'] as CstNode);
  if (test.type === 'Comparison') return (test['comparisons'] as CstNode[]).length === 1;
  return true;
}
