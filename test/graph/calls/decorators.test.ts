// Class 2 of issue 19: a function decorated with a stub decorator whose return type wraps it is,
// for jedi, an instance of that type. Expected values read off jedi 0.20.0 on this file.
import { describe, expect, it } from 'vitest';
import { describeSnippetCalls, resolveSnippetCalls } from './snippet-calls.js';

const SOURCE = `import functools
from functools import lru_cache

@functools.lru_cache(100)
def sized(x, y): pass

@functools.lru_cache
def bare(x, y): pass

@functools.cache
def cached(x, y): pass

@lru_cache(maxsize=None)
def unlimited(x, y): pass

@functools.wraps(sized)
def wrapper(x, y): pass

sized(1, 2)
bare(1, 2)
cached(1, 2)
unlimited(1, 2)
sized.cache_clear()
`;

describe('typed decorators (jedi 0.20.0)', () => {
  const calls = describeSnippetCalls(SOURCE);

  it('resolves a call of an lru_cache/cache-decorated function to functools._lru_cache_wrapper', () => {
    const wrapper = 'functools._lru_cache_wrapper | Create a cached callable that wraps another function. | args, args';
    expect(calls.get(19)).toBe(wrapper);
    expect(calls.get(20)).toBe(wrapper);
    expect(calls.get(21)).toBe(wrapper);
  });

  it('keeps the function when jedi matches no overload (lru_cache(maxsize=None))', () => {
    expect(calls.get(22)).toBe('snippet.unlimited |  | x, y');
  });

  it("reaches the wrapper's own methods", () => {
    expect(calls.get(23)).toBe('functools._lru_cache_wrapper.cache_clear |  | ');
  });

  it('appends jedi\'s separator and the empty __call__ docstring to the class docstring', () => {
    const [call] = resolveSnippetCalls('import functools\n@functools.cache\ndef f(): pass\nf()\n');
    expect(call?.docs).toHaveLength(1);
    expect(call?.docs[0]).toMatch(/^Create a cached callable that wraps another function\.\n[\s\S]*cache_info_type:[\s\S]*\n-{30}\n$/);
  });
});
