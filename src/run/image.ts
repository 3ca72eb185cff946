/**
 * The worker image, built without a registry: `debootstrap` a minimal Debian (python3, venv, pip,
 * Python headers, a C toolchain, git, CA certificates) from the host's own apt mirror, add this machine's `node` binary and a
 * non-root user, `tar | docker import` it as the base; then bugmine's built code with its runtime
 * dependencies goes on top with `docker build`. The tag
 * carries bugmine's version and a hash of its built code, so the image is rebuilt only when the
 * code changed; after a rebuild the stale code layers of earlier builds are pruned.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFile, chmod, chown, copyFile, cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type Docker from 'dockerode';
import { create as createTar } from 'tar';
import { UserError } from '../errors.js';
import { BUGMINE_VERSION } from '../version.js';
import { IMAGE_APP_DIR, WORKER_USER } from './worker-container.js';
import { IMAGE_REPOSITORY, IMAGE_REPOSITORY_LABEL, IMAGE_ROLE_LABEL, IMAGE_VERSION_LABEL } from './image-labels.js';
import { pinImage, pruneImages } from './image-prune.js';
import { findOnPath, MissingToolError, missingProgramOf } from './tools.js';

export { IMAGE_REPOSITORY } from './image-labels.js';
export const SUITE = 'bookworm';
/**
 * Debian packages of the base image (debootstrap --include); docker/Dockerfile gets the same from
 * its python image. A C toolchain and Python's headers, so that a package without a wheel for the
 * image builds there as it does on a developer's machine (psutil, pycrypto): without them the
 * Docker and local executors give different datasets.
 */
export const BASE_PACKAGES: readonly string[] = ['python3', 'python3-venv', 'python3-pip', 'python3-dev', 'build-essential', 'git', 'ca-certificates'];
export const WORKER_UID = 1000;
/** What IMAGE_APP_DIR holds: the built code, its package.json (version) and runtime dependencies. */
export const IMAGE_APP_CONTENTS: readonly string[] = ['package.json', 'dist', 'node_modules'];
/** PATH inside the worker image: node is in /usr/local/bin, python3 in /usr/bin (debootstrap) or /usr/local/bin (python image). */
export const WORKER_PATH = '/usr/local/bin:/usr/bin:/bin';
/** An automatic prune after a build spares younger images: another bugmine may have just built one and not yet started its containers. */
const AUTO_PRUNE_MIN_AGE_MS = 60 * 60 * 1000;

/** bugmine's installed root: the directory holding package.json, dist/ and node_modules/. */
export const APP_ROOT = fileURLToPath(new URL('../../', import.meta.url));

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(path)));
    else if (entry.isFile()) out.push(path);
  }
  return out.sort();
}

/** `bugmine-worker:<version>-<hash of dist/ and package.json>`. */
export async function imageTag(appRoot = APP_ROOT): Promise<string> {
  const hash = createHash('sha256');
  const dist = join(appRoot, 'dist');
  const built = await listFiles(dist).catch((error: NodeJS.ErrnoException) => {
    // Run from source (tsx) before `npm run build`: the image is made of the built code.
    if (error.code === 'ENOENT') throw new UserError(`${dist}: no such directory; the worker image holds bugmine's built code: run \`npm run build\` first`);
    throw error;
  });
  for (const file of [join(appRoot, 'package.json'), ...built]) {
    hash.update(relative(appRoot, file)).update('\0').update(await readFile(file)).update('\0');
  }
  return `${IMAGE_REPOSITORY}:${BUGMINE_VERSION}-${hash.digest('hex').slice(0, 12)}`;
}

