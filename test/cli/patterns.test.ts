// End to end: `bugmine patterns mine/show/html` on real fixes of the shared corpus, bad input, and
// the HTML page in headless Chromium.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PatternsFile } from '../../src/patterns/mine.js';
import { browserGate, CHROMIUM, CHROMIUM_ARGS } from '../helpers/browser.js';
import { runCli, SHARED } from '../helpers/cli.js';

const CORPUS = join(SHARED, 'datasets', 'pypibugs-fixes', 'fixes.jsonl.gz');
const browser = browserGate('test/cli/patterns.test.ts');

describe.skipIf(!existsSync(CORPUS))('bugmine patterns', () => {
  let dir: string;
  let fixes: string;
  let patternsJson: string;
  let mineStderr: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bugmine-patterns-cli-'));
    const lines = gunzipSync(await readFile(CORPUS)).toString('utf8').split('\n').filter((l) => l !== '');
    const boolean = lines.filter((l) => (JSON.parse(l) as { scout: string }).scout === 'BooleanOperatorRewriteScout');
    const broken = { ...(JSON.parse(boolean[0]!) as Record<string, unknown>), hash: 'f'.repeat(40), before: 'def f(:\n    pass' };
    fixes = join(dir, 'fixes.jsonl');
    // Line 3 is malformed JSON, line 5 lacks "after", line 7's before does not parse.
    await writeFile(
      fixes,
      [boolean[0], boolean[1], '{"repo": ', ...boolean.slice(2, 3), JSON.stringify({ repo: 'a/b', hash: 'x', path: 'p.py', before: 'x' }), ...boolean.slice(3, 4), JSON.stringify(broken), ...boolean.slice(4)].join('\n') + '\n',
    );
    patternsJson = join(dir, 'patterns.json');
    const result = await runCli(['patterns', 'mine', fixes, '-o', patternsJson]);
    expect(result.code).toBe(0);
    mineStderr = result.stderr;
  }, 300_000);

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reports bad records by line and mines the rest', async () => {
    expect(mineStderr).toContain(`${fixes}:3: malformed JSON`);
    expect(mineStderr).toContain(`${fixes}:5: not a fix record: missing or non-string "after"`);
    expect(mineStderr).toMatch(new RegExp(`${fixes.replace(/[.]/g, '\\.')}:7: "before" does not parse: line \\d+: `));
    const file = JSON.parse(await readFile(patternsJson, 'utf8')) as PatternsFile;
    expect(file.format).toBe('bugmine-patterns');
    expect(file.records).toHaveLength(72);
    expect(file.patterns.length).toBeGreaterThan(0);
    const top = file.nodes[file.patterns[0]!]!;
    expect(top.repos).toBeGreaterThanOrEqual(2);
    expect(top.holes.length).toBeGreaterThan(0);
    expect(top.holes[0]!.values.length).toBeGreaterThan(0);
  });

  it('shows the most supported patterns', async () => {
    const result = await runCli(['patterns', 'show', patternsJson, '--top', '3']);
    expect(result.code).toBe(0);
    const file = JSON.parse(await readFile(patternsJson, 'utf8')) as PatternsFile;
    const top = file.nodes[file.patterns[0]!]!;
    expect(result.stdout).toContain(`#${top.id}  ${top.repos} repositories`);
    expect(result.stdout).toContain(`  + ${top.after.split('\n')[0]}`);
    expect(result.stdout.match(/^#\d+ /gm)).toHaveLength(3);
    const markdown = await runCli(['patterns', 'show', patternsJson, '--top', '2', '--markdown']);
    expect(markdown.stdout.split('\n')[0]).toBe('| pattern (before → after) | fixes | repositories |');
    expect(markdown.stdout.trim().split('\n')).toHaveLength(4);
  });

  it('rejects empty input and a file that is not a patterns file', async () => {
    const empty = join(dir, 'empty.jsonl');
    await writeFile(empty, '');
    const result = await runCli(['patterns', 'mine', empty, '-o', join(dir, 'none.json')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`bugmine: no fix records in ${empty}\n`);
    expect(existsSync(join(dir, 'none.json'))).toBe(false);
    const show = await runCli(['patterns', 'show', fixes]);
    expect(show.code).toBe(2);
    expect(show.stderr).toMatch(/^bugmine: .*fixes\.jsonl: not JSON/);
  });

  it('names records whose after part does not parse, that change nothing or repeat one, and fails when none is usable', async () => {
    const lines = gunzipSync(await readFile(CORPUS)).toString('utf8').split('\n').filter((l) => l !== '');
    const [good, other] = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((r) => r['scout'] === 'ComparisonOperatorRewriteScout');
    const brokenAfter = { ...other!, after: `${String(other!['after'])}\n    return (` };
    // The same function on both sides, but for a comment: no change once whitespace and comments are set aside.
    const unchanged = { ...other!, hash: 'e'.repeat(40), after: `${String(other!['before'])}  # reviewed`, after_range: other!['before_range'] };
    const bad = join(dir, 'bad.jsonl');
    await writeFile(bad, [good, good, brokenAfter, unchanged].map((r) => JSON.stringify(r)).join('\n') + '\n');
    const out = join(dir, 'bad.json');
    const result = await runCli(['patterns', 'mine', bad, '-o', out]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(new RegExp(`^${bad.replace(/[.]/g, '\\.')}:2: duplicate record \\S+, skipped$`, 'm'));
    expect(result.stderr).toMatch(new RegExp(`^${bad.replace(/[.]/g, '\\.')}:3: "after" does not parse: line \\d+: `, 'm'));
    expect(result.stderr).toContain(`${bad}:4: before and after do not differ (whitespace and comments aside), skipped\n`);
    expect(result.stderr).toContain('patterns: 1 edits from 4 records (3 problems)');
    expect((JSON.parse(await readFile(out, 'utf8')) as PatternsFile).records).toHaveLength(1);

    const useless = join(dir, 'useless.jsonl');
    await writeFile(useless, [brokenAfter, unchanged].map((r) => JSON.stringify(r)).join('\n') + '\n');
    const none = await runCli(['patterns', 'mine', useless, '-o', join(dir, 'useless.json')]);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/^bugmine: no usable fix records \(see the messages above\)$/m);
    expect(existsSync(join(dir, 'useless.json'))).toBe(false);

    const missing = await runCli(['patterns', 'mine', join(dir, 'absent.jsonl'), '-o', join(dir, 'absent.json')]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toBe(`bugmine: cannot read ${join(dir, 'absent.jsonl')}: ENOENT\n`);
  }, 120_000);

  it.runIf(browser)('draws a self-contained page whose dendrogram expands in headless Chromium', async () => {
    const html = join(dir, 'patterns.html');
    const result = await runCli(['patterns', 'html', patternsJson, html]);
    expect(result.code).toBe(0);
    const text = await readFile(html, 'utf8');
    expect(text).not.toMatch(/<script|<link|src=|https?:\/\//);
    const file = JSON.parse(text.length > 0 ? await readFile(patternsJson, 'utf8') : '{}') as PatternsFile;

    const { chromium } = await import('playwright-core');
    const instance = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    try {
      const page = await instance.newPage({ viewport: { width: 1200, height: 900 } });
      await page.goto(pathToFileURL(html).href);
      const group = page.locator('details.group').first();
      const node = group.locator(':scope > details.node').first();
      const after = node.locator(':scope > .body > .pattern > pre.after');
      expect(await after.isVisible()).toBe(false);
      await group.locator(':scope > summary').click();
      await node.locator(':scope > summary').click();
      expect(await after.isVisible()).toBe(true);
      // The first tree of the first group is its most supported root.
      const id = Number((await node.getAttribute('id'))!.slice(1));
      const shown = file.nodes[id]!;
      expect(file.roots).toContain(id);
      // biome-ignore lint/performance/useDomNodeTextContent: Playwright's locator.innerText (the text shown), not the DOM property
      expect(await after.innerText()).toBe(shown.after);
      // biome-ignore lint/performance/useDomNodeTextContent: Playwright's locator.innerText (the text shown), not the DOM property
      expect(await node.locator(':scope > summary .support').innerText()).toContain(`${shown.repos} repo`);
      expect(await after.locator('.hole').first().isVisible()).toBe(true);
      if (shown.children.length > 0) {
        // biome-ignore lint/performance/useDomNodeTextContent: Playwright's locator.innerText (the text shown), not the DOM property
        expect(await node.locator(':scope > .body > ul.examples > li.example').first().innerText()).toContain(file.records[shown.records[0]!]!.hash.slice(0, 12));
      }
      const png = join(dir, 'patterns.png');
      await page.screenshot({ path: png });
      expect((await stat(png)).size).toBeGreaterThan(10_000);
    } finally {
      await instance.close();
    }
  }, 120_000);
});
