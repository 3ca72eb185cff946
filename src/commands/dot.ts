import type { Command } from 'commander';
import { rename, rm, writeFile } from 'node:fs/promises';
import { UserError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import { FileAnalysis } from '../graph/analysis.js';
import { relationsToDot, type LineRange } from '../graph/dot.js';
import { computeRelations } from '../graph/index.js';
import { callResolverProvider, createCallResolver } from '../graph/passes/calls.js';
import { decodeSource, ParseError, parseModule, SourceDecodeError } from '../python/index.js';
import { normalizeNewlines } from '../python/decode.js';
import { pythonPathOption } from './options.js';
import { output } from '../output.js';
import { readNamedFile } from './named-file.js';

interface DotCommandOptions {
  filterRange?: LineRange;
  pythonPath?: string[];
}

/** `START,END`: two line numbers, 1-based, START <= END. */
export function lineRange(value: string): LineRange {
  const match = /^(\d+),(\d+)$/.exec(value.trim());
  if (match === null) throw new UserError(`--filter-range: expected START,END (line numbers), got '${value}'`);
  const from = Number(match[1]);
  const to = Number(match[2]);
  if (from < 1 || to < from) throw new UserError(`--filter-range: expected 1 <= START <= END, got '${value}'`);
  return { from, to };
}

export function register(program: Command): void {
  program
    .command('dot')
    .description(
      "write the graph of a Python file as GraphViz DOT, as BugLab's asdot does: every relation kind, BugLab's colours, " +
        'token nodes in one subgraph (render with `dot -Tsvg OUT.dot`)',
    )
    .argument('<FILE>', 'a Python source file')
    .argument('<OUT>', 'the .dot file to write')
    .option('--filter-range <START,END>', 'only the nodes inside lines START to END (value nodes are always kept)', lineRange)
    .addOption(pythonPathOption())
    .action(async (file: string, out: string, options: DotCommandOptions) => {
      await writeDot(file, out, options);
    });
}

async function writeDot(file: string, out: string, options: DotCommandOptions): Promise<void> {
  const bytes = await readNamedFile(file);
  let text: string;
  try {
    const decoded = decodeSource(bytes);
    text = normalizeNewlines(decoded.text);
    const module = parseModule(text, { encoding: decoded.encoding });
    const analysis = new FileAnalysis(text, module, file);
    analysis.provide(callResolverProvider, createCallResolver(options.pythonPath !== undefined ? { pythonPath: options.pythonPath } : {}));
    const { relations, errors } = computeRelations(analysis);
    for (const { pass, message } of errors) output.log(`${file}: relation pass ${pass} failed: ${message}`);
    text = relationsToDot(relations, options.filterRange === undefined ? {} : { filterRange: options.filterRange });
  } catch (err) {
    if (err instanceof ParseError) throw new UserError(`${file}:${err.line}:${err.column}: ${err.reason}`, EXIT.badInput);
    if (err instanceof SourceDecodeError) throw new UserError(`${file}: ${err.message}`, EXIT.badInput);
    throw err;
  }
  const temporary = `${out}.tmp-${process.pid}`;
  try {
    await writeFile(temporary, text);
    await rename(temporary, out);
  } catch (err) {
    await rm(temporary, { force: true });
    throw new UserError(`cannot write ${out}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
}
