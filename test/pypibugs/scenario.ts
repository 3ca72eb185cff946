/**
 * The test scenario: three repositories (one of them never created) and a JSONL file with one line
 * per outcome, each line paired with the outcome it must get.
 */
import { join } from 'node:path';
import type { LineOutcome } from '../../src/pypibugs/repository-unit.js';
import { candidateAwayFrom, FixtureRepo, injectBug, moduleLevelCandidate, stdlibText, toCrlf } from './fixtures.js';

export interface ScenarioLine {
  /** The JSON object of the line, or raw text for a malformed one. */
  readonly record: Record<string, string> | string;
  readonly expect: LineOutcome;
  /** For ok lines: the fixing commit's text at the fix line (what the fixed sample must contain). */
  readonly fixedLine?: string;
}

export interface Scenario {
  readonly alpha: FixtureRepo;
  readonly beta: FixtureRepo;
  readonly missingUrl: string;
  readonly lines: ScenarioLine[];
  readonly jsonl: string;
}

function line(repo: FixtureRepo | string, hash: string, diff: string, oldPath: string, rewrite: string): Record<string, string> {
  return { repo: typeof repo === 'string' ? repo : repo.url, hash, diff, old_path: oldPath, rewrite };
}

function lineText(text: string, n: number): string {
  return text.split('\n')[n - 1]!;
}

