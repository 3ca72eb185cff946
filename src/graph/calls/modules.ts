/**
 * Finding and loading the Python modules a file imports, as jedi does with its environment: the
 * directory of the analysed file first (its own package), then the search path (stdlib,
 * site-packages). Parsed modules are cached across files; the parse function is injected, so the
 * resolver works with any producer of LibCST-shaped trees.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { CstNode } from '../../python/cst.js';
import { AnalysisTimeoutError } from '../cpu-budget.js';
import { ModuleScope } from './scopes.js';

/** Parses one file into its `Module` node; may throw (the module then counts as unresolvable). */
export type ParseFile = (path: string) => CstNode;

export class ModuleLoader {
  private readonly byName = new Map<string, ModuleScope | null>();
  private readonly fileCache = new Map<string, boolean>();

  constructor(
    /** Directories searched in order for `a/b/__init__.py` and `a/b.py`. */
    readonly searchPath: readonly string[],
    private readonly parse: ParseFile,
    /** Upper bound on cached modules (a full stdlib is ~1,000 files). */
    private readonly maxModules = 4000,
  ) {}

  private isFile(path: string): boolean {
    let known = this.fileCache.get(path);
    if (known === undefined) {
      try {
        known = existsSync(path) && statSync(path).isFile();
      } catch {
        known = false;
      }
      this.fileCache.set(path, known);
    }
    return known;
  }

  /** The file of dotted module `name` in `dirs`, and whether it is a package `__init__.py`. */
  findFile(name: string, dirs: readonly string[]): { path: string; isPackage: boolean } | null {
    const parts = name.split('.');
    for (const dir of dirs) {
      const base = join(dir, ...parts);
      if (this.isFile(join(base, '__init__.py'))) return { path: join(base, '__init__.py'), isPackage: true };
      if (this.isFile(`${base}.py`)) return { path: `${base}.py`, isPackage: false };
    }
    return null;
  }

  /**
   * The module `name` (dotted, absolute), looked up in `localDirs` (the analysed file's directory)
   * and then the search path; null when there is no such source file or it does not parse.
   */
  load(name: string, localDirs: readonly string[] = []): ModuleScope | null {
    const cacheKey = localDirs.length === 0 ? name : `${localDirs.join('\0')}\0${name}`;
    const cached = this.byName.get(cacheKey);
    if (cached !== undefined) return cached;
    let scope: ModuleScope | null = null;
    const found = this.findFile(name, [...localDirs, ...this.searchPath]);
    if (found !== null) {
      try {
        scope = new ModuleScope(name, this.parse(found.path), found.path, found.isPackage);
      } catch (error) {
        if (error instanceof AnalysisTimeoutError) throw error; // not a property of the module: not cached
        scope = null;
      }
    }
    if (this.byName.size >= this.maxModules) this.byName.clear();
    this.byName.set(cacheKey, scope);
    return scope;
  }
}
