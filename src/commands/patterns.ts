import type { Command } from 'commander';
import { writeFile, rename, rm } from 'node:fs/promises';
import { cannotRead, UserError } from '../errors.js';
import { patternsHtml } from '../patterns/html.js';
import { minePatterns, type PatternsFile } from '../patterns/mine.js';
import { PatternsFileError, readPatternsFile, writePatternsFile } from '../patterns/patterns-file.js';
import { type ReadFixRecord as FixRecord, readFixRecords } from '../fixes/records.js';
import { markdownTable, showText } from '../patterns/show.js';
import { type EvalResult, evaluateFolds, evaluateSplit, reportTable } from '../patterns/eval.js';
import { evaluateSeedingFolds, evaluateSeedingSplit, type SeedingResult, seedingTable } from '../patterns/seeding-eval.js';
import { measureReference, ReferenceCorpus, type ReferenceCounts, withReference } from '../patterns/reference.js';
import { functionNamed, suggestFixes, unifiedDiff } from '../patterns/suggest.js';
import type { CstNode } from '../python/cst.js';
import { decodeSource, SourceDecodeError } from '../python/decode.js';
import { ParseError, parseModule } from '../python/parser/index.js';
import { nonNegativeInteger, positiveInteger } from './options.js';
import { output } from '../output.js';
import { readNamedFile } from './named-file.js';

interface MineOptions {
  output: string;
  context: number;
  reference?: string;
}

interface SuggestCommandOptions {
  patterns: string;
  line?: number;
  top: number;
  function?: string;
  json?: boolean;
}

