/**
 * Housekeeping of bugmine's worker images: every change of bugmine's code makes a new code-layer
 * image (`bugmine-worker:<version>-<hash>`), and the old ones would pile up. This lists bugmine's
 * own images (told apart by their labels and repository, never by guesswork on other images) and
 * removes the stale ones: never the current image, never one a container uses (running or not),
 * never a base that a kept image is built on, and optionally never one younger than a minimum age
 * (another bugmine on the same daemon may have just built it and is about to start containers).
 */
import type { Socket } from 'node:net';
import type Docker from 'dockerode';
import { IMAGE_PIN_LABEL, IMAGE_REPOSITORY, IMAGE_REPOSITORY_LABEL, IMAGE_ROLE_LABEL, IMAGE_VERSION_LABEL } from './image-labels.js';
import { HOST_LABEL, hostId, ownerGone, ownerLabels, pidAlive, RUN_LABEL } from './run-identity.js';

export type ImageRole = 'worker' | 'worker-base';

export interface BugmineImage {
  readonly id: string;
  /** `repository:tag` references of this image in bugmine's repositories (empty: dangling). */
  readonly tags: readonly string[];
  readonly role: ImageRole;
  /** Creation time, ms since the epoch (the daemon's nanosecond timestamp, so builds in one second still order). */
  readonly created: number;
  readonly sizeBytes: number;
}

export interface PrunePolicy {
  /** The worker image of this bugmine build; always kept. */
  readonly currentTag: string | null;
  /** The base image this bugmine build uses; always kept. */
  readonly currentBaseTag: string | null;
  /** How many of the most recent other tagged worker images to keep. */
  readonly keepPrevious: number;
  /** Images younger than this are kept. */
  readonly minAgeMs: number;
  readonly now: number;
}

export interface PruneDecision {
  readonly image: BugmineImage;
  readonly keep: boolean;
  readonly reason: string;
}

/** What the daemon says, reduced to what the decision needs. */
export interface ImageInventory {
  readonly images: readonly BugmineImage[];
  /** Image ids that some container (in any state) was created from, pins of dead processes left out. */
  readonly inUse: ReadonlySet<string>;
  /** Pids of the running bugmine processes that pinned each image. */
  readonly pinnedBy: ReadonlyMap<string, readonly number[]>;
  /** Pin containers whose process is gone (`pruneImages` removes them). */
  readonly deadPins: readonly string[];
  /** Parent image id of every image the daemon has (intermediate layers included). */
  readonly parents: ReadonlyMap<string, string>;
}

/** `<suite>-node<version>`, and since the package set is in it, `-<8 hex digits>`. */
const BASE_TAG = /^[a-z]+-node\d+\.\d+\.\d+(-[0-9a-f]{8})?$/;

/** The role of an image in `repository`'s family, or null when it is not bugmine's. */
export function classifyImage(repoTags: readonly string[], labels: Record<string, string> | null, repository: string): { role: ImageRole; tags: string[] } | null {
  const label = labels ?? {};
  const workerTags = repoTags.filter((t) => t.startsWith(`${repository}:`));
  // Images built before the role label existed carry the version label only.
  const workerLabelled = label[IMAGE_ROLE_LABEL] === 'worker' || (label[IMAGE_ROLE_LABEL] === undefined && label[IMAGE_VERSION_LABEL] !== undefined);
  if (workerTags.length > 0 && workerLabelled) return { role: 'worker', tags: workerTags };
  const baseTags = repoTags.filter((t) => t.startsWith(`${repository}-base:`) && BASE_TAG.test(t.slice(repository.length + 6)));
  if (baseTags.length > 0) return { role: 'worker-base', tags: baseTags };
  const dangling = repoTags.every((t) => t === '<none>:<none>');
  // A dangling image knows its repository only by label (old images: only bugmine-worker's).
  const ownRepository = label[IMAGE_REPOSITORY_LABEL] === repository || (label[IMAGE_REPOSITORY_LABEL] === undefined && repository === IMAGE_REPOSITORY);
  if (dangling && workerLabelled && ownRepository) return { role: 'worker', tags: [] };
  return null;
}

