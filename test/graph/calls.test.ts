import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compiledModules } from '../../src/graph/calls/builtins-table.js';
import { cleandoc, definitionDocstring, evaluateStringLiteral } from '../../src/graph/calls/docstring.js';
import { CallResolver, moduleNameForPath, type ResolvedCall } from '../../src/graph/calls/resolver.js';
import { discoverPythonPath } from '../../src/graph/calls/search-path.js';
import type { CstNode } from '../../src/python/cst.js';
import { parseModule } from '../../src/python/index.js';
import { formatScores, scoreCalls } from '../../scripts/dev/calls-golden.js';
import { SHARED } from '../helpers/cli.js';

const pythonPath = discoverPythonPath();
const parse = (path: string): CstNode => parseModule(readFileSync(path, 'utf8'));

function python(script: string, input = ''): string | null {
  try {
    return execFileSync('python3', ['-c', script], { input, encoding: 'utf8', maxBuffer: 1 << 28 });
  } catch {
    return null;
  }
}
const pythonVersion = python('import sys; print(sys.version.split()[0])')?.trim() ?? null;

function resolveSnippet(source: string, path = 'snippet.py'): ResolvedCall[] {
  const resolver = new CallResolver({ pythonPath, parse });
  return resolver.resolveModule(parseModule(source), path);
}

/** One line per call: `line: func targets | docs` and `  formals` per argument. */
function describeCalls(calls: ResolvedCall[]): string[] {
  return calls.map((c) => {
    const docs = c.docs.map((d) => d.split('\n')[0]);
    const formals = c.formals.map((f) => f.names.join('/'));
    return `${c.call.range!.start.line}: ${c.targets.join(' ')} | ${docs.join(' ')} | ${formals.join(', ')}`;
  });
}

// Expected values below were read off jedi 0.20.0 (BugLab's call pass) on the same snippets.
const SNIPPET = `import os
from collections import OrderedDict


class Base:
    """Base doc."""

    def __init__(self, a, b=2, *rest, key=None, **extra):
        self.items = []

    def run(self, x, y):
        """Run it."""
        return x


class Child(Base):
    def go(self):
        self.run(1, y=2)
        self.items.append(3)
        return Child(1, 2, 3, key=4, other=5)


def outer(p, q):
    def inner(z):
        return z
    inner(p)
    os.path.join(p, q)
    return outer(q, p=1, q=2)


def strings(q):
    "s".join(p for p in q)
    return len(q), sorted(q, key=len, reverse=True)
`;

describe('call resolution on a snippet (behaviour of jedi 0.20.0)', () => {
  const lines = describeCalls(resolveSnippet(SNIPPET));

  it('resolves methods through self and the class hierarchy, with their docstrings', () => {
    expect(lines).toContain('18: snippet.Base.run | Run it. | x, y');
  });

  it('infers instance attributes assigned in methods, and builtin methods carry no docstring', () => {
    expect(lines).toContain('19: builtins.list.append |  | object');
  });

  it('calls a class through the inherited __init__, with jedi quirks for keyword arguments', () => {
    // `key=4` still counts as positional (its `=` lies beyond the cursor), `other=5` goes to **extra.
    expect(lines).toContain('20: snippet.Child |  | a, b, rest, rest, extra');
  });

  it('gives nested functions their bare name and matches later keywords by first letter', () => {
    expect(lines).toContain('26: inner |  | z');
    expect(lines).toContain('28: snippet.outer |  | p, q, q');
  });

  it('names star re-exports of stubs after the re-exporting module, with every overload', () => {
    expect(lines).toContain('27: os.path.join os.path.join os.path.join |  | path/path/path, paths/paths/paths');
  });

  it('resolves builtins from the table, keyword arguments by name after a keyword', () => {
    expect(lines).toContain('32: builtins.str.join builtins.str.join |  | iterable/iterable');
    expect(lines.find((l) => l.startsWith('33: builtins.len'))).toBe('33: builtins.len | Return the number of items in a container. | obj');
    expect(lines.find((l) => l.startsWith('33: builtins.sorted'))).toMatch(/^33: builtins\.sorted builtins\.sorted \| .* \| iterable\/iterable, key\/key, reverse\/reverse$/);
  });
});

