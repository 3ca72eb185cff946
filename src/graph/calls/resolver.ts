/**
 * Call resolution for whole files: for every `Call` of a module, the signatures jedi would report
 * at its opening parenthesis, and for every argument the formal parameter names. One resolver
 * serves many files and keeps the modules it parsed (stdlib, site-packages) cached.
 */
import { readFileSync } from 'node:fs';
import type { CstNode } from '../../python/cst.js';
import { asAnalysisTimeout, checkCpuBudget } from '../cpu-budget.js';
import { ResolutionCaches } from './caches.js';
import { argumentShapes, calculateIndex } from './formal.js';
import { Inference } from './infer.js';
import { ModuleLoader, type ParseFile } from './modules.js';
import { ModuleScope, type Scope } from './scopes.js';
import { signaturesOf, type CallSignature } from './signatures.js';

export interface CallResolverOptions {
  /** Directories searched for imported modules, in order (stdlib, site-packages, ...). */
  readonly pythonPath: readonly string[];
  /** Parses a module file found on the search path. */
  readonly parse: ParseFile;
}

export interface ResolvedCall {
  readonly call: CstNode;
  /** Values of `CandidateCall` (full name or name) in jedi's signature order, duplicates kept. */
  readonly targets: string[];
  /** Non-empty raw docstrings, same order. */
  readonly docs: string[];
  /** Per argument of the call: the formal parameter names. */
  readonly formals: { readonly arg: CstNode; readonly names: string[] }[];
}

/** The dotted module name jedi gives a file at `path` (`pkg/mod.py` → `pkg.mod`). */
export function moduleNameForPath(path: string): string {
  let name = path.replace(/\\/g, '/').replace(/\.pyi?$/, '');
  name = name.replace(/\/__init__$/, '');
  return name.split('/').filter((part) => part !== '' && part !== '.').join('.');
}

export class CallResolver {
  readonly loader: ModuleLoader;
  private readonly moduleScopes = new WeakMap<CstNode, ModuleScope>();
  private readonly caches = new ResolutionCaches();

  constructor(options: CallResolverOptions) {
    this.loader = new ModuleLoader(options.pythonPath, options.parse);
  }

  /** A parse function reading files from disk for a text parser `(text) => Module`. */
  static fileParser(parseText: (text: string) => CstNode): ParseFile {
    return (path) => parseText(readFileSync(path, 'utf8'));
  }

  /**
   * All calls of `module` (the tree of the file at graph path `path`), in LibCST's pre-order.
   * `localDirs` are searched before the search path (the file's own directory, if on disk).
   */
  resolveModule(module: CstNode, path: string, localDirs: readonly string[] = []): ResolvedCall[] {
    const scope = this.moduleScope(module, path);
    const inference = new Inference(this.loader, this.caches, localDirs);
    const out: ResolvedCall[] = [];
    for (const { call, scope: current } of scope.callSites()) out.push(resolveCall(call, current, inference));
    return out;
  }

  /**
   * The call-resolution scope of `module` (the tree of the file at graph path `path`), one per
   * tree: inference results cached across calls (class hierarchies) refer to its scopes.
   */
  moduleScope(module: CstNode, path: string): ModuleScope {
    let scope = this.moduleScopes.get(module);
    if (scope === undefined || scope.path !== path) {
      scope = new ModuleScope(moduleNameForPath(path), module, path, /__init__\.pyi?$/.test(path));
      this.moduleScopes.set(module, scope);
    }
    return scope;
  }

  /**
   * The calls of one outermost function, rewritten or not, in LibCST's pre-order: `scope` is the
   * original file's module scope and `classes` the `ClassDef`s around the function there (outermost
   * first), `originalFunctionDef` the function there. Bindings outside the function are the
   * original file's, which a rewrite inside the function leaves as they were.
   */
  resolveFunction(
    scope: ModuleScope,
    classes: readonly CstNode[],
    functionDef: CstNode,
    originalFunctionDef: CstNode,
    localDirs: readonly string[] = [],
  ): ResolvedCall[] {
    let enclosing: Scope = scope;
    for (const cls of classes) enclosing = scope.scopeOf(cls, enclosing);
    const inference = new Inference(this.loader, this.caches, localDirs, true);
    return scope.withRewrittenFunction(originalFunctionDef, functionDef, enclosing, (sites) => sites.map((site) => resolveCall(site.call, site.scope, inference)));
  }
}

/**
 * jedi's `BaseName.full_name` replaces the first dotted part of a name by the public module it is
 * usually reached through (`_io.StringIO` → `io.StringIO`, `posixpath.join` → `os.path.join`).
 */
const FULL_NAME_MODULES: Readonly<Record<string, string>> = {
  posixpath: 'os.path',
  riscospath: 'os.path',
  ntpath: 'os.path',
  os2emxpath: 'os.path',
  macpath: 'os.path',
  genericpath: 'os.path',
  posix: 'os',
  _io: 'io',
  _functools: 'functools',
  _collections: 'collections',
  _socket: 'socket',
  _sqlite3: 'sqlite3',
};

export function reportedFullName(fullName: string): string {
  const dot = fullName.indexOf('.');
  const first = dot < 0 ? fullName : fullName.slice(0, dot);
  const mapped = FULL_NAME_MODULES[first];
  return mapped === undefined ? fullName : mapped + fullName.slice(first.length);
}

/** Signatures sorted as the golden data was made: by (full name, name, index, parameter names, docstring). */
function sortSignatures(signatures: CallSignature[], indexOf: (s: CallSignature) => number | null): { sig: CallSignature; index: number | null }[] {
  const keyed = signatures.map((sig) => ({ sig, index: indexOf(sig) }));
  keyed.sort((a, b) => {
    return (
      compare(a.sig.fullName ?? '', b.sig.fullName ?? '') ||
      compare(a.sig.name, b.sig.name) ||
      (a.index ?? -1) - (b.index ?? -1) ||
      compareLists(a.sig.params.map((p) => p.name), b.sig.params.map((p) => p.name)) ||
      compare(a.sig.doc, b.sig.doc)
    );
  });
  return keyed;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareLists(a: string[], b: string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = compare(a[i]!, b[i]!);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

function resolveCall(call: CstNode, scope: Scope, inference: Inference): ResolvedCall {
  let signatures: CallSignature[] = [];
  const line = call.range?.start.line ?? null;
  checkCpuBudget('call resolution', line);
  inference.resetBudget();
  try {
    for (const value of inference.infer(call['func'] as CstNode, scope)) signatures.push(...signaturesOf(value, inference));
  } catch (error) {
    const timeout = asAnalysisTimeout(error);
    if (timeout !== null) throw timeout.atLine(line);
    signatures = [];
  }
  const args = call['args'] as CstNode[];
  const atParen = sortSignatures(signatures, (s) => calculateIndex(argumentShapes([], -1), s.params));
  const result: ResolvedCall = { call, targets: [], docs: [], formals: [] };
  for (const { sig } of atParen) {
    result.targets.push(sig.fullName === null ? sig.name : reportedFullName(sig.fullName));
    if (sig.doc.length > 0) result.docs.push(sig.doc);
  }
  for (let k = 0; k < args.length; k++) {
    const shapes = argumentShapes(args, k);
    const names: string[] = [];
    for (const { sig, index } of sortSignatures(signatures, (s) => calculateIndex(shapes, s.params))) {
      if (index !== null) names.push(sig.params[index]!.name);
    }
    result.formals.push({ arg: args[k]!, names });
  }
  return result;
}
