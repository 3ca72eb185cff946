/**
 * The call pass (BugLab's CallAndTypeInfo without jedi): `CandidateCall` from each `Call` to the
 * full name of each candidate signature, `CandidateCallDoc` to each non-empty raw docstring, and
 * `MayFormalName` from each `Arg` to the formal parameter names, in jedi's signature order.
 *
 * Resolution needs a parser for the modules it follows (stdlib, site-packages): configure it once
 * per process with `configureCallResolution`; until then the pass resolves only what the file
 * itself and the builtins table define.
 */
import type { FileAnalysis } from '../analysis.js';
import { CallResolver, type CallResolverOptions } from '../calls/resolver.js';
import type { CodeRelations } from '../relations.js';

let defaultResolver: CallResolver | null = null;

/** Sets the search path and module parser used by `addCallRelations`. */
export function configureCallResolution(options: CallResolverOptions): CallResolver {
  defaultResolver = new CallResolver(options);
  return defaultResolver;
}

function resolver(): CallResolver {
  defaultResolver ??= new CallResolver({
    pythonPath: [],
    parse: () => {
      throw new Error('no module parser configured');
    },
  });
  return defaultResolver;
}

/** The pass with an explicit resolver (e.g. one per worker with its own search path). */
export function callRelationsPass(callResolver: CallResolver): (file: FileAnalysis, relations: CodeRelations) => void {
  return (file, relations) => {
    for (const call of callResolver.resolveModule(file.module, file.path)) {
      for (let k = 0; k < call.targets.length; k++) relations.addValue('CandidateCall', call.call, call.targets[k]!);
      for (const doc of call.docs) relations.addValue('CandidateCallDoc', call.call, doc);
      for (const { arg, names } of call.formals) for (const name of names) relations.addValue('MayFormalName', arg, name);
    }
  };
}

export function addCallRelations(file: FileAnalysis, relations: CodeRelations): void {
  callRelationsPass(resolver())(file, relations);
}
