/**
 * Names that mark bugmine's worker images as bugmine's, so that housekeeping (`bugmine image
 * prune`) can tell them from every other image on the daemon. Shared by the debootstrap build,
 * the pruning and (as literal text) docker/Dockerfile, whose consistency a test checks.
 */
export const IMAGE_REPOSITORY = 'bugmine-worker';
/** `worker` (bugmine's code layer) or `worker-base` (Debian, Python, Node, the worker user). */
export const IMAGE_ROLE_LABEL = 'org.bugmine.image';
export const IMAGE_VERSION_LABEL = 'org.bugmine.version';
/** The repository an image was built for, which a dangling (superseded) image no longer shows in its tags. */
export const IMAGE_REPOSITORY_LABEL = 'org.bugmine.repository';
/**
 * On a never-started container that a running bugmine creates from the worker image it uses, with
 * its pid as the value: the image counts as in use for the whole run, also between two package
 * containers, so no prune (another bugmine's build) removes it. Pins of dead processes are removed.
 */
export const IMAGE_PIN_LABEL = 'org.bugmine.image-pin';
