import { join } from 'node:path';
import { sampleToJson } from '../dataset/json.js';
import { AtomicTextFile } from '../io/atomic-file.js';
import type { ExportFormat, PartWriter } from './format.js';

/** One sample per line, the sample as is (`bugmine dump --jsonl` rendering: bin as {"$bin": base64}). */
export const jsonlFormat: ExportFormat = {
  name: 'jsonl',
  async open(outDir, part): Promise<PartWriter> {
    const file = `${part}.jsonl`;
    const out = await AtomicTextFile.open(join(outDir, file));
    return {
      file,
      async write(raw) {
        await out.write(sampleToJson(raw) + '\n');
        return undefined;
      },
      close: () => out.close(),
      abort: () => out.abort(),
    };
  },
};
