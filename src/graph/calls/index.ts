// Call resolution without jedi (the `CandidateCall`, `CandidateCallDoc`, `MayFormalName` relations).
export { CallResolver, moduleNameForPath, type CallResolverOptions, type ResolvedCall } from './resolver.js';
export { discoverPythonPath } from './search-path.js';
export { ModuleLoader, type ParseFile } from './modules.js';
export { callRelationsPass, callResolverProvider, createCallResolver, addCallRelations } from '../passes/calls.js';
