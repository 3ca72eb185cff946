// Shared by the per-class call tests: resolve a synthetic file and describe its calls in one line
// each, so expected values read off jedi 0.20.0 can be written down compactly.
import { readFileSync } from 'node:fs';
import { CallResolver, type ResolvedCall } from '../../../src/graph/calls/resolver.js';
import { discoverPythonPath } from '../../../src/graph/calls/search-path.js';
import type { CstNode } from '../../../src/python/cst.js';
import { parseModule } from '../../../src/python/index.js';

const parse = (path: string): CstNode => parseModule(readFileSync(path, 'utf8'));

export function resolveSnippetCalls(source: string, path = 'snippet.py'): ResolvedCall[] {
  return new CallResolver({ pythonPath: discoverPythonPath(), parse }).resolveModule(parseModule(source), path);
}

/** Per call, by its first line: `targets | first docstring lines | formal names per argument`. */
export function describeSnippetCalls(source: string, path = 'snippet.py'): Map<number, string> {
  const out = new Map<number, string>();
  for (const call of resolveSnippetCalls(source, path)) out.set(call.call.range!.start.line, describe(call));
  return out;
}

function describe(call: ResolvedCall): string {
  const docs = call.docs.map((d) => d.split('\n')[0]);
  return `${call.targets.join(' ')} | ${docs.join(' ')} | ${call.formals.map((f) => f.names.join('/')).join(', ')}`;
}
