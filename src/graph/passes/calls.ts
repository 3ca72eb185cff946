/**
 * The call pass (BugLab's CallAndTypeInfo without jedi): `CandidateCall` from each `Call` to the
 * full name of each candidate signature, `CandidateCallDoc` to each non-empty raw docstring, and
 * `MayFormalName` from each `Arg` to the formal parameter names, in jedi's signature order.
 *
 * The resolver travels with the analysis: a caller that analyses many files creates one with
 * `createCallResolver` (the CLI's `--python-path`, else the stdlib and site-packages of the
 * `python3` on PATH) and hands it to each file with `file.provide(callResolverProvider, resolver)`,
 * so imported modules are parsed once. A file given none gets a resolver of its own with the
 * defaults (the same edges, only slower).
 */
import { parseModule } from '../../python/index.js';
import type { FileAnalysis, Provider } from '../analysis.js';
import type { FunctionAlone } from '../function-alone.js';
import { CallResolver, type CallResolverOptions, type ResolvedCall } from '../calls/resolver.js';
import { discoverPythonPath } from '../calls/search-path.js';
import type { CodeRelations } from '../relations.js';

/** A resolver with `options`, defaulting to the `python3` on PATH and bugmine's parser. */
export function createCallResolver(options: Partial<CallResolverOptions> = {}): CallResolver {
  return new CallResolver({
    pythonPath: options.pythonPath ?? discoverPythonPath(),
    parse: options.parse ?? CallResolver.fileParser((text) => parseModule(text)),
  });
}

/** The call resolver of one analysis. */
export const callResolverProvider: Provider<CallResolver> = {
  name: 'callResolver',
  compute: () => createCallResolver(),
};

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
  callRelationsPass(file.get(callResolverProvider))(file, relations);
}

/**
 * The call relations of one function alone, resolved in the original file's module scope (bindings
 * outside the function are the original file's, which a rewrite inside it leaves as they were), with
 * the original analysis's resolver.
 */
export function addFunctionCallRelations(fn: FunctionAlone, relations: CodeRelations): void {
  const { original } = fn;
  const resolver = original.file.get(callResolverProvider);
  const scope = resolver.moduleScope(original.file.module, original.file.path);
  addResolvedCalls(resolver.resolveFunction(scope, original.classes, fn.functionDef, original.functionDef), relations);
}
