/**
 * A small local package index (a `--find-links` directory) made from the machine's Python standard
 * library, for the offline quick start, the tests and the pipeline benchmark: each distribution is
 * a few stdlib modules packaged as a wheel (or a broken sdist), built with python3's own `zipfile`
 * and `tarfile` command-line tools, so nothing comes from the network.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface DemoWheel {
  /** Project name (PEP 503 normalised form is used for file names). */
  readonly name: string;
  readonly version: string;
  /** Import package created in site-packages. */
  readonly importName: string;
  /** Stdlib modules copied into it: `<module>.py` → `<importName>/<module>.py` (first one also as `__init__.py`). */
  readonly modules: readonly string[];
}

/** The bundled default: three small distributions made of stdlib modules. */
export const DEFAULT_DEMO_WHEELS: readonly DemoWheel[] = [
  { name: 'bugmine-demo-colors', version: '1.0.0', importName: 'bugmine_demo_colors', modules: ['colorsys'] },
  { name: 'bugmine-demo-text', version: '2.1.0', importName: 'bugmine_demo_text', modules: ['textwrap', 'shlex'] },
  { name: 'bugmine-demo-algorithms', version: '0.3.0', importName: 'bugmine_demo_algorithms', modules: ['bisect', 'heapq', 'graphlib'] },
];

export function stdlibDir(python = 'python3'): string {
  return execFileSync(python, ['-I', '-c', 'import sysconfig; print(sysconfig.get_paths()["stdlib"])'], { encoding: 'utf8' }).trim();
}

function distName(name: string): string {
  return name.replace(/[-_.]+/g, '_').toLowerCase();
}

/** Writes `<name>-<version>-py3-none-any.whl` into `indexDir`. */
export function buildWheel(indexDir: string, wheel: DemoWheel, python = 'python3'): string {
  const stdlib = stdlibDir(python);
  const staging = mkdtempSync(join(tmpdir(), 'bugmine-wheel-'));
  try {
    const pkg = join(staging, wheel.importName);
    mkdirSync(pkg);
    const files: string[] = [];
    wheel.modules.forEach((module, i) => {
      copyFileSync(join(stdlib, `${module}.py`), join(pkg, `${module}.py`));
      files.push(`${wheel.importName}/${module}.py`);
      if (i === 0) {
        writeFileSync(join(pkg, '__init__.py'), `from .${module} import *\n`);
        files.push(`${wheel.importName}/__init__.py`);
      }
    });
    const info = `${distName(wheel.name)}-${wheel.version}.dist-info`;
    mkdirSync(join(staging, info));
    writeFileSync(join(staging, info, 'METADATA'), `Metadata-Version: 2.1\nName: ${wheel.name}\nVersion: ${wheel.version}\nSummary: stdlib modules packaged by bugmine for offline runs\n`);
    writeFileSync(join(staging, info, 'WHEEL'), 'Wheel-Version: 1.0\nGenerator: bugmine\nRoot-Is-Purelib: true\nTag: py3-none-any\n');
    const record = [...files, `${info}/METADATA`, `${info}/WHEEL`, `${info}/RECORD`].map((f) => `${f},,\n`).join('');
    writeFileSync(join(staging, info, 'RECORD'), record);
    mkdirSync(indexDir, { recursive: true });
    const target = join(indexDir, `${distName(wheel.name)}-${wheel.version}-py3-none-any.whl`);
    rmSync(target, { force: true });
    execFileSync(python, ['-m', 'zipfile', '-c', target, wheel.importName, info], { cwd: staging });
    return target;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** Writes an sdist `<name>-<version>.tar.gz` holding PKG-INFO and `files` (name → text) in `indexDir`. */
function writeSdist(indexDir: string, name: string, version: string, files: Readonly<Record<string, string>>, python: string): string {
  const staging = mkdtempSync(join(tmpdir(), 'bugmine-sdist-'));
  try {
    const base = `${distName(name)}-${version}`;
    mkdirSync(join(staging, base));
    writeFileSync(join(staging, base, 'PKG-INFO'), `Metadata-Version: 2.1\nName: ${name}\nVersion: ${version}\n`);
    for (const [file, text] of Object.entries(files)) writeFileSync(join(staging, base, file), text);
    mkdirSync(indexDir, { recursive: true });
    const target = join(indexDir, `${base}.tar.gz`);
    rmSync(target, { force: true });
    execFileSync(python, ['-m', 'tarfile', '-c', target, base], { cwd: staging });
    return target;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** Writes an sdist `<name>-<version>.tar.gz` whose `setup.py` runs `setupBody` (e.g. raises). */
export function buildSdist(indexDir: string, name: string, version: string, setupBody: string, python = 'python3'): string {
  const setup = `${setupBody}\nfrom setuptools import setup\nsetup(name=${JSON.stringify(name)}, version=${JSON.stringify(version)})\n`;
  return writeSdist(indexDir, name, version, { 'setup.py': setup }, python);
}

/** The default demo index in `indexDir`. */
export function buildDefaultIndex(indexDir: string, python = 'python3'): string[] {
  return DEFAULT_DEMO_WHEELS.map((wheel) => buildWheel(indexDir, wheel, python));
}

/**
 * Writes an sdist `<name>-<version>.tar.gz` with a PEP 517 build backend of its own (in-tree, with
 * no build requirements, so pip builds it offline) whose `build_wheel` runs `buildBody` (Python,
 * indented by the caller's four spaces): e.g. a loop that burns CPU, or a sleep.
 */
export function buildBackendSdist(indexDir: string, name: string, version: string, buildBody: string, python = 'python3'): string {
  return writeSdist(
    indexDir,
    name,
    version,
    {
      'pyproject.toml': '[build-system]\nrequires = []\nbuild-backend = "demo_backend"\nbackend-path = ["."]\n',
      'demo_backend.py': `def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):\n${buildBody}\n    raise SystemExit("demo backend builds nothing")\n`,
    },
    python,
  );
}