describe('global statements', () => {
  it('treats `global` at module level as a no-op (a lookup there once never ended)', () => {
    const source = 'global helper\n\ndef helper(a):\n    pass\n\nhelper(1)\n\ndef user():\n    global helper\n    helper(2)\n';
    expect(describeCalls(resolveSnippet(source))).toEqual(['6: snippet.helper |  | a', '10: snippet.helper |  | a']);
  });
});

describe('star arguments passed on (jedi resolves them into the callee parameters)', () => {
  it('drops *args forwarded into a call that leaves no positional parameters open', () => {
    const lines = describeCalls(
      resolveSnippet(`def assert_(cond, *args):
    if not cond:
        raise AssertionError(*args)

def plain(cond, *args):
    return cond

def g(x):
    assert_(len(x) == 2, "Two arguments required")
    plain(1, "x", 3)
`),
    );
    expect(lines).toContain('9: snippet.assert_ |  | cond, ');
    expect(lines).toContain('10: snippet.plain |  | cond, args, args');
  });

  it('keeps the own keyword-only parameters before those of the callee of **kwargs', () => {
    const lines = describeCalls(
      resolveSnippet(`def inner(*, alpha=1, beta=2):
    pass

def outer(x, *, apple=None, **kw):
    return inner(**kw)

outer(1, apple=2, a=3, b=4)
`),
    );
    // after a keyword argument jedi matches by first letter among the open keyword parameters
    expect(lines).toContain('7: snippet.outer |  | x, apple, alpha, beta');
  });
});

