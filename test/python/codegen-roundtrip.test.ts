// Round trip on real code: for every file of the machine's Python standard library that parses,
// codegen(parseModule(text)) === text, and the positions of every node are consistent with the text
// (each range lies within the file, starts before it ends, and nodes nest within their parents).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codegen } from '../../src/python/codegen.js';
import { comparePositions, type CstNode } from '../../src/python/cst.js';
import { decodeSource } from '../../src/python/decode.js';
import { ParseError, parseModule } from '../../src/python/parser/index.js';
import { rangeOf, walk } from '../../src/python/visit.js';

const STDLIB = execFileSync('python3', ['-c', 'import sysconfig; print(sysconfig.get_paths()["stdlib"])'], { encoding: 'utf8' }).trim();

function pythonFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir).sort()) {
    if (entry === 'site-packages' || entry === '__pycache__') continue;
    const path = join(dir, entry);
    const stat = statSync(path);
    if (stat.isDirectory()) pythonFiles(path, out);
    else if (entry.endsWith('.py')) out.push(path);
  }
  return out;
}

/** Problems with the ranges of `module`: a child outside its parent or a range ending before it starts. */
function rangeProblems(module: CstNode, lineCount: number): string[] {
  const problems: string[] = [];
  const stack: CstNode[] = [];
  walk(module, {
    enter(node, _parent, field) {
      const range = rangeOf(node);
      if (comparePositions(range.start, range.end) > 0) problems.push(`${node.type} ends before it starts`);
      if (range.end.line > lineCount + 1) problems.push(`${node.type} ends after the file`);
      const parent = stack[stack.length - 1];
      // Whitespace owned by a node may lie outside its syntactic range; only syntax nodes nest.
      // A Param's range is its star and name only: its annotation and default follow it.
      const paramTail = parent?.type === 'Param' && field !== 'name';
      if (parent !== undefined && !isWhitespace(node) && !paramTail) {
        const outer = rangeOf(parent);
        if (comparePositions(range.start, outer.start) < 0 || comparePositions(outer.end, range.end) < 0) {
          problems.push(`${node.type} at ${range.start.line}:${range.start.column} outside its parent ${parent.type}`);
        }
      }
      stack.push(node);
    },
    leave() {
      stack.pop();
    },
  });
  return problems;
}

const WHITESPACE_LIKE = new Set(['SimpleWhitespace', 'ParenthesizedWhitespace', 'TrailingWhitespace', 'EmptyLine', 'Newline', 'Comment']);
// LibCST's syntactic ranges leave these outside their parent's: a Decorator is before the `def`, the
// parentheses and commas of a node are outside it, a Param's default and annotation follow its name.
const MAY_LEAVE_PARENT = new Set(['Decorator', 'LeftParen', 'RightParen', 'Comma', 'Semicolon', 'AssignEqual', 'Annotation', 'Asynchronous']);

function isWhitespace(node: CstNode): boolean {
  return WHITESPACE_LIKE.has(node.type) || MAY_LEAVE_PARENT.has(node.type);
}

describe('codegen round trip on the standard library', () => {
  const files = pythonFiles(STDLIB);

  it('finds the standard library', () => {
    expect(files.length).toBeGreaterThan(500);
  });

  it('regenerates every file that parses exactly, with consistent ranges', async () => {
    let parsed = 0;
    const rejected: string[] = [];
    const differing: string[] = [];
    const badRanges: string[] = [];
    for (const [i, file] of files.entries()) {
      // Let the worker answer vitest's RPC between files: one synchronous minute would time it out.
      if (i % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
      let text: string;
      try {
        text = decodeSource(readFileSync(file)).text;
      } catch {
        rejected.push(file);
        continue;
      }
      let module: CstNode;
      try {
        module = parseModule(text, { whitespacePositions: true });
      } catch (err) {
        if (!(err instanceof ParseError)) throw err;
        rejected.push(file);
        continue;
      }
      parsed++;
      if (codegen(module) !== text) differing.push(file);
      // Ranges of a sample of files (all of them would double the test's time).
      if (parsed % 8 === 0) {
        const problems = rangeProblems(module, text.split('\n').length);
        if (problems.length > 0) badRanges.push(`${file}: ${problems.slice(0, 3).join('; ')}`);
      }
    }
    expect(differing).toEqual([]);
    expect(badRanges).toEqual([]);
    // CPython's test suite has a few files that are deliberately not valid Python 3.
    expect(parsed).toBeGreaterThan(files.length * 0.99);
  });
});
