#!/usr/bin/env bash
# Headless-Chromium test of the dashboard: builds a small synthetic store, serves it on loopback,
# loads the page with and without filters given in the URL (the page applies them as a user's
# form would), checks the rendered event list and the event view, and takes a screenshot.
# Usage: dashboard_test.sh TACITUS_BINARY [SCREENSHOT_DIR]. Exit 77 (skipped) without chromium.
set -euo pipefail
TACITUS=${1:?usage: dashboard_test.sh TACITUS_BINARY [SCREENSHOT_DIR]}
SHOTS=${2:-${TMPDIR:-/tmp}}
CHROMIUM=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -z "$CHROMIUM" ]; then
  echo "SKIP: chromium is not installed (apt-get install chromium)"
  exit 77
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/tacitus-browser-XXXXXX")
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }

"$TACITUS" ingest --db "$WORK/events.db" --generate 4000 --days 60 --first-day 2020-03-01 --seed 3

# A free loopback port: let the kernel pick one, then hand it to the server.
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
"$TACITUS" serve --db "$WORK/events.db" --host 127.0.0.1 --port "$PORT" --threads 8 2>"$WORK/serve.log" &
SERVER_PID=$!
BASE="http://127.0.0.1:$PORT"
for _ in $(seq 1 100); do
  curl -fsS "$BASE/api/health" >/dev/null 2>&1 && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/serve.log"; fail "server exited"; }
  sleep 0.1
done
curl -fsS "$BASE/api/health" >/dev/null || fail "server did not answer"

CHROME_FLAGS=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
  --disable-background-networking --disable-component-update --disable-sync
  --disable-dev-shm-usage --hide-scrollbars --user-data-dir="$WORK/profile"
  --virtual-time-budget=15000 --window-size=1400,900)

dump() { timeout 90 "$CHROMIUM" "${CHROME_FLAGS[@]}" --dump-dom "$1" 2>"$WORK/chromium.log"; }
rows() { grep -o 'class="event-row[^"]*"' | wc -l; }

# 1. The page loads and lists events over the default range.
dump "$BASE/?from=2020-03-01&to=2020-04-29" >"$WORK/all.html" || fail "chromium failed: $(tail -5 "$WORK/chromium.log")"
grep -q 'data-state="ready"' "$WORK/all.html" || fail "page did not reach the ready state: $(grep -o 'id="status">[^<]*' "$WORK/all.html")"
ALL=$(rows <"$WORK/all.html")
[ "$ALL" -eq 200 ] || fail "expected 200 listed events, got $ALL"
grep -q '<path' "$WORK/all.html" || fail "the basemap did not render"
grep -q '<rect' "$WORK/all.html" || fail "the timeline histogram did not render"

# 2. A filter from the URL changes the list: only Israel, and as many as the API says.
dump "$BASE/?from=2020-03-01&to=2020-04-29&country=IL&cameo=19" >"$WORK/il.html"
grep -q 'data-state="ready"' "$WORK/il.html" || fail "filtered page not ready"
IL=$(rows <"$WORK/il.html")
API=$(curl -fsS "$BASE/api/events?from=2020-03-01&to=2020-04-29&country=IL&cameo=19&limit=200" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["events"]))')
[ "$IL" -eq "$API" ] || fail "filtered list shows $IL events, the API $API"
[ "$IL" -gt 0 ] && [ "$IL" -lt "$ALL" ] || fail "the country filter did not narrow the list ($IL of $ALL)"
OTHER=$(grep -o 'data-country="[A-Z]*"' "$WORK/il.html" | grep -vc 'data-country="IL"' || true)
[ "$OTHER" -eq 0 ] || fail "$OTHER listed events are not in IL"

# 3. The event view shows the evidence with the trigger highlighted.
ID=$(curl -fsS "$BASE/api/events?country=IL&limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["events"][0]["id"])')
dump "$BASE/?country=IL&event=$ID" >"$WORK/event.html"
grep -q "id=\"event-view\" data-id=\"$ID\"" "$WORK/event.html" || fail "event view for $ID not shown"
grep -q '<mark>' "$WORK/event.html" || fail "no highlighted trigger in the evidence"
grep -q 'class="attribution"' "$WORK/event.html" || fail "no attribution line"

# 4. Screenshot of the filtered view with an event open.
SHOT="$SHOTS/tacitus-dashboard.png"
timeout 90 "$CHROMIUM" "${CHROME_FLAGS[@]}" --screenshot="$SHOT" "$BASE/?from=2020-03-01&to=2020-04-29&event=$ID" 2>>"$WORK/chromium.log" >/dev/null
[ -s "$SHOT" ] && [ "$(stat -c %s "$SHOT")" -gt 20000 ] || fail "screenshot missing or blank: $SHOT"
echo "PASS: $ALL events listed, $IL after the IL/19 filter, event $ID shown; screenshot $SHOT"
