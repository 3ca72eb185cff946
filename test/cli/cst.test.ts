import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CstNode } from '../../src/python/cst.js';
import { runCli } from '../helpers/cli.js';

let dir: string;

function write(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const SOURCE = 'import os\n\n@dec\nasync def f(a, *, b=1):  # c\n    try:\n        return a != "ü😀"\n    except E as e:\n        raise\n';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'bugmine-cst-'));
});

describe('bugmine cst', () => {
  it('prints the tree with node types, key values and LibCST ranges', async () => {
    const result = await runCli(['cst', write('ok.py', SOURCE)]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n').map((l) => l.trim());
    expect(lines[0]).toMatch(/^Module .*1:0-9:0$/);
    // FunctionDef starts at `async`, not at the decorator, and ends with the last token of its body.
    expect(lines).toContain('body[1]: FunctionDef 4:0-8:13');
    expect(lines).toContain('decorators[0]: Decorator 3:0-3:4');
    expect(lines).toContain('name: Name "f" 4:10-4:11');
    expect(lines).toContain('operator: NotEqual "!=" 6:17-6:19');
    // Columns count code points: the emoji is one column.
    expect(lines).toContain('comparator: SimpleString "\\"ü😀\\"" 6:20-6:24');
    expect(lines).toContain('type: Name "E" 7:11-7:12');
    // Whitespace nodes only on request.
    expect(result.stdout).not.toContain('SimpleWhitespace');
    const withWhitespace = await runCli(['cst', '--whitespace', join(dir, 'ok.py')]);
    expect(withWhitespace.stdout).toContain('comment: Comment value="# c" 4:25-4:28');
  });

  it('prints the whole tree as JSON with --json', async () => {
    const result = await runCli(['cst', '--json', write('json.py', SOURCE)]);
    expect(result.code).toBe(0);
    const tree = JSON.parse(result.stdout) as CstNode;
    expect(tree.type).toBe('Module');
    expect(tree['has_trailing_newline']).toBe(true);
    const fn = (tree['body'] as CstNode[])[1]!;
    expect(fn.type).toBe('FunctionDef');
    expect(fn.range).toEqual({ start: { line: 4, column: 0 }, end: { line: 8, column: 13 } });
    expect((fn['decorators'] as CstNode[])[0]!.range).toEqual({ start: { line: 3, column: 0 }, end: { line: 3, column: 4 } });
    const handler = ((fn['body'] as CstNode)['body'] as CstNode[])[0]!['handlers'] as CstNode[];
    expect(handler[0]!.type).toBe('ExceptHandler');
    expect((handler[0]!['exceptType'] as CstNode)['value']).toBe('E');
    // Whitespace nodes and their ranges are part of the JSON.
    expect((fn['whitespace_after_def'] as CstNode).range).toEqual({ start: { line: 4, column: 9 }, end: { line: 4, column: 10 } });
  });

  it('reports a syntax error as FILE:LINE:COL: message with exit status 1', async () => {
    const file = write('bad.py', 'x = 1\ndef f(:\n    pass\n');
    const result = await runCli(['cst', file]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2:\\d+: \\S.*\\n$`));
  });

  it('reports an undecodable file with its line, and a missing file as a usage error', async () => {
    const file = write('latin.py', Buffer.from([0x78, 0x3d, 0x31, 0x0a, 0x73, 0x3d, 0x27, 0xe9, 0x27, 0x0a]));
    const bad = await runCli(['cst', file]);
    expect(bad.code).toBe(1);
    expect(bad.stderr.startsWith(`${file}:2:`)).toBe(true);
    const missing = await runCli(['cst', join(dir, 'missing.py')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read .*missing\.py: ENOENT/);
  });
});
