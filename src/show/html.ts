/**
 * The HTML view of `bugmine show --html`: one self-contained page (no script, no network: a
 * Content-Security-Policy forbids both) with the function and its bug and fix highlighted, the fixed
 * function, the candidate rewrites with the target marked, and the graph as inline SVG. Each edge
 * kind has a checkbox; CSS alone (`#show-kN:not(:checked) ~ ...`) hides that kind's edges and its
 * edge list. Every text of the sample is escaped, and edge kinds (which are keys of the sample) only
 * ever appear as text: classes and ids are numbered.
 */
import { pythonStrRepr } from '../rewrite/python-repr.js';
import { FONT_SIZE, type GraphLayout, layoutGraph, NODE_HEIGHT, type PlacedNode } from './layout.js';
import { printable } from './terminal.js';
import { changedSpan, type NodeKind, type NumberedLine, numberedLines, type SampleView, spanText, type TextSpan } from './view.js';

/** Text for HTML content and attribute values; characters that could act on a reader are made visible. */
export function escapeHtml(text: string): string {
  return printable(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The colours of BugLab's `asdot.py` where it names one; the other kinds get their own. */
const EDGE_COLOURS: Readonly<Record<string, string>> = {
  Child: '#555555',
  Sibling: '#b0b0b0',
  NextToken: 'hotpink',
  LastMayWrite: 'red',
  NextMayUse: 'blue',
  OccurrenceOf: 'green',
  ComputedFrom: 'brown',
  ControlFlowNext: 'darkorange',
  AssignedFrom: 'purple',
  ReturnsFrom: 'teal',
  YieldsFrom: 'olive',
  MayFinalUseOf: 'sienna',
  CandidateCall: 'darkcyan',
  CandidateCallDoc: 'goldenrod',
  MayFormalName: 'magenta',
};
const OTHER_COLOURS = ['#1b9e77', '#d95f02', '#7570b3', '#e7298a', '#66a61e', '#e6ab02', '#a6761d'];

/** Kinds drawn when the page opens; the others are one click away (they follow from the layout). */
const HIDDEN_AT_FIRST = new Set(['Sibling', 'NextToken']);

interface EdgeKind {
  readonly name: string;
  /** `k0`, `k1`, ...: the kind's class. */
  readonly id: string;
  readonly colour: string;
  readonly edges: readonly (readonly [number, number, string?])[];
}

function edgeKinds(view: SampleView): EdgeKind[] {
  let other = 0;
  return Object.entries(view.sample.graph.edges).map(([name, edges], i) => ({
    name,
    id: `k${i}`,
    colour: EDGE_COLOURS[name] ?? OTHER_COLOURS[other++ % OTHER_COLOURS.length]!,
    edges: edges as EdgeKind['edges'],
  }));
}

function style(kinds: readonly EdgeKind[]): string {
  const perKind = kinds.map(
    (k) =>
      `#show-${k.id}:not(:checked) ~ .graph .${k.id}, #show-${k.id}:not(:checked) ~ .edge-lists .${k.id} { display: none; }\n` +
      `.${k.id} path { stroke: ${k.colour}; } #arrow-${k.id} path { fill: ${k.colour}; stroke: none; } label.${k.id} .swatch { background: ${k.colour}; }`,
  );
  return `
body { font-family: system-ui, sans-serif; margin: 1.5em; color: #222; }
h1 { font-size: 1.3em; } h2 { font-size: 1.1em; margin-top: 1.6em; }
dl.about { display: grid; grid-template-columns: max-content 1fr; gap: 0.2em 1em; }
dl.about dt { font-weight: 600; } dl.about dd { margin: 0; font-family: monospace; overflow-wrap: anywhere; }
pre.code { background: #f7f7f7; padding: 0.6em; overflow-x: auto; line-height: 1.35; }
pre.code .ln { display: inline-block; width: 4em; color: #999; user-select: none; }
pre.code .line.marked .ln { color: #c00; font-weight: 600; }
del.bug, mark.bug { background: #ffd0d0; color: #900; } del.bug { text-decoration: line-through; }
ins.fix, mark.fixed { background: #c8f0c8; color: #060; text-decoration: none; }
table.candidates { border-collapse: collapse; font-size: 0.9em; }
table.candidates td, table.candidates th { padding: 0.15em 0.6em; text-align: left; border-bottom: 1px solid #eee; font-family: monospace; }
table.candidates tr.target { background: #e6f7e6; font-weight: 600; }
#graph-view label { margin-right: 1em; white-space: nowrap; }
#graph-view .swatch { display: inline-block; width: 0.9em; height: 0.9em; margin: 0 0.3em; vertical-align: middle; border-radius: 2px; }
.graph { overflow: auto; max-height: 80vh; border: 1px solid #ddd; margin-top: 0.8em; }
.graph svg { font-family: monospace; font-size: ${FONT_SIZE}px; }
.graph .node rect { fill: #fff; stroke: #888; }
.graph .node.token rect { fill: #eef3ff; }
.graph .node.value rect { fill: #ffe2b8; stroke: #d08a00; }
.graph .node.bug rect { stroke: #d00; stroke-width: 2.5; fill: #ffd0d0; }
.graph .node text { text-anchor: middle; dominant-baseline: central; }
.graph path { fill: none; stroke-width: 1.1; opacity: 0.75; }
.graph .edge-label { font-size: ${FONT_SIZE - 2}px; fill: #555; text-anchor: middle; }
.edge-lists details { margin: 0.3em 0; } .edge-lists ol { font-family: monospace; font-size: 0.85em; }
${perKind.join('\n')}
`;
}

function aboutRows(view: SampleView): string {
  const { sample } = view;
  const target = view.target;
  const rows: [string, string][] = [
    ['data file', `${view.file}, sample ${view.index}`],
    ['package', `${sample.package_name ?? '(none)'} ${sample.package_version ?? ''}`.trim()],
    [
      'bug',
      target === null
        ? 'none (a sample without bug: target_fix_action_idx is nil)'
        : `${target.scout}; repaired by candidate ${target.index}: ${target.description}`,
    ],
  ];
  const provenance = sample.extra['provenance'];
  if (provenance !== null && typeof provenance === 'object' && !Array.isArray(provenance) && !(provenance instanceof Uint8Array)) {
    for (const [key, value] of Object.entries(provenance)) rows.push([`provenance.${key}`, typeof value === 'string' ? value : safeJson(value)]);
  }
  return rows.map(([key, value]) => `<dt>${escapeHtml(key)}</dt><dd>${escapeHtml(value)}</dd>`).join('\n');
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** The function's lines with `bug` (a span) marked and, after it, the replacement that fixes it. */
function codeBlock(view: SampleView, lines: readonly NumberedLine[], bug: TextSpan | null, insertAfterBug: string | null, marks: 'bug' | 'fixed'): string {
  const touches = lines.map((line) => {
    const end = line.start + Array.from(line.text).length;
    return bug !== null && (bug.start === bug.end ? bug.start >= line.start && bug.start <= end : bug.start <= end && bug.end > line.start);
  });
  const lastTouched = touches.lastIndexOf(true);
  const out = lines.map((line, i) => {
    const codePoints = Array.from(line.text);
    const indent = i === 0 && view.firstColumn <= 200 ? ' '.repeat(view.firstColumn) : '';
    let body = escapeHtml(line.text);
    if (bug !== null && touches[i]) {
      const from = Math.max(bug.start, line.start) - line.start;
      const to = Math.max(from, Math.min(bug.end, line.start + codePoints.length) - line.start);
      const inside = escapeHtml(codePoints.slice(from, to).join(''));
      // A replaced range is struck out; an ArgSwap's range (the called expression) stays, marked.
      const marked =
        marks === 'fixed' ? `<mark class="fixed">${inside}</mark>` : insertAfterBug !== null ? `<del class="bug">${inside}</del>` : `<mark class="bug">${inside}</mark>`;
      const fix = insertAfterBug !== null && i === lastTouched ? `<ins class="fix">${escapeHtml(insertAfterBug)}</ins>` : '';
      body = escapeHtml(codePoints.slice(0, from).join('')) + marked + fix + escapeHtml(codePoints.slice(to).join(''));
    }
    return `<span class="line${touches[i] ? ' marked' : ''}"><span class="ln">${line.line}</span>${indent}${body}</span>`;
  });
  return `<pre class="code">${out.join('\n')}</pre>`;
}

function fixedLines(view: SampleView, fixedText: string): NumberedLine[] {
  let start = 0;
  return fixedText.split('\n').map((text, i) => {
    const line = { line: view.firstLine + i, start, text };
    start += Array.from(text).length + 1;
    return line;
  });
}

function codeSections(view: SampleView): string {
  const target = view.target;
  const out = ['<section id="code">', '<h2>The function</h2>'];
  out.push(codeBlock(view, numberedLines(view), target?.span ?? null, target?.replacement ?? null, 'bug'));
  if (target !== null && target.span === null) out.push(`<p class="problem">The bug's range lies outside the function text.</p>`);
  if (target !== null && target.replacement === null && target.span !== null) {
    out.push(`<p>The bug: <code>${escapeHtml(spanText(view, target.span))}</code> is called with its arguments swapped; ${escapeHtml(target.description)} repairs it.</p>`);
  }
  out.push('</section>');
  if (view.fixedText !== null) {
    const changed = changedSpan(view.codePoints.join(''), view.fixedText);
    out.push('<section id="fixed">', '<h2>Fixed (the target candidate applied)</h2>', codeBlock(view, fixedLines(view, view.fixedText), changed, null, 'fixed'), '</section>');
  } else if (view.fixProblem !== null) {
    out.push(`<p class="problem">The fix cannot be shown: ${escapeHtml(view.fixProblem)}</p>`);
  }
  return out.join('\n');
}

function candidateTable(view: SampleView): string {
  const rows = view.candidates.map((c) => {
    const replaced = c.span === null ? '(outside the function)' : pythonStrRepr(spanText(view, c.span));
    return (
      `<tr${c.isTarget ? ' class="target"' : ''}><td>${c.isTarget ? '★ ' : ''}${c.index}</td><td>${escapeHtml(c.scout)}</td>` +
      `<td>${escapeHtml(c.description)}</td><td>${escapeHtml(replaced)}</td><td>${c.referenceNode}</td><td>${c.isTarget ? 'the fix' : ''}</td></tr>`
    );
  });
  return [
    '<section id="candidates">',
    `<h2>Candidate rewrites (${view.candidates.length})</h2>`,
    '<table class="candidates"><thead><tr><th>#</th><th>scout</th><th>rewrite</th><th>replaces</th><th>node</th><th></th></tr></thead>',
    `<tbody>${rows.join('\n')}</tbody></table>`,
    '</section>',
  ].join('\n');
}

/** Where along a tree edge its field name is written: near the child, where siblings' edges are apart. */
const LABEL_AT = 0.72;

function num(n: number): string {
  return String(Math.round(n * 10) / 10);
}

/** An edge as an SVG path: tree edges straight down, the others as arcs whose bulge differs by kind. */
function edgePath(from: PlacedNode, to: PlacedNode, kindIndex: number, straight: boolean): string {
  if (straight) return `M${num(from.x)},${num(from.y + NODE_HEIGHT / 2)} L${num(to.x)},${num(to.y - NODE_HEIGHT / 2)}`;
  if (from === to) {
    return `M${num(from.x - 4)},${num(from.y - NODE_HEIGHT / 2)} C${num(from.x - 20)},${num(from.y - 30)} ${num(from.x + 20)},${num(from.y - 30)} ${num(from.x + 4)},${num(from.y - NODE_HEIGHT / 2)}`;
  }
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  const length = Math.hypot(dx, dy);
  const bulge = Math.min(0.25 * length, 80) * (1 + (kindIndex % 4) * 0.25) * (kindIndex % 2 === 0 ? 1 : -1);
  const cx = (from.x + to.x) / 2 - (dy / length) * bulge;
  const cy = (from.y + to.y) / 2 + (dx / length) * bulge;
  return `M${num(from.x)},${num(from.y)} Q${num(cx)},${num(cy)} ${num(to.x)},${num(to.y)}`;
}

function nodeTitle(view: SampleView, node: number): string {
  return `#${node} ${view.nodeKinds[node]!}: ${view.sample.graph.nodes[node]!}`;
}

function svg(view: SampleView, kinds: readonly EdgeKind[], layout: GraphLayout): string {
  const markers = kinds.map(
    (k) => `<marker id="arrow-${k.id}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker>`,
  );
  const edgeGroups = kinds.map((k, i) => {
    const isTree = k.name === 'Child';
    const paths = k.edges.map(([from, to, label]) => {
      const a = layout.nodes[from]!;
      const b = layout.nodes[to]!;
      const title = `${k.name}: ${nodeTitle(view, from)} → ${nodeTitle(view, to)}${label === undefined ? '' : ` (${label})`}`;
      const text =
        isTree && label !== undefined
          ? `<text class="edge-label" x="${num(a.x + (b.x - a.x) * LABEL_AT)}" y="${num(a.y + (b.y - a.y) * LABEL_AT)}">${escapeHtml(label)}</text>`
          : '';
      return `<path d="${edgePath(a, b, i, isTree)}"${isTree ? '' : ` marker-end="url(#arrow-${k.id})"`}><title>${escapeHtml(title)}</title></path>${text}`;
    });
    return `<g class="edges ${k.id}">${paths.join('')}</g>`;
  });
  const bugNode = view.target?.referenceNode;
  const nodes = layout.nodes.map((p, node) => {
    const kind: NodeKind = view.nodeKinds[node]!;
    const classes = `node ${kind}${node === bugNode ? ' bug' : ''}`;
    return (
      `<g class="${classes}"><title>${escapeHtml(nodeTitle(view, node))}</title>` +
      `<rect x="${num(p.x - p.width / 2)}" y="${num(p.y - NODE_HEIGHT / 2)}" width="${num(p.width)}" height="${NODE_HEIGHT}" rx="3"/>` +
      `<text x="${num(p.x)}" y="${num(p.y)}">${escapeHtml(p.shown)}</text></g>`
    );
  });
  return (
    `<svg width="${layout.width}" height="${layout.height}" viewBox="0 0 ${layout.width} ${layout.height}">` +
    `<defs>${markers.join('')}</defs>${edgeGroups.join('\n')}\n<g class="nodes">${nodes.join('\n')}</g></svg>`
  );
}

function edgeLists(view: SampleView, kinds: readonly EdgeKind[]): string {
  const label = (node: number) => `#${node} <code>${escapeHtml(Array.from(view.sample.graph.nodes[node]!).slice(0, 200).join(''))}</code>`;
  const lists = kinds.map((k) => {
    const items = k.edges.map(([from, to, edgeLabel]) => `<li>${label(from)} → ${label(to)}${edgeLabel === undefined ? '' : ` (${escapeHtml(edgeLabel)})`}</li>`);
    return `<details class="${k.id}"><summary>${escapeHtml(k.name)}: ${k.edges.length} edges</summary><ol start="0">${items.join('')}</ol></details>`;
  });
  return `<div class="edge-lists">${lists.join('\n')}</div>`;
}

function graphSection(view: SampleView): string {
  const kinds = edgeKinds(view);
  const layout = layoutGraph(view.sample.graph);
  const { syntax, token, value } = view.nodeCounts;
  const toggles = kinds.map(
    (k) =>
      `<input type="checkbox" id="show-${k.id}"${HIDDEN_AT_FIRST.has(k.name) ? '' : ' checked'}>` +
      `<label for="show-${k.id}" class="${k.id}"><span class="swatch"></span>${escapeHtml(k.name)} (${k.edges.length})</label>`,
  );
  return [
    '<section id="graph-view">',
    `<h2>The graph: ${view.nodeKinds.length} nodes (${syntax} syntax, ${token} token, ${value} value), ${kinds.reduce((n, k) => n + k.edges.length, 0)} edges</h2>`,
    '<p>Switch edge kinds on and off; hover a node or an edge for its details. The bug\'s node is outlined red, value nodes are orange, tokens blue.</p>',
    ...toggles,
    `<div class="graph">${svg(view, kinds, layout)}</div>`,
    '<h2>Edges by kind</h2>',
    edgeLists(view, kinds),
    '</section>',
  ].join('\n');
}

/** The whole page for the sample. */
export function renderHtml(view: SampleView): string {
  const kinds = edgeKinds(view);
  const [[startLine], [endLine]] = view.sample.graph.code_range;
  const title = `${view.sample.graph.path}: ${view.functionName ?? '(no function name)'}, lines ${startLine}-${endLine}`;
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    `<title>${escapeHtml(title)}</title>`,
    `<style>${style(kinds)}</style>`,
    '</head><body>',
    `<h1>${escapeHtml(title)}</h1>`,
    `<dl class="about">${aboutRows(view)}</dl>`,
    codeSections(view),
    candidateTable(view),
    graphSection(view),
    '</body></html>',
    '',
  ].join('\n');
}
