// The stub table (src/graph/calls/builtins-table.json) is generated; this fails when it is stale,
// i.e. when scripts/gen-builtins-table.py no longer writes exactly the committed file. It needs the
// generator's inputs (CPython 3.11.7 with jedi 0.20.0 as python3) and skips, saying so, without them.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTINS_TABLE_URL, compiledModules } from '../../../src/graph/calls/builtins-table.js';

const root = join(import.meta.dirname, '..', '..', '..');

function typeshedDir(): string | null {
  const probe = spawnSync(
    'python3',
    ['-c', 'import os, sys, jedi; assert sys.version.split()[0] == "3.11.7" and jedi.__version__ == "0.20.0"; print(os.path.join(os.path.dirname(jedi.__file__), "third_party", "typeshed", "stdlib"))'],
    { encoding: 'utf8' },
  );
  return probe.status === 0 ? probe.stdout.trim() : null;
}

const typeshed = typeshedDir();
if (typeshed === null) console.warn('builtins-table freshness not checked: python3 is not CPython 3.11.7 with jedi 0.20.0');

describe('builtins table', () => {
  it.skipIf(typeshed === null)('is what scripts/gen-builtins-table.py writes', () => {
    const generated = execFileSync('python3', [join(root, 'scripts', 'gen-builtins-table.py'), typeshed!], { encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'ignore'] });
    // Not toEqual on 3 MB strings: a mismatch message that size helps nobody.
    expect(generated === readFileSync(BUILTINS_TABLE_URL, 'utf8'), 'stale: rerun python3 scripts/gen-builtins-table.py TYPESHED > src/graph/calls/builtins-table.json').toBe(true);
  });

  it('is loaded once', () => {
    expect(compiledModules()).toBe(compiledModules());
    expect(compiledModules()['builtins']!.classes['object']).toBeDefined();
  });
});
