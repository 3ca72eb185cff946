// The stub table (src/graph/calls/builtins-table.json) is generated; this fails when it is stale,
// i.e. when scripts/gen-builtins-table.py no longer writes exactly the committed file. It needs the
// generator's inputs (CPython 3.11.7 with jedi 0.20.0 as python3) and skips, saying so, without them.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTINS_TABLE_URL, compiledModules, parseLayout } from '../../../src/graph/calls/builtins-table.js';

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

const layout = (text: string): { name: string; value: string }[] => {
  const bytes = Buffer.from(text);
  return parseLayout(bytes, 'table.json').map(({ name, start, end }) => ({ name, value: bytes.toString('utf8', start, end) }));
};

describe('builtins table', () => {
  it.skipIf(typeshed === null)('is what scripts/gen-builtins-table.py writes', () => {
    const generated = execFileSync('python3', [join(root, 'scripts', 'gen-builtins-table.py'), typeshed!], { encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'ignore'] });
    // Not toEqual on 3 MB strings: a mismatch message that size helps nobody.
    expect(generated === readFileSync(BUILTINS_TABLE_URL, 'utf8'), 'stale: rerun python3 scripts/gen-builtins-table.py TYPESHED > src/graph/calls/builtins-table.json').toBe(true);
  });

  it('is loaded once', () => {
    expect(compiledModules()).toBe(compiledModules());
    expect(compiledModules()['builtins']!.classes['object']).toBeDefined();
    expect(compiledModules()['builtins']).toBe(compiledModules()['builtins']);
  });

  it('reads, module by module, what the whole file says as one JSON object', () => {
    const whole = JSON.parse(readFileSync(BUILTINS_TABLE_URL, 'utf8')) as Record<string, unknown>;
    const tables = compiledModules();
    expect(Object.keys(tables)).toEqual(Object.keys(whole));
    for (const name of Object.keys(whole)) expect(tables[name], name).toEqual(whole[name]);
  });

  it('has no members but its modules', () => {
    expect(compiledModules()['constructor']).toBeUndefined();
    expect(compiledModules()['toString']).toBeUndefined();
  });

  it('splits the layout into one slice per module line', () => {
    expect(layout('{\n"a":{"x":"\\n"},\n"b.c":{}\n}\n')).toEqual([
      { name: 'a', value: '{"x":"\\n"}' },
      { name: 'b.c', value: '{}' },
    ]);
    expect(layout('{\n}\n')).toEqual([]);
  });

  it('refuses another layout, naming the file and line', () => {
    const refusal = (line: number, why: string): RegExp => new RegExp(`^table\\.json:${line}: not the layout scripts/gen-builtins-table\\.py writes: ${why}`);
    expect(() => layout('{"a":{}}\n')).toThrow(refusal(1, 'the first line'));
    expect(() => layout('{\n"a":{}\n"b":{}\n}\n')).toThrow(refusal(2, 'no comma before the next'));
    expect(() => layout('{\n"a":{},\n}\n')).toThrow(refusal(2, 'a comma after the last'));
    expect(() => layout('{\n{}\n}\n')).toThrow(refusal(2, 'no `"name":`'));
    expect(() => layout('{\n"a":{}\n')).toThrow(refusal(3, 'no closing'));
    expect(() => layout('{\n"a":{}\n}\nx')).toThrow(refusal(4, 'text after'));
  });
});
