// docker/Dockerfile and docker/k8s-job.yaml cannot be built or run here (no registry, no cluster),
// so this checks statically that they agree with the code: the Dockerfile makes the image that
// `bugmine image build` makes (same user, uid, paths, PATH, Debian suite, packages, labels), and the
// Kubernetes job runs a real bugmine command whose arguments bugmine's own CLI parser accepts.
import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { loadCommands } from '../../src/commands/index.js';
import { IMAGE_APP_DIR, WORKER_USER } from '../../src/run/worker-container.js';
import { BASE_PACKAGES, IMAGE_APP_CONTENTS, imageTag, SUITE, WORKER_PATH, WORKER_UID } from '../../src/run/image.js';
import { UserError } from '../../src/errors.js';
import { IMAGE_REPOSITORY } from '../../src/run/image-labels.js';
import { classifyImage } from '../../src/run/image-prune.js';
import type { Shard } from '../../src/run/shard.js';
import { REPO_ROOT } from '../helpers/cli.js';

interface Instruction {
  keyword: string;
  rest: string;
}

/** Dockerfile instructions (continuation lines joined, comments dropped), split into stages at FROM. */
function parseDockerfile(text: string): { args: Instruction[]; stages: Instruction[][] } {
  const logical = text
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join('\n')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const args: Instruction[] = [];
  const stages: Instruction[][] = [];
  for (const line of logical) {
    const [, keyword, rest] = /^(\w+)\s+(.*)$/.exec(line)!;
    const instruction = { keyword: keyword!.toUpperCase(), rest: rest!.replace(/\s+/g, ' ') };
    if (instruction.keyword === 'FROM') stages.push([instruction]);
    else if (stages.length === 0) args.push(instruction);
    else stages.at(-1)!.push(instruction);
  }
  return { args, stages };
}

function all(stage: Instruction[], keyword: string): string[] {
  return stage.filter((i) => i.keyword === keyword).map((i) => i.rest);
}

const dockerfile = parseDockerfile(readFileSync(join(REPO_ROOT, 'docker', 'Dockerfile'), 'utf8'));
const final = dockerfile.stages.at(-1)!;
const nodeMajor = /^NODE_MAJOR=(\d+)$/.exec(dockerfile.args.find((a) => a.keyword === 'ARG')?.rest ?? '')?.[1];

