// Regenerates the bundled demo data set: node --import tsx scripts/make-sample-data.ts
import { join } from 'node:path';
import { SAMPLE_DATA_DIR, writeSampleData } from './lib/sample-data.js';

const root = join(import.meta.dirname, '..');
for (const file of await writeSampleData(join(root, SAMPLE_DATA_DIR))) console.log(`wrote ${file}`);
