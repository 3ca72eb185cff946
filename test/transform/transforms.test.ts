import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseModule } from '../../src/python/index.js';
import { applyTransform, applyTransforms, renameCandidatesOf, TransformError, Uniform } from '../../src/transform/index.js';

const SOURCE = `import os

def area(width, height, *, scale=1):
    """Docstring."""
    total = width * height  # product
    # kept: a comment on its own line
    if total > 10 and scale != 1:
        return [total * s for s in range(scale)]
    else:
        return os.path.join(str(total), "x") if total else None
`;

const hasPython = spawnSync('python3', ['--version']).status === 0;
function compiles(code: string): boolean {
  const run = spawnSync('python3', ['-c', 'import sys; compile(sys.stdin.read(), "t.py", "exec")'], { input: code, encoding: 'utf8' });
  return run.status === 0;
}

describe('MirrorComparisons, CommentDelete, IfElseSwap', () => {
  it('mirror a chain and keep is/in comparisons', () => {
    expect(applyTransform('MirrorComparisons', 'x = 0 <= a<10\ny = a is b\nz = a in b\n')).toBe('x = 10>a >= 0\ny = a is b\nz = a in b\n');
  });

  it('delete end-of-line comments and string statements, keep own-line comments', () => {
    expect(applyTransform('CommentDelete', 'def f():\n    "doc"\n\n# own\nx = 1  # eol\n')).toBe('def f():\n    pass\n\n# own\nx = 1  \n');
  });

  it('swap if/else and conditional expressions with the negated test', () => {
    expect(applyTransform('IfElseSwap', 'if a and not b:\n    x\nelse:\n    y\nz = 1 if c < d else 2\n')).toBe(
      'if not a or b:\n    y\nelse:\n    x\nz = 2 if c >= d else 1\n',
    );
  });

  it("refuses 'if(a):' with else as LibCST's validation does, naming the line", () => {
    expect(() => applyTransform('IfElseSwap', 'x = 1\nif(a):\n    pass\nelse:\n    pass\n')).toThrow(TransformError);
    try {
      applyTransform('IfElseSwap', 'x = 1\nif(a):\n    pass\nelse:\n    pass\n');
    } catch (err) {
      expect((err as TransformError).line).toBe(2);
    }
    // With a parenthesised comparison the negation keeps the parentheses: valid.
    expect(applyTransform('IfElseSwap', 'if(a < b):\n    pass\nelse:\n    x\n')).toBe('if(a >= b):\n    x\nelse:\n    pass\n');
  });

  it('at probability 0 change nothing except own-line comments, which go (BugLab reversed test)', () => {
    const random = new Uniform('p0');
    expect(applyTransform('MirrorComparisons', SOURCE, { probability: 0, random })).toBe(SOURCE);
    expect(applyTransform('IfElseSwap', SOURCE, { probability: 0, random })).toBe(SOURCE);
    expect(applyTransform('CommentDelete', SOURCE, { probability: 0, random })).toBe(SOURCE.replace('    # kept: a comment on its own line\n', ''));
  });
});

describe('RenameVariableInLocalScope', () => {
  it('finds parameters, locals and comprehension variables but not self, cls or globals', () => {
    const text = 'G = 1\nclass C:\n    def m(self, a):\n        b = [i for i in a]\n        return G + b\n';
    const [candidates] = renameCandidatesOf(text, parseModule(text));
    expect(candidates!.qualifiedName).toBe('C.m');
    expect(candidates!.localNames).toEqual(['C.m.<locals>.<comprehension>.i', 'C.m.<locals>.a', 'C.m.<locals>.b']);
  });

  it('renames 1-3 locals of each function consistently, seeded and deterministic', () => {
    const a = applyTransform('RenameVariableInLocalScope', SOURCE, { random: new Uniform('s1') });
    const b = applyTransform('RenameVariableInLocalScope', SOURCE, { random: new Uniform('s1') });
    expect(a).toBe(b);
    expect(a).not.toBe(SOURCE);
    const seeds = new Set(['s1', 's2', 's3', 's4', 's5'].map((s) => applyTransform('RenameVariableInLocalScope', SOURCE, { random: new Uniform(s) })));
    expect(seeds.size).toBeGreaterThan(1);
    // The renamed names are new identifiers of 8-15 letters; the rest of the text is as it was.
    const originalWords = new Set(SOURCE.match(/\w+/g));
    const fresh = [...new Set(a.match(/\w+/g))].filter((w) => !originalWords.has(w));
    expect(fresh.length).toBeGreaterThanOrEqual(1);
    expect(fresh.length).toBeLessThanOrEqual(3);
    for (const name of fresh) expect(name).toMatch(/^[A-Za-z_]{8,15}$/);
  });

  it('never enters a def without candidates, and rebuilds attributes from their original value', () => {
    const text = 'def outer():\n    def inner(q):\n        return q\n    return inner\n\nv = ((os) . path)\n';
    // `outer` has the candidate `outer.<locals>.inner`; `v = ((os) . path)` shows the Attribute rebuild: its own
    // parentheses and the whitespace around the dot go, the value's parentheses stay.
    const out = applyTransform('RenameVariableInLocalScope', text, { random: new Uniform('x') });
    expect(out).toContain('v = (os).path\n');
    const noCandidates = 'def outer():\n    pass\n    def inner(q):\n        return q\n';
    // `outer` has no candidates of its own, so `inner` (which has) is never renamed.
    expect(applyTransform('RenameVariableInLocalScope', noCandidates, { random: new Uniform('x') })).toBe(noCandidates);
  });
});

describe.skipIf(!hasPython)('transformed code still compiles (python3 as oracle)', () => {
  it('all four transforms together, several seeds', () => {
    for (const seed of ['a', 'b', 'c']) {
      const out = applyTransforms(SOURCE, ['MirrorComparisons', 'RenameVariableInLocalScope', 'CommentDelete', 'IfElseSwap'], { random: new Uniform(seed) });
      expect(compiles(out), out).toBe(true);
      expect(out).not.toContain('Docstring');
    }
  });
});
