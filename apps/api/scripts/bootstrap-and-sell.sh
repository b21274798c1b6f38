#!/usr/bin/env bash
# Bootstraps a shop, its owner and a till's API key with the operator CLI, serves the API,
# and sells one coffee over HTTP with that key; prints the recorded sale (tRPC JSON).
# Uses DATABASE_URL (or PGlite in DATA_DIR) and PORT like the CLI. PGlite admits one
# process at a time, so the shop and key are made before `serve` starts.
set -euo pipefail
cd "$(dirname "$0")/../../.."

port="${PORT:-4000}"
owner_email="${OWNER_EMAIL:-owner@script.example}"

shop_id="$(pnpm -s tillsync create-shop --name "Script shop" --email "$owner_email" --password "a long password" | tail -n 1)"
key="$(pnpm -s tillsync create-api-key --shop "$shop_id" --name pos-01 --role device | tail -n 1)"

# Job control gives the server a process group of its own, so it can be stopped whole.
set -m
PORT="$port" pnpm -s tillsync serve >&2 &
server=$!
trap 'kill -TERM -- "-$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true' EXIT

for _ in $(seq 1 240); do
  curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break
  sleep 0.5
done

sale='{"json":{"externalId":"'"$(cat /proc/sys/kernel/random/uuid)"'","sourceDevice":"till by the door",
  "items":[{"product":{"name":"Coffee","isVolatile":false,"unitPrice":"2.50"},"quantity":"2"}]}}'
curl -sS --fail-with-body -X POST "http://127.0.0.1:$port/trpc/sale.create" \
  -H "authorization: Bearer $key" -H "content-type: application/json" --data "$sale"
echo