interface EvalCommandOptions {
  folds: number;
  train?: string[];
  test?: string[];
  reference?: string;
  context: number;
  seeding?: boolean;
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
    .option('--reference <DIR>', "a corpus of clean Python code (e.g. the standard library): every pattern's before part is matched against it and the counts stored, for the specificity of patterns suggest")
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
      output.result(options.markdown ? markdownTable(patternsFile, show) : showText(patternsFile, show));
    });

  patterns
    .command('suggest')
    .description(
      'suggest fixes for a Python file: every place a mined pattern\'s before part matches, the fix its after part gives, ' +
        'ranked by prevalence × specificity × proximity to --line (docs/patterns.md), as unified diffs (the rest of the file byte-identical)',
    )
    .argument('<FILE>', 'a Python source file')
    .requiredOption('--patterns <PATTERNS>', 'patterns.json from patterns mine')
    .option('--line <N>', 'the line reported as buggy: ranks nearer fixes first', positiveInteger)
    .option('--top <K>', 'at most K suggestions', positiveInteger, 5)
    .option('--function <NAME>', 'only inside this function (qualified Class.method, or the bare name)')
    .option('--json', 'one JSON object: {"file", "suggestions": [{rank, pattern, group, function, range, score, parts: {prevalence, specificity, proximity}, pattern_before, pattern_after, diff}]}')
    .action(async (file: string, options: SuggestCommandOptions) => {
      await suggest(file, options);
    });

  patterns
    .command('eval')
    .description(
      'evaluate fix suggestion on real fixes: k-fold by repository (all records of a repository in one fold), mine on the other folds, ' +
        'suggest for each held-out buggy function and compare with the human fix token for token; top-1, top-5, coverage and MRR, ' +
        'with and without the fix line, overall and per scout, beside the no-learning baseline (BugLab\'s candidate rewrites ranked by how often each kind fixed a training bug)',
    )
    .argument('[FIXES...]', 'fix record files (gzip or plain JSON Lines) for k-fold cross-validation')
    .option('--folds <K>', 'number of folds', positiveInteger, 10)
    .option('--train <FIXES...>', 'a fixed split: mine on these fix record files (with --test)')
    .option('--test <FIXES...>', 'a fixed split: evaluate on these fix record files (with --train)')
    .option('--reference <DIR>', 'clean Python code for the specificity of the ranking (held in memory: a package or a few stdlib directories)')
    .option('--context <K>', 'mine the patterns with this context level (as patterns mine --context)', nonNegativeInteger, 0)
    .option(
      '--seeding',
      'evaluate bug seeding instead: seed each held-out fixed function with the patterns mined on the other folds and with BugLab\'s scouts; ' +
        'recall of the real bug, hit per draw, proposals, and the total variation distance of the seeded bug kinds to the real ones (docs/patterns.md)',
    )
    .option('--json', 'one JSON object {"overall": {"with_line": {top1, top5, coverage, mrr}, "without_line": {…}}, "baseline": {…}, "per_scout": {SCOUT: {records, overall, baseline}}}; with --seeding {"records", "patterns": {recall, hit_per_draw, proposals, tvd, kinds}, "scouts": {…}, "real_kinds", "per_scout": {SCOUT: {records, patterns_recall, scouts_recall}}}')
    .action(async (files: string[], options: EvalCommandOptions) => {
      await evaluate(files, options);
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

/** The records of `files`; malformed lines are reported on stderr and counted. */
async function readAll(files: string[]): Promise<{ records: FixRecord[]; problems: number }> {
  const records: FixRecord[] = [];
  let problems = 0;
  for (const file of files) {
    let result;
    try {
      result = await readFixRecords(file);
    } catch (err) {
      throw cannotRead(file, err);
    }
    for (const error of result.errors) output.message(error);
    problems += result.errors.length;
    records.push(...result.records);
  }
  return { records, problems };
}

async function evaluate(files: string[], options: EvalCommandOptions): Promise<void> {
  const split = options.train !== undefined || options.test !== undefined;
  if (split && (options.train === undefined || options.test === undefined)) throw new UserError('--train and --test go together');
  if (split && files.length > 0) throw new UserError('give FIXES for k-fold, or --train and --test for a fixed split, not both');
  if (!split && files.length === 0) throw new UserError('no FIXES (or --train FIXES --test FIXES)');
  let reference: ReferenceCorpus | undefined;
  if (options.reference !== undefined) {
    try {
      reference = await ReferenceCorpus.load(options.reference, output.message);
    } catch (err) {
      throw cannotRead(options.reference, err);
    }
    if (reference.files === 0) throw new UserError(`${options.reference}: no Python file that parses`, 1);
  }
  const progress = (message: string): void => output.message(`patterns eval: ${message}`);
  if (options.seeding) {
    if (reference !== undefined) throw new UserError('--reference ranks fix suggestions; --seeding does not use it');
    await evaluateSeeding(files, options, split, progress);
    return;
  }
  const evalOptions = { ...(reference !== undefined ? { reference } : {}), progress, context: options.context };
  let result: EvalResult;
  if (split) {
    const train = await readAll(options.train!);
    const test = await readAll(options.test!);
    if (train.records.length === 0) throw new UserError(`no fix records in ${options.train!.join(', ')}`, 1);
    if (test.records.length === 0) throw new UserError(`no fix records in ${options.test!.join(', ')}`, 1);
    const trainRepos = new Set(train.records.map((r) => r.repo));
    const shared = test.records.filter((r) => trainRepos.has(r.repo)).length;
    if (shared > 0) output.message(`patterns eval: warning: ${shared} test records come from repositories that are also in the training records`);
    result = evaluateSplit(train.records, test.records, evalOptions);
  } else {
    const { records } = await readAll(files);
    if (records.length === 0) throw new UserError(`no fix records in ${files.join(', ')}`, 1);
    result = evaluateFolds(records, options.folds, evalOptions);
  }
  for (const error of result.errors) output.message(error);
  if (result.cases.length === 0) throw new UserError('no usable held-out record (see the messages above)', 1);
  if (options.json) output.result(JSON.stringify(result.report, null, 2) + '\n');
  else output.result(reportTable(result.report, result.cases.length));
}

async function evaluateSeeding(files: string[], options: EvalCommandOptions, split: boolean, progress: (message: string) => void): Promise<void> {
  let result: SeedingResult;
  if (split) {
    const train = await readAll(options.train!);
    const test = await readAll(options.test!);
    if (train.records.length === 0) throw new UserError(`no fix records in ${options.train!.join(', ')}`, 1);
    if (test.records.length === 0) throw new UserError(`no fix records in ${options.test!.join(', ')}`, 1);
    result = evaluateSeedingSplit(train.records, test.records, progress);
  } else {
    const { records } = await readAll(files);
    if (records.length === 0) throw new UserError(`no fix records in ${files.join(', ')}`, 1);
    result = evaluateSeedingFolds(records, options.folds, progress);
  }
  for (const error of result.errors) output.message(error);
  if (result.cases.length === 0) throw new UserError('no usable held-out record (see the messages above)', 1);
  if (options.json) output.result(JSON.stringify(result.report, null, 2) + '\n');
  else output.result(seedingTable(result.report));
}

async function mine(files: string[], options: MineOptions): Promise<void> {
  const { records, problems: readProblems } = await readAll(files);
  let problems = readProblems;
  if (records.length === 0) throw new UserError(`no fix records in ${files.join(', ')}`, 1);
  const result = minePatterns(records, { context: options.context });
  for (const error of result.errors) output.message(error);
  problems += result.errors.length;
  for (const violation of result.violations) output.log(`internal check failed: ${violation}`);
  if (result.file.records.length === 0) throw new UserError('no usable fix records (see the messages above)', 1);
  let patternsFile: PatternsFile = result.file;
  if (options.reference !== undefined) {
    const dir = options.reference;
    let reference: ReferenceCounts;
    try {
      reference = await measureReference(result.file, dir, output.message);
    } catch (err) {
      throw cannotRead(dir, err);
    }
    if (reference.files === 0) throw new UserError(`${dir}: no Python file that parses`, 1);
    output.message(`patterns: reference ${dir}: ${reference.files} files (${reference.skipped} skipped), ${reference.nodes} nodes matched against ${result.file.nodes.length} patterns`);
    patternsFile = withReference(result.file, reference);
  }
  try {
    await writePatternsFile(options.output, patternsFile);
  } catch (err) {
    throw new UserError(`cannot write ${options.output}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  const leaves = result.file.nodes.filter((n) => n.children.length === 0).length;
  output.message(
    `patterns: ${result.file.records.length} edits from ${records.length} records (${problems} problems), ` +
      `${result.file.nodes.length - leaves} merges, ${result.file.roots.length} trees, ${result.file.patterns.length} patterns with ≥ 2 repositories -> ${options.output}`,
  );
  if (result.violations.length > 0) process.exitCode = 70;
}


async function suggest(path: string, options: SuggestCommandOptions): Promise<void> {
  const patternsFile = await load(options.patterns);
  const bytes = await readNamedFile(path);
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
  if (options.function !== undefined && functionNamed(module, options.function).length === 0) {
    throw new UserError(`${path}: no function ${options.function}`, 1);
  }
  const suggestions = suggestFixes(module, patternsFile, {
    ...(options.line !== undefined ? { line: options.line } : {}),
    ...(options.function !== undefined ? { function: options.function } : {}),
    top: options.top,
  });
  if (options.json) {
    const out = {
      file: path,
      suggestions: suggestions.map((s, i) => ({
        rank: i + 1,
        pattern: s.pattern,
        group: s.group,
        function: s.function,
        range: s.range,
        score: s.score,
        parts: s.parts,
        pattern_before: s.patternBefore,
        pattern_after: s.patternAfter,
        diff: unifiedDiff(path, source, s.text),
      })),
    };
    output.result(JSON.stringify(out, null, 2) + '\n');
    return;
  }
  if (suggestions.length === 0) {
    output.message(`${path}: no pattern matches`);
    return;
  }
  suggestions.forEach((s, i) => {
    output.result(
      `# ${i + 1}. pattern #${s.pattern} [${s.group}] at ${s.range.start.line}:${s.range.start.column}${s.function === null ? '' : ` in ${s.function}`}, score ${s.score.toFixed(3)} ` +
        `(prevalence ${s.parts.prevalence.toFixed(2)} × specificity ${s.parts.specificity.toFixed(2)} × proximity ${s.parts.proximity.toFixed(2)})\n`,
    );
    output.result(unifiedDiff(path, source, s.text));
  });
}
