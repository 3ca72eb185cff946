// The tests' pip sees only what each test gives it: package jobs pass the host's pip settings on
// (src/run/pip-config.ts), so a machine's PIP_ variables or pip.conf (an index, find-links, a
// timeout) would otherwise reach every install the tests make. Tests that check that passing set
// their own PIP_ variables and PIP_CONFIG_FILE.
import { devNull } from 'node:os';

/** Python variables that change what an interpreter imports (and so what pip does). */
const PYTHON_VARIABLES = ['PYTHONPATH', 'PYTHONHOME', 'PYTHONSTARTUP', 'PYTHONUSERBASE'];

/** Removes the PIP_ and import-path variables from `env` and points pip at no config file. */
export function makePipHermetic(env: NodeJS.ProcessEnv): void {
  for (const name of Object.keys(env)) if (name.startsWith('PIP_') || PYTHON_VARIABLES.includes(name)) delete env[name];
  env['PIP_CONFIG_FILE'] = devNull;
  env['PIP_DISABLE_PIP_VERSION_CHECK'] = '1';
}
