/**
 * The default search path for call resolution: the stdlib and site-packages directories of the
 * `python3` on PATH, as jedi's default environment used them. Asking the interpreter once is
 * environment discovery only; bugmine never runs Python to analyse code.
 */
import { execFileSync } from 'node:child_process';

const cache = new Map<string, string[]>();

const SCRIPT =
  'import json, sys, sysconfig\n' +
  'p = sysconfig.get_paths()\n' +
  'dirs = [p["stdlib"], p["platstdlib"], p["purelib"], p["platlib"]]\n' +
  'dirs += [d for d in sys.path if d and d.endswith(("site-packages", "dist-packages"))]\n' +
  'print(json.dumps(dirs))\n';

/** stdlib and site-packages of `python` (default `python3`), deduplicated; [] when there is none. */
export function discoverPythonPath(python = 'python3'): string[] {
  const known = cache.get(python);
  if (known !== undefined) return known;
  let dirs: string[] = [];
  try {
    const out = execFileSync(python, ['-I', '-c', SCRIPT], { encoding: 'utf8', timeout: 15_000, stdio: ['ignore', 'pipe', 'ignore'] });
    dirs = [...new Set(JSON.parse(out) as string[])];
  } catch {
    dirs = [];
  }
  cache.set(python, dirs);
  return dirs;
}
