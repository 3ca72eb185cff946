/**
 * The Docker gate of the tests that need a daemon: they run when one is reachable, are skipped
 * with a message otherwise, and fail instead when BUGMINE_REQUIRE_DOCKER=1 (as CI sets it).
 */
import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { connectDocker, dockerReachable } from '../../src/extract/docker-executor.js';

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
