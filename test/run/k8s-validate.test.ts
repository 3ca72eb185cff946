// docker/k8s-job.yaml and docker/k8s-merge-job.yaml checked offline against Kubernetes' own API
// schemas with PyPI's kubernetes-validate (--strict: unknown fields are errors), at the oldest
// Kubernetes version each manifest claims (its `# kubernetes-min-version:` line). Skipped with a
// message where kubernetes-validate is not installed; fails under BUGMINE_REQUIRE_KUBERNETES_VALIDATE=1
// (.ci/run installs it into .cache/ci-venv and points BUGMINE_KUBERNETES_VALIDATE at it).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findOnPath } from '../../src/run/tools.js';
import { REPO_ROOT } from '../helpers/cli.js';

const MANIFESTS = ['k8s-job.yaml', 'k8s-merge-job.yaml'].map((name) => join(REPO_ROOT, 'docker', name));
const validator = process.env['BUGMINE_KUBERNETES_VALIDATE'] ?? findOnPath('kubernetes-validate');
const available = validator !== null && findOnPath(validator) !== null;
const required = process.env['BUGMINE_REQUIRE_KUBERNETES_VALIDATE'] === '1';
if (!available && !required) console.warn('k8s-validate.test.ts: skipped, kubernetes-validate is not installed (pip install kubernetes-validate; set BUGMINE_REQUIRE_KUBERNETES_VALIDATE=1 to fail instead)');

function minVersion(file: string): string {
  const claimed = /^# kubernetes-min-version: (\d+\.\d+)$/m.exec(readFileSync(file, 'utf8'));
  if (claimed === null) throw new Error(`${file}: no "# kubernetes-min-version: X.Y" line`);
  return claimed[1]!;
}

function validate(file: string, version: string): { code: number | null; output: string } {
  const run = spawnSync(validator!, ['--strict', '--kubernetes-version', version, file], { encoding: 'utf8', timeout: 120_000 });
  return { code: run.status, output: `${run.stdout}${run.stderr}`.trim() };
}

describe.runIf(required && !available)('kubernetes-validate required', () => {
  it('is installed', () => {
    expect(available, `BUGMINE_REQUIRE_KUBERNETES_VALIDATE=1 but ${validator ?? 'kubernetes-validate'} cannot be run`).toBe(true);
  });
});

describe.runIf(available)('the Kubernetes manifests validate offline', () => {
  for (const file of MANIFESTS) {
    it(`${file.slice(REPO_ROOT.length + 1)} passes --strict at the oldest version it claims`, () => {
      const version = minVersion(file);
      const result = validate(file, version);
      expect(result.code, result.output).toBe(0);
      expect(result.output).toMatch(/passed/);
    });
  }

  it('the claim matters: backoffLimitPerIndex is unknown to Kubernetes 1.27 (the check can fail)', () => {
    const result = validate(MANIFESTS[0]!, '1.27');
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/backoffLimitPerIndex/);
  });
});
