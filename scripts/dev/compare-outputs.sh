#!/usr/bin/env bash
# DEV ONLY: proves a refactor changed no output byte. Runs two builds of bugmine (a baseline dist and
# this checkout's dist) on the same inputs and compares everything they write:
#
#   - `extract-dir` on a subset of the standard library of the python3 on PATH: the packages
#     json email asyncio http logging collections concurrent importlib urllib xml and every
#     top-level module (about 300 files), copied to a temporary directory first;
#   - `file` on every conformance input (../shared/conformance/inputs), default options and
#     `--all-functions --rewrites 3 --seed 7`;
#   - `split`, `dump` (indented and --jsonl), `stats` and `stats --json` on datasets/sample and on the
#     extract-dir output.
#
#   scripts/dev/compare-outputs.sh BASELINE_DIST [CURRENT_DIST]
#
# Build the baseline from the commit to compare against, e.g.
#   git worktree add /tmp/baseline <commit> && (cd /tmp/baseline && npm install && npx tsc -p tsconfig.build.json)
#   scripts/dev/compare-outputs.sh /tmp/baseline/dist
# CURRENT_DIST defaults to this checkout's dist/ (run `npm run build` first). Exits 1 on any difference.
#
# A refactor in several steps compares each against the same baseline: with BASELINE_RECORD=DIR the
# baseline's outputs are recorded in DIR on the first run and read back from there on later runs
# (the baseline dist is then not run again; DIR is only trusted once a run completed it).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
baseline="$(cd "${1:?usage: compare-outputs.sh BASELINE_DIST [CURRENT_DIST]}" && pwd)"
current="$(cd "${2:-$root/dist}" && pwd)"
shared="$root/../shared"
work="$(mktemp -d "${TMPDIR:-/tmp}/bugmine-compare.XXXXXX")"
trap 'rm -rf "$work"' EXIT

record="${BASELINE_RECORD:-}"

stdlib="$(python3 -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')"
corpus="$work/corpus"
mkdir -p "$corpus"
for package in json email asyncio http logging collections concurrent importlib urllib xml; do
  (cd "$stdlib" && find "$package" -name '*.py' -not -path '*/__pycache__/*' -print0 | xargs -0 cp --parents -t "$corpus")
done
cp "$stdlib"/*.py "$corpus/"
echo "== corpus: $(find "$corpus" -name '*.py' | wc -l) files from $stdlib"

run_all() { # $1 = dist, $2 = output directory
  local dist="$1" out="$2" bugmine="node $1/cli.js"
  mkdir -p "$out/file"
  $bugmine extract-dir "$corpus" "$out/extract" --workers 2 >"$out/extract-dir.stdout" 2>"$out/extract-dir.stderr" || echo "exit $?" >>"$out/extract-dir.stderr"
  if [ -d "$shared/conformance/inputs" ]; then
    for input in "$shared"/conformance/inputs/*.py; do
      name="$(basename "$input" .py)"
      $bugmine file "$input" >"$out/file/$name.jsonl" 2>"$out/file/$name.stderr" || echo "exit $?" >>"$out/file/$name.stderr"
      $bugmine file "$input" --all-functions --rewrites 3 --seed 7 >"$out/file/$name.all.jsonl" 2>"$out/file/$name.all.stderr" || echo "exit $?" >>"$out/file/$name.all.stderr"
    done
  else
    echo "   (no $shared/conformance/inputs: bugmine file not compared)" >&2
  fi
  for data in "$root/datasets/sample" "$out/extract"; do
    tag="$(basename "$data")"
    $bugmine split "$data" "$out/split-$tag" >"$out/split-$tag.stdout" 2>&1 || echo "exit $?" >>"$out/split-$tag.stdout"
    $bugmine dump "$data" >"$out/dump-$tag.json" 2>&1 || echo "exit $?" >>"$out/dump-$tag.json"
    $bugmine dump --jsonl "$data" >"$out/dump-$tag.jsonl" 2>&1 || echo "exit $?" >>"$out/dump-$tag.jsonl"
    $bugmine stats "$data" >"$out/stats-$tag.txt" 2>&1 || echo "exit $?" >>"$out/stats-$tag.txt"
    $bugmine stats --json "$data" >"$out/stats-$tag.json" 2>&1 || echo "exit $?" >>"$out/stats-$tag.json"
  done
  # Output and corpus directories appear in messages: make them the same for every run.
  grep -rlF "$work" "$out" --include='*.stdout' --include='*.stderr' --include='*.txt' --include='*.json' 2>/dev/null |
    while read -r f; do sed -i "s#$out#OUT#g; s#$corpus#CORPUS#g" "$f"; done
}

if [ -n "$record" ] && [ -f "$record/.complete" ]; then
  echo "== baseline: recorded in $record"
  cp -a "$record/outputs" "$work/baseline"
else
  echo "== baseline: $baseline"
  time run_all "$baseline" "$work/baseline"
  if [ -n "$record" ]; then
    rm -rf "$record" && mkdir -p "$record" && cp -a "$work/baseline" "$record/outputs" && touch "$record/.complete"
    echo "== baseline recorded in $record"
  fi
fi
echo "== current:  $current"
time run_all "$current" "$work/current"

# The periodic progress lines of a piped run (extract-dir, split) carry rates and ETAs, and whether
# one is printed at all depends on timing: they are not output.
for side in baseline current; do
  find "$work/$side" -maxdepth 1 -type f \( -name '*.stdout' -o -name '*.stderr' \) -exec sed -i -E '/^(extract-dir|split): [0-9]+\/[0-9]+ files, .* samples\/s/d' {} +
done
files="$(cd "$work/baseline" && find . -type f | wc -l)"
if diff -r "$work/baseline" "$work/current" >"$work/diff.txt"; then
  echo "== identical: $files files ($(du -sh "$work/baseline" | cut -f1)), $(find "$work/baseline/extract" -name '*.gz' | wc -l) extract-dir data files"
else
  head -50 "$work/diff.txt"
  echo "== DIFFERENT (see above)" >&2
  exit 1
fi
