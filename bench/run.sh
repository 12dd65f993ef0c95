#!/usr/bin/env bash
# Benchmarks regionwise against Zola, Hugo and mdBook on the same synthetic
# guide corpus, times the bundled guide's cold build, `serve`'s edit-to-served
# latency and memory (bundled guide and 10,000 pages), the search payload of
# a query, page weight and cold start, and writes bench/RESULTS.md. Not part of the test suite; takes
# ~40-60 minutes on a 2-core machine (most of it N = 10,000 and, the first
# time, building mdBook and Zola).
#
#   bench/run.sh                          # N = 1,000 and 10,000, 5 runs each
#   SIZES=1000 RUNS=3 bench/run.sh        # quicker
#   BUDGET=600                            # seconds of timed runs per tool and N (a
#                                         # slow tool gets fewer runs, at least one)
#   RW_BIN=path/to/regionwise bench/run.sh  # an already-built binary
#   OUT_FS=disk bench/run.sh              # outputs on disk instead of tmpfs
#   SERVE_EDITS=100                       # edits under serve at the largest N
#   TOOLS="regionwise zola hugo"          # only these tools (default: all found)
#
# Zola is built from source, never downloaded by this script. It uses, in
# this order: ZOLA=/path/to/zola; bench/work/tools/bin/zola (built earlier);
# a source tree in bench/work/zola-$ZOLA_TAG; or a git directory holding
# getzola/zola (ZOLA_GIT, by default where a fetched snapshot lands on the
# project's machines), from which tag $ZOLA_TAG is exported. With none of
# them, Zola is skipped and RESULTS.md says how to get it: put a checkout of
# getzola/zola at tag v0.22.1 in bench/work/zola-v0.22.1.
#
# Everything it generates (corpora, outputs, tools, raw results) goes to
# bench/work/, which git ignores; build outputs go to tmpfs (/dev/shm) by
# default, one at a time.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
WORK=$REPO/bench/work
SIZES=${SIZES:-"1000 10000"}
RUNS=${RUNS:-5}
BUDGET=${BUDGET:-600}
GUIDE_RUNS=${GUIDE_RUNS:-20}
SERVE_EDITS=${SERVE_EDITS:-100}
ZOLA_TAG=${ZOLA_TAG:-v0.22.1}
ZOLA_GIT=${ZOLA_GIT:-/work/.mirror/getzola+zola/repo}
RES=$WORK/results
OUT=$WORK/out
# Outputs on tmpfs: the disk's timing noise (below) is not what is measured,
# and an output can be deleted between runs at no cost to the next one.
if [ "${OUT_FS:-tmpfs}" = tmpfs ] && [ -d /dev/shm ] && [ -w /dev/shm ]; then
  RUNS_DIR=/dev/shm/regionwise-bench-runs
  ON_TMPFS=1
else
  RUNS_DIR=$OUT/runs
  ON_TMPFS=0
