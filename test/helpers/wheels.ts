/**
 * Wheels of any layout for extract tests (test files, vendored trees, dependencies), built with
 * python3's own `zipfile` tool into a `--find-links` directory: no network.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { stdlibDir } from '../../scripts/extract-demo/local-index.js';

export interface WheelSpec {
  readonly name: string;
  readonly version: string;
  /** Files of the wheel by path inside site-packages (its own dist-info is added). */
  readonly files: Record<string, string>;
  /** `Requires-Dist` lines of its METADATA. */
  readonly requires?: readonly string[];
}

let stdlib: string | null = null;
/** The source of a stdlib module (`textwrap`), so that extracted files give samples. */
export function stdlibSource(module: string): string {
  stdlib ??= stdlibDir();
  return readFileSync(join(stdlib, `${module}.py`), 'utf8');
}

export function distName(name: string): string {
  return name.replace(/[-_.]+/g, '_').toLowerCase();
}

/** Writes `<name>-<version>-py3-none-any.whl` into `indexDir` and returns its path. */
export function buildWheelOf(indexDir: string, spec: WheelSpec): string {
  const staging = mkdtempSync(join(tmpdir(), 'bugmine-wheel-'));
  try {
    const info = `${distName(spec.name)}-${spec.version}.dist-info`;
    const requires = (spec.requires ?? []).map((r) => `Requires-Dist: ${r}\n`).join('');
    const files: Record<string, string> = {
      ...spec.files,
      [`${info}/METADATA`]: `Metadata-Version: 2.1\nName: ${spec.name}\nVersion: ${spec.version}\n${requires}`,
      [`${info}/WHEEL`]: 'Wheel-Version: 1.0\nGenerator: bugmine-test\nRoot-Is-Purelib: true\nTag: py3-none-any\n',
    };
    files[`${info}/RECORD`] = [...Object.keys(files), `${info}/RECORD`].map((path) => `${path},,\n`).join('');
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(staging, path)), { recursive: true });
      writeFileSync(join(staging, path), content);
    }
    const tops = [...new Set(Object.keys(files).map((path) => path.split('/')[0]!))];
    mkdirSync(indexDir, { recursive: true });
    const target = join(indexDir, `${distName(spec.name)}-${spec.version}-py3-none-any.whl`);
    rmSync(target, { force: true });
    execFileSync('python3', ['-m', 'zipfile', '-c', target, ...tops], { cwd: staging });
    return target;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
