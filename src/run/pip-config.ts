/**
 * The pip configuration package jobs get, decided once by the host and given alike to both
 * executors, so that a local run and a Docker run install the same things:
 * - the host's `PIP_*` variables of an allow-list (where to find packages and how to choose them;
 *   none that moves the install out of the job's venv, such as PIP_TARGET, PIP_PREFIX, PIP_USER
 *   or PIP_PYTHON); others are left out with a warning;
 * - exactly one config file: the one PIP_CONFIG_FILE names, else the user's pip.conf or else the
 *   machine-wide one, where pip looks for them, else none (`PIP_CONFIG_FILE=/dev/null`, which
 *   makes pip read no config file); its text is copied into each container;
 * - the local directories of PIP_FIND_LINKS (made absolute) and of the config file's `find-links`,
 *   for containers to mount read-only at the same paths.
 */
import { readFileSync, statSync } from 'node:fs';
import { devNull } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from '../errors.js';

/** The PIP_ variables passed to package jobs: pip install's choices of index, files and versions. */
export const PASSED_PIP_VARIABLES: readonly string[] = [
  'PIP_INDEX_URL',
  'PIP_EXTRA_INDEX_URL',
  'PIP_FIND_LINKS',
  'PIP_NO_INDEX',
  'PIP_TRUSTED_HOST',
  'PIP_CERT',
  'PIP_DEFAULT_TIMEOUT',
  'PIP_TIMEOUT',
  'PIP_RETRIES',
  'PIP_PROXY',
  'PIP_ONLY_BINARY',
  'PIP_NO_BINARY',
  'PIP_PREFER_BINARY',
  'PIP_PRE',
  'PIP_NO_DEPS',
  'PIP_NO_BUILD_ISOLATION',
  'PIP_USE_PEP517',
  'PIP_UPGRADE_STRATEGY',
  'PIP_IGNORE_REQUIRES_PYTHON',
  'PIP_USE_FEATURE',
  'PIP_USE_DEPRECATED',
  'PIP_PROGRESS_BAR',
  'PIP_DISABLE_PIP_VERSION_CHECK',
  'PIP_NO_INPUT',
  'PIP_NO_CACHE_DIR',
  'PIP_ROOT_USER_ACTION',
];

/** The largest pip.conf copied into a job. */
export const MAX_PIP_CONFIG_BYTES = 1024 * 1024;
const MAX_VALUE_CHARS = 8192;
const URL_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

export interface PipSettings {
  /** Allowed PIP_ variables and their values (PIP_FIND_LINKS with local entries made absolute). */
  readonly env: Readonly<Record<string, string>>;
  /** The config file pip reads (absolute path), or null: none. */
  readonly configFile: string | null;
  /** Its text, copied into containers. */
  readonly configText: string | null;
  /** Local directories (and files) of PIP_FIND_LINKS, absolute: containers mount them read-only. */
  readonly findLinksPaths: readonly string[];
  /** PIP_ variables of the host that are not passed. */
  readonly ignored: readonly string[];
}

/** Reads the pip settings from `hostEnv`; a bad value or an unreadable config file is a UserError naming it. */
export function readPipSettings(hostEnv: NodeJS.ProcessEnv, where: PipConfigPlaces): PipSettings {
  const env: Record<string, string> = {};
  const ignored: string[] = [];
  for (const [name, value] of Object.entries(hostEnv)) {
    if (!name.startsWith('PIP_') || value === undefined || name === 'PIP_CONFIG_FILE') continue;
    if (!PASSED_PIP_VARIABLES.includes(name)) {
      ignored.push(name);
      continue;
    }
    if (value.length > MAX_VALUE_CHARS || /[\0\n\r]/.test(value)) throw new UserError(`${name}: not passed to package jobs: a value of more than ${MAX_VALUE_CHARS} characters or with a line break`);
    env[name] = value;
  }
  const findLinksPaths: string[] = [];
  if (env['PIP_FIND_LINKS'] !== undefined) {
    // pip splits the variable on whitespace.
    env['PIP_FIND_LINKS'] = env['PIP_FIND_LINKS']
      .split(/\s+/)
      .filter((entry) => entry !== '')
      .map((entry) => {
        const path = localPath(entry, where.cwd);
        if (path === null) return entry;
        if (statSync(path, { throwIfNoEntry: false }) !== undefined) findLinksPaths.push(path);
        return entry.startsWith('file:') ? entry : path;
      })
      .join(' ');
  }
  const configFile = pipConfigFile(hostEnv, where);
  let configText: string | null = null;
  if (configFile !== null) {
    const info = statSync(configFile, { throwIfNoEntry: false });
    if (info === undefined || !info.isFile()) throw new UserError(`${configFile}: the pip config file (PIP_CONFIG_FILE) is not a regular file`);
    if (info.size > MAX_PIP_CONFIG_BYTES) throw new UserError(`${configFile}: the pip config file is over ${MAX_PIP_CONFIG_BYTES} bytes`);
    try {
      configText = readFileSync(configFile, 'utf8');
    } catch (error) {
      throw new UserError(`${configFile}: cannot read the pip config file: ${(error as Error).message}`);
    }
    for (const entry of configFindLinks(configText)) {
      const path = localPath(entry, where.cwd);
      if (path !== null && !findLinksPaths.includes(path) && statSync(path, { throwIfNoEntry: false }) !== undefined) findLinksPaths.push(path);
    }
  }
  return { env, configFile, configText, findLinksPaths, ignored: ignored.sort() };
}

