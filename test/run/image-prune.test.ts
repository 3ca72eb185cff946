// Pruning of stale worker images: the policy on made-up inventories, then against the real daemon
// with tiny images this test imports under its own repository name (never the images others use).
// The daemon part is skipped with a message when no daemon is reachable, failed instead when
// BUGMINE_REQUIRE_DOCKER=1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { create as createTar } from 'tar';
import { IMAGE_PIN_LABEL, IMAGE_REPOSITORY, IMAGE_REPOSITORY_LABEL, IMAGE_ROLE_LABEL, IMAGE_VERSION_LABEL } from '../../src/run/image-labels.js';
import { classifyImage, inspectImages, ownSize, pinImage, planPrune, pruneImages, removeStale, type BugmineImage, type ImageInventory, type PrunePolicy } from '../../src/run/image-prune.js';
import { baseImageTag } from '../../src/run/image.js';
import { runCli } from '../helpers/cli.js';
import { dockerGate } from '../helpers/docker.js';

const HOUR = 3_600_000;

function image(id: string, tags: string[], created: number, role: BugmineImage['role'] = 'worker'): BugmineImage {
  return { id, tags, role, created, sizeBytes: 1 };
}

function kept(inventory: ImageInventory, policy: PrunePolicy): Record<string, string> {
  return Object.fromEntries(planPrune(inventory, policy).map((d) => [d.image.id, d.keep ? d.reason : 'stale']));
}

describe('which images a prune keeps', () => {
  const now = 100 * HOUR;
  const base = image('base', ['bugmine-worker-base:bookworm-node20.1.0'], 0, 'worker-base');
  const oldBase = image('oldbase', ['bugmine-worker-base:bookworm-node18.0.0'], 0, 'worker-base');
  const workers = [1, 2, 3, 4, 5].map((n) => image(`w${n}`, [`bugmine-worker:0.1.0-${n}`], n * HOUR));
  // every worker is built on `base` through one intermediate layer, as docker build makes it
  const parents = new Map<string, string>(workers.flatMap((w) => [[w.id, `${w.id}-layer`] as [string, string], [`${w.id}-layer`, 'base'] as [string, string]]));
  const inventory: ImageInventory = { images: [base, oldBase, ...workers], inUse: new Set(), pinnedBy: new Map(), deadPins: [], parents };
  const policy: PrunePolicy = { currentTag: 'bugmine-worker:0.1.0-3', currentBaseTag: base.tags[0]!, keepPrevious: 1, minAgeMs: 0, now };

  it('keeps the current image and the most recent other one, whether the current is the newest or not', () => {
    expect(kept(inventory, policy)).toEqual({ w5: 'previous', w4: 'stale', w3: 'current', w2: 'stale', w1: 'stale', base: 'current', oldbase: 'stale' });
    expect(kept(inventory, { ...policy, keepPrevious: 2 })).toMatchObject({ w5: 'previous', w4: 'previous', w2: 'stale' });
    expect(kept(inventory, { ...policy, keepPrevious: 0, currentTag: null })).toMatchObject({ w5: 'stale', w3: 'stale' });
  });

  it('keeps images a container uses, and the base images that kept ones are built on', () => {
    const used = { ...inventory, inUse: new Set(['w1']) };
    const plan = kept(used, { ...policy, currentTag: null, currentBaseTag: null, keepPrevious: 0 });
    expect(plan).toMatchObject({ w1: 'in use by a container', base: 'base of a kept image', oldbase: 'stale', w5: 'stale' });
    const nothingKept = kept(inventory, { ...policy, currentTag: null, currentBaseTag: null, keepPrevious: 0 });
    expect(nothingKept['base']).toBe('stale');
  });

  it('keeps what a running bugmine pinned, saying which process', () => {
    const pinned = { ...inventory, inUse: new Set(['w2']), pinnedBy: new Map([['w2', [4242]]]) };
    expect(kept(pinned, { ...policy, keepPrevious: 0 })).toMatchObject({ w2: 'in use by bugmine (pid 4242)', w1: 'stale' });
  });

  it('spares images younger than the minimum age', () => {
    const plan = kept(inventory, { ...policy, minAgeMs: 2.5 * HOUR, now: 6 * HOUR });
    // w4 (2 h old) is young; w5 is previous anyway; w1..w2 are old
    expect(plan).toMatchObject({ w4: 'younger than 150 min', w2: 'stale', w1: 'stale' });
  });

  it('sizes an image by what it adds over the bugmine image below it', () => {
    const sized = { ...inventory, images: [{ ...base, sizeBytes: 440 }, { ...workers[0]!, sizeBytes: 465 }, { ...oldBase, sizeBytes: 300 }] };
    expect(ownSize(sized.images[1]!, sized)).toBe(25);
    expect(ownSize(sized.images[0]!, sized)).toBe(440);
    expect(ownSize(sized.images[2]!, sized)).toBe(300);
  });

  it('never counts a superseded (dangling) image as the previous one', () => {
    const dangling = image('old-w5', [], 6 * HOUR);
    const plan = kept({ ...inventory, images: [...inventory.images, dangling] }, policy);
    expect(plan).toMatchObject({ 'old-w5': 'stale', w5: 'previous' });
  });
});

