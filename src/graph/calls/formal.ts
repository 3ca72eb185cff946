/**
 * Which formal parameter jedi associates with an argument. BugLab asks jedi for the signatures one
 * column into each argument, so jedi sees the arguments before it complete and the current one
 * cut after its first character: a keyword argument then still looks positional (its `=` lies
 * beyond the cursor), and once an earlier argument was a keyword, the current one is matched by
 * the first character of its keyword or name. This module reproduces that index computation
 * (jedi 0.20.0, `CallDetails.calculate_index`).
 */
import type { CstNode } from '../../python/cst.js';
import { ParamKind, type FormalParam } from './signatures.js';

interface ArgShape {
  readonly starCount: number;
  /** What jedi reads as the argument's (partial) keyword; null when it reads none. */
  readonly keyStart: string | null;
  readonly hadEqual: boolean;
}

function argStar(arg: CstNode): number {
  const star = arg['star'] as string | null | undefined;
  return star === '**' ? 2 : star === '*' ? 1 : 0;
}

/** The shapes jedi lists for the arguments up to and including `current`. */
export function argumentShapes(args: readonly CstNode[], current: number): ArgShape[] {
  const shapes: ArgShape[] = [];
  for (let k = 0; k <= current; k++) {
    const arg = args[k]!;
    const star = argStar(arg);
    const keyword = arg['keyword'] as CstNode | null;
    if (k < current) {
      if (keyword !== null) shapes.push({ starCount: 0, keyStart: keyword['value'] as string, hadEqual: true });
      else shapes.push({ starCount: star, keyStart: null, hadEqual: false });
      continue;
    }
    if (star > 0) {
      shapes.push({ starCount: star, keyStart: '', hadEqual: false });
    } else if (keyword !== null) {
      shapes.push({ starCount: 0, keyStart: (keyword['value'] as string).slice(0, 1), hadEqual: false });
    } else {
      const value = arg['value'] as CstNode;
      const parenthesized = ((value['lpar'] as unknown[] | undefined) ?? []).length > 0;
      if (value.type === 'Name' && !parenthesized) shapes.push({ starCount: 0, keyStart: (value['value'] as string).slice(0, 1), hadEqual: false });
      else if (value.type === 'GeneratorExp' && !parenthesized) shapes.push({ starCount: 0, keyStart: null, hadEqual: false });
      else shapes.push({ starCount: 0, keyStart: '', hadEqual: false });
    }
  }
  return shapes;
}

/** jedi's parameter index for the last of `shapes`, or null when it finds none. */
export function calculateIndex(shapes: readonly ArgShape[], params: readonly FormalParam[]): number | null {
  if (shapes.length === 0) return params.length > 0 ? 0 : null;
  let positionalCount = 0;
  const usedNames = new Set<string>();
  let isKwarg = false;
  for (let i = 0; i < shapes.length; i++) {
    const shape = shapes[i]!;
    isKwarg ||= shape.hadEqual || shape.starCount === 2;
    if (shape.starCount !== 0 || i + 1 === shapes.length) continue;
    if (shape.hadEqual) usedNames.add(shape.keyStart!);
    else positionalCount++;
  }
  const { starCount, keyStart, hadEqual } = shapes[shapes.length - 1]!;
  for (let i = 0; i < params.length; i++) {
    const { name, kind } = params[i]!;
    if (!isKwarg) {
      if (kind === ParamKind.VarPositional) return i;
      if ((kind === ParamKind.PositionalOrKeyword || kind === ParamKind.PositionalOnly) && i === positionalCount) return i;
    }
    if ((keyStart !== null && starCount !== 1) || starCount === 2) {
      if (!usedNames.has(name) && (kind === ParamKind.KeywordOnly || (kind === ParamKind.PositionalOrKeyword && positionalCount <= i))) {
        if (starCount !== 0) return i;
        if (hadEqual ? name === keyStart : name.startsWith(keyStart ?? '')) return i;
      }
      if (kind === ParamKind.VarKeyword) return i;
    }
  }
  return null;
}
