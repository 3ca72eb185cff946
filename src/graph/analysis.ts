/**
 * Shared facts about one parsed file, computed once and lazily, in the spirit of LibCST's metadata
 * providers: a pass asks `file.get(provider)` for what it needs (parents, tokens, scopes, qualified
 * names, ...) and the first request computes it. A provider may itself `get` other providers.
 */
import type { CstNode } from '../python/cst.js';

export interface Provider<T> {
  readonly name: string;
  compute(file: FileAnalysis): T;
}

export class FileAnalysis {
  private readonly cache = new Map<Provider<unknown>, unknown>();
  private readonly computing = new Set<Provider<unknown>>();

  constructor(
    /** The decoded source text of the whole file. */
    readonly text: string,
    /** The `Module` node of `text`. */
    readonly module: CstNode,
    /** `graph.path` of the samples of this file. */
    readonly path: string,
  ) {}

  /**
   * Sets what `provider` gives for this file instead of computing it: for a view of a file of
   * which only one function is analysed, with facts computed for that function alone.
   */
  provide<T>(provider: Provider<T>, value: T): void {
    this.cache.set(provider, value);
  }

  get<T>(provider: Provider<T>): T {
    if (this.cache.has(provider)) return this.cache.get(provider) as T;
    if (this.computing.has(provider)) throw new Error(`provider ${provider.name} depends on itself`);
    this.computing.add(provider);
    try {
      const value = provider.compute(this);
      this.cache.set(provider, value);
      return value;
    } finally {
      this.computing.delete(provider);
    }
  }
}
