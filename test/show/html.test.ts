// End to end: `bugmine show --html` on samples of `bugmine extract-dir`, the page read as a file and
// opened in headless Chromium (open, switch edge kinds, check the text shown, screenshot).
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserGate, CHROMIUM, CHROMIUM_ARGS } from '../helpers/browser.js';
import { runCli } from '../helpers/cli.js';
import { extractShowFixtures, type JsonSample, samplesOf } from './fixtures.js';

const browser = browserGate('test/show/html.test.ts');

describe('bugmine show --html', () => {
  let dir: string;
  let pages: string;
  let colorsys: string;
  let hostile: string;
  let bugIndex: number;
  let bugSample: JsonSample;
  let bugPage: string;
  let hostilePage: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bugmine-show-html-'));
    const out = await extractShowFixtures(dir);
    colorsys = join(out, 'graphs-colorsys.msgpack.l.gz');
    hostile = join(out, 'graphs-hostile.msgpack.l.gz');
    const samples = await samplesOf(colorsys);
    bugIndex = samples.findIndex((s) => s.target_fix_action_idx !== null && s.candidate_rewrites[s.target_fix_action_idx]![0] === 'ReplaceText');
    bugSample = samples[bugIndex]!;
    pages = join(dir, 'pages');
    bugPage = join(pages, 'bug.html');
    hostilePage = join(pages, 'hostile.html');
    await mkdir(pages);
    for (const [file, index, page] of [
      [colorsys, bugIndex, bugPage],
      [hostile, 0, hostilePage],
    ] as const) {
      const result = await runCli(['show', file, '--index', String(index), '--html', page]);
      expect(result.code, result.stderr + result.stdout).toBe(0);
      expect(result.stderr).toBe(`bugmine: wrote ${page}\n`);
    }
  }, 300_000);

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes one self-contained page, atomically, with the sample text escaped', async () => {
    expect((await readdir(pages)).sort()).toEqual(['bug.html', 'hostile.html']);
    for (const page of [bugPage, hostilePage]) {
      const text = await readFile(page, 'utf8');
      // No element that runs or fetches anything, no address at all (the markup in the code is text).
      expect(text).not.toMatch(/<(script|link|img|iframe|object|embed|base)\b|\b(src|href)="|https?:\/\/|@import|url\((?!#)/i);
      expect(text).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`);
    }
    const hostileText = await readFile(hostilePage, 'utf8');
    expect(hostileText).toContain('&#60;/script&#62;&#60;img src=x onerror=alert(1)&#62;\\u001b[31m');
    expect(hostileText).not.toContain('\u001b');
  });

  it.runIf(browser)('shows the bug and its fix, the candidates, and edge kinds that switch on and off in headless Chromium', async () => {
    const target = bugSample.target_fix_action_idx!;
    const [[line, column], [, end]] = bugSample.candidate_rewrite_ranges[target]!;
    const bugLine = bugSample.graph.text.split('\n')[line - bugSample.graph.code_range[0][0]]!;
    const kinds = Object.entries(bugSample.graph.edges);

    const { chromium } = await import('playwright-core');
    const instance = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    try {
      const page = await instance.newPage({ viewport: { width: 1400, height: 1000 } });
      const requests: string[] = [];
      page.on('request', (request) => {
        if (!request.url().startsWith('file:')) requests.push(request.url());
      });
      await page.goto(pathToFileURL(bugPage).href);
      // biome-ignore-start lint/performance/useDomNodeTextContent: Playwright's locator.innerText (the text shown), not the DOM property
      expect(await page.locator('h1').innerText()).toBe(`colorsys.py: rgb_to_yiq, lines ${bugSample.graph.code_range[0][0]}-${bugSample.graph.code_range[1][0]}`);
      expect(await page.locator('#code del.bug').innerText()).toBe(bugLine.slice(column, end));
      expect(await page.locator('#code ins.fix').innerText()).toBe(bugSample.candidate_rewrites[target]![1]);
      expect(await page.locator('#code .line.marked').innerText()).toBe(`${line}${bugLine.slice(0, column)}${bugLine.slice(column, end)}${bugSample.candidate_rewrites[target]![1]}${bugLine.slice(end)}`);
      expect(await page.locator('#fixed mark.fixed').innerText()).toBe(bugSample.candidate_rewrites[target]![1]);
      expect(await page.locator('table.candidates tbody tr').count()).toBe(bugSample.candidate_rewrites.length);
      const targetRow = page.locator('table.candidates tr.target');
      expect(await targetRow.count()).toBe(1);
      expect(await targetRow.locator('td').first().innerText()).toBe(`★ ${target}`);
      expect(await targetRow.innerText()).toContain('the fix');
      expect(await page.locator('.graph g.node').count()).toBe(bugSample.graph.nodes.length);
      expect(await page.locator('.graph g.node.bug').count()).toBe(1);

      const kindNamed = async (name: string) => {
        const label = page.locator('#graph-view > label', { hasText: new RegExp(`^${name} \\(`) });
        const id = (await label.locator('input[type=checkbox]').getAttribute('id'))!.replace(/^show-/, '');
        return { label, edges: page.locator(`.graph g.edges.${id}`), list: page.locator(`.edge-lists details.${id} > summary`) };
      };
      for (const [name, edges] of kinds) {
        const kind = await kindNamed(name);
        expect(await kind.label.innerText()).toBe(`${name} (${edges.length})`);
        expect(await kind.edges.locator('path').count()).toBe(edges.length);
      }

      // OccurrenceOf is drawn at first: switching it off hides its edges and its list, on again shows them.
      const occurrence = await kindNamed('OccurrenceOf');
      expect(await occurrence.edges.isVisible()).toBe(true);
      expect(await occurrence.list.innerText()).toBe(`OccurrenceOf: ${bugSample.graph.edges['OccurrenceOf']!.length} edges`);
      await occurrence.label.click();
      expect(await occurrence.edges.isVisible()).toBe(false);
      expect(await occurrence.list.isVisible()).toBe(false);
      await occurrence.label.click();
      expect(await occurrence.list.isVisible()).toBe(true);

      // Child edges carry their field names: hidden with them.
      const child = await kindNamed('Child');
      const fieldName = child.edges.locator('text.edge-label', { hasText: /^params$/ }).first();
      expect(await fieldName.isVisible()).toBe(true);
      await child.label.click();
      expect(await fieldName.isVisible()).toBe(false);

      // NextToken starts switched off.
      const nextToken = await kindNamed('NextToken');
      expect(await nextToken.list.isVisible()).toBe(false);
      await nextToken.label.click();
      expect(await nextToken.list.isVisible()).toBe(true);
      expect(await nextToken.edges.isVisible()).toBe(true);

      const png = join(dir, 'show.png');
      await page.screenshot({ path: png, fullPage: true });
      expect((await stat(png)).size).toBeGreaterThan(20_000);

      // The hostile page: markup in the code is text, nothing runs, nothing is fetched.
      const dialogs: string[] = [];
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      await page.goto(pathToFileURL(hostilePage).href);
      expect(await page.locator('#code pre.code').innerText()).toContain('banner = "</script><img src=x onerror=alert(1)>\\u001b[31m"');
      expect(await page.locator('h1').innerText()).toBe('hostile.py: greet, lines 2-8');
      // biome-ignore-end lint/performance/useDomNodeTextContent: Playwright's locator.innerText (the text shown), not the DOM property
      expect(await page.locator('img, script').count()).toBe(0);
      expect(dialogs).toEqual([]);
      expect(requests).toEqual([]);
    } finally {
      await instance.close();
    }
  }, 120_000);

  it('says in one line when the page cannot be written', async () => {
    const target = join(dir, 'missing-dir', 'x.html');
    const result = await runCli(['show', colorsys, '--index', '0', '--html', target]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`bugmine: show: cannot write ${target}: ENOENT\n`);
    expect(existsSync(join(dir, 'missing-dir'))).toBe(false);
  });
});