export async function inspectImages(docker: Docker, repository = IMAGE_REPOSITORY): Promise<ImageInventory> {
  // Top-level images only (tagged, or dangling: untagged without children); the intermediate
  // layers of `docker build` carry the same labels but are not images of their own.
  const [top, all, containers] = await Promise.all([docker.listImages({ all: false }), docker.listImages({ all: true }), docker.listContainers({ all: true })]);
  const parents = new Map<string, string>();
  for (const info of all) if (info.ParentId) parents.set(info.Id, info.ParentId);
  const inspected = await Promise.all(
    top.map(async (info): Promise<BugmineImage | null> => {
      const found = classifyImage(info.RepoTags ?? [], info.Labels, repository);
      if (found === null) return null;
      const details = await docker.getImage(info.Id).inspect().catch(() => null);
      if (details === null) return null; // removed meanwhile
      return { id: info.Id, tags: found.tags, role: found.role, created: Date.parse(details.Created), sizeBytes: info.Size };
    }),
  );
  const images = inspected.filter((image): image is BugmineImage => image !== null);
  const inUse = new Set<string>();
  const pinnedBy = new Map<string, number[]>();
  const deadPins: string[] = [];
  for (const container of containers) {
    const pin = container.Labels[IMAGE_PIN_LABEL];
    if (pin === undefined) inUse.add(container.ImageID);
    else if (!pinLive(container)) deadPins.push(container.Id);
    else {
      inUse.add(container.ImageID);
      pinnedBy.set(container.ImageID, [...(pinnedBy.get(container.ImageID) ?? []), Number(pin)]);
    }
  }
  return { images, inUse, pinnedBy, deadPins, parents };
}

/**
 * Whether a pin still holds its image. A pin runs for as long as its bugmine holds the connection
 * to it (see `pinImage`); one that is not running is live only while its creator, on this host,
 * may still start it. Pins of older bugmines (no run label, never started) go by their pid.
 */
function pinLive(container: { State: string; Labels: Record<string, string> }): boolean {
  if (container.State === 'running') return true;
  if (container.Labels[RUN_LABEL] === undefined) return pidAlive(Number(container.Labels[IMAGE_PIN_LABEL]));
  return container.Labels[HOST_LABEL] !== hostId() || !ownerGone(container.Labels);
}

let activePin: { container: Docker.Container; socket: Socket | null } | null = null;

/**
 * Marks `image` as in use by this process until it ends: a container of it that runs `cat` on a
 * stdin this process holds open (attached, closed with its first client: StdinOnce) and removes
 * itself when it stops (AutoRemove). At the end of a normal run the pin is removed (`releasePin`,
 * also on the process's `beforeExit`); if the process dies instead, its connection closes, `cat`
 * ends and the daemon removes the pin all the same, on any host. Pins of dead processes of older
 * bugmines are cleared here. Costs one sleeping process while the run lasts.
 */
export async function pinImage(docker: Docker, image: string): Promise<void> {
  const pins = await docker.listContainers({ all: true, filters: { label: [IMAGE_PIN_LABEL] } });
  for (const pin of pins) {
    if (!pinLive(pin)) await docker.getContainer(pin.Id).remove({ force: true }).catch(() => undefined);
  }
  if (activePin !== null) await releasePin();
  const labels = { [IMAGE_PIN_LABEL]: String(process.pid), ...ownerLabels() };
  const hostConfig = { NetworkMode: 'none', Memory: 16 * 1024 * 1024, PidsLimit: 4, SecurityOpt: ['no-new-privileges'] };
  let container = await docker.createContainer({ Image: image, Cmd: ['cat'], OpenStdin: true, StdinOnce: true, AttachStdin: true, Labels: labels, HostConfig: { ...hostConfig, AutoRemove: true } });
  let socket: Socket | null = null;
  try {
    socket = (await container.attach({ stream: true, stdin: true, hijack: true })) as unknown as Socket;
    // The pin must not keep this process alive; errors of a dying connection are no concern of the run.
    socket.unref?.();
    socket.on('error', () => undefined);
    await container.start();
  } catch {
    // An image without `cat` (not a worker image): the pin is a container that is only created,
    // removed at the end of the run, or by the next bugmine of this host once this process is gone.
    socket?.destroy();
    socket = null;
    await container.remove({ force: true }).catch(() => undefined);
    container = await docker.createContainer({ Image: image, Cmd: ['true'], Labels: labels, HostConfig: hostConfig });
  }
  activePin = { container, socket };
  process.once('beforeExit', () => void releasePin());
}

/** Removes this process's pin, if any (the end of a run). */
export async function releasePin(): Promise<void> {
  const pin = activePin;
  activePin = null;
  if (pin === null) return;
  await pin.container.remove({ force: true }).catch(() => undefined);
  pin.socket?.destroy();
}

/** Image ids `id` is built on, nearest first. */
export function ancestors(id: string, parents: ReadonlyMap<string, string>): string[] {
  const out: string[] = [];
  for (let at = parents.get(id); at !== undefined && !out.includes(at); at = parents.get(at)) out.push(at);
  return out;
}