describe('docker/Dockerfile makes the image bugmine image build makes', () => {
  it('runs as the worker user with its uid and home, as the executor expects', () => {
    expect(all(final, 'USER')).toEqual([WORKER_USER]);
    expect(all(final, 'WORKDIR')).toEqual([`/home/${WORKER_USER}`]);
    const useradd = all(final, 'RUN').join(' ');
    expect(useradd).toMatch(new RegExp(`useradd [^&]*--uid ${WORKER_UID}\\b[^&]* ${WORKER_USER}\\b`));
    expect(useradd).toMatch(/--create-home/);
  });

  it('puts exactly what the debootstrap build puts into the app directory, node on the PATH', () => {
    const copies = all(final, 'COPY').map((c) => c.split(' ').at(-1)!);
    const appEntries = copies.filter((target) => target.startsWith(`${IMAGE_APP_DIR}/`)).map((t) => t.slice(IMAGE_APP_DIR.length + 1));
    expect(appEntries.sort()).toEqual([...IMAGE_APP_CONTENTS].sort());
    expect(copies).toContain('/usr/local/bin/node');
    expect(all(final, 'ENV')).toContain(`PATH=${WORKER_PATH}`);
    expect(WORKER_PATH.split(':')).toContain('/usr/local/bin');
  });

  it('is Debian of the same suite with the same packages, and Node of a major bugmine supports', () => {
    const froms = dockerfile.stages.map((s) => s[0]!.rest.split(' ')[0]!);
    expect(froms.at(-1)).toMatch(new RegExp(`^python:3\\.\\d+-slim-${SUITE}$`));
    for (const from of froms.slice(0, -1)) expect(from).toBe(`node:\${NODE_MAJOR}-${SUITE}-slim`);
    const engines = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).engines.node as string;
    expect(Number(nodeMajor)).toBeGreaterThanOrEqual(Number(/^>=(\d+)/.exec(engines)![1]));
    // python3, its venv, pip and headers come with the python image; every other package is installed
    const installed = /apt-get install ([^&]*)/.exec(all(final, 'RUN').join(' '))![1]!.split(' ').filter((w) => w !== '' && !w.startsWith('-'));
    for (const pkg of BASE_PACKAGES) if (!/^python3(-venv|-pip|-dev)?$/.test(pkg)) expect(installed, pkg).toContain(pkg);
  });

  it('labels the image so that image list and prune know it as a worker image', () => {
    const labels = Object.fromEntries(all(final, 'LABEL').flatMap((l) => l.split(' ')).map((kv) => kv.split('=') as [string, string]));
    expect(classifyImage([`${IMAGE_REPOSITORY}:0.1.0-000000000000`], labels, IMAGE_REPOSITORY)?.role).toBe('worker');
    expect(classifyImage(['<none>:<none>'], labels, IMAGE_REPOSITORY)?.role).toBe('worker');
  });

  it('copies from the build context only what exists there and what its dockerignore lets through', () => {
    const sources = dockerfile.stages.flatMap((s) => all(s, 'COPY')).filter((c) => !c.startsWith('--from')).flatMap((c) => c.split(' ').slice(0, -1));
    const ignore = readFileSync(join(REPO_ROOT, 'docker', 'Dockerfile.dockerignore'), 'utf8').split('\n').filter((l) => l !== '' && !l.startsWith('#'));
    expect(ignore[0]).toBe('*');
    for (const source of sources) {
      expect(existsSync(join(REPO_ROOT, source)), source).toBe(true);
      expect(ignore.some((p) => p === `!${source}` || p === `!${source}/**`), source).toBe(true);
    }
  });
});