describe('imports followed into a search path', () => {
  it('resolves packages, relative and star imports, and classes across modules (as jedi with that sys.path)', () => {
    const root = mkdtempSync(join(tmpdir(), 'bugmine-calls-'));
    try {
      mkdirSync(join(root, 'pkg'));
      writeFileSync(join(root, 'pkg', '__init__.py'), 'from .shapes import Square\n');
      writeFileSync(
        join(root, 'pkg', 'shapes.py'),
        [
          'class Shape:',
          '    def area(self, scale=1):',
          '        """Area of the shape."""',
          '        return 0',
          '',
          '',
          'class Square(Shape):',
          '    """A square."""',
          '',
          '    def __init__(self, side):',
          '        self.side = side',
          '',
          '',
          'def make(kind, *sizes):',
          '    return Square(sizes[0])',
          '',
        ].join('\n'),
      );
      writeFileSync(join(root, 'pkg', 'tools.py'), 'from .shapes import *\n');
      const main = ['import pkg', 'from pkg.tools import make', 'from pkg import shapes as s', '', 'sq = pkg.Square(2)', 'sq.area(scale=3)', 'make("square", 1, 2)', 's.Square(side=1).area()', ''].join('\n');
      const resolver = new CallResolver({ pythonPath: [root], parse });
      const lines = describeCalls(resolver.resolveModule(parseModule(main), 'main.py'));
      expect(lines).toEqual([
        '5: pkg.shapes.Square | A square. | side',
        '6: pkg.shapes.Shape.area | Area of the shape. | scale',
        '7: pkg.shapes.make |  | kind, sizes, sizes',
        '8: pkg.shapes.Shape.area | Area of the shape. | ',
        '8: pkg.shapes.Square | A square. | side',
      ]);
      // Without the directory on the search path nothing of the package resolves.
      const bare = new CallResolver({ pythonPath: [], parse });
      expect(bare.resolveModule(parseModule(main), 'main.py').every((c) => c.targets.length === 0)).toBe(true);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('finds the stdlib and site-packages of python3', () => {
    const expected = python('import sysconfig; print(sysconfig.get_paths()["stdlib"])')?.trim();
    if (expected === undefined) return;
    expect(pythonPath).toContain(expected);
  });
});

describe('module names and relative imports', () => {
  it('derives jedi module names from graph paths', () => {
    expect(moduleNameForPath('email__quoprimime.py')).toBe('email__quoprimime');
    expect(moduleNameForPath('requests/api.py')).toBe('requests.api');
    expect(moduleNameForPath('requests/__init__.py')).toBe('requests');
    expect(moduleNameForPath('re____init__.py')).toBe('re____init__');
  });
});

describe('docstrings', () => {
  it('evaluates string literals like Python', () => {
    const literals = [`'a\\tb'`, `"""x\\ny"""`, `r'\\d+'`, `'\\x41\\u00e9\\101'`, `"it's"`, `'''multi\n   line'''`, `u'caf\\N{LATIN SMALL LETTER E}'`];
    const expected = python('import ast, json, sys\nprint(json.dumps([ast.literal_eval(s) for s in json.load(sys.stdin)]))', JSON.stringify(literals));
    if (expected === null) return;
    expect(literals.map((l) => evaluateStringLiteral(l))).toEqual(
      (JSON.parse(expected) as string[]).map((v, i) => (literals[i]!.includes('\\N{') ? literals[i]!.slice(2, -1) : v)),
    );
  });

  it('equals ast.get_docstring(clean=True) on every plain-string docstring of a stdlib module', () => {
    const stdlib = pythonPath[0];
    if (stdlib === undefined) return;
    const file = join(stdlib, 'inspect.py');
    const expected = python(
      'import ast, json, sys\n' +
        `tree = ast.parse(open(${JSON.stringify(file)}).read())\n` +
        'out = {}\n' +
        'for n in ast.walk(tree):\n' +
        '    if isinstance(n, (ast.FunctionDef, ast.ClassDef)) and n.body and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant) and isinstance(n.body[0].value.value, str):\n' +
        '        out[f"{n.lineno}:{n.col_offset}"] = ast.get_docstring(n, clean=True)\n' +
        'print(json.dumps(out))',
    );
    if (expected === null) return;
    const want = JSON.parse(expected) as Record<string, string>;
    const got: Record<string, string> = {};
    const stack = [parse(file)];
    while (stack.length > 0) {
      const node = stack.pop()!;
      for (const value of Object.values(node)) {
        if (Array.isArray(value)) for (const v of value) if (v !== null && typeof v === 'object' && 'type' in v) stack.push(v as CstNode);
        if (value !== null && typeof value === 'object' && !Array.isArray(value) && 'type' in value) stack.push(value as CstNode);
      }
      if (node.type !== 'FunctionDef' && node.type !== 'ClassDef') continue;
      const doc = definitionDocstring(node);
      if (doc === '') continue;
      // ast reports the line of `def`/`class`; LibCST's range starts there too (decorators excluded).
      got[`${node.range!.start.line}:${node.range!.start.column}`] = doc;
    }
    expect(Object.keys(got).length).toBeGreaterThan(50);
    for (const [key, doc] of Object.entries(got)) expect(doc, key).toBe(want[key]);
  });

  it('cleans like inspect.cleandoc', () => {
    const docs = ['  first\n    indented\n      more\n\n', '\n\n  x\n\ty', 'one'];
    const expected = python('import inspect, json, sys\nprint(json.dumps([inspect.cleandoc(d) for d in json.load(sys.stdin)]))', JSON.stringify(docs));
    if (expected === null) return;
    expect(docs.map(cleandoc)).toEqual(JSON.parse(expected));
  });
});

describe('the generated table of stdlib stubs', () => {
  it('holds the live docstrings of builtins (as inspect.getdoc gives them)', () => {
    if (pythonVersion !== '3.11.7') return; // generated from CPython 3.11.7
    const names = ['len', 'print', 'getattr', 'sorted', 'isinstance', 'next', 'open', 'round'];
    const live = python(`import builtins, inspect, json\nprint(json.dumps({n: inspect.getdoc(getattr(builtins, n)) for n in ${JSON.stringify(names)}}))`);
    expect(live).not.toBeNull();
    const docs = JSON.parse(live!) as Record<string, string>;
    for (const name of names) expect(compiledModules()['builtins']!.functions[name]!.doc, name).toBe(docs[name]);
  });

  it('keeps stub overloads and positional-only names without their leading underscores', () => {
    const builtins = compiledModules()['builtins']!;
    expect(builtins.functions['getattr']!.signatures.map((s) => s.map(([n]) => n))[0]).toEqual(['o', 'name']);
    expect(builtins.classes['range']!.methods['__new__']!.signatures.length).toBe(2);
    expect(compiledModules()['unittest']!.aliases!['TestCase']).toBe('unittest.case.TestCase');
  });
});

describe('determinism', () => {
  it('resolves a file the same whether or not other files were resolved before it', () => {
    const inputs = join(SHARED, 'conformance', 'inputs');
    const files = ['json____init__.py', 'wsgiref__validate.py', 'asyncio__base_subprocess.py', 'curses__textpad.py', 'dbm__dumb.py'];
    const summary = (resolver: CallResolver, file: string): string =>
      JSON.stringify(resolver.resolveModule(parse(join(inputs, file)), file).map((c) => [c.targets, c.docs, c.formals.map((f) => f.names)]));
    const shared = new CallResolver({ pythonPath, parse });
    const afterOthers = new Map<string, string>();
    for (const file of [...files].reverse()) afterOthers.set(file, summary(shared, file));
    for (const file of files) expect(summary(new CallResolver({ pythonPath, parse }), file), file).toBe(afterOthers.get(file));
  });
});

describe('precision and recall against the golden call edges (all 543 functions)', () => {
  it('stays above the measured floors', () => {
    const resolver = new CallResolver({ pythonPath, parse });
    const conformance = join(SHARED, 'conformance');
    const scores = scoreCalls(resolver, join(conformance, 'golden'), join(conformance, 'inputs'), parse);
    const table = formatScores(scores);
    const rate = (kind: string): { precision: number; recall: number } => {
      const { tp, fp, fn } = scores.perKind[kind]!;
      return { precision: tp / (tp + fp), recall: tp / (tp + fn) };
    };
    // Floors a little under what this resolver reaches with the stdlib of python3 3.11 on the
    // search path (90.8/96.4, 89.9/95.6, 89.8/97.9 % precision/recall; about 9 points of the
    // missing precision are edges jedi drops because of its own state, see docs/architecture.md
    // "Call edges against jedi"); without python3 the
    // calls into non-stubbed stdlib sources (idlelib, turtledemo, test.*) are lost
    // (89.7/90.1, 89.3/89.3, 89.2/92.6 %).
    const floors = FLOORS[pythonPath.length > 0 ? 'withStdlib' : 'withoutStdlib'];
    for (const [kind, floor] of Object.entries(floors)) {
      const { precision, recall } = rate(kind);
      expect(precision, `${kind} precision\n${table}`).toBeGreaterThanOrEqual(floor.precision);
      expect(recall, `${kind} recall\n${table}`).toBeGreaterThanOrEqual(floor.recall);
    }
  });
});

const FLOORS = {
  withStdlib: {
    CandidateCall: { precision: 0.905, recall: 0.96 },
    CandidateCallDoc: { precision: 0.895, recall: 0.953 },
    MayFormalName: { precision: 0.895, recall: 0.975 },
  },
  withoutStdlib: {
    CandidateCall: { precision: 0.88, recall: 0.89 },
    CandidateCallDoc: { precision: 0.88, recall: 0.88 },
    MayFormalName: { precision: 0.88, recall: 0.91 },
  },
};
