# Sourced by the other scripts: the tool paths and settings they share.
# shellcheck shell=bash

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ROOT

# cargo-installed tools (trunk, wasm-bindgen, geckodriver), then wasm-opt
# from the npm package `binaryen` ahead of any older system copy.
CARGO_BIN="${CARGO_HOME:-$HOME/.cargo}/bin"
export PATH="$ROOT/node_modules/binaryen/bin:$CARGO_BIN:$HOME/.cargo/bin:$PATH"

# The wasm must not depend on where the checkout or the crate cache is: the
# paths in panic locations would change its size (and the size budget) from
# one folder to another.
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="--remap-path-prefix=$ROOT=. --remap-path-prefix=${CARGO_HOME:-$HOME/.cargo}/registry/src/=registry/"

# wasm-bindgen-test drives Debian's Chromium through this driver, with the
# browser flags in webdriver.json (scripts/test runs them in Firefox too,
# through geckodriver).
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"

# The versions everything is pinned to. wasm-bindgen comes from Cargo.lock
# alone, so the CLI can never drift from the crate.
TRUNK_VERSION="0.21.14"
GECKODRIVER_VERSION="0.37.0"
# The splitter of the release wasm (scripts/split.mjs), for the
# `wasm_split_helpers` 0.2 in Cargo.lock.
WASM_SPLIT_VERSION="0.2.4"
# The release wasm alone is built with this dated nightly (scripts/build):
# it rebuilds std for size and aborts on a panic without a message.
NIGHTLY="nightly-2026-10-30"
WASM_BINDGEN_VERSION="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' "$ROOT/Cargo.lock")"
[ -n "$WASM_BINDGEN_VERSION" ] || { echo "no wasm-bindgen in Cargo.lock" >&2; exit 1; }

say() { printf '\033[1m==>\033[0m %s\n' "$*"; }

# wait_for URL PID LOG: waits (up to 10 s) until URL answers; fails at once,
# printing LOG, if process PID has died.
wait_for() {
  local url=$1 pid=$2 log=$3
  for _ in $(seq 100); do
    curl -fs -o /dev/null "$url" && return 0
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "not started: $url" >&2
      [ -f "$log" ] && cat "$log" >&2
      return 1
    fi
    sleep 0.1
  done
  echo "no answer from $url after 10 s" >&2
  [ -f "$log" ] && cat "$log" >&2
  return 1
}

# start_emulator LOG ARGS...: builds the local backend (a no-op when it is
# up to date), starts it with ARGS, and returns once it answers on its
# --port (8787 by default). LOG "-" keeps its output on this terminal.
# Sets EMULATOR_PID; the caller stops it.
start_emulator() {
  local log=$1 port=8787 prev=""
  shift
  for arg in "$@"; do
    [ "$prev" = --port ] && port=$arg
    prev=$arg
  done
  # (Callers may test this function with ||, which turns off set -e here.)
  cargo build --quiet -p altogic-emulator || return 1
  if [ "$log" = - ]; then
    "$ROOT/target/debug/altogic-emulator" "$@" &
  else
    "$ROOT/target/debug/altogic-emulator" "$@" > "$log" 2>&1 &
  fi
  EMULATOR_PID=$!
  wait_for "http://127.0.0.1:$port/" "$EMULATOR_PID" "$log"
}
