#!/usr/bin/env bash
# Benchmarks regionwise against Hugo and mdBook on the same synthetic guide
# corpus, times the bundled guide's cold build, measures page weight, and
# writes bench/RESULTS.md. Not part of the test suite; takes ~15-30 minutes
# on a 2-core machine (most of it N = 10,000 and, the first time, installing
# mdBook).
#
#   bench/run.sh                          # N = 1,000 and 10,000, 5 runs each
#   SIZES=1000 RUNS=3 bench/run.sh        # quicker
#   BUDGET=600                            # seconds of timed runs per tool and N (a
#                                         # slow tool gets fewer runs, at least one)
#   RW_BIN=path/to/regionwise bench/run.sh  # an already-built binary
#
# Everything it generates (corpora, outputs, tools, raw results) goes to
# bench/work/, which git ignores.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
WORK=$REPO/bench/work
SIZES=${SIZES:-"1000 10000"}
RUNS=${RUNS:-5}
BUDGET=${BUDGET:-600}
GUIDE_RUNS=${GUIDE_RUNS:-20}
RES=$WORK/results
OUT=$WORK/out
RUNS_DIR=$OUT/runs
mkdir -p "$RES" "$OUT" "$WORK/tools"
rm -f "$RES"/*
if [ -d "$RUNS_DIR" ]; then
  # Outputs of an earlier run; wait out ext4's "recently deleted" window
  # (see below) before timing anything.
  rm -rf "$RUNS_DIR"
  sleep 40
fi
mkdir -p "$RUNS_DIR"

say() { printf '\n== %s\n' "$*" >&2; }

# ---- tools ---------------------------------------------------------------
say "tools"
need_apt=()
command -v hyperfine >/dev/null || need_apt+=(hyperfine)
command -v hugo >/dev/null || need_apt+=(hugo)
[ -x /usr/bin/time ] || need_apt+=(time)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get install -y "${need_apt[@]}" >/dev/null || { apt-get update >/dev/null && apt-get install -y "${need_apt[@]}" >/dev/null; }
  else
    echo "missing: ${need_apt[*]} (install them with apt-get)" >&2
    exit 1
  fi
fi

MDBOOK=$WORK/tools/bin/mdbook
if [ ! -x "$MDBOOK" ]; then
  say "installing mdBook into bench/work/tools (a few minutes)"
  nice cargo install mdbook --locked --root "$WORK/tools" ||
    nice cargo install mdbook --root "$WORK/tools"
fi

if [ -z "${RW_BIN:-}" ]; then
  cargo build --release --bin regionwise
  RW_BIN=${CARGO_TARGET_DIR:-$REPO/target}/release/regionwise
fi
RW_BIN=$(realpath "$RW_BIN")

{
  echo "regionwise	$("$RW_BIN" --version 2>/dev/null || echo regionwise) ($(git -C "$REPO" rev-parse --short HEAD)$(git -C "$REPO" diff --quiet HEAD -- src templates static || echo ', uncommitted changes'))"
  echo "hugo	$(hugo version | cut -d' ' -f1-2)"
  echo "mdbook	$("$MDBOOK" --version)"
  echo "hyperfine	$(hyperfine --version)"
  if command -v zola >/dev/null; then echo "zola	$(zola --version) (found, but the corpus has no Zola layout yet)"; fi
} >"$RES/versions.tsv"
{
  echo "cpu	$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "nproc	$(nproc)"
  echo "memory	$(free -h | awk '/^Mem:/ {print $2 " total, " $7 " available"}')"
  echo "os	$(. /etc/os-release && echo "$PRETTY_NAME") $(uname -r)"
  echo "load	$(cut -d' ' -f1-3 /proc/loadavg) (1/5/15-min load average when the run started)"
  echo "date	$(date -u '+%Y-%m-%d %H:%M UTC')"
} >"$RES/machine.tsv"
cat "$RES/versions.tsv" "$RES/machine.tsv" >&2

# ---- corpora and full builds ---------------------------------------------
for N in $SIZES; do
  C=$WORK/corpus-$N
  stamp="$(sha256sum "$REPO/bench/corpus.py" | cut -c1-16) $N"
  if [ "$(cat "$C/.stamp" 2>/dev/null)" != "$stamp" ]; then
    say "generating the corpus, N = $N"
    python3 "$REPO/bench/corpus.py" "$N" "$C" --css "$REPO/static/site.css"
    echo "$stamp" >"$C/.stamp"
  fi

  # Each run builds into a new folder and nothing is deleted while timing:
  # on this machine's unjournaled ext4, creating many files soon after
  # deleting many (an `rm -rf` of the last output) is quadratic in the
  # kernel (it skips "recently deleted" inodes one by one), which would
  # swamp what the tools themselves do. A CI build starts from a fresh
  # checkout, too.
  build_cmd() { # TOOL OUTPUT_DIR
    case $1 in
      regionwise) echo "$RW_BIN build --root $C/regionwise --output $2" ;;
      hugo) echo "hugo --quiet --source $C/hugo --destination $2" ;;
      mdbook) echo "$MDBOOK build $C/mdbook --dest-dir $2" ;;
    esac
  }
  for tool in regionwise hugo mdbook; do
    # The warm-up run (page cache, and how long this tool takes) decides
    # the number of timed runs: RUNS, fewer for a tool whose single build
    # would blow BUDGET seconds (mdBook at N = 10,000).
    say "$tool, N = $N: warm-up run"
    /usr/bin/time -f %e -o "$RES/warmup.tmp" $(build_cmd $tool "$RUNS_DIR/$(date +%s%N)-$tool") >/dev/null 2>&1
    warm=$(tail -1 "$RES/warmup.tmp")
    runs=$(python3 -c "print(max(1, min($RUNS, int($BUDGET / max($warm, 0.001)))))")
    say "$tool, N = $N: $runs timed runs (the warm-up took ${warm} s)"
    # Peak RSS of each timed run, from /usr/bin/time around the tool.
    rss="$RES/rss-$N-$tool.txt"
    hyperfine --style basic --warmup 0 --runs "$runs" \
      --export-json "$RES/build-$N-$tool.json" \
      -n "$tool" "/usr/bin/time -f %M -a -o $rss $(build_cmd $tool "$RUNS_DIR/\$(date +%s%N)-$tool")" >&2
    last=$(ls -d "$RUNS_DIR"/*-"$tool" | sort | tail -1)
    printf '%s\t%s\t%s\t%s\n' "$N" "$tool" \
      "$(find "$last" -name '*.html' | wc -l)" "$(du -sk "$last" | cut -f1)" >>"$RES/output.tsv"
  done
  rm -f "$RES/warmup.tmp"

  # shellcheck disable=SC2046
  $(build_cmd regionwise "$RUNS_DIR/$(date +%s%N)-rw") --verbose >/dev/null 2>"$RES/phases-$N.txt"
done

# ---- the bundled guide -----------------------------------------------------
say "the bundled guide, cold process ($GUIDE_RUNS runs)"
GUIDE="$RW_BIN build --root $REPO --output $OUT/guide"
hyperfine --style basic --warmup 2 --runs "$GUIDE_RUNS" --export-json "$RES/guide.json" \
  -n guide "$GUIDE" >&2
$GUIDE --verbose >/dev/null 2>"$RES/phases-guide.txt"

# ---- serve -------------------------------------------------------------------
say "serve: an edit to one page of the guide until it is served (20 edits, 20 undos)"
python3 "$REPO/bench/serve-latency.py" "$RW_BIN" "$REPO" 20 >"$RES/serve.json" ||
  echo "serve-latency failed; see above" >&2

# ---- the calculator in a browser ---------------------------------------------
if command -v node >/dev/null && [ -d "$REPO/tests/browser/node_modules/playwright-core" ]; then
  say "calculator recompute in headless Chromium"
  node "$REPO/bench/calc-timing.mjs" "$OUT/guide" >"$RES/calc.json" ||
    echo "calc-timing failed; see above" >&2
else
  echo "skipping the browser timing: run scripts/test once (it installs chromium and playwright-core)" >&2
fi

say "removing the build outputs (bench/work/out/runs)"
rm -rf "$RUNS_DIR"

say "writing bench/RESULTS.md"
python3 "$REPO/bench/report.py" "$RES" "$OUT/guide" "$REPO/bench/RESULTS.md"
cat "$REPO/bench/RESULTS.md"