export function buildScenario(root: string): Scenario {
  const lines: ScenarioLine[] = [];
  const alpha = new FixtureRepo(join(root, 'alpha'));
  const textwrap = stdlibText('textwrap.py');
  const colorsys = stdlibText('colorsys.py');
  alpha.write('lib/textwrap.py', textwrap);
  alpha.write('colorsys.py', colorsys);
  alpha.write('fnmatch.py', stdlibText('fnmatch.py'));
  // Python 2 syntax: our parser (Python 3 grammar, as LibCST's) rejects it.
  alpha.write('legacy.py', 'def main(argv):\n    print "usage: %s" % argv[0]\n    return 1 if len(argv) < 2 else 0\n');
  alpha.commit('add files');

  // A bug in textwrap, then its fix.
  const bug = injectBug(textwrap, 'lib/textwrap.py', 0, 'ComparisonOperatorRewriteScout', true);
  alpha.write('lib/textwrap.py', bug.buggy);
  const bugged = alpha.commit('bug');
  alpha.write('lib/textwrap.py', textwrap);
  const fix = alpha.commit('fix');
  const fixDiff = alpha.hunks(bugged, fix);
  lines.push({ record: line(alpha, fix, fixDiff, 'lib/textwrap.py', bug.rewrite), expect: 'ok', fixedLine: lineText(textwrap, bug.line) });
  if (bug.alternative === null) throw new Error('the textwrap bug has no alternative replacement');
  lines.push({ record: line(alpha, fix, fixDiff, 'lib/textwrap.py', bug.alternative), expect: 'fix-mismatch' });
  lines.push({ record: line(alpha, fix, fixDiff, 'lib/textwrap.py', candidateAwayFrom(bug.buggy, 'lib/textwrap.py', bug.line)), expect: 'fix-mismatch' });
  lines.push({ record: line(alpha, fix, fixDiff, 'lib/textwrap.py', "ReplaceText(target='zzz' @(1,0)->(1,3))"), expect: 'rewrite-not-found' });
  lines.push({ record: line(alpha, fix, fixDiff, 'lib/textwrap.py', moduleLevelCandidate(bug.buggy, 'lib/textwrap.py')), expect: 'outside-function' });

  // A bug in colorsys, fixed in the commit that also renames the file.
  const colorBug = injectBug(colorsys, 'colorsys.py', 1, 'BinaryOperatorRewriteScout');
  alpha.write('colorsys.py', colorBug.buggy);
  const colorBugged = alpha.commit('bug in colorsys');
  alpha.git('mv', 'colorsys.py', 'lib/colors.py');
  alpha.write('lib/colors.py', colorsys);
  const colorFix = alpha.commit('fix and move colorsys');
  lines.push({ record: line(alpha, colorFix, alpha.hunks(colorBugged, colorFix), 'colorsys.py', colorBug.rewrite), expect: 'ok', fixedLine: lineText(colorsys, colorBug.line) });

  // A file that does not parse.
  alpha.write('legacy.py', 'def main(argv):\n    print "usage: %s" % argv[0]\n    return 1 if len(argv) <= 2 else 0\n');
  const legacyFix = alpha.commit('legacy');
  lines.push({ record: line(alpha, legacyFix, '@@ -3,1 +3,1 @@\n-x\n+y\n', 'legacy.py', "ReplaceText(target='<=' @(3,28)->(3,29))"), expect: 'parse-error' });

  // A file deleted before the fixing commit's parent.
  alpha.remove('fnmatch.py');
  alpha.commit('drop fnmatch');
  alpha.write('README', 'fixture\n');
  const afterDelete = alpha.commit('readme');
  lines.push({ record: line(alpha, afterDelete, '@@ -1,1 +1,1 @@\n-x\n+y\n', 'fnmatch.py', "ReplaceText(target='<' @(50,10)->(50,11))"), expect: 'file-missing' });

  // A merge commit.
  alpha.git('checkout', '-q', '-b', 'side');
  alpha.write('side.txt', 'side\n');
  alpha.commit('side');
  alpha.git('checkout', '-q', 'main');
  alpha.write('main.txt', 'main\n');
  alpha.commit('main');
  alpha.git('merge', '-q', '--no-ff', '-m', 'merge side', 'side');
  const merge = alpha.git('rev-parse', 'HEAD').trim();
  // (Each with its own diff: the same diff and rewrite would make a duplicate.)
  lines.push({ record: line(alpha, merge, '@@ -1,1 +1,1 @@\n-merge\n+merge\n', 'lib/textwrap.py', bug.rewrite), expect: 'merge-commit' });
  lines.push({ record: line(alpha, 'deadbeef'.repeat(5), '@@ -1,1 +1,1 @@\n-gone\n+gone\n', 'lib/textwrap.py', bug.rewrite), expect: 'commit-missing' });

  // CRLF line endings and a Latin-1 file with a coding cookie, in a second repository.
  const beta = new FixtureRepo(join(root, 'beta'));
  const heapq = stdlibText('heapq.py');
  const bisect = stdlibText('bisect.py');
  const latin = `# -*- coding: latin-1 -*-\n# Fran\u00e7ois' copy of bisect (caf\u00e9)\n${bisect}`;
  beta.write('heapq.py', toCrlf(heapq));
  beta.write('pkg/bisect_latin.py', Buffer.from(latin, 'latin1'));
  beta.commit('add');
  const heapBug = injectBug(heapq, 'heapq.py', 2);
  beta.write('heapq.py', toCrlf(heapBug.buggy));
  const heapBugged = beta.commit('bug in heapq');
  beta.write('heapq.py', toCrlf(heapq));
  const heapFix = beta.commit('fix heapq');
  lines.push({ record: line(beta, heapFix, beta.hunks(heapBugged, heapFix), 'heapq.py', heapBug.rewrite), expect: 'ok', fixedLine: lineText(heapq, heapBug.line) });
  const latinBug = injectBug(latin, 'pkg/bisect_latin.py', 0);
  beta.write('pkg/bisect_latin.py', Buffer.from(latinBug.buggy, 'latin1'));
  const latinBugged = beta.commit('bug in bisect');
  beta.write('pkg/bisect_latin.py', Buffer.from(latin, 'latin1'));
  const latinFix = beta.commit('fix bisect');
  // `sha`/`path` are accepted for `hash`/`old_path`.
  lines.push({
    record: { repo: beta.url, sha: latinFix, diff: beta.hunks(latinBugged, latinFix), path: 'pkg/bisect_latin.py', rewrite: latinBug.rewrite },
    expect: 'ok',
    fixedLine: lineText(latin, latinBug.line),
  });

  const missingUrl = `file://${join(root, 'no-such-repository')}`;
  lines.push({ record: line(missingUrl, fix, fixDiff, 'lib/textwrap.py', bug.rewrite), expect: 'repo-unavailable' });
  lines.push({ record: line(missingUrl, merge, fixDiff, 'lib/textwrap.py', bug.alternative), expect: 'repo-unavailable' });

  // Bad lines among good ones.
  lines.push({ record: '{"repo": "https://example.org/x.git", "hash": ', expect: 'invalid-line' });
  lines.push({ record: JSON.stringify({ repo: alpha.url, hash: fix, diff: fixDiff, rewrite: bug.rewrite }), expect: 'invalid-line' });
  lines.push({ record: JSON.stringify(line(alpha, 'not-a-commit', fixDiff, 'lib/textwrap.py', bug.rewrite)), expect: 'invalid-line' });
  lines.push({ record: JSON.stringify(line(alpha, fix, fixDiff, 'lib/textwrap.py', 'Replace(>=)')), expect: 'invalid-line' });
  // An exact duplicate of the first line.
  lines.push({ record: lines[0]!.record, expect: 'duplicate' });
  // A path out of the repository: rejected before git reads it (cat-file would die on it).
  lines.push({ record: JSON.stringify(line(alpha, fix, fixDiff, '../../etc/passwd', bug.rewrite)), expect: 'invalid-line' });
  // The first line's fix in a fork (same name, another owner): not cloned, reported as the same fix.
  lines.push({ record: line(`file://${join(root, 'someone-else', 'alpha')}`, fix, fixDiff, 'lib/textwrap.py', bug.rewrite), expect: 'duplicate-fix' });
  // The first line with a commit the repository lacks: its own outcome, not a duplicate.
  lines.push({ record: line(alpha, 'feedface'.repeat(5), fixDiff, 'lib/textwrap.py', bug.rewrite), expect: 'commit-missing' });

  const jsonl = lines.map((l) => (typeof l.record === 'string' ? l.record : JSON.stringify(l.record))).join('\n') + '\n';
  return { alpha, beta, missingUrl, lines, jsonl };
}