describe('which images are bugmine\'s', () => {
  const worker = { [IMAGE_ROLE_LABEL]: 'worker', [IMAGE_VERSION_LABEL]: '0.1.0', [IMAGE_REPOSITORY_LABEL]: IMAGE_REPOSITORY };
  it('takes labelled worker images of the repository, and bases by name', () => {
    expect(classifyImage(['bugmine-worker:0.1.0-abc'], worker, IMAGE_REPOSITORY)).toEqual({ role: 'worker', tags: ['bugmine-worker:0.1.0-abc'] });
    // built before the role label: the version label marks it
    expect(classifyImage(['bugmine-worker:0.1.0-abc'], { [IMAGE_VERSION_LABEL]: '0.1.0' }, IMAGE_REPOSITORY)?.role).toBe('worker');
    expect(classifyImage(['bugmine-worker-base:bookworm-node20.20.2'], null, IMAGE_REPOSITORY)).toEqual({ role: 'worker-base', tags: ['bugmine-worker-base:bookworm-node20.20.2'] });
    // the tag of today's bases, which names their package set
    expect(classifyImage([baseImageTag()], null, IMAGE_REPOSITORY)?.role).toBe('worker-base');
    // only bugmine's own tags are touched when an image has others too
    expect(classifyImage(['bugmine-worker:0.1.0-abc', 'registry.example/bugmine-worker:0.1.0-abc'], worker, IMAGE_REPOSITORY)?.tags).toEqual(['bugmine-worker:0.1.0-abc']);
    expect(classifyImage(['<none>:<none>'], worker, IMAGE_REPOSITORY)).toEqual({ role: 'worker', tags: [] });
  });

  it('leaves every other image alone', () => {
    expect(classifyImage(['bugmine-worker:handmade'], null, IMAGE_REPOSITORY)).toBeNull(); // a name alone is not enough
    expect(classifyImage(['bugmine-worker-base:latest'], null, IMAGE_REPOSITORY)).toBeNull();
    expect(classifyImage(['bugmine-worker-base:bookworm-node20.20.2-mine'], null, IMAGE_REPOSITORY)).toBeNull();
    expect(classifyImage(['bugmine-workers:0.1.0-abc'], worker, IMAGE_REPOSITORY)).toBeNull();
    expect(classifyImage(['python:3.11-slim'], null, IMAGE_REPOSITORY)).toBeNull();
    expect(classifyImage(['<none>:<none>'], null, IMAGE_REPOSITORY)).toBeNull();
    expect(classifyImage(['<none>:<none>'], { ...worker, [IMAGE_REPOSITORY_LABEL]: 'other' }, IMAGE_REPOSITORY)).toBeNull();
    expect(classifyImage(['bugmine-worker:0.1.0-abc'], worker, 'bugmine-prune-test')).toBeNull();
  });
});

const { docker, reachable } = await dockerGate('test/run/image-prune');


