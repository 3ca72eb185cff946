/** `bugmine transform` end to end: BugLab's golden outputs through the CLI, seeding, bad input. */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, SHARED } from '../helpers/cli.js';

const GOLDEN = join(SHARED, 'conformance', 'semantics-preserving');
const INPUT = join(SHARED, 'conformance', 'inputs', 'snippets_comparisons.py');

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'bugmine-transform-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe.skipIf(!existsSync(INPUT))('bugmine transform: golden outputs', () => {
  for (const [flag, folder] of [
    ['--mirror-comparisons', 'MirrorComparisons'],
    ['--delete-comments', 'CommentDelete'],
    ['--swap-if-else', 'IfElseSwap'],
  ] as const) {
    it(`${flag} prints BugLab's ${folder} output`, async () => {
      const result = await runCli(['transform', INPUT, flag]);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toBe(readFileSync(join(GOLDEN, folder, 'snippets_comparisons.py'), 'utf8'));
    });
  }

  it('applies several in BugLab order, the same for the same seed', async () => {
    const args = ['transform', INPUT, '--swap-if-else', '--rename-locals', '--mirror-comparisons', '--delete-comments'];
    const first = await runCli([...args, '--seed', '3']);
    const again = await runCli([...args, '--seed', '3']);
    const other = await runCli([...args, '--seed', '4']);
    expect(first.code).toBe(0);
    expect(first.stdout).toBe(again.stdout);
    expect(first.stdout).not.toBe(other.stdout);
  });
});

describe('bugmine transform: bad input', () => {
  it('asks for a transform', async () => {
    const result = await runCli(['transform', INPUT]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--mirror-comparisons');
  });

  it('names the file and line where IfElseSwap cannot build the new if', async () => {
    const file = join(work, 'if.py');
    await writeFile(file, 'x = 1\nif(a):\n    pass\nelse:\n    pass\n');
    const result = await runCli(['transform', file, '--swap-if-else']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${file}:2: IfElseSwap: CSTValidationError`);
    expect(result.stdout).toBe('');
  });

  it('names the file and line of a syntax error', async () => {
    const file = join(work, 'bad.py');
    await writeFile(file, 'x = 1\ndef f(:\n');
    const result = await runCli(['transform', file, '--mirror-comparisons']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`${file.replaceAll('.', '\\.')}:2:\\d+: `));
  });
});
