#!/usr/bin/env bash
# Edit the content in the browser on this machine: the editing page (http://127.0.0.1:8000/quan-tri/)
# writes straight into this working copy through decap-server (Decap CMS's local backend, no
# sign-in), and the site preview rebuilds as files change. Works offline once installed.
# decap-server has no authentication: it listens on 127.0.0.1 only, and must never be deployed.
set -euo pipefail
cd "$(dirname "$0")/.."
extra=()
command -v npm >/dev/null 2>&1 || extra=(nodejs npm)
bash scripts/setup.sh "${extra[@]}"
bash scripts/npm-ci.sh
export NO_MKDOCS_2_WARNING=1
export TDKT_CMS_LOCAL_PORT="${TDKT_CMS_LOCAL_PORT:-8081}"  # the page is built to call it there
BIND_HOST=127.0.0.1 PORT="$TDKT_CMS_LOCAL_PORT" MODE=fs GIT_REPO_DIRECTORY="$PWD" LOG_LEVEL=warn \
  node_modules/.bin/decap-server &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT INT TERM
echo "Trang biên tập: http://${TDKT_ADDR:-127.0.0.1:8000}/quan-tri/ (dừng: Ctrl+C)"
.venv/bin/mkdocs serve --dirty --strict --dev-addr "${TDKT_ADDR:-127.0.0.1:8000}"
