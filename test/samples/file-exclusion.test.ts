// --exclude GLOB and --no-tests: which graph.paths are left out.
import { describe, expect, it } from 'vitest';
import { exclusionMatcher, globProblem, isTestFile } from '../../src/samples/file-exclusion.js';

const keep = (matcher: ((path: string) => boolean) | null, paths: string[]): string[] => paths.filter((path) => !matcher!(path));

describe('file exclusion', () => {
  it('--no-tests: test directories at any depth and test file names, nothing else', () => {
    for (const path of ['pkg/tests/helpers.py', 'tests/__init__.py', 'pkg/test/x.py', 'numpy/testing/utils.py', 'pkg/test_core.py', 'pkg/core_test.py', 'pkg/core_tests.py', 'pkg/tests.py', 'conftest.py', 'pkg/sub/conftest.py']) {
      expect(isTestFile(path), path).toBe(true);
    }
    for (const path of ['pkg/core.py', 'pkg/testutils.py', 'pkg/attest.py', 'pkg/contest.py', 'pkg/latest/x.py', 'pkg/testing.py', 'pkg/test.py', 'pkg/Tests/x.py', 'pkg/mytest_x.py']) {
      expect(isTestFile(path), path).toBe(false);
    }
  });

  it('a glob without "/" matches any file or directory name; one with "/" the path or a leading directory', () => {
    const paths = ['pkg/a.py', 'pkg/gen/api_pb2.py', 'pkg/_vendor/six.py', 'other/_vendor/x/y.py', 'pkg/sub/_vendor.py', 'top.py', 'pkg/.hidden/z.py'];
    expect(keep(exclusionMatcher({ exclude: ['*_pb2.py'] }), paths)).toEqual(paths.filter((p) => !p.endsWith('_pb2.py')));
    expect(keep(exclusionMatcher({ exclude: ['_vendor'] }), paths)).toEqual(['pkg/a.py', 'pkg/gen/api_pb2.py', 'pkg/sub/_vendor.py', 'top.py', 'pkg/.hidden/z.py']);
    expect(keep(exclusionMatcher({ exclude: ['pkg/_vendor'] }), paths)).toEqual(paths.filter((p) => p !== 'pkg/_vendor/six.py'));
    expect(keep(exclusionMatcher({ exclude: ['pkg/_vendor/'] }), paths)).toEqual(paths.filter((p) => p !== 'pkg/_vendor/six.py'));
    expect(keep(exclusionMatcher({ exclude: ['*/_vendor/**'] }), paths)).toEqual(['pkg/a.py', 'pkg/gen/api_pb2.py', 'pkg/sub/_vendor.py', 'top.py', 'pkg/.hidden/z.py']);
    expect(keep(exclusionMatcher({ exclude: ['**/*.py'] }), paths)).toEqual([]);
    expect(keep(exclusionMatcher({ exclude: ['top.py', 'pkg/{a,gen/api_pb2}.py'] }), paths)).toEqual(['pkg/_vendor/six.py', 'other/_vendor/x/y.py', 'pkg/sub/_vendor.py', 'pkg/.hidden/z.py']);
    expect(keep(exclusionMatcher({ exclude: ['.hidden'] }), paths)).toEqual(paths.filter((p) => !p.includes('.hidden')));
  });

  it('combines --exclude with --no-tests; no rules leave out nothing', () => {
    expect(exclusionMatcher({})).toBeNull();
    expect(exclusionMatcher({ exclude: [], noTests: false })).toBeNull();
    const matcher = exclusionMatcher({ exclude: ['gen'], noTests: true });
    expect(keep(matcher, ['p/a.py', 'p/gen/b.py', 'p/tests/c.py', 'p/test_d.py'])).toEqual(['p/a.py']);
  });

  it('refuses globs that cannot match a relative POSIX path', () => {
    expect(globProblem('')).toMatch(/empty/);
    expect(globProblem('/pkg/tests')).toMatch(/relative/);
    expect(globProblem('pkg\\tests')).toMatch(/"\/"/);
    expect(globProblem('pkg/**/tests')).toBeNull();
    expect(() => exclusionMatcher({ exclude: ['/abs'] })).toThrow(/--exclude "\/abs": paths are relative/);
  });
});
