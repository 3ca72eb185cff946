/** The text view of patterns.json (`bugmine patterns show`) and the README's table. */
import type { PatternsFile, PatternsNode } from './mine.js';

export interface ShowOptions {
  /** Minimum number of distinct repositories (default 2). */
  minSupport?: number;
  /** At most this many patterns (default all). */
  top?: number;
}

/** The flat list's patterns with at least `minSupport` repositories, most supported first. */
export function selectPatterns(file: PatternsFile, options: ShowOptions = {}): PatternsNode[] {
  const minSupport = options.minSupport ?? 2;
  let ids: readonly number[] = file.patterns;
  if (minSupport < 2) {
    // The flat list holds only patterns of ≥ 2 repositories: below that, every node counts.
    ids = [...file.nodes].sort((x, y) => y.repos - x.repos || y.records.length - x.records.length || x.id - y.id).map((n) => n.id);
  }
  const selected = ids.map((id) => file.nodes[id]!).filter((n) => n.repos >= minSupport);
  return options.top === undefined ? selected : selected.slice(0, options.top);
}

function indent(text: string, prefix: string): string {
  return text.split('\n').map((l) => prefix + l).join('\n');
}

export function showText(file: PatternsFile, options: ShowOptions = {}): string {
  const selected = selectPatterns(file, options);
  const leaves = file.nodes.filter((n) => n.children.length === 0).length;
  const lines: string[] = [
    `${file.records.length} fixes, ${new Set(file.records.map((r) => r.repo)).size} repositories, ${leaves} edits, ` +
      `${file.nodes.length - leaves} merges, ${file.roots.length} roots; ${selected.length} patterns shown (support ≥ ${options.minSupport ?? 2} repositories)`,
  ];
  for (const node of selected) {
    lines.push('', `#${node.id}  ${node.repos} repositories, ${node.records.length} fixes  [${node.group}]`);
    lines.push(indent(node.before, '  - '), indent(node.after, '  + '));
    for (const hole of node.holes) {
      const values = hole.values.slice(0, 5).map((v) => `${v.text}${v.count > 1 ? ` ×${v.count}` : ''}`).join(', ');
      lines.push(`    ${hole.name}: ${hole.types.join('|')}  ${values}${hole.distinct > 5 ? `, … (${hole.distinct} distinct)` : ''}`);
    }
  }
  return lines.join('\n') + '\n';
}

function cell(text: string): string {
  return '`' + text.replace(/\s*\n\s*/g, ' ⏎ ').replace(/\|/g, '\\|').replace(/`/g, "'") + '`';
}

/** A Markdown table: before → after, support, repositories. */
export function markdownTable(file: PatternsFile, options: ShowOptions = {}): string {
  const rows = selectPatterns(file, options).map(
    (n) => `| ${cell(n.before)} → ${cell(n.after)} | ${n.records.length} | ${n.repos} |`,
  );
  return ['| pattern (before → after) | fixes | repositories |', '|---|---:|---:|', ...rows].join('\n') + '\n';
}