/** Where the host is, for finding pip's config files. */
export interface PipConfigPlaces {
  readonly cwd: string;
  readonly home: string;
  /** The machine-wide pip config files, most specific first (default: as pip finds them on Linux). */
  readonly machineFiles?: readonly string[];
}

/** pip's machine-wide config files on Linux: `pip/pip.conf` in each XDG config directory, then /etc/pip.conf. */
function machineConfigFiles(hostEnv: NodeJS.ProcessEnv): string[] {
  const dirs = (hostEnv['XDG_CONFIG_DIRS'] || '/etc/xdg').split(':').filter((dir) => isAbsolute(dir));
  return [...dirs.map((dir) => join(dir, 'pip', 'pip.conf')), '/etc/pip.conf'];
}

/**
 * The config file of PIP_CONFIG_FILE (null for os.devnull), else the first that exists of the
 * user's pip.conf and the machine-wide ones, where pip looks for them; else null.
 */
function pipConfigFile(hostEnv: NodeJS.ProcessEnv, where: PipConfigPlaces): string | null {
  const named = hostEnv['PIP_CONFIG_FILE'];
  if (named !== undefined && named !== '') return named === devNull ? null : resolve(where.cwd, named);
  const xdg = hostEnv['XDG_CONFIG_HOME'];
  const candidates = [
    join(xdg !== undefined && isAbsolute(xdg) ? xdg : join(where.home, '.config'), 'pip', 'pip.conf'),
    join(where.home, '.pip', 'pip.conf'),
    ...(where.machineFiles ?? machineConfigFiles(hostEnv)),
  ];
  return candidates.find((file) => statSync(file, { throwIfNoEntry: false })?.isFile() === true) ?? null;
}

/**
 * The `find-links` entries of a pip config file's `[global]` and `[install]` sections (INI, as
 * pip's configparser reads it: `key = value` or `key: value`, indented lines continuing a value).
 */
export function configFindLinks(text: string): string[] {
  const entries: string[] = [];
  let section = '';
  let key: string | null = null;
  for (const raw of text.split(/\r?\n/)) {
    if (/^\s*([#;]|$)/.test(raw)) continue;
    const header = /^\[([^\]]+)\]\s*$/.exec(raw);
    if (header !== null) {
      section = header[1]!.trim().toLowerCase();
      key = null;
      continue;
    }
    const continued: boolean = /^\s/.test(raw) && key !== null;
    const pair: RegExpExecArray | null = continued ? null : /^([^=:]+)[=:](.*)$/.exec(raw);
    if (pair !== null) key = pair[1]!.trim().toLowerCase().replace(/_/g, '-');
    const value = continued ? raw : (pair?.[2] ?? '');
    if (key === 'find-links' && (section === 'global' || section === 'install')) entries.push(...value.split(/\s+/).filter((entry: string) => entry !== ''));
  }
  return entries;
}

/** The local path of a find-links entry (a path or a file: URL), absolute; null for a remote URL. */
function localPath(entry: string, cwd: string): string | null {
  if (entry.startsWith('file:')) {
    try {
      return fileURLToPath(entry);
    } catch {
      return null;
    }
  }
  if (URL_SCHEME.test(entry)) return null;
  return resolve(cwd, entry);
}

/**
 * The environment of a local package job: the host's, without any PIP_ variable, plus the pip
 * settings (the same as a container gets).
 */
export function localJobEnvironment(hostEnv: NodeJS.ProcessEnv, pip: PipSettings): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(hostEnv)) if (!name.startsWith('PIP_')) env[name] = value;
  return { ...env, ...pip.env, PIP_CONFIG_FILE: pip.configFile ?? devNull };
}

/** The warning about the host's PIP_ variables that package jobs do not get, or null. */
export function ignoredPipWarning(pip: PipSettings): string | null {
  if (pip.ignored.length === 0) return null;
  return `not passed to package jobs (they would move or change the install outside its venv, or are not pip install's): ${pip.ignored.join(', ')}`;
}
