import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { SAMPLE_DATA_DIR, SAMPLE_PACKAGES, sampleDataFileName, writeSampleData } from '../../scripts/lib/sample-data.js';
import { collectStats } from '../../src/dataset/index.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { tempDir } from '../io/fixtures.js';

describe('bundled demo data (datasets/sample)', () => {
  it('is exactly what scripts/make-sample-data.ts writes (regenerate it if this fails)', async () => {
    const fresh = tempDir();
    const written = await writeSampleData(fresh);
    const committed = join(REPO_ROOT, SAMPLE_DATA_DIR);
    expect(readdirSync(committed).sort()).toEqual(SAMPLE_PACKAGES.map((p) => sampleDataFileName(p.packageName)).sort());
    for (const file of written) {
      const name = file.slice(fresh.length + 1);
      expect(readFileSync(join(committed, name)).equals(readFileSync(file)), name).toBe(true);
    }
  });

  it('holds samples with and without bugs from two packages', async () => {
    const stats = await collectStats(readdirSync(join(REPO_ROOT, SAMPLE_DATA_DIR)).map((f) => join(REPO_ROOT, SAMPLE_DATA_DIR, f)));
    const expectedSamples = SAMPLE_PACKAGES.reduce((n, p) => n + p.files.length * p.functionsPerFile * (1 + p.bugsPerFunction), 0);
    expect(stats.samples).toBe(expectedSamples);
    expect(stats.withoutBug).toBe(SAMPLE_PACKAGES.reduce((n, p) => n + p.files.length * p.functionsPerFile, 0));
    expect(stats.packages).toBe(2);
    expect(stats.failedFiles).toEqual([]);
  });
});
