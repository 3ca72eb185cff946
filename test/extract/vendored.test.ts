// Vendored-copy detection: vendor directories, dist-info RECORD evidence, and what each mode drops.
import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { nestedRecordsOf } from '../../src/extract/distribution.js';
import { distributionOfDistInfo, findVendoredFiles, vendoredByDirectory, vendoredLeaveOut } from '../../src/extract/vendored.js';

describe('vendored copies', () => {
  it('a vendor directory below the top level names the copied distribution by the entry under it', () => {
    expect(vendoredByDirectory('pip/_vendor/urllib3/util/retry.py')).toBe('urllib3');
    expect(vendoredByDirectory('pip/_vendor/six.py')).toBe('six');
    expect(vendoredByDirectory('setuptools/extern/__init__.py')).toBeNull(); // the vendoring package's shim
    expect(vendoredByDirectory('botocore/vendored/requests/api.py')).toBeNull();
    expect(vendoredByDirectory('pkg/_vendored/Typing_Extensions.py')).toBe('typing-extensions');
    expect(vendoredByDirectory('a/b/vendor/ruamel.yaml/x.py')).toBe('ruamel-yaml');
    expect(vendoredByDirectory('vendor/x.py')).toBeNull(); // a top-level package named vendor is its own code
    expect(vendoredByDirectory('pkg/vendor.py')).toBeNull();
    expect(vendoredByDirectory('pkg/core.py')).toBeNull();
  });

  it('reads dist-info names and finds nested RECORDs only below the top level', () => {
    expect(distributionOfDistInfo('jaraco.functools-4.0.1.dist-info')).toBe('jaraco-functools');
    expect(distributionOfDistInfo('typing_extensions-4.12.2.dist-info')).toBe('typing-extensions');
    expect(distributionOfDistInfo('not-a-dist-info')).toBeNull();
    const record = ['setuptools/__init__.py,,', 'setuptools-70.0.dist-info/RECORD,,', 'setuptools/_vendor/jaraco.functools-4.0.1.dist-info/RECORD,,', '"setuptools/_vendor/x,y-1.0.dist-info/RECORD",,', '../../bin/z.dist-info/RECORD,,'].join('\n');
    expect(nestedRecordsOf(record)).toEqual(['setuptools/_vendor/jaraco.functools-4.0.1.dist-info/RECORD', 'setuptools/_vendor/x,y-1.0.dist-info/RECORD']);
  });

  it('credits the files a nested RECORD lists to its distribution, over the directory guess', async () => {
    const site = mkdtempSync(join(tmpdir(), 'bugmine-site-'));
    const nested = 'host/_vendor/jaraco.functools-4.0.1.dist-info/RECORD';
    mkdirSync(dirname(join(site, nested)), { recursive: true });
    writeFileSync(join(site, nested), ['jaraco/functools/__init__.py,sha256=x,10', 'jaraco/functools/__pycache__/__init__.cpython-312.pyc,,', '../../../escape.py,,', 'jaraco/absent.py,,'].join('\n'));
    const files = ['host/__init__.py', 'host/_vendor/__init__.py', 'host/_vendor/jaraco/functools/__init__.py', 'host/_vendor/six.py', 'host/_vendor/host/x.py', 'escape.py'];
    const vendored = await findVendoredFiles(site, files, [nested, 'host/_vendor/missing-1.0.dist-info/RECORD'], 'host');
    expect(Object.fromEntries(vendored)).toEqual({ 'host/_vendor/jaraco/functools/__init__.py': 'jaraco-functools', 'host/_vendor/six.py': 'six' });

    const listed = new Set(['host', 'jaraco-functools']);
    const leftOut = (mode: 'keep' | 'drop' | 'canonical') => files.filter(vendoredLeaveOut(mode, vendored, listed));
    expect(leftOut('keep')).toEqual([]);
    expect(leftOut('drop')).toEqual(['host/_vendor/jaraco/functools/__init__.py', 'host/_vendor/six.py']);
    expect(leftOut('canonical')).toEqual(['host/_vendor/jaraco/functools/__init__.py']);
  });
});
