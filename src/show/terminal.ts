/**
 * The terminal view of `bugmine show`: a header (where the sample is from, the bug, provenance), the
 * function's lines numbered as in its file with the bug's range marked by carets and the fixed line
 * below it, the candidate rewrites with the target marked, and node and edge counts by kind.
 * Sample text is untrusted: control characters (which could drive the terminal) are printed escaped.
 */
import { pythonStrRepr } from '../rewrite/python-repr.js';
import { type CandidateView, numberedLines, type SampleView, spanText } from './view.js';

/**
 * C0 and C1 controls except tab and newline, DEL, the line and paragraph separators, and the
 * bidirectional overrides and isolates (which can make shown code read differently from the real one).
 */
function isUnsafe(codePoint: number): boolean {
  return (
    (codePoint < 0x20 && codePoint !== 0x09 && codePoint !== 0x0a) ||
    (codePoint >= 0x7f && codePoint <= 0x9f) ||
    codePoint === 0x2028 ||
    codePoint === 0x2029 ||
    (codePoint >= 0x202a && codePoint <= 0x202e) ||
    (codePoint >= 0x2066 && codePoint <= 0x2069)
  );
}

/** `text` with every character that could act on a terminal written as `\uXXXX`. */
export function printable(text: string): string {
  let out = '';
  for (const c of text) {
    const codePoint = c.codePointAt(0)!;
    out += isUnsafe(codePoint) ? `\\u${codePoint.toString(16).padStart(4, '0')}` : c;
  }
  return out;
}

/** `printable`, and newlines written as `\n` too: for text shown on one line. */
function oneLine(text: string): string {
  return printable(text).replaceAll('\n', '\\n');
}