/** The Debian mirror of the host's apt configuration (deb822 `.sources` or `sources.list`). */
export async function hostAptMirror(): Promise<string | null> {
  const dir = '/etc/apt/sources.list.d';
  const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.sources')).sort();
  for (const file of files) {
    for (const stanza of (await readFile(join(dir, file), 'utf8')).split(/\n\s*\n/)) {
      const field = (name: string): string[] => (new RegExp(`^${name}:\\s*(.+)$`, 'mi').exec(stanza)?.[1] ?? '').split(/\s+/).filter(Boolean);
      if (field('Types').includes('deb') && field('Suites').includes(SUITE)) return field('URIs')[0] ?? null;
    }
  }
  const list = await readFile('/etc/apt/sources.list', 'utf8').catch(() => '');
  for (const line of list.split('\n')) {
    const parts = line.trim().split(/\s+/);
    if (parts[0] === 'deb' && parts.includes(SUITE)) return parts.find((p) => /^[a-z]+:\/\//.test(p)) ?? null;
  }
  return null;
}

/** Runtime dependencies of bugmine (transitively), as directories under node_modules/. */
async function runtimePackages(appRoot: string): Promise<string[]> {
  const seen = new Set<string>();
  const visit = async (name: string): Promise<void> => {
    if (seen.has(name)) return;
    const manifest = await readFile(join(appRoot, 'node_modules', name, 'package.json'), 'utf8').catch(() => null);
    if (manifest === null) return; // an optional dependency for another platform
    seen.add(name);
    const pkg = JSON.parse(manifest) as { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> };
    for (const dep of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies })) await visit(dep);
  };
  const root = JSON.parse(await readFile(join(appRoot, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  for (const dep of Object.keys(root.dependencies ?? {})) await visit(dep);
  return [...seen].sort();
}

function run(program: string, args: string[], log: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    const collect = (d: Buffer): void => {
      tail = (tail + d.toString('utf8')).slice(-2000);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', (error) => reject(missingProgramOf(error) !== null ? new MissingToolError(program, IMAGE_WAYS_OUT) : error));
    child.on('close', (code) => (code === 0 ? resolve() : reject(new UserError(`${program} failed (exit ${code}): ${tail.trim().split('\n').slice(-5).join(' | ')}`))));
    log(`${program} ${args.join(' ')}`);
  });
}

export async function imageExists(docker: Docker, tag: string): Promise<boolean> {
  return docker
    .getImage(tag)
    .inspect()
    .then(() => true)
    .catch(() => false);
}

/**
 * The base image: minimal Debian with BASE_PACKAGES, this machine's node and the worker user. Its
 * tag names the package set too, so that a changed set builds a new base instead of reusing one.
 */
export function baseImageTag(): string {
  const packages = createHash('sha256').update(BASE_PACKAGES.join(' ')).digest('hex').slice(0, 8);
  return `${IMAGE_REPOSITORY}-base:${SUITE}-node${process.versions.node}-${packages}`;
}

/** How to get a worker image when this machine cannot build one with debootstrap. */
export const IMAGE_WAYS_OUT =
  'install debootstrap and run as root (apt-get install debootstrap); or, where a container registry is reachable, ' +
  'npm run build && docker build -f docker/Dockerfile -t "$(node dist/cli.js image tag)" . ; or use --executor local';

/** Why this machine cannot build the base image with debootstrap (not root, a tool or the apt mirror missing), or null. */
export async function baseImageBlocker(): Promise<string | null> {
  if (findOnPath('debootstrap') === null) return 'debootstrap is not installed (not on PATH)';
  if (findOnPath('tar') === null) return 'tar is not installed (not on PATH)';
  if (process.getuid !== undefined && process.getuid() !== 0) return 'debootstrap needs root and bugmine is not running as root';
  if ((await hostAptMirror()) === null) return `no Debian ${SUITE} mirror in this machine's apt configuration`;
  return null;
}

/** The worker image cannot be built here: says why and the ways out, on one line. */
export class ImageUnbuildableError extends UserError {
  constructor(readonly reason: string) {
    super(`cannot build the worker image: ${reason}. Ways out: ${IMAGE_WAYS_OUT}`);
    this.name = 'ImageUnbuildableError';
  }
}

async function buildBaseImage(docker: Docker, tag: string, log: (line: string) => void): Promise<void> {
  const blocker = await baseImageBlocker();
  const mirror = await hostAptMirror();
  if (blocker !== null || mirror === null) throw new ImageUnbuildableError(blocker ?? `no Debian ${SUITE} mirror in this machine's apt configuration`);
  const rootfs = await mkdtemp(join(tmpdir(), 'bugmine-rootfs-'));
  try {
    await run('debootstrap', ['--variant=minbase', `--include=${BASE_PACKAGES.join(',')}`, SUITE, rootfs, mirror], log);
    await copyFile(process.execPath, join(rootfs, 'usr', 'local', 'bin', 'node'));
    await chmod(join(rootfs, 'usr', 'local', 'bin', 'node'), 0o755);
    await appendFile(join(rootfs, 'etc', 'passwd'), `${WORKER_USER}:x:${WORKER_UID}:${WORKER_UID}::/home/${WORKER_USER}:/bin/sh\n`);
    await appendFile(join(rootfs, 'etc', 'group'), `${WORKER_USER}:x:${WORKER_UID}:\n`);
    await mkdir(join(rootfs, 'home', WORKER_USER), { recursive: true });
    await chown(join(rootfs, 'home', WORKER_USER), WORKER_UID, WORKER_UID);
    await rm(join(rootfs, 'var', 'cache', 'apt', 'archives'), { recursive: true, force: true });
    log(`tar | docker import ${tag}`);
    const tar = spawn('tar', ['-C', rootfs, '--numeric-owner', '-c', '.'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const tarFailed = new Promise<never>((_, reject) => tar.on('error', (error) => reject(missingProgramOf(error) !== null ? new MissingToolError('tar', IMAGE_WAYS_OUT) : error)));
    tarFailed.catch(() => undefined); // observed by the race below; a late failure must not go unhandled
    const [repo, version] = tag.split(':') as [string, string];
    const changes = [`LABEL ${IMAGE_ROLE_LABEL}=worker-base`, `LABEL ${IMAGE_REPOSITORY_LABEL}=${IMAGE_REPOSITORY}`];
    await Promise.race([tarFailed, docker.importImage(tar.stdout, { repo, tag: version, changes }).then((stream) => follow(docker, stream))]);
  } finally {
    await rm(rootfs, { recursive: true, force: true });
  }
}

function follow(docker: Docker, stream: NodeJS.ReadableStream): Promise<void> {
  return new Promise<void>((resolve, reject) =>
    docker.modem.followProgress(stream, (error: Error | null, events: { error?: string }[]) => {
      const failed = events?.find((event) => event.error !== undefined);
      if (error) reject(error);
      else if (failed) reject(new UserError(`docker: ${failed.error}`));
      else resolve();
    }),
  );
}

export interface BuildImageOptions {
  /** Rebuild the base and the code layer even when they exist. */
  readonly force?: boolean;
  /** Remove stale worker images after building a new one (default true). */
  readonly prune?: boolean;
  /**
   * Mark the image as in use by this process until it exits (default true: the caller is about to
   * run containers of it), so that no other bugmine's prune removes it meanwhile.
   */
  readonly pin?: boolean;
  readonly log: (line: string) => void;
}

/**
 * Builds the worker image unless an image with this code's tag exists; returns the tag. The base
 * (debootstrap, about a minute) is built once per Debian suite and node version; bugmine's code is
 * a layer on top, made by `docker build` from the local base (no registry involved).
 */
export async function buildImage(docker: Docker, options: BuildImageOptions): Promise<string> {
  const tag = await imageTag();
  if (!options.force && (await imageExists(docker, tag))) {
    options.log(`image ${tag} is up to date`);
    if (options.pin !== false) await pinQuietly(docker, tag, options.log);
    return tag;
  }
  const base = baseImageTag();
  if (options.force || !(await imageExists(docker, base))) await buildBaseImage(docker, base, options.log);
  const context = await mkdtemp(join(tmpdir(), 'bugmine-image-'));
  try {
    const app = join(context, 'app');
    await mkdir(join(app, 'node_modules'), { recursive: true });
    await cp(join(APP_ROOT, 'dist'), join(app, 'dist'), { recursive: true });
    await copyFile(join(APP_ROOT, 'package.json'), join(app, 'package.json'));
    for (const name of await runtimePackages(APP_ROOT)) {
      await cp(join(APP_ROOT, 'node_modules', name), join(app, 'node_modules', name), { recursive: true, dereference: true });
    }
    await writeFile(
      join(context, 'Dockerfile'),
      `FROM ${base}\nENV PATH=${WORKER_PATH}\nCOPY app ${IMAGE_APP_DIR}\nUSER ${WORKER_USER}\nWORKDIR /home/${WORKER_USER}\n`,
    );
    options.log(`docker build ${tag}`);
    const tarball = createTar({ cwd: context, portable: true }, ['Dockerfile', 'app']);
    const labels = { [IMAGE_ROLE_LABEL]: 'worker', [IMAGE_VERSION_LABEL]: BUGMINE_VERSION, [IMAGE_REPOSITORY_LABEL]: IMAGE_REPOSITORY };
    await follow(docker, await docker.buildImage(tarball as unknown as NodeJS.ReadableStream, { t: tag, labels }));
    if (!(await imageExists(docker, tag))) throw new UserError(`docker build did not produce ${tag}`);
    if (options.pin !== false) await pinQuietly(docker, tag, options.log);
    if (options.prune !== false) await pruneAfterBuild(docker, tag, options.log);
    return tag;
  } finally {
    await rm(context, { recursive: true, force: true });
  }
}

/** A pin only protects against other bugmines' prunes: failing to make one must not stop the run. */
async function pinQuietly(docker: Docker, tag: string, log: (line: string) => void): Promise<void> {
  await pinImage(docker, tag).catch((error: unknown) => log(`could not pin ${tag}: ${error instanceof Error ? error.message : String(error)}`));
}

/** Keeps the new image and the one before it; a failure here never fails the build. */
async function pruneAfterBuild(docker: Docker, tag: string, log: (line: string) => void): Promise<void> {
  try {
    const policy = { currentTag: tag, currentBaseTag: baseImageTag(), keepPrevious: 1, minAgeMs: AUTO_PRUNE_MIN_AGE_MS, now: Date.now() };
    const { removed, failed } = await pruneImages(docker, policy);
    if (removed.length > 0) log(`removed ${removed.length} stale worker image(s): ${removed.join(', ')}`);
    for (const { reference, error } of failed) log(`could not remove ${reference}: ${error}`);
  } catch (error) {
    log(`pruning stale worker images failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
