import type { Command } from 'commander';
import { UserError } from '../errors.js';
import { writeFileAtomic } from '../io/atomic-file.js';
import { renderHtml } from '../show/html.js';
import { selectSample, type Selection } from '../show/select.js';
import { renderTerminal } from '../show/terminal.js';
import { output } from '../output.js';

interface ShowOptions {
  index?: number;
  path?: string;
  function?: string;
  html?: string;
}

export function register(program: Command): void {
  program
    .command('show')
    .summary('show one sample: its code with the bug marked, the candidate rewrites, the graph (--html)')
    .description(
      'show one sample of a data file: the function with the bug and its fix marked, the candidate rewrites with the target ' +
        'marked, and the node and edge counts by kind; --html also writes a self-contained page with the graph drawn ' +
        '(each edge kind can be switched on and off). The sample is the one at --index (default 0), or the first of the ' +
        'function --function in --path. See docs/show.md.',
    )
    .argument('<DATAFILE>', 'a data file (*.msgpack.l.gz)')
    .option('--index <N>', 'the sample at position N of the file (from 0)', nonNegativeInteger('--index'))
    .option('--path <P>', "the file the function is in (its graph.path); with --function")
    .option('--function <NAME>', 'the function (or method) name; with --path')
    .option('--html <OUT.html>', 'also write the sample as a self-contained HTML page')
    .action(async (file: string, options: ShowOptions) => {
      await show(file, options);
    });
}

function selectionOf(options: ShowOptions): Selection {
  const byFunction = options.path !== undefined || options.function !== undefined;
  if (byFunction && options.index !== undefined) throw new UserError('show: give either --index or --path with --function, not both');
  if (!byFunction) return { index: options.index ?? 0 };
  if (options.path === undefined || options.function === undefined) throw new UserError('show: --path and --function go together');
  return { path: options.path, functionName: options.function };
}

async function show(file: string, options: ShowOptions): Promise<void> {
  const selected = await selectSample(file, selectionOf(options));
  for (const problem of selected.problems) output.log(problem);
  output.result(renderTerminal(selected.view, selected.sameFunction));
  if (options.html !== undefined) {
    try {
      await writeFileAtomic(options.html, renderHtml(selected.view));
    } catch (err) {
      throw new UserError(`show: cannot write ${options.html}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
    output.log(`wrote ${options.html}`);
  }
}

function nonNegativeInteger(name: string): (text: string) => number {
  return (text) => {
    if (!/^\d+$/.test(text.trim())) throw new UserError(`${name} must be a non-negative integer, got '${text}'`);
    return Number(text);
  };
}
