# Sourced by the other scripts: the tool paths and settings they share.
# shellcheck shell=bash

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ROOT

# cargo-installed tools (trunk, wasm-bindgen), then wasm-opt from the npm
# package `binaryen` ahead of any older system copy.
export PATH="$ROOT/node_modules/binaryen/bin:$HOME/.cargo/bin:$PATH"

# The wasm must not depend on where the checkout or the crate cache is: the
# paths in panic locations would change its size (and the size budget) from
# one folder to another.
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="--remap-path-prefix=$ROOT=. --remap-path-prefix=${CARGO_HOME:-$HOME/.cargo}/registry/src/=registry/"

# wasm-bindgen-test drives Debian's Chromium through this driver, with the
# browser flags in webdriver.json (scripts/test runs them in Firefox too,
# through geckodriver).
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
export GECKODRIVER_BIN="$HOME/.cargo/bin/geckodriver"

# The versions everything is pinned to. wasm-bindgen comes from Cargo.lock,
# so the CLI can never drift from the crate.
TRUNK_VERSION="0.21.14"
GECKODRIVER_VERSION="0.37.0"
# The release wasm alone is built with this dated nightly (scripts/build):
# it rebuilds std for size and aborts on a panic without a message.
NIGHTLY="nightly-2026-10-30"
WASM_BINDGEN_VERSION="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' "$ROOT/Cargo.lock" 2>/dev/null)"
WASM_BINDGEN_VERSION="${WASM_BINDGEN_VERSION:-0.2.130}"

say() { printf '\033[1m==>\033[0m %s\n' "$*"; }