/** The few fields of docker/k8s-job.yaml this test needs, read line by line (no YAML dependency). */
function readJob(text: string) {
  const lines = text.split('\n').filter((l) => !/^\s*#/.test(l));
  const scalar = (key: string): string => {
    const found = lines.map((l) => new RegExp(`^\\s*${key}:\\s*(.+?)\\s*$`).exec(l)).find((m) => m !== null);
    if (!found) throw new Error(`no ${key} in the job`);
    return found[1]!;
  };
  const argsAt = lines.findIndex((l) => /^\s*args:\s*$/.test(l));
  const args: string[] = [];
  for (const line of lines.slice(argsAt + 1)) {
    const item = /^\s*- (.+)$/.exec(line);
    if (item === null) break;
    args.push(item[1]!.trim());
  }
  const envAt = lines.findIndex((l) => /^\s*env:\s*$/.test(l));
  const envIndent = envAt === -1 ? 0 : lines[envAt]!.search(/\S/);
  const envEnd = envAt === -1 ? -1 : lines.findIndex((l, i) => i > envAt && l.search(/\S/) <= envIndent);
  const envNames = (envAt === -1 ? [] : lines.slice(envAt + 1, envEnd)).map((l) => /^\s*- name: (\w+)\s*$/.exec(l)?.[1]).filter((n): n is string => n !== undefined);
  return {
    completions: Number(scalar('completions')),
    parallelism: Number(scalar('parallelism')),
    runAsUser: Number(scalar('runAsUser')),
    image: scalar('image'),
    command: JSON.parse(scalar('command')) as string[],
    args,
    envNames,
    cpuLimit: Number(/cpu: "(\d+)"/.exec(scalar('limits'))![1]),
  };
}

/** bugmine's own CLI parser on `extract ARGS`, with the action replaced by capturing what it got. */
async function parseExtract(args: string[]): Promise<{ packages: string; out: string; options: Record<string, unknown> }> {
  const program = new Command().exitOverride().configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
  for (const command of await loadCommands()) command.register(program);
  let parsed: { packages: string; out: string; options: Record<string, unknown> } | undefined;
  program.commands.find((c) => c.name() === 'extract')!.action((packages: string, out: string, options: Record<string, unknown>) => {
    parsed = { packages, out, options };
  });
  await program.parseAsync(args, { from: 'user' });
  return parsed!;
}

describe('docker/k8s-job.yaml runs a real bugmine command', () => {
  const job = readJob(readFileSync(join(REPO_ROOT, 'docker', 'k8s-job.yaml'), 'utf8'));

  it('starts the CLI of the image as the worker uid', () => {
    expect(job.command.slice(0, 2)).toEqual(['node', `${IMAGE_APP_DIR}/dist/cli.js`]);
    expect(existsSync(join(REPO_ROOT, 'dist', 'cli.js'))).toBe(true);
    expect(job.runAsUser).toBe(WORKER_UID);
    expect(job.image.split(':')[0]).toBe(IMAGE_REPOSITORY);
  });

  it('gives every pod index a shard of the same N, with options bugmine accepts', async () => {
    expect(job.parallelism).toBeLessThanOrEqual(job.completions);
    // Kubernetes leaves $(NAME) literal when NAME is not in the container's env
    for (const [, name] of job.args.join(' ').matchAll(/\$\((\w+)\)/g)) expect(job.envNames).toContain(name);
    const outs = new Set<string>();
    for (let index = 0; index < job.completions; index++) {
      const args = job.args.map((a) => a.replaceAll('$(SHARD_INDEX)', String(index)));
      const parsed = await parseExtract([...job.command.slice(2), ...args]);
      expect(parsed.options['shard'] as Shard).toEqual({ index, count: job.completions });
      expect(parsed.options['executor']).toBe('local'); // no Docker daemon inside a pod
      expect(parsed.options['workers']).toBe(job.cpuLimit);
      expect(parsed.options['deferDedup']).toBe(true); // bugmine merge decides near-duplicates across shards
      outs.add(parsed.out);
    }
    expect(outs.size).toBe(job.completions); // each shard its own OUT (manifest, signatures)
  });

  it('docker/k8s-merge-job.yaml merges exactly the shards the Job writes', async () => {
    const merge = readJob(readFileSync(join(REPO_ROOT, 'docker', 'k8s-merge-job.yaml'), 'utf8'));
    expect(merge.command).toEqual(['node', `${IMAGE_APP_DIR}/dist/cli.js`, 'merge']);
    expect(merge.runAsUser).toBe(WORKER_UID);
    const program = new Command().exitOverride().configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
    for (const command of await loadCommands()) command.register(program);
    let paths: string[] = [];
    program.commands.find((c) => c.name() === 'merge')!.action((given: string[]) => {
      paths = given;
    });
    await program.parseAsync(['merge', ...merge.args], { from: 'user' });
    const shardOuts: string[] = [];
    for (let index = 0; index < job.completions; index++) {
      shardOuts.push((await parseExtract([...job.command.slice(2), ...job.args.map((a) => a.replaceAll('$(SHARD_INDEX)', String(index)))])).out);
    }
    expect(paths.slice(0, -1)).toEqual(shardOuts);
    expect(shardOuts).not.toContain(paths[paths.length - 1]);
  });

  it('would notice an option the CLI does not know (the check can fail)', async () => {
    await expect(parseExtract(['extract', 'p.txt', 'out', '--worker=1'])).rejects.toBeInstanceOf(CommanderError);
    await expect(parseExtract(['extract', 'p.txt', 'out', '--shard=4/4'])).rejects.toBeInstanceOf(CommanderError);
  });
});

describe('the worker image tag', () => {
  it('names the missing build, in one line, when bugmine runs from source without dist/', async () => {
    const app = mkdtempSync(join(tmpdir(), 'bugmine-nodist-'));
    writeFileSync(join(app, 'package.json'), '{}');
    const error = await imageTag(app).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toMatch(/dist: no such directory.*npm run build/);
  });

  it('hashes the built code', async () => {
    expect(await imageTag(REPO_ROOT)).toMatch(new RegExp(`^${IMAGE_REPOSITORY}:[^-]+-[0-9a-f]{12}$`));
  });
});
