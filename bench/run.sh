#!/usr/bin/env bash
# Benchmarks regionwise against Hugo and mdBook on the same synthetic guide
# corpus, times the bundled guide's cold build, measures page weight, and
# writes bench/RESULTS.md. Not part of the test suite; takes ~15-30 minutes
# on a 2-core machine (most of it N = 10,000 and, the first time, installing
# mdBook).
#
#   bench/run.sh                          # N = 1,000 and 10,000, 5 runs each
#   SIZES=1000 RUNS=3 bench/run.sh        # quicker
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
RSS_RUNS=${RSS_RUNS:-3}
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
  fresh="$RUNS_DIR/\$(date +%s%N)"

  say "full builds, N = $N ($RUNS runs each, after a warm-up run)"
  hyperfine --style basic --warmup 1 --runs "$RUNS" \
    --export-json "$RES/build-$N.json" \
    -n regionwise "$(build_cmd regionwise "$fresh-rw")" \
    -n hugo "$(build_cmd hugo "$fresh-hugo")" \
    -n mdbook "$(build_cmd mdbook "$fresh-mdbook")" >&2

  say "peak memory, N = $N ($RSS_RUNS runs each)"
  for tool in regionwise hugo mdbook; do
    for _ in $(seq "$RSS_RUNS"); do
      dir=$RUNS_DIR/$(date +%s%N)-$tool
      # shellcheck disable=SC2046
      /usr/bin/time -f %M -o "$RES/rss.tmp" $(build_cmd $tool "$dir") >/dev/null 2>&1
      printf '%s\t%s\t%s\n' "$N" "$tool" "$(tail -1 "$RES/rss.tmp")" >>"$RES/rss.tsv"
    done
    printf '%s\t%s\t%s\t%s\n' "$N" "$tool" \
      "$(find "$dir" -name '*.html' | wc -l)" "$(du -sk "$dir" | cut -f1)" >>"$RES/output.tsv"
  done
  rm -f "$RES/rss.tmp"

  # shellcheck disable=SC2046
  $(build_cmd regionwise "$RUNS_DIR/$(date +%s%N)-rw") --verbose >/dev/null 2>"$RES/phases-$N.txt"
done

# ---- the bundled guide -----------------------------------------------------
say "the bundled guide, cold process ($GUIDE_RUNS runs)"
GUIDE="$RW_BIN build --root $REPO --output $OUT/guide"
hyperfine --style basic --warmup 2 --runs "$GUIDE_RUNS" --export-json "$RES/guide.json" \
  -n guide "$GUIDE" >&2
$GUIDE --verbose >/dev/null 2>"$RES/phases-guide.txt"

# ---- the calculator in a browser ---------------------------------------------
if [ -f "$REPO/bench/calc-timing.mjs" ]; then
  say "calculator recompute in headless Chromium"
  node "$REPO/bench/calc-timing.mjs" "$OUT/guide" >"$RES/calc.json" ||
    echo "calc-timing failed; see above" >&2
fi

say "removing the build outputs (bench/work/out/runs)"
rm -rf "$RUNS_DIR"

say "writing bench/RESULTS.md"
python3 "$REPO/bench/report.py" "$RES" "$OUT/guide" "$REPO/bench/RESULTS.md"
cat "$REPO/bench/RESULTS.md"
