// The rewrite scouts, the two rewrite operations and their canonical text form.
export { argSwap, codeRange, rangeData, replaceText, rewriteData, sameOp, type ArgSwapOp, type ReplaceTextOp, type RewriteOp } from './ops.js';
export { canonicalText, parseCanonicalOp, tryParseCanonicalOp } from './canonical.js';
export { applyArgSwap, applyOp, applyReplaceText, type AppliedRewrite } from './apply.js';
export { candidatesInRange, collectCandidates, collectFunctionCandidates, createScouts, type CollectOptions } from './collect.js';
export { EASY_OPERATORS } from './operators.js';
export { pythonStrRepr, readPythonStrLiteral } from './python-repr.js';
export type { Candidate, Scout, ScoutContext, ScoutName } from './scouts/scout.js';
