import type { Command } from 'commander';
import { TextSink } from '../io/text-sink.js';
import type { CodeRange, CstNode } from '../python/cst.js';
import { decodeSource, SourceDecodeError } from '../python/decode.js';
import { ParseError, parseModule } from '../python/parser/index.js';
import { NODE_SCHEMA } from '../python/schema.js';
import { EXCEPT_TYPE_FIELD, propertyOfField } from '../python/visit.js';
import { output } from '../output.js';
import { readNamedFile } from './named-file.js';

interface CstOptions {
  json?: boolean;
  whitespace?: boolean;
}

export function register(program: Command): void {
  program
    .command('cst')
    .description(
      "print a Python file's concrete syntax tree (LibCST's node types and fields) with each node's position " +
        '(line:column-line:column, lines from 1, columns from 0 in code points, surrounding whitespace excluded, as LibCST computes it). ' +
        'A file that does not parse prints FILE:LINE:COLUMN: message and exits 1.',
    )
    .argument('<FILE>', 'a Python source file')
    .option('--json', 'print the whole tree as JSON: every field and range, whitespace nodes included')
    .option('--whitespace', 'in the text tree, show whitespace nodes (SimpleWhitespace, EmptyLine, Newline, ...) too')
    .action(async (file: string, options: CstOptions) => {
      await printCst(file, options);
    });
}

async function printCst(file: string, options: CstOptions): Promise<void> {
  const bytes = await readNamedFile(file);
  let module: CstNode;
  try {
    const { text, encoding } = decodeSource(bytes);
    module = parseModule(text, { encoding, whitespacePositions: true });
  } catch (err) {
    if (err instanceof ParseError) return fail(`${file}:${err.line}:${err.column}: ${err.reason}`);
    if (err instanceof SourceDecodeError) return fail(`${file}:${err.line ?? 1}:0: ${err.message}`);
    throw err;
  }
  const sink = new TextSink(process.stdout);
  if (options.json) {
    await sink.write(JSON.stringify(toJson(module), null, 2) + '\n');
  } else {
    const lines: string[] = [];
    renderTree(module, '', 0, options.whitespace === true, lines);
    for (let i = 0; i < lines.length; i += 1000) await sink.write(lines.slice(i, i + 1000).join(''));
  }
  await sink.flush();
}

/** Compiler-style one-line diagnostic, exit status 1. */
function fail(message: string): void {
  output.message(message);
  process.exitCode = 1;
}

function formatRange(range: CodeRange | undefined): string {
  return range === undefined ? '?' : `${range.start.line}:${range.start.column}-${range.end.line}:${range.end.column}`;
}

/** One line per node: `field: Type key=value ... range`, children indented below in LibCST's visiting order. */
function renderTree(node: CstNode, label: string, depth: number, whitespace: boolean, out: string[]): void {
  const schema = NODE_SCHEMA[node.type]!;
  let line = `${'  '.repeat(depth)}${label}${node.type}`;
  // Identifiers, literals and operators show their text first (their graph label in BugLab's samples).
  const shown = schema.label === 'text' || (schema.label === 'token' && schema.token === undefined) ? 'value' : null;
  if (shown !== null) line += ` ${JSON.stringify(node[shown])}`;
  else if (schema.label === 'token') line += ` ${JSON.stringify(schema.token)}`;
  for (const field of schema.fields) {
    if (field === shown) continue;
    const value = node[propertyOfField(node.type, field)];
    if (typeof value === 'string' ? value !== '' : typeof value === 'boolean') line += ` ${field}=${JSON.stringify(value)}`;
  }
  out.push(`${line} ${formatRange(node.range)}\n`);
  for (const field of schema.visit) {
    const value = node[propertyOfField(node.type, field)];
    const items = Array.isArray(value) ? (value as unknown[]) : [value];
    items.forEach((item, i) => {
      if (typeof item !== 'object' || item === null) return;
      const child = item as CstNode;
      if (!whitespace && NODE_SCHEMA[child.type]?.whitespace) return;
      renderTree(child, Array.isArray(value) ? `${field}[${i}]: ` : `${field}: `, depth + 1, whitespace, out);
    });
  }
}

/** The tree as plain JSON: `type`, `range`, then LibCST's fields in declaration order. */
function toJson(node: CstNode): Record<string, unknown> {
  const schema = NODE_SCHEMA[node.type]!;
  const out: Record<string, unknown> = { type: node.type, range: node.range ?? null };
  for (const field of schema.fields) {
    const property = propertyOfField(node.type, field);
    out[property === EXCEPT_TYPE_FIELD ? EXCEPT_TYPE_FIELD : field] = jsonValue(node[property]);
  }
  return out;
}

function jsonValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(jsonValue);
  if (typeof value === 'object' && value !== null) return toJson(value as CstNode);
  return value ?? null;
}