function follow(stream: NodeJS.ReadableStream): Promise<void> {
  return new Promise((resolve, reject) =>
    docker.modem.followProgress(stream, (error: Error | null, events: { error?: string }[]) => {
      const failed = events.find((e) => e.error !== undefined);
      if (error || failed) reject(error ?? new Error(failed!.error));
      else resolve();
    }),
  );
}

/** A one-file image made by `docker import`, like the debootstrap base. */
async function importImage(reference: string, content: string, labels: Record<string, string>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bugmine-prune-img-'));
  try {
    writeFileSync(join(dir, 'content'), content);
    const [repo, tag] = reference.split(':') as [string, string];
    const changes = Object.entries(labels).map(([k, v]) => `LABEL ${k}=${v}`);
    await follow(await docker.importImage(createTar({ cwd: dir, portable: true }, ['content']) as unknown as NodeJS.ReadableStream, { repo, tag, changes }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** An image built on `from` with `docker build`, like the code layer. */
async function buildOn(from: string, reference: string, labels: Record<string, string>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bugmine-prune-ctx-'));
  try {
    writeFileSync(join(dir, 'Dockerfile'), `FROM ${from}\nCOPY marker /marker\n`);
    writeFileSync(join(dir, 'marker'), `${reference} ${Math.random()}\n`);
    await follow(await docker.buildImage(createTar({ cwd: dir, portable: true }, ['Dockerfile', 'marker']) as unknown as NodeJS.ReadableStream, { t: reference, labels }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function exists(reference: string): Promise<boolean> {
  return docker.getImage(reference).inspect().then(() => true, () => false);
}

describe.runIf(reachable)('pruning on the daemon', () => {
  const repository = `bugmine-prune-test-${process.pid}`;
  const other = `${repository}-other`;
  const base = `${repository}-base:bookworm-node1.0.0`;
  const oldBase = `${repository}-base:bookworm-node0.9.0`;
  const worker = (n: number): string => `${repository}:0.1.0-00000000000${n}`;
  const labels = (repo: string): Record<string, string> => ({ [IMAGE_ROLE_LABEL]: 'worker', [IMAGE_VERSION_LABEL]: '0.1.0', [IMAGE_REPOSITORY_LABEL]: repo });
  let container: Docker.Container | undefined;
  let supersededId = '';
  let otherDanglingId = '';

  beforeAll(async () => {
    await importImage(oldBase, 'old base', { [IMAGE_ROLE_LABEL]: 'worker-base', [IMAGE_REPOSITORY_LABEL]: repository });
    await importImage(base, 'base', { [IMAGE_ROLE_LABEL]: 'worker-base', [IMAGE_REPOSITORY_LABEL]: repository });
    for (const n of [1, 2, 3, 4]) await buildOn(base, worker(n), labels(repository));
    // a rebuild of the current tag (image build --force) leaves the superseded image dangling
    supersededId = (await docker.getImage(worker(4)).inspect()).Id;
    await buildOn(base, worker(4), labels(repository));
    // not ours: an unlabelled image under our name, and another repository's dangling image
    await importImage(`${repository}:handmade`, 'handmade', {});
    await buildOn(base, `${other}:x`, labels(other));
    otherDanglingId = (await docker.getImage(`${other}:x`).inspect()).Id;
    await buildOn(base, `${other}:x`, labels(other));
    // a container that was created (never started) from the oldest worker image
    container = await docker.createContainer({ Image: worker(1), Cmd: ['/marker'], Labels: { 'org.bugmine.test': repository } });
  }, 300_000);

  afterAll(async () => {
    await container?.remove({ force: true }).catch(() => undefined);
    // Children before parents: a base goes only in a later pass, once the images on it are gone.
    for (let pass = 0; pass < 4; pass++) {
      const ours = (await docker.listImages({ all: false })).filter(
        (i) => (i.RepoTags ?? []).some((t) => t.startsWith(repository)) || [repository, other].includes(i.Labels?.[IMAGE_REPOSITORY_LABEL] ?? '') || [supersededId, otherDanglingId].includes(i.Id),
      );
      if (ours.length === 0) break;
      for (const i of ours) await docker.getImage(i.Id).remove({ force: true }).catch(() => undefined);
    }
  });

  const policy = (): PrunePolicy => ({ currentTag: worker(4), currentBaseTag: base, keepPrevious: 1, minAgeMs: 0, now: Date.now() });

  it('finds exactly the images of its repository, the superseded one included', async () => {
    const { images, inUse } = await inspectImages(docker, repository);
    const references = images.map((i) => (i.tags.length > 0 ? i.tags.join(',') : i.id)).sort();
    expect(references).toEqual([supersededId, worker(1), worker(2), worker(3), worker(4), base, oldBase].sort());
    expect(inUse.has((await docker.getImage(worker(1)).inspect()).Id)).toBe(true);
  });

  it('removes nothing in a dry run or when every image is young', async () => {
    const dry = await pruneImages(docker, policy(), { repository, dryRun: true });
    expect(dry.removed).toEqual([]);
    expect(dry.decisions.filter((d) => !d.keep).length).toBe(3);
    const young = await pruneImages(docker, { ...policy(), minAgeMs: 3_600_000 }, { repository });
    expect(young.removed).toEqual([]);
    for (const n of [1, 2, 3, 4]) expect(await exists(worker(n))).toBe(true);
    expect(await exists(supersededId)).toBe(true);
  });

  it('removes the stale ones and keeps current, previous, in-use and the bases they need', async () => {
    const result = await pruneImages(docker, policy(), { repository });
    expect(result.failed).toEqual([]);
    expect([...result.removed].sort()).toEqual([supersededId, worker(2), oldBase].sort());
    for (const reference of [worker(1), worker(3), worker(4), base, `${repository}:handmade`, `${other}:x`, otherDanglingId]) {
      expect(await exists(reference), reference).toBe(true);
    }
    for (const reference of [worker(2), oldBase, supersededId]) expect(await exists(reference), reference).toBe(false);
  }, 120_000);

  it('leaves an image to the daemon\'s refusal when a container starts using it after the inventory, and tolerates a concurrent prune', async () => {
    await buildOn(base, worker(5), labels(repository));
    await buildOn(base, worker(6), labels(repository));
    const decisions = planPrune(await inspectImages(docker, repository), { ...policy(), keepPrevious: 0 });
    const stale = decisions.filter((d) => !d.keep).map((d) => d.image.tags.join());
    expect(stale.sort()).toEqual([worker(3), worker(5), worker(6)].sort());
    const late = await docker.createContainer({ Image: worker(5), Cmd: ['/marker'], Labels: { 'org.bugmine.test': repository } });
    try {
      const first = await removeStale(docker, decisions);
      expect([...first.removed].sort()).toEqual([worker(3), worker(6)].sort());
      expect(first.failed.map((f) => f.reference)).toEqual([worker(5)]);
      expect(first.failed[0]!.error).toMatch(/conflict|container/i);
      expect(await exists(worker(5))).toBe(true);
      // the same plan again, as a second bugmine pruning at the same time: the others are gone already
      const second = await removeStale(docker, decisions);
      expect(second.removed).toEqual([]);
      expect(second.failed.map((f) => f.reference)).toEqual([worker(5)]);
    } finally {
      await late.remove({ force: true });
    }
  }, 120_000);

  it('keeps an image pinned by a running bugmine, and drops the pins of dead ones', async () => {
    const deadPid = spawnSync('true').pid!;
    const pinOfDead = (): Promise<Docker.Container> => docker.createContainer({ Image: worker(5), Cmd: ['true'], Labels: { [IMAGE_PIN_LABEL]: String(deadPid) } });
    const earlierRun = await pinOfDead();
    await pinImage(docker, worker(4)); // clears the pin of the earlier, dead run
    expect(await docker.getContainer(earlierRun.id).inspect().then(() => true, () => false)).toBe(false);
    const deadPin = await pinOfDead();
    const pins = async (): Promise<string[]> =>
      (await docker.listContainers({ all: true, filters: { label: [IMAGE_PIN_LABEL] } })).filter((c) => c.Image.startsWith(repository)).map((c) => c.Labels[IMAGE_PIN_LABEL]!);
    try {
      const inventory = await inspectImages(docker, repository);
      expect(inventory.deadPins).toContain(deadPin.id);
      const result = await pruneImages(docker, { currentTag: null, currentBaseTag: null, keepPrevious: 0, minAgeMs: 0, now: Date.now() }, { repository });
      const reasons = Object.fromEntries(result.decisions.map((d) => [d.image.tags.join(','), d.reason]));
      expect(reasons[worker(4)]).toBe(`in use by bugmine (pid ${process.pid})`);
      expect(result.removed).toEqual([worker(5)]);
      expect(await pins()).toEqual([String(process.pid)]);
    } finally {
      await deadPin.remove({ force: true }).catch(() => undefined);
      for (const c of await docker.listContainers({ all: true, filters: { label: [`${IMAGE_PIN_LABEL}=${process.pid}`] } })) await docker.getContainer(c.Id).remove({ force: true });
    }
  }, 120_000);

  it('keeps an in-use image and its base even with nothing else to keep', async () => {
    const result = await pruneImages(docker, { currentTag: null, currentBaseTag: null, keepPrevious: 0, minAgeMs: 0, now: Date.now() }, { repository });
    expect(result.removed).toEqual([worker(4)]);
    expect(await exists(worker(1))).toBe(true);
    expect(await exists(base)).toBe(true);
    const reasons = Object.fromEntries(result.decisions.map((d) => [d.image.tags.join(','), d.reason]));
    expect(reasons).toMatchObject({ [worker(1)]: 'in use by a container', [base]: 'base of a kept image' });
  }, 120_000);

  it('bugmine image prune --dry-run names exactly the images list calls stale, and removes none', async () => {
    // Others may build on this daemon meanwhile, changing the set: one retry covers that.
    for (let attempt = 0; ; attempt++) {
      const list = await runCli(['image', 'list', '--json', '--keep', '2']);
      const dry = await runCli(['image', 'prune', '--dry-run', '--keep', '2']);
      expect(list.code, list.stderr + list.stdout).toBe(0);
      expect(dry.code, dry.stderr + dry.stdout).toBe(0);
      const entries = list.stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { id: string; tags: string[]; keep: boolean; created: number });
      const staleInList = entries.filter((e) => !e.keep).map((e) => (e.tags.length > 0 ? e.tags.join(' ') : e.id)).sort();
      const wouldRemove = dry.stdout.trim().split('\n').filter(Boolean).map((l) => l.replace(/^would remove /, '')).sort();
      if (attempt === 0 && JSON.stringify(staleInList) !== JSON.stringify(wouldRemove)) continue;
      expect(wouldRemove).toEqual(staleInList);
      expect(dry.stderr).toMatch(new RegExp(`${staleInList.length} stale, ${entries.length - staleInList.length} kept \\(dry run\\)`));
      // (another bugmine's automatic prune may remove images older than an hour meanwhile)
      for (const entry of entries.filter((e) => Date.now() - e.created < 50 * 60_000)) expect(await exists(entry.id), entry.tags.join()).toBe(true);
      break;
    }
  });

  it('bugmine image list shows the same images as the inventory, with the current tag marked', async () => {
    const run = await runCli(['image', 'list', '--json']);
    expect(run.code, run.stderr + run.stdout).toBe(0);
    const listed = run.stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { id: string; keep: boolean; reason: string; tags: string[] });
    const { images } = await inspectImages(docker);
    // others may build meanwhile: every listed image was bugmine's, and none of this test's are listed
    const ids = new Set(images.map((i) => i.id));
    for (const entry of listed) {
      expect(entry.tags.every((t) => t.startsWith(`${IMAGE_REPOSITORY}:`) || t.startsWith(`${IMAGE_REPOSITORY}-base:`)), entry.tags.join()).toBe(true);
      if (!ids.has(entry.id)) expect(await exists(entry.id)).toBe(false);
    }
    const tag = (await runCli(['image', 'tag'])).stdout.trim();
    const current = listed.find((e) => e.tags.includes(tag));
    if (current !== undefined) expect(current).toMatchObject({ keep: true, reason: 'current' });
  });
});
