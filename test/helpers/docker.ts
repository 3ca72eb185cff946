/**
 * The Docker gate of the tests that need a daemon: they run when one is reachable, are skipped
 * with a message otherwise, and fail instead when BUGMINE_REQUIRE_DOCKER=1 (as CI sets it).
 */
import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { connectDocker, dockerReachable } from '../../src/run/docker.js';
import { imageExists, imageTag } from '../../src/run/image.js';

export interface DockerGate {
  readonly docker: Docker;
  /** Whether the tests that need the daemon run. */
  readonly reachable: boolean;
}

/** Checks the daemon for the test file `name`, warning when its Docker tests are skipped. */
export async function dockerGate(name: string): Promise<DockerGate> {
  const docker = connectDocker();
  const reachable = await dockerReachable(docker);
  const required = process.env['BUGMINE_REQUIRE_DOCKER'] === '1';
  if (!reachable && !required) console.warn(`${name}: Docker tests skipped, no Docker daemon reachable (set BUGMINE_REQUIRE_DOCKER=1 to fail instead)`);
  describe.runIf(required && !reachable)('Docker required', () => {
    it('has a reachable Docker daemon', () => {
      expect(reachable, 'BUGMINE_REQUIRE_DOCKER=1 but no Docker daemon is reachable').toBe(true);
    });
  });
  return { docker, reachable };
}

export interface WorkerImageGate extends DockerGate {
  /** The worker image the tests use: BUGMINE_WORKER_IMAGE, else the one of this build (`bugmine image build` makes it). */
  readonly image: string;
  /** Whether the daemon is reachable and has that image, so the tests that need it run. */
  readonly present: boolean;
}

/**
 * The Docker gate of tests that use the worker image without building it (a build takes many
 * minutes): skipped with a message when the image is not there, failed instead when
 * BUGMINE_REQUIRE_DOCKER=1.
 */
export async function workerImageGate(name: string): Promise<WorkerImageGate> {
  const gate = await dockerGate(name);
  const required = process.env['BUGMINE_REQUIRE_DOCKER'] === '1';
  let image = process.env['BUGMINE_WORKER_IMAGE'] ?? '';
  let why = '';
  if (image === '') {
    try {
      image = await imageTag();
    } catch (error) {
      why = error instanceof Error ? error.message : String(error);
    }
  }
  const present = gate.reachable && image !== '' && (await imageExists(gate.docker, image));
  if (gate.reachable && !present) {
    const missing = why !== '' ? `the worker image cannot be named (${why})` : `no worker image ${image}`;
    const hint = 'build it with `bugmine image build`, or name one with BUGMINE_WORKER_IMAGE';
    if (!required) console.warn(`${name}: Docker tests skipped, ${missing} (${hint}; set BUGMINE_REQUIRE_DOCKER=1 to fail instead)`);
    describe.runIf(required)('worker image required', () => {
      it('has the worker image', () => {
        expect(present, `BUGMINE_REQUIRE_DOCKER=1 but ${missing}: ${hint}`).toBe(true);
      });
    });
  }
  return { ...gate, image, present };
}
