/**
 * `bugmine patterns html`: a self-contained page (no script, no network: HTML `<details>` elements
 * make the dendrogram a collapsible tree) showing each group's trees from the most general pattern
 * down to the concrete fixes, with holes highlighted, support, hole values and example fixes.
 */
import type { CstNode } from '../python/cst.js';
import type { PatternsFile, PatternsNode, PatternsRecord } from './mine.js';
import { renderTemplate } from './render.js';

/** Examples listed under an inner node. */
const MAX_EXAMPLES = 8;

const OPEN = '\u0001';
const CLOSE = '\u0002';

// biome-ignore lint/suspicious/noShadowRestrictedNames: a local helper; the global is not used in this module
function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A template as HTML, holes in `<span class="hole">`. */
function templateHtml(template: CstNode): string {
  const text = renderTemplate(template, (h) => `${OPEN}h${h}${CLOSE}`);
  return escape(text).replace(new RegExp(`${OPEN}(h\\d+)${CLOSE}`, 'g'), '<span class="hole">$1</span>');
}

function oneLine(html: string): string {
  return html.replace(/\s*\n\s*/g, ' ⏎ ');
}

function recordLine(record: PatternsRecord): string {
  return `<span class="repo">${escape(record.repo)}</span> <code>${escape(record.hash.slice(0, 12))}</code> ${escape(record.path)}:${record.line}${record.function ? ` <code>${escape(record.function)}</code>` : ''}`;
}

function nodeHtml(file: PatternsFile, node: PatternsNode, out: string[]): void {
  const before = templateHtml(node.template.before);
  const after = templateHtml(node.template.after);
  const leaf = node.children.length === 0;
  out.push(`<details class="node${leaf ? ' leaf' : ''}" id="n${node.id}">`);
  out.push(
    `<summary><span class="support">${node.repos} repo${node.repos === 1 ? '' : 's'} · ${node.records.length} fix${node.records.length === 1 ? '' : 'es'}</span> ` +
      `<code class="before">${oneLine(before)}</code> → <code class="after">${oneLine(after)}</code></summary>`,
  );
  out.push('<div class="body">');
  out.push(`<div class="pattern"><pre class="before">${before}</pre><div class="arrow">→</div><pre class="after">${after}</pre></div>`);
  out.push(`<p class="meta">node #${node.id}${leaf ? ' (concrete edit)' : `, merge cost ${node.cost}`}</p>`);
  if (node.holes.length > 0) {
    out.push('<table class="holes"><tr><th>hole</th><th>node types</th><th>observed values</th></tr>');
    for (const hole of node.holes) {
      const values = hole.values.map((v) => `<code>${escape(v.text)}</code>${v.count > 1 ? ` ×${v.count}` : ''}`).join(', ');
      out.push(`<tr><td><span class="hole">${hole.name}</span></td><td>${escape(hole.types.join(' | '))}</td><td>${values}${hole.distinct > hole.values.length ? ` … (${hole.distinct} distinct)` : ''}</td></tr>`);
    }
    out.push('</table>');
  }
  if (leaf) {
    const record = file.records[node.records[0]!]!;
    out.push(`<p class="example">${recordLine(record)}${record.scout ? ` · ${escape(record.scout)}` : ''}</p>`);
    out.push(`<div class="pattern"><pre class="before">${escape(record.before)}</pre><div class="arrow">→</div><pre class="after">${escape(record.after)}</pre></div>`);
  } else {
    out.push('<ul class="examples">');
    for (const index of node.records.slice(0, MAX_EXAMPLES)) out.push(`<li class="example">${recordLine(file.records[index]!)}</li>`);
    if (node.records.length > MAX_EXAMPLES) out.push(`<li>… ${node.records.length - MAX_EXAMPLES} more</li>`);
    out.push('</ul>');
    for (const child of node.children) nodeHtml(file, file.nodes[child]!, out);
  }
  out.push('</div></details>');
}

const STYLE = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #222; }
h1 { font-size: 1.4em; }
details { margin: 0.2em 0 0.2em 1em; }
details.group > summary { font-weight: 600; font-size: 1.05em; }
summary { cursor: pointer; }
summary code { background: #f4f4f4; padding: 0 0.2em; }
.support { color: #555; font-size: 0.9em; min-width: 9em; display: inline-block; }
.body { border-left: 2px solid #ddd; padding-left: 0.8em; margin-left: 0.3em; }
.pattern { display: flex; gap: 0.8em; align-items: flex-start; }
pre { background: #f7f7f7; padding: 0.4em 0.6em; margin: 0.3em 0; overflow-x: auto; max-width: 48em; }
pre.before { border-left: 3px solid #c33; }
pre.after { border-left: 3px solid #3a3; }
.arrow { padding-top: 0.5em; font-size: 1.2em; }
.hole { background: #ffe58a; color: #000; border-radius: 3px; padding: 0 0.15em; font-weight: 600; }
table.holes { border-collapse: collapse; margin: 0.3em 0; }
table.holes td, table.holes th { border: 1px solid #ddd; padding: 0.15em 0.5em; text-align: left; vertical-align: top; }
.meta { color: #777; font-size: 0.85em; margin: 0.2em 0; }
.repo { font-weight: 600; }
ul.examples { margin: 0.3em 0; padding-left: 1.2em; }
`;

export function patternsHtml(file: PatternsFile): string {
  const out: string[] = [];
  const repos = new Set(file.records.map((r) => r.repo)).size;
  out.push('<!DOCTYPE html>', '<html lang="en"><head><meta charset="utf-8">', '<title>bugmine fix patterns</title>');
  out.push(`<style>${STYLE}</style></head><body>`);
  out.push('<h1>bugmine fix patterns</h1>');
  out.push(
    `<p>${file.records.length} fixes from ${repos} repositories, ${file.nodes.length} dendrogram nodes, ${file.roots.length} trees ` +
      `(context level ${file.context}). Each tree goes from its most general pattern down to the concrete edits; ` +
      '<span class="hole">h0</span>, <span class="hole">h1</span>, … are holes.</p>',
  );
  const groups = new Map<string, number[]>();
  for (const root of file.roots) {
    const group = file.nodes[root]!.group;
    const list = groups.get(group);
    if (list === undefined) groups.set(group, [root]);
    else list.push(root);
  }
  const support = (ids: number[]): number => ids.reduce((s, id) => s + file.nodes[id]!.records.length, 0);
  const ordered = [...groups].sort((x, y) => support(y[1]) - support(x[1]) || (x[0] < y[0] ? -1 : 1));
  for (const [group, roots] of ordered) {
    const groupRepos = new Set(roots.flatMap((id) => file.nodes[id]!.records.map((r) => file.records[r]!.repo))).size;
    out.push(`<details class="group"><summary>${escape(group)} <span class="support">${support(roots)} fixes · ${groupRepos} repos · ${roots.length} tree${roots.length === 1 ? '' : 's'}</span></summary>`);
    const sorted = [...roots].sort((a, b) => file.nodes[b]!.repos - file.nodes[a]!.repos || file.nodes[b]!.records.length - file.nodes[a]!.records.length || a - b);
    for (const root of sorted) nodeHtml(file, file.nodes[root]!, out);
    out.push('</details>');
  }
  out.push('</body></html>');
  return out.join('\n') + '\n';
}
