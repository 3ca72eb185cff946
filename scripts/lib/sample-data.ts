// The small bundled demo data set (datasets/sample/): two synthetic packages, written
// deterministically. scripts/make-sample-data.ts regenerates it; a test checks the committed files
// are exactly what this code writes.
import { join } from 'node:path';
import { writeSamples } from '../../src/io/writer.js';
import { packageSamples, seededRng, type PackageSpec } from './synthetic-samples.js';

export const SAMPLE_DATA_DIR = 'datasets/sample';

export const SAMPLE_PACKAGES: readonly PackageSpec[] = [
  {
    packageName: 'demo-textkit',
    packageVersion: '1.4.0',
    files: ['textkit/__init__.py', 'textkit/wrap.py', 'textkit/tokens/scan.py'],
    functionsPerFile: 1,
    bugsPerFunction: 2,
    nodeCount: { min: 30, max: 60 },
  },
  {
    packageName: 'demo-netutil',
    packageVersion: '0.9.2',
    files: ['netutil/addr.py', 'netutil/retry.py'],
    functionsPerFile: 2,
    bugsPerFunction: 1,
    nodeCount: { min: 30, max: 60 },
  },
];

export function sampleDataFileName(packageName: string): string {
  return `graphs-${packageName}.msgpack.l.gz`;
}

/** Writes the demo data files into `dir`; returns their paths. */
export async function writeSampleData(dir: string): Promise<string[]> {
  const written: string[] = [];
  for (const [i, spec] of SAMPLE_PACKAGES.entries()) {
    const file = join(dir, sampleDataFileName(spec.packageName));
    await writeSamples(file, packageSamples(seededRng(1000 + i), spec));
    written.push(file);
  }
  return written;
}