/** Which images to keep and why; pure, so the policy is tested without a daemon. */
export function planPrune(inventory: ImageInventory, policy: PrunePolicy): PruneDecision[] {
  const { images, inUse, pinnedBy, parents } = inventory;
  const reasons = new Map<string, string>();
  const keep = (image: BugmineImage, reason: string): void => {
    if (!reasons.has(image.id)) reasons.set(image.id, reason);
  };
  const byRecency = [...images].sort((a, b) => b.created - a.created || (a.id < b.id ? -1 : 1));
  let previous = 0;
  for (const image of byRecency) {
    if (image.role !== 'worker') continue;
    if (policy.currentTag !== null && image.tags.includes(policy.currentTag)) keep(image, 'current');
    else if (image.tags.length > 0 && previous < policy.keepPrevious) {
      previous++;
      keep(image, 'previous');
    }
  }
  for (const image of images) {
    if (policy.currentBaseTag !== null && image.tags.includes(policy.currentBaseTag)) keep(image, 'current');
    const pids = pinnedBy.get(image.id);
    if (pids !== undefined) keep(image, `in use by bugmine (pid ${pids.join(', ')})`);
    if (inUse.has(image.id)) keep(image, 'in use by a container');
    if (policy.now - image.created < policy.minAgeMs) keep(image, `younger than ${Math.round(policy.minAgeMs / 60_000)} min`);
  }
  // A base stays while a kept image (or a container's image) is built on it.
  const needed = new Set<string>();
  for (const id of [...reasons.keys(), ...inUse]) for (const parent of ancestors(id, parents)) needed.add(parent);
  for (const image of images) if (image.role === 'worker-base' && needed.has(image.id)) keep(image, 'base of a kept image');
  return byRecency.map((image) => ({ image, keep: reasons.has(image.id), reason: reasons.get(image.id) ?? 'stale' }));
}

/**
 * Bytes of `image` not shared with the bugmine image it is built on (what removing it frees; a
 * code layer is about 25 MB over a base of about 440 MB, though both report the full size).
 */
export function ownSize(image: BugmineImage, inventory: ImageInventory): number {
  const byId = new Map(inventory.images.map((i) => [i.id, i]));
  const below = ancestors(image.id, inventory.parents).find((id) => byId.has(id));
  return below === undefined ? image.sizeBytes : image.sizeBytes - byId.get(below)!.sizeBytes;
}

export interface PruneResult {
  readonly decisions: readonly PruneDecision[];
  /** References (tags, or ids of dangling images) removed. */
  readonly removed: readonly string[];
  /** References the daemon refused to remove (e.g. a container was created from it meanwhile). */
  readonly failed: readonly { reference: string; error: string }[];
}

/**
 * Removes the images `decisions` call stale, by reference: a tag is untagged (the image and its
 * now unused build layers go when no other tag or child holds them), a dangling image by id. Never
 * forced, so the daemon itself refuses an image a container was created from after the inventory;
 * an image already gone (a concurrent prune) is no failure.
 */
export async function removeStale(docker: Docker, decisions: readonly PruneDecision[]): Promise<Omit<PruneResult, 'decisions'>> {
  const removed: string[] = [];
  const failed: { reference: string; error: string }[] = [];
  // Workers before bases: a base is only removable once the images built on it are gone.
  const stale = decisions.filter((d) => !d.keep).sort((a, b) => (a.image.role === b.image.role ? 0 : a.image.role === 'worker' ? -1 : 1));
  for (const { image } of stale) {
    for (const reference of image.tags.length > 0 ? image.tags : [image.id]) {
      try {
        await docker.getImage(reference).remove();
        removed.push(reference);
      } catch (error) {
        if ((error as { statusCode?: number }).statusCode === 404) continue;
        failed.push({ reference, error: error instanceof Error ? error.message.split('\n')[0]!.trim() : String(error) });
      }
    }
  }
  return { removed, failed };
}

/** Inventory, plan and removal in one (`dryRun`: the plan only). */
export async function pruneImages(docker: Docker, policy: PrunePolicy, options: { repository?: string; dryRun?: boolean } = {}): Promise<PruneResult> {
  const inventory = await inspectImages(docker, options.repository);
  const decisions = planPrune(inventory, policy);
  if (options.dryRun) return { decisions, removed: [], failed: [] };
  // Pins of dead processes first: until they are gone the daemon refuses their images.
  for (const id of inventory.deadPins) await docker.getContainer(id).remove({ force: true }).catch(() => undefined);
  return { decisions, ...(await removeStale(docker, decisions)) };
}