fi
mkdir -p "$RES" "$OUT" "$WORK/tools"
rm -f "$RES"/*
if [ -d "$RUNS_DIR" ]; then
  # Outputs of an earlier run; on disk, wait out ext4's "recently deleted"
  # window (see below) before timing anything.
  rm -rf "$RUNS_DIR"
  [ "$ON_TMPFS" = 1 ] || sleep 40
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

# Zola, from source (see the top of this file).
ZOLA=${ZOLA:-$WORK/tools/bin/zola}
ZOLA_SRC=$WORK/zola-$ZOLA_TAG
if [ ! -x "$ZOLA" ] && [ ! -d "$ZOLA_SRC" ] && git -C "$ZOLA_GIT" rev-parse -q --verify "refs/tags/$ZOLA_TAG" >/dev/null 2>&1; then
  say "exporting Zola $ZOLA_TAG from $ZOLA_GIT into bench/work"
  # Its docs/ (screenshots of themes) are not needed to build it.
  git -C "$ZOLA_GIT" archive --prefix="zola-$ZOLA_TAG/" "$ZOLA_TAG" -- . ':(exclude)docs' | tar -x -C "$WORK"
fi
if [ ! -x "$ZOLA" ] && [ -f "$ZOLA_SRC/Cargo.toml" ]; then
  say "building Zola $ZOLA_TAG into bench/work/tools (10-20 minutes)"
  CARGO_TARGET_DIR=$WORK/zola-target nice cargo install --path "$ZOLA_SRC" --locked --root "$WORK/tools"
  ZOLA=$WORK/tools/bin/zola
fi
ALL_TOOLS="regionwise hugo mdbook"
if [ -x "$ZOLA" ]; then
  ALL_TOOLS="regionwise zola hugo mdbook"
else
  echo "Zola skipped: no binary. Put a checkout of getzola/zola at tag $ZOLA_TAG in bench/work/zola-$ZOLA_TAG (or set ZOLA_GIT to a git directory of it, or ZOLA to a binary) and rerun." >&2
fi
# TOOLS="regionwise zola hugo" leaves a tool out (mdBook's 10,000-page build
# takes ~25 minutes on a busy 2-core machine); RESULTS.md names who ran.
TOOLS=${TOOLS:-$ALL_TOOLS}

if [ -z "${RW_BIN:-}" ]; then
  cargo build --release --bin regionwise
  RW_BIN=${CARGO_TARGET_DIR:-$REPO/target}/release/regionwise
fi
RW_BIN=$(realpath "$RW_BIN")

{
  echo "regionwise	$("$RW_BIN" --version 2>/dev/null || echo regionwise) ($(git -C "$REPO" rev-parse --short HEAD)$(git -C "$REPO" diff --quiet HEAD -- src templates static || echo ', uncommitted changes'))"
  case " $TOOLS " in *" hugo "*) echo "hugo	$(hugo version | cut -d' ' -f1-2)" ;; esac
  case " $TOOLS " in *" mdbook "*) echo "mdbook	$("$MDBOOK" --version)" ;; esac
  echo "hyperfine	$(hyperfine --version)"
  if [ -x "$ZOLA" ]; then echo "zola	$("$ZOLA" --version) (built from the $ZOLA_TAG source with its own release profile)"; fi
} >"$RES/versions.tsv"
{
  lscpu_field() { lscpu | sed -n "s/^$1: *//p" | head -1; }
  echo "cpu	$(lscpu_field 'Model name'), family $(lscpu_field 'CPU family') model $(lscpu_field 'Model'), $(lscpu_field 'L3 cache') L3$( [ -n "$(lscpu_field 'Hypervisor vendor')" ] && echo ", a $(lscpu_field 'Hypervisor vendor') guest")"
  echo "cores	$(nproc) ($(lscpu_field 'Thread(s) per core') thread per core)"
  echo "memory	$(free -h | awk '/^Mem:/ {print $2 " total, " $7 " available"}')"
  echo "disk	$(df -T "$WORK" | awk 'NR==2 {print $2}') on $(df "$WORK" | awk 'NR==2 {print $1}') ($( [ "$(cat /sys/block/"$(basename "$(df "$WORK" | awk 'NR==2 {print $1}')")"/queue/rotational 2>/dev/null)" = 0 ] && echo SSD || echo 'rotational or unknown')): corpora and tools"
  echo "outputs	$(df -T "$RUNS_DIR" | awk 'NR==2 {print $2}') ($RUNS_DIR)"
  echo "os	$(. /etc/os-release && echo "$PRETTY_NAME") $(uname -r)"
  echo "load	$(cut -d' ' -f1-3 /proc/loadavg) (1/5/15-min load average when the run started)"
  echo "date	$(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "tools run	$TOOLS$( [ "$TOOLS" != "$ALL_TOOLS" ] && echo " (TOOLS set; left out: $(comm -23 <(tr ' ' '\n' <<<"$ALL_TOOLS" | sort) <(tr ' ' '\n' <<<"$TOOLS" | sort) | xargs))")"
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
      zola) echo "$ZOLA --root $C/zola build --output-dir $2" ;;
    esac
  }
  for tool in $TOOLS; do
    # The warm-up run (page cache, and how long this tool takes) decides
    # the number of timed runs: RUNS, fewer for a tool whose single build
    # would blow BUDGET seconds (mdBook at N = 10,000).
    say "$tool, N = $N: warm-up run"
    /usr/bin/time -f %e -o "$RES/warmup.tmp" $(build_cmd $tool "$RUNS_DIR/$(date +%s%N)-$tool") >/dev/null 2>&1
    warm=$(tail -1 "$RES/warmup.tmp")
    runs=$(python3 -c "print(max(1, min($RUNS, int($BUDGET / max($warm, 0.001)))))")
    say "$tool, N = $N: $runs timed runs (the warm-up took ${warm} s)"
    # Peak RSS of each timed run, from /usr/bin/time around the tool.
    # On tmpfs the previous output is deleted before each run (untimed).
    rss="$RES/rss-$N-$tool.txt"
    prepare=()
    if [ "$ON_TMPFS" = 1 ]; then prepare=(--prepare "find $RUNS_DIR -mindepth 1 -maxdepth 1 -name '*-$tool' -exec rm -rf {} +"); fi
    hyperfine --style basic --warmup 0 --runs "$runs" "${prepare[@]}" \
      --export-json "$RES/build-$N-$tool.json" \
      -n "$tool" "/usr/bin/time -f %M -a -o $rss $(build_cmd $tool "$RUNS_DIR/\$(date +%s%N)-$tool")" >&2
    last=$(ls -d "$RUNS_DIR"/*-"$tool" | sort | tail -1)
    printf '%s\t%s\t%s\t%s\n' "$N" "$tool" \
      "$(find "$last" -name '*.html' | wc -l)" "$(du -sk "$last" | cut -f1)" >>"$RES/output.tsv"
    if [ "$ON_TMPFS" = 1 ]; then rm -rf "${RUNS_DIR:?}"/*; fi
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
BIG=$(printf '%s\n' $SIZES | sort -n | tail -1)
say "serve: the same on the $BIG-page corpus, with its memory ($SERVE_EDITS edits, $SERVE_EDITS undos)"
python3 "$REPO/bench/serve-latency.py" "$RW_BIN" "$WORK/corpus-$BIG/regionwise" "$SERVE_EDITS" \
  --page foundations/page-00001 >"$RES/serve-$BIG.json" ||
  echo "serve-latency failed; see above" >&2
say "serve: a title edit on the $BIG-page corpus (20 edits, 20 undos: the page's section, neighbours and sidebars re-render)"
python3 "$REPO/bench/serve-latency.py" "$RW_BIN" "$WORK/corpus-$BIG/regionwise" 20 \
  --page foundations/page-04991 --edit title >"$RES/serve-$BIG-title.json" ||
  echo "serve-latency failed; see above" >&2

# ---- search payload -----------------------------------------------------------
if command -v node >/dev/null && [ -d "$REPO/tests/browser/node_modules" ]; then
  say "search payload: what a query downloads (the guide and the corpora)"
  RW_BIN=$RW_BIN SIZES=$SIZES CORPORA=$WORK node "$REPO/bench/search-payload.mjs" >"$RES/search-payload.md" ||
    echo "search-payload failed; see above" >&2
  rm -rf "$WORK/search-payload"/site-*
else
  echo "skipping the search payload: run scripts/test once (it installs the browser tests' packages)" >&2
fi

# ---- cold start of a page ---------------------------------------------------
say "cold start: what a first visit to each page of the guide downloads"
python3 "$REPO/bench/cold-start.py" "$OUT/guide" >"$RES/cold-start.json"

# ---- the calculator in a browser ---------------------------------------------
if command -v node >/dev/null && [ -d "$REPO/tests/browser/node_modules/playwright-core" ]; then
  say "calculator recompute in headless Chromium"
  node "$REPO/bench/calc-timing.mjs" "$OUT/guide" >"$RES/calc.json" ||
    echo "calc-timing failed; see above" >&2
else
  echo "skipping the browser timing: run scripts/test once (it installs chromium and playwright-core)" >&2
fi

say "removing the build outputs ($RUNS_DIR)"
rm -rf "$RUNS_DIR"

say "writing bench/RESULTS.md"
python3 "$REPO/bench/report.py" "$RES" "$OUT/guide" "$REPO/bench/RESULTS.md"
cat "$REPO/bench/RESULTS.md"
