/**
 * The layers of docs/architecture.md, checked: a module under src/ imports only from its own folder
 * or from a lower layer. A new import that points up (or sideways into a folder of the same layer)
 * fails here, so the layering drawn in the docs stays true.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '..', 'src');

/** Lowest first; the same table as docs/architecture.md's "Layers". */
const LAYERS: readonly (readonly string[])[] = [
  ['exit-codes.ts', 'version.ts', 'output.ts'],
  ['errors.ts'],
  ['python', 'random', 'io', 'run', 'terminal'],
  ['graph', 'dataset'],
  ['rewrite', 'transform', 'diff', 'dedup'],
  ['fixes'],
  ['patterns'],
  ['samples'],
  ['extract-dir'],
  ['extract', 'pypibugs', 'export', 'overlap'],
  ['mine', 'show'],
  ['commands'],
  ['cli.ts', 'index.ts'],
];

/** The layer unit of a path relative to src/: its top folder, or the file itself at the top. */
function unitOf(path: string): string {
  return path.split(sep)[0]!.replace(/\.js$/, '.ts');
}

function rankOf(unit: string): number {
  const rank = LAYERS.findIndex((layer) => layer.includes(unit));
  if (rank < 0) throw new Error(`src/${unit} is in no layer of test/architecture.test.ts (add it there and in docs/architecture.md)`);
  return rank;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Relative specifiers of `import`/`export ... from` and dynamic `import()`. */
function relativeImports(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)) found.push(match[1]!);
  return found;
}

describe('layers', () => {
  const files = sourceFiles(SRC);

  it('finds the source tree', () => {
    expect(files.length).toBeGreaterThan(100);
  });

  it('every folder of src/ has a layer', () => {
    for (const file of files) rankOf(unitOf(relative(SRC, file)));
  });

  it('no module imports a module of its own or a higher layer in another folder', () => {
    const violations: string[] = [];
    for (const file of files) {
      const from = unitOf(relative(SRC, file));
      for (const specifier of relativeImports(readFileSync(file, 'utf8'))) {
        const target = relative(SRC, normalize(join(dirname(file), specifier)));
        if (target.startsWith('..')) continue;
        const to = unitOf(target);
        if (to === from) continue;
        if (rankOf(to) >= rankOf(from)) violations.push(`src/${relative(SRC, file)} imports ${specifier} (${to} is not below ${from})`);
      }
    }
    expect(violations).toEqual([]);
  });
});
