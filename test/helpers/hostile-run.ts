/**
 * The hostile-package matrix of the extract tests, for either executor: good demo packages next
 * to hostile ones (see hostile-packages.ts) in one list; the run must finish, record each hostile
 * package as `extract-failed` saying what was wrong, the good ones `ok`, leave every victim file
 * where and as it was, and behave the same when run again.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { ManifestEntry } from '../../src/extract/manifest.js';
import { buildDefaultIndex, DEFAULT_DEMO_WHEELS } from '../../scripts/extract-demo/local-index.js';
import { runCli } from './cli.js';
import { attacks, buildHostileSdist, type Attack } from './hostile-packages.js';

const VICTIM_TEXT = 'the host file a hostile package aims at\n';

export interface HostileSetup {
  readonly index: string;
  readonly list: string;
  readonly out: string;
  readonly victims: Record<string, string>;
  readonly attacks: Attack[];
}

export function setUpHostile(): HostileSetup {
  const index = mkdtempSync(join(tmpdir(), 'bugmine-hindex-'));
  const out = mkdtempSync(join(tmpdir(), 'bugmine-hostile-out-'));
  const victimRoot = mkdtempSync(join(tmpdir(), 'bugmine-victim-'));
  // A worker container runs as a non-root user: the mounted --find-links directory must be readable to it.
  chmodSync(index, 0o755);
  buildDefaultIndex(index);
  const victims: Record<string, string> = {};
  const all = attacks();
  for (const attack of all) {
    const dir = join(victimRoot, attack.name);
    mkdirSync(dir);
    victims[attack.name] = join(dir, 'secret.txt');
    writeFileSync(victims[attack.name]!, VICTIM_TEXT);
    buildHostileSdist(index, attack, victims[attack.name]!, join(out, '.bugmine-work', '@finished', attack.name));
  }
  const list = join(index, 'packages.txt');
  writeFileSync(list, [...DEFAULT_DEMO_WHEELS.map((w) => w.name), ...all.map((a) => a.name)].join('\n') + '\n');
  return { index, list, out, victims, attacks: all };
}

function latestEntries(out: string): Record<string, ManifestEntry> {
  const lines = readFileSync(join(out, 'manifest.jsonl'), 'utf8').trim().split('\n');
  return Object.fromEntries(lines.map((l) => JSON.parse(l) as ManifestEntry).map((e) => [e.package, e]));
}

/** Runs the list into OUT with `args` and checks everything the matrix promises. */
export async function runHostile(setup: HostileSetup, args: readonly string[]): Promise<void> {
  const run = await runCli(['extract', setup.list, setup.out, '--no-index', '--find-links', setup.index, '--workers', '2', '--timeout', '300', '--json', ...args]);
  // Finished, with failed packages: never an internal error (70).
  expect(run.code, run.stderr + run.stdout).not.toBe(70);
  expect(run.stderr).not.toMatch(/internal error/);
  const summary = JSON.parse(run.stdout) as { outcomes: Record<string, { packages: number }> };
  expect(summary.outcomes['ok']!.packages, run.stderr).toBe(DEFAULT_DEMO_WHEELS.length);
  expect(summary.outcomes['extract-failed']!.packages, run.stderr).toBe(setup.attacks.length);
  const entries = latestEntries(setup.out);
  for (const wheel of DEFAULT_DEMO_WHEELS) expect(entries[wheel.name], JSON.stringify(entries[wheel.name])).toMatchObject({ outcome: 'ok', output: `graphs-${wheel.name}.msgpack.l.gz` });
  for (const attack of setup.attacks) {
    const entry = entries[attack.name]!;
    expect(entry, attack.name).toMatchObject({ outcome: 'extract-failed', output: null, outputBytes: 0 });
    expect(entry.error, attack.name).toMatch(attack.error);
    const victim = setup.victims[attack.name]!;
    expect(existsSync(victim), `${attack.name}: victim gone`).toBe(true);
    expect(readFileSync(victim, 'utf8'), attack.name).toBe(VICTIM_TEXT);
  }
  // Only the good packages' outputs and the run's own files are in OUT; no work directory is left.
  const names = readdirSync(setup.out).sort();
  expect(names).toEqual([...DEFAULT_DEMO_WHEELS.map((w) => `graphs-${w.name}.msgpack.l.gz`), 'manifest.jsonl', 'near-duplicates.jsonl', 'resolved.txt'].sort());
}
