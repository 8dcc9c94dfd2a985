# Sourced by scripts/e2e and scripts/bench: serves the release dist/ as a
# CDN would (nginx with deploy/nginx.conf), re-targeted without a rebuild at
# a local backend in test mode. Both stop when the calling script exits.
# shellcheck shell=bash

# serve_release NAME APP_PORT EMULATOR_PORT: files under target/NAME; sets
# APP_URL, BACKEND_URL and SERVE_DIR (the served copy of dist/).
serve_release() {
  local name=$1 app_port=$2 emulator_port=$3
  local work="$ROOT/target/$name"
  export APP_URL="http://127.0.0.1:$app_port"
  export BACKEND_URL="http://127.0.0.1:$emulator_port"
  SERVE_DIR="$work/dist"

  [ -f "$ROOT/dist/index.html" ] || "$ROOT/scripts/build"
  [ -x "$ROOT/target/debug/altogic-emulator" ] || cargo build --quiet -p altogic-emulator

  rm -rf "$work/dist" "$work/nginx"
  mkdir -p "$work/nginx"
  cp -r "$ROOT/dist" "$work/dist"
  "$ROOT/scripts/configure-dist" "$work/dist" "$BACKEND_URL" local-client-key > /dev/null

  sed -e "s|__PORT__|$app_port|g" -e "s|__ROOT__|$work/dist|g" -e "s|__PREFIX__|$work/nginx|g" \
    "$ROOT/deploy/nginx.conf" > "$work/nginx/nginx.conf"
  # As root, nginx's workers would drop to `nobody`, who may not read the tree.
  [ "$(id -u)" -ne 0 ] || sed -i '1i user root;' "$work/nginx/nginx.conf"

  SERVE_PIDS=()
  trap 'for pid in "${SERVE_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done' EXIT

  "$ROOT/target/debug/altogic-emulator" --in-memory --test-mode --port "$emulator_port" \
    --allowed-origins "$APP_URL" --redirect-url "$APP_URL/auth-redirect" \
    > "$work/emulator.log" 2>&1 &
  SERVE_PIDS+=($!)
  nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" > "$work/nginx.log" 2>&1 &
  SERVE_PIDS+=($!)

  local url
  for url in "$BACKEND_URL/" "$APP_URL/"; do
    for _ in $(seq 50); do
      curl -fs -o /dev/null "$url" && break
      sleep 0.1
    done
    curl -fs -o /dev/null "$url" || { echo "not up: $url" >&2; cat "$work"/*.log >&2; return 1; }
  done
}
