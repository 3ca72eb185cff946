/**
 * Finding the sample `bugmine show` displays in a data file, streaming: by its index in the file, or
 * as the first sample of a function (its `graph.path` and name). A selection that matches nothing is
 * a one-line `UserError` saying what the file does hold.
 */
import { UserError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import { asSample, MalformedSampleError, type Sample } from '../export/sample.js';
import { DataFileError } from '../io/errors.js';
import { readSamples } from '../io/reader.js';
import { functionNameOf, sampleView, type SampleView } from './view.js';

export type Selection = { readonly index: number } | { readonly path: string; readonly functionName: string };

export interface Selected {
  readonly view: SampleView;
  /** The indices of the other samples of the same function (same path, name and start), in file order. */
  readonly sameFunction: readonly number[];
  /** One-line problems met while searching (malformed samples, a file that could not be read to its end). */
  readonly problems: readonly string[];
}

const LISTED = 8;

function listSome(items: Iterable<string>): string {
  const all = [...items];
  const shown = all.slice(0, LISTED).map((item) => JSON.stringify(item));
  return shown.join(', ') + (all.length > LISTED ? `, ... (${all.length} in all)` : '');
}

function checked(file: string, index: number, value: unknown): Sample {
  try {
    return asSample(value);
  } catch (err) {
    if (err instanceof MalformedSampleError) throw new UserError(`${file}: sample ${index}: not a sample: ${err.message}`, EXIT.badInput);
    throw err;
  }
}

async function selectByIndex(file: string, wanted: number): Promise<Selected> {
  let index = 0;
  for await (const value of readSamples(file)) {
    if (index === wanted) return { view: sampleView(file, index, checked(file, index, value)), sameFunction: [], problems: [] };
    index++;
  }
  throw new UserError(`${file}: no sample ${wanted} (the file has ${index} samples, numbered from 0)`);
}

function startOf(sample: Sample): string {
  return sample.graph.code_range[0].join(':');
}

async function selectByFunction(file: string, path: string, functionName: string): Promise<Selected> {
  const problems: string[] = [];
  const paths = new Set<string>();
  const functionsOfPath = new Set<string>();
  let found: { view: SampleView; start: string } | undefined;
  const sameFunction: number[] = [];
  let index = 0;
  try {
    for await (const value of readSamples(file)) {
      let sample: Sample;
      try {
        sample = asSample(value);
      } catch (err) {
        if (!(err instanceof MalformedSampleError)) throw err;
        problems.push(`${file}: sample ${index}: not a sample: ${err.message}`);
        index++;
        continue;
      }
      paths.add(sample.graph.path);
      if (sample.graph.path === path) {
        const name = functionNameOf(sample.graph);
        if (name !== null) functionsOfPath.add(name);
        if (name === functionName) {
          if (found === undefined) found = { view: sampleView(file, index, sample), start: startOf(sample) };
          else if (startOf(sample) === found.start) sameFunction.push(index);
        }
      }
      index++;
    }
  } catch (err) {
    if (!(err instanceof DataFileError) || found === undefined) throw err;
    problems.push(err.message);
  }
  if (found !== undefined) return { view: found.view, sameFunction, problems };
  if (!paths.has(path)) {
    throw new UserError(`${file}: no sample of path ${JSON.stringify(path)} (the file's paths: ${paths.size === 0 ? 'none' : listSome([...paths].sort())})`);
  }
  throw new UserError(`${file}: no function ${JSON.stringify(functionName)} in ${JSON.stringify(path)} (its functions: ${listSome([...functionsOfPath].sort())})`);
}

/** The selected sample of `file`. Throws a `UserError` (or the `DataFileError` that stopped the search). */
export function selectSample(file: string, selection: Selection): Promise<Selected> {
  return 'index' in selection ? selectByIndex(file, selection.index) : selectByFunction(file, selection.path, selection.functionName);
}
