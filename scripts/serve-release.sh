# Sourced by scripts/e2e and scripts/bench: serves the release dist/ as a
# CDN would (nginx with deploy/nginx.conf), re-targeted without a rebuild at
# a local backend in test mode. Both stop when the calling script exits.
# shellcheck shell=bash

# serve_release NAME APP_PORT EMULATOR_PORT [EMULATOR FLAGS…]: files under
# target/NAME; sets APP_URL, BACKEND_URL and SERVE_DIR (the served copy of
# dist/). SITE_OPTIONS: more options for configure-dist (e.g. --langs).
serve_release() {
  local name=$1 app_port=$2 emulator_port=$3
  shift 3
  local work="$ROOT/target/$name"
  export APP_URL="http://127.0.0.1:$app_port"
  export BACKEND_URL="http://127.0.0.1:$emulator_port"
  export SERVE_DIR="$work/dist"

  ensure_fresh_dist

  rm -rf "$work/dist" "$work/nginx"
  mkdir -p "$work/nginx"
  cp -r "$ROOT/dist" "$work/dist"
  "$ROOT/scripts/configure-dist" "$work/dist" "$BACKEND_URL" local-client-key ${SITE_OPTIONS:-} > /dev/null

  sed -e "s|__PORT__|$app_port|g" -e "s|__ROOT__|$work/dist|g" -e "s|__PREFIX__|$work/nginx|g" \
    "$ROOT/deploy/nginx.conf" > "$work/nginx/nginx.conf"
  # As root, nginx's workers would drop to `nobody`, who may not read the tree.
  [ "$(id -u)" -ne 0 ] || sed -i '1i user root;' "$work/nginx/nginx.conf"

  SERVE_PIDS=()
  trap 'for pid in "${SERVE_PIDS[@]}" "${EMULATOR_PID:-}"; do kill "$pid" 2>/dev/null || true; done' EXIT

  start_emulator "$work/emulator.log" --in-memory --test-mode --port "$emulator_port" \
    --allowed-origins "$APP_URL" --redirect-url "$APP_URL/auth-redirect" "$@"
  SERVE_PIDS+=("$EMULATOR_PID")
  nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" > "$work/nginx.log" 2>&1 &
  SERVE_PIDS+=($!)
  wait_for "$APP_URL/" "$!" "$work/nginx.log"
}

# Stops what serve_release started (before serving another site).
stop_release() {
  for pid in "${SERVE_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${SERVE_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  SERVE_PIDS=()
}

# The release dist/ must be built from today's sources: a test of an older
# build would pass or fail for code that is no longer there. Builds when
# dist/ is missing or anything it is made from is newer than it
# (scripts/build stamps target/dist-built with the time it started).
ensure_fresh_dist() {
  local stamp="$ROOT/target/dist-built" newer
  if [ ! -f "$stamp" ] || [ ! -f "$ROOT/dist/index.html" ]; then
    say "No release build in dist/: building it (scripts/build)"
  else
    newer=$(cd "$ROOT" && find src js i18n styles index.html Trunk.toml Cargo.toml Cargo.lock favicon.svg robots.txt \
      deploy/netlify scripts/build scripts/split.mjs scripts/dist-config.mjs scripts/brand.mjs -newer "$stamp" -type f -print -quit)
    [ -n "$newer" ] || return 0
    say "dist/ is older than $newer: rebuilding it (scripts/build)"
  fi
  "$ROOT/scripts/build" > /dev/null
}
