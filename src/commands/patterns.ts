import type { Command } from 'commander';
import { writeFile, rename, rm } from 'node:fs/promises';
import { cannotRead, UserError } from '../errors.js';
import { patternsHtml } from '../patterns/html.js';
import { minePatterns } from '../patterns/mine.js';
import { PatternsFileError, readPatternsFile, writePatternsFile } from '../patterns/patterns-file.js';
import { type FixRecord, readFixRecords } from '../patterns/records.js';
import { markdownTable, showText } from '../patterns/show.js';
import { suggestFixes, unifiedDiff } from '../patterns/suggest.js';
import type { CstNode } from '../python/cst.js';
import { decodeSource, SourceDecodeError } from '../python/decode.js';
import { ParseError, parseModule } from '../python/parser/index.js';
import { readFile } from 'node:fs/promises';
import { nonNegativeInteger, positiveInteger } from './options.js';

interface MineOptions {
  output: string;
  context: number;
}

interface SuggestCommandOptions {
  patterns: string;
  line?: number;
  top: number;
  json?: boolean;
}

interface ShowCommandOptions {
  minSupport?: number;
  top?: number;
  markdown?: boolean;
}

export function register(program: Command): void {
  const patterns = program
    .command('patterns')
    .description("Getafix-style fix patterns: mine them from fix records (anti-unification, hierarchical clustering), show them, draw their dendrogram");

  patterns
    .command('mine')
    .description(
      'mine fix patterns from fix records (bugmine mine\'s fixes.jsonl.gz, the shared PyPIBugs corpus): each fix\'s concrete edit with context, ' +
        'generalised by anti-unification and clustered into a dendrogram, written as JSON (format: docs/patterns.md). ' +
        'Malformed records and sides that do not parse are reported (FILE:LINE: message) and skipped.',
    )
    .argument('<FIXES...>', 'fix record files (gzip or plain JSON Lines)')
    .requiredOption('-o, --output <FILE>', 'patterns.json to write')
    .option('--context <K>', 'context levels beyond the enclosing statement (enclosing compound statement header, previous/next sibling statement)', nonNegativeInteger, 0)
    .action(async (files: string[], options: MineOptions) => {
      await mine(files, options);
    });

  patterns
    .command('show')
    .description('print the mined patterns supported by the most repositories, with their holes and observed values')
    .argument('<PATTERNS>', 'patterns.json')
    .option('--min-support <N>', 'least number of distinct repositories (default 2)', nonNegativeInteger)
    .option('--top <K>', 'at most K patterns', nonNegativeInteger)
    .option('--markdown', 'a Markdown table instead (before → after, fixes, repositories)')
    .action(async (file: string, options: ShowCommandOptions) => {
      const patternsFile = await load(file);
      const show = { ...(options.minSupport !== undefined ? { minSupport: options.minSupport } : {}), ...(options.top !== undefined ? { top: options.top } : {}) };
      process.stdout.write(options.markdown ? markdownTable(patternsFile, show) : showText(patternsFile, show));
    });

  patterns
    .command('suggest')
    .description(
      'suggest fixes for a Python file: every place a mined pattern\'s before part matches, the fix its after part gives, ' +
        'ranked by prevalence × specificity × proximity to --line (README), as unified diffs (the rest of the file byte-identical)',
    )
    .argument('<FILE>', 'a Python source file')
    .requiredOption('--patterns <PATTERNS>', 'patterns.json from patterns mine')
    .option('--line <N>', 'the line reported as buggy: ranks nearer fixes first', positiveInteger)
    .option('--top <K>', 'at most K suggestions', positiveInteger, 5)
    .option('--json', 'one JSON object: {"file", "suggestions": [{pattern, group, range, score, parts, pattern_before, pattern_after, diff}]}')
    .action(async (file: string, options: SuggestCommandOptions) => {
      await suggest(file, options);
    });

  patterns
    .command('html')
    .description('write a self-contained HTML page (no network) showing the dendrogram as a collapsible tree')
    .argument('<PATTERNS>', 'patterns.json')
    .argument('<OUT>', 'HTML file to write')
    .action(async (file: string, out: string) => {
      const html = patternsHtml(await load(file));
      const temporary = `${out}.tmp-${process.pid}`;
      try {
        await writeFile(temporary, html);
        await rename(temporary, out);
      } catch (err) {
        await rm(temporary, { force: true });
        throw new UserError(`cannot write ${out}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
      }
    });
}

async function load(file: string) {
  try {
    return await readPatternsFile(file);
  } catch (err) {
    if (err instanceof PatternsFileError) throw new UserError(err.message);
    throw err;
  }
}

async function mine(files: string[], options: MineOptions): Promise<void> {
  const records: FixRecord[] = [];
  let problems = 0;
  for (const file of files) {
    let result;
    try {
      result = await readFixRecords(file);
    } catch (err) {
      throw cannotRead(file, err);
    }
    for (const error of result.errors) process.stderr.write(`${error}\n`);
    problems += result.errors.length;
    records.push(...result.records);
  }
  if (records.length === 0) throw new UserError(`no fix records in ${files.join(', ')}`, 1);
  const result = minePatterns(records, { context: options.context });
  for (const error of result.errors) process.stderr.write(`${error}\n`);
  problems += result.errors.length;
  for (const violation of result.violations) process.stderr.write(`bugmine: internal check failed: ${violation}\n`);
  if (result.file.records.length === 0) throw new UserError('no usable fix records (see the messages above)', 1);
  try {
    await writePatternsFile(options.output, result.file);
  } catch (err) {
    throw new UserError(`cannot write ${options.output}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  const leaves = result.file.nodes.filter((n) => n.children.length === 0).length;
  process.stderr.write(
    `patterns: ${result.file.records.length} edits from ${records.length} records (${problems} problems), ` +
      `${result.file.nodes.length - leaves} merges, ${result.file.roots.length} trees, ${result.file.patterns.length} patterns with ≥ 2 repositories -> ${options.output}\n`,
  );
  if (result.violations.length > 0) process.exitCode = 70;
}


async function suggest(path: string, options: SuggestCommandOptions): Promise<void> {
  const patternsFile = await load(options.patterns);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw cannotRead(path, err);
  }
  let module: CstNode;
  let source: string;
  try {
    const decoded = decodeSource(bytes);
    source = decoded.text;
    module = parseModule(decoded.text, { encoding: decoded.encoding });
  } catch (err) {
    if (err instanceof ParseError) throw new UserError(`${path}:${err.line}:${err.column}: ${err.reason}`, 1);
    if (err instanceof SourceDecodeError) throw new UserError(`${path}:${err.line ?? 1}:0: ${err.message}`, 1);
    throw err;
  }
  const suggestions = suggestFixes(module, patternsFile, { ...(options.line !== undefined ? { line: options.line } : {}), top: options.top });
  if (options.json) {
    const out = {
      file: path,
      suggestions: suggestions.map((s) => ({
        pattern: s.pattern,
        group: s.group,
        range: s.range,
        score: s.score,
        parts: s.parts,
        pattern_before: s.patternBefore,
        pattern_after: s.patternAfter,
        diff: unifiedDiff(path, source, s.text),
      })),
    };
    process.stdout.write(JSON.stringify(out, null, 2) + '\n');
    return;
  }
  if (suggestions.length === 0) {
    process.stderr.write(`${path}: no pattern matches\n`);
    return;
  }
  suggestions.forEach((s, i) => {
    process.stdout.write(
      `# ${i + 1}. pattern #${s.pattern} [${s.group}] at ${s.range.start.line}:${s.range.start.column}, score ${s.score.toFixed(3)} ` +
        `(prevalence ${s.parts.prevalence.toFixed(2)} × specificity ${s.parts.specificity.toFixed(2)} × proximity ${s.parts.proximity.toFixed(2)})\n`,
    );
    process.stdout.write(unifiedDiff(path, source, s.text));
  });
}
