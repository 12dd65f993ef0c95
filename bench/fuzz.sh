#!/usr/bin/env bash
# Runs every cargo-fuzz target for a bounded time (libFuzzer, coverage-guided).
#
#   bench/fuzz.sh            # 60 s per target
#   bench/fuzz.sh 600        # 10 min per target
#   bench/fuzz.sh 30 links   # one target
#
# Targets (fuzz/fuzz_targets/, bodies in fuzz/src/lib.rs):
#   front_matter  front-matter splitting and TOML/YAML parsing
#   shortcode     the shortcode parser
#   links         the link resolver, from every page of a small library
#   models        every model's JSON input (never panics, outputs finite)
#
# Needs a nightly toolchain (libFuzzer needs -Zsanitizer) and cargo-fuzz:
#   rustup toolchain install nightly     # where toolchains can be fetched
#   cargo install cargo-fuzz --locked
# Without them this script says so and exits 0: the same bodies run on
# stable in `cargo test --test testsuite reliability::` (seeds and proptest inputs), so
# they keep compiling and passing in CI either way.
#
# The corpus grows in fuzz/corpus/<target>/ (seeded from fuzz/seeds/), and a
# crash is saved in fuzz/artifacts/<target>/; replay one with
#   cd fuzz && cargo +nightly fuzz run <target> artifacts/<target>/<file>
set -euo pipefail
cd "$(dirname "$0")/../fuzz"

seconds="${1:-60}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(front_matter shortcode links models)
fi

if ! rustup run nightly rustc --version >/dev/null 2>&1; then
    echo "fuzz: no nightly toolchain here; skipped (the bodies run on stable in tests/testsuite/reliability.rs)"
    exit 0
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
    echo "fuzz: cargo-fuzz is not installed (cargo install cargo-fuzz --locked); skipped"
    exit 0
fi

# The calculator's wasm build (in the root build script) is not needed here
# and must not see the sanitizer flags.
export REGIONWISE_SKIP_WASM=1

if ! cargo +nightly fuzz build >/dev/null 2>fuzz-build.log; then
    tail -30 fuzz-build.log
    echo "fuzz: the fuzz targets do not build (see above)"
    exit 2
fi
rm -f fuzz-build.log

status=0
for target in "${targets[@]}"; do
    mkdir -p "corpus/$target"
    if [ -d "seeds/$target" ]; then
        cp -n "seeds/$target"/* "corpus/$target"/ 2>/dev/null || true
    fi
    echo "== fuzz $target for ${seconds}s"
    # -rss_limit_mb: a leak or a blow-up on one input is a finding too.
    if ! cargo +nightly fuzz run "$target" "corpus/$target" -- \
        -max_total_time="$seconds" -rss_limit_mb=2048 -max_len=4096 -print_final_stats=1; then
        echo "fuzz: $target found a crash; see fuzz/artifacts/$target/"
        status=1
    fi
done
exit $status