function provenanceValue(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function describeBug(view: SampleView): string {
  const target = view.target;
  if (target === null) return 'none (a sample without bug: target_fix_action_idx is nil)';
  const at = `(${target.range[0].join(',')})-(${target.range[1].join(',')})`;
  const was = target.span === null ? '' : ` ${pythonStrRepr(spanText(view, target.span))}`;
  return `${target.scout} at ${at}:${was}, repaired by candidate ${target.index}: ${target.description}`;
}

function header(view: SampleView, sameFunction: readonly number[]): string[] {
  const { sample } = view;
  const [[startLine], [endLine]] = sample.graph.code_range;
  const out = [
    `${oneLine(sample.graph.path)}: ${view.functionName === null ? '(no function name in the graph)' : oneLine(view.functionName)}, lines ${startLine}-${endLine}` +
      `  (sample ${view.index} of ${oneLine(view.file)})`,
    `package     ${oneLine(sample.package_name ?? '(none)')} ${oneLine(sample.package_version ?? '')}`.trimEnd(),
    `bug         ${oneLine(describeBug(view))}`,
  ];
  const provenance = sample.extra['provenance'];
  if (provenance !== null && typeof provenance === 'object' && !Array.isArray(provenance) && !(provenance instanceof Uint8Array)) {
    out.push(`provenance  ${Object.entries(provenance).map(([key, value]) => `${oneLine(key)}=${oneLine(provenanceValue(value))}`).join('  ')}`);
  }
  if (sameFunction.length > 0) out.push(`also        samples ${sameFunction.join(', ')} of this function (--index N shows one)`);
  return out;
}

/**
 * A caret line under the part of `text` (a line starting at code point offset `start`, shown after
 * `indent`) that `span` covers, or null when the span does not touch the line.
 */
function caretLine(text: string, start: number, indent: string, span: { start: number; end: number }): string | null {
  const codePoints = Array.from(text);
  const end = start + codePoints.length;
  const touches = span.start === span.end ? span.start >= start && span.start <= end : span.start <= end && span.end > start;
  if (!touches) return null;
  const from = Math.max(span.start, start) - start;
  const to = Math.min(span.end, end) - start;
  // Tabs stay tabs so that the carets line up under the code as the terminal shows it.
  const pad = (indent + printable(codePoints.slice(0, from).join(''))).replace(/[^\t]/g, ' ');
  const width = Array.from(printable(codePoints.slice(from, to).join(''))).length;
  return pad + '^'.repeat(Math.max(width, 1));
}

const MAX_INDENT = 200;

function codeLines(view: SampleView): string[] {
  const lines = numberedLines(view);
  const width = String(lines.at(-1)?.line ?? 0).length;
  const gutter = (mark: string, number: string) => `${mark.padEnd(3)} ${number.padStart(width)} | `;
  const target = view.target;
  const fixedLines = view.fixedText?.split('\n');
  const out: string[] = [];
  const sameShape = fixedLines !== undefined && fixedLines.length === lines.length;
  // The first line of a method starts at its column in the file: shown there, as in the file.
  const indentOf = (i: number) => (i === 0 && view.firstColumn <= MAX_INDENT ? ' '.repeat(view.firstColumn) : '');
  const marked = (i: number) => (target?.span == null ? null : caretLine(lines[i]!.text, lines[i]!.start, indentOf(i), target.span));
  lines.forEach((line, i) => {
    const carets = marked(i);
    out.push(gutter(carets === null ? ' ' : '>', String(line.line)) + indentOf(i) + printable(line.text));
    if (carets === null) return;
    const isLast = i + 1 === lines.length || marked(i + 1) === null;
    out.push(gutter(' ', '') + carets + (isLast ? ` bug (${target!.scout})` : ''));
    // The fixed version of every line the fix changes (for ArgSwap, the arguments after the marked callee too).
    if (isLast && sameShape) {
      lines.forEach((other, j) => {
        if (fixedLines[j] !== other.text) out.push(gutter('fix', String(other.line)) + indentOf(j) + printable(fixedLines[j]!));
      });
    }
  });
  if (view.fixedText !== null && !sameShape) {
    out.push('', 'fixed function (the fix changes the number of lines):');
    for (const [i, text] of view.fixedText.split('\n').entries()) out.push(gutter(' ', String(view.firstLine + i)) + indentOf(i) + printable(text));
  }
  if (view.fixProblem !== null) out.push('', `the fix cannot be shown: ${oneLine(view.fixProblem)}`);
  if (target !== null && target.span === null) out.push('', `the bug's range (${target.range[0].join(',')})-(${target.range[1].join(',')}) lies outside the function text`);
  return out;
}

function candidateLine(view: SampleView, candidate: CandidateView, width: number): string {
  const replaced = candidate.span === null ? '(range outside the function)' : `replaces ${pythonStrRepr(spanText(view, candidate.span))}`;
  const mark = candidate.isTarget ? '*' : ' ';
  return `${mark} ${String(candidate.index).padStart(width)}  ${oneLine(candidate.scout)}  ${oneLine(candidate.description)}  ${oneLine(replaced)}${candidate.isTarget ? '  <- the fix' : ''}`;
}

function countLines(view: SampleView): string[] {
  const { nodeCounts, edgeCounts } = view;
  const total = view.nodeKinds.length;
  const edges = edgeCounts.reduce((n, [, count]) => n + count, 0);
  const width = Math.max(0, ...edgeCounts.map(([kind]) => oneLine(kind).length));
  return [
    `nodes ${total}: ${nodeCounts.syntax} syntax, ${nodeCounts.token} token, ${nodeCounts.value} value`,
    `edges ${edges}:`,
    ...edgeCounts.map(([kind, count]) => `  ${oneLine(kind).padEnd(width)}  ${String(count).padStart(6)}`),
  ];
}

/** The terminal view of a selected sample, ending with a newline. */
export function renderTerminal(view: SampleView, sameFunction: readonly number[] = []): string {
  const width = String(Math.max(0, view.candidates.length - 1)).length;
  const candidates = view.candidates.map((candidate) => candidateLine(view, candidate, width));
  const targetNote = view.target === null ? '' : ', * marks the target';
  return (
    [
      ...header(view, sameFunction),
      '',
      ...codeLines(view),
      '',
      `candidate rewrites (${view.candidates.length}${targetNote}):`,
      ...candidates,
      '',
      ...countLines(view),
    ].join('\n') + '\n'
  );
}
