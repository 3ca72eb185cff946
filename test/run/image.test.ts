import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { imageTag } from '../../src/run/image.js';
import { BUGMINE_VERSION } from '../../src/version.js';

describe('worker image tag', () => {
  it('carries the version and changes exactly when the built code changes', async () => {
    const app = mkdtempSync(join(tmpdir(), 'bugmine-app-'));
    mkdirSync(join(app, 'dist', 'sub'), { recursive: true });
    writeFileSync(join(app, 'package.json'), '{"name":"bugmine"}');
    writeFileSync(join(app, 'dist', 'cli.js'), 'console.log(1);\n');
    writeFileSync(join(app, 'dist', 'sub', 'a.js'), 'export const a = 1;\n');
    const first = await imageTag(app);
    expect(first).toMatch(new RegExp(`^bugmine-worker:${BUGMINE_VERSION.replace(/\./g, '\\.')}-[0-9a-f]{12}$`));
    writeFileSync(join(app, 'dist', 'cli.js'), 'console.log(1);\n');
    expect(await imageTag(app)).toBe(first);
    writeFileSync(join(app, 'dist', 'sub', 'a.js'), 'export const a = 2;\n');
    const changed = await imageTag(app);
    expect(changed).not.toBe(first);
    writeFileSync(join(app, 'dist', 'sub', 'b.js'), '');
    expect(await imageTag(app)).not.toBe(changed);
  });
});
