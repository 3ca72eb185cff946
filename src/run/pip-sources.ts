/**
 * Where a package job's pip finds packages, as the `extract` options give them (`--index-url`,
 * `--extra-index-url`, `--find-links`, `--no-index`, `--pip-arg`): the pip install arguments they
 * make, the local directories a worker container must mount, and whether the worker needs a
 * network at all.
 */
import { resolve } from 'node:path';

export interface PipSources {
  readonly indexUrl?: string | undefined;
  readonly extraIndexUrls: readonly string[];
  /** Directories or URLs; a relative directory is taken from the current directory. */
  readonly findLinks: readonly string[];
  /** False with `--no-index`. */
  readonly index: boolean;
  /** Any other pip install arguments, passed as they are, last. */
  readonly extraArgs: readonly string[];
}

const URL_PATTERN = /^[a-z][a-z0-9+.-]*:\/\//i;

const isUrl = (link: string): boolean => URL_PATTERN.test(link);

/** pip's arguments; local --find-links directories become absolute (jobs run elsewhere). */
export function pipArguments(sources: PipSources): string[] {
  const args: string[] = [];
  if (sources.indexUrl !== undefined) args.push('--index-url', sources.indexUrl);
  for (const url of sources.extraIndexUrls) args.push('--extra-index-url', url);
  for (const link of sources.findLinks) args.push('--find-links', isUrl(link) ? link : resolve(link));
  if (!sources.index) args.push('--no-index');
  args.push(...sources.extraArgs);
  return args;
}

/** The local --find-links directories, absolute: a worker container mounts them read-only at the same paths. */
export function localFindLinks(sources: PipSources): string[] {
  return sources.findLinks.filter((link) => !isUrl(link)).map((link) => resolve(link));
}

/** No network for workers whose pip reads only local directories (a tighter sandbox, faster to start). */
export function defaultNetwork(sources: PipSources): 'none' | 'bridge' {
  const offline = !sources.index && sources.indexUrl === undefined && sources.extraIndexUrls.length === 0 && !sources.findLinks.some(isUrl);
  return offline ? 'none' : 'bridge';
}
