// Call pass throughput over the stdlib of the machine's python3 (files/s, calls/s), cold and warm module cache.
//   npm run bench -- calls [every=4]   (every: take every n-th file; 1 = the whole stdlib)
// Files are parsed before timing; the resolver follows imports into the stdlib (parsed on first use,
// which the cold round includes) and the stub table. The warm round re-resolves the same files with
// every imported module already cached, which is the steady state of a long extraction run.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { CallResolver } from '../../src/graph/calls/resolver.js';
import { discoverPythonPath } from '../../src/graph/calls/search-path.js';
import type { CstNode } from '../../src/python/cst.js';
import { parseModule } from '../../src/python/index.js';
import { pythonFilesUnder } from '../lib/stdlib.js';

export function main(args: string[]): void {
  const every = Number(args[0] ?? 4);
  const pythonPath = discoverPythonPath();
  const stdlib = pythonPath[0];
  if (stdlib === undefined) throw new Error('no python3 on PATH: the benchmark runs over its stdlib');
  const trees: { path: string; module: CstNode }[] = [];
  for (const [i, file] of pythonFilesUnder(stdlib).entries()) {
    if (i % every !== 0) continue;
    try {
      trees.push({ path: relative(stdlib, file), module: parseModule(readFileSync(file, 'utf8')) });
    } catch {
      // files our parser rejects (3.9+ grammar) are not part of this benchmark
    }
  }
  const resolver = new CallResolver({ pythonPath, parse: CallResolver.fileParser((text) => parseModule(text)) });
  for (const round of ['cold', 'warm']) {
    let calls = 0;
    let resolved = 0;
    const started = performance.now();
    for (const { path, module } of trees) {
      for (const call of resolver.resolveModule(module, path)) {
        calls++;
        if (call.targets.length > 0) resolved++;
      }
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `${round}: ${trees.length} files, ${calls} calls (${((100 * resolved) / calls).toFixed(1)}% resolved) in ${seconds.toFixed(2)} s: ` +
        `${(trees.length / seconds).toFixed(0)} files/s, ${(calls / seconds).toFixed(0)} calls/s`,
    );
  }
}
