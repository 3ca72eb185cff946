/**
 * The call pass (BugLab's CallAndTypeInfo without jedi): `CandidateCall` from each `Call` to the
 * full name of each candidate signature, `CandidateCallDoc` to each non-empty raw docstring, and
 * `MayFormalName` from each `Arg` to the formal parameter names, in jedi's signature order.
 *
 * By default imports are followed into the stdlib and site-packages of the `python3` on PATH
 * (asked once per process), parsed with bugmine's parser; `configureCallResolution` sets another
 * search path (the CLI's `--python-path`) or parser.
 */
import { parseModule } from '../../python/index.js';
import type { FileAnalysis } from '../analysis.js';
import type { FunctionAlone } from '../function-alone.js';
import { CallResolver, type CallResolverOptions, type ResolvedCall } from '../calls/resolver.js';
import { discoverPythonPath } from '../calls/search-path.js';
import type { CodeRelations } from '../relations.js';

let defaultResolver: CallResolver | null = null;

/** Sets the search path (and optionally the module parser) used by `addCallRelations`. */
export function configureCallResolution(options: Partial<CallResolverOptions> = {}): CallResolver {
  defaultResolver = new CallResolver({
    pythonPath: options.pythonPath ?? discoverPythonPath(),
    parse: options.parse ?? CallResolver.fileParser((text) => parseModule(text)),
  });
  return defaultResolver;
}

/** The resolver `addCallRelations` uses (configured on first use with the defaults). */
export function callResolver(): CallResolver {
  return defaultResolver ?? configureCallResolution();
}

/** The pass with an explicit resolver (e.g. one per worker with its own search path). */
export function callRelationsPass(resolver: CallResolver): (file: FileAnalysis, relations: CodeRelations) => void {
  return (file, relations) => addResolvedCalls(resolver.resolveModule(file.module, file.path), relations);
}

/** The call relations of resolved calls, in BugLab's order. */
export function addResolvedCalls(calls: readonly ResolvedCall[], relations: CodeRelations): void {
  for (const call of calls) {
    for (let k = 0; k < call.targets.length; k++) relations.addValue('CandidateCall', call.call, call.targets[k]!);
    for (const doc of call.docs) relations.addValue('CandidateCallDoc', call.call, doc);
    for (const { arg, names } of call.formals) for (const name of names) relations.addValue('MayFormalName', arg, name);
  }
}

export function addCallRelations(file: FileAnalysis, relations: CodeRelations): void {
  callRelationsPass(callResolver())(file, relations);
}

/**
 * The call relations of one function alone, resolved in the original file's module scope (bindings
 * outside the function are the original file's, which a rewrite inside it leaves as they were).
 */
export function addFunctionCallRelations(fn: FunctionAlone, relations: CodeRelations): void {
  const resolver = callResolver();
  const { original } = fn;
  const scope = resolver.moduleScope(original.file.module, original.file.path);
  addResolvedCalls(resolver.resolveFunction(scope, original.classes, fn.functionDef, original.functionDef), relations);
}
