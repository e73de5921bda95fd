#!/usr/bin/env bash
# Install the pinned npm packages (package-lock.json: decap-server) into node_modules/ when they
# are missing or the lock file changed; once installed, nothing is fetched (works offline).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x node_modules/.bin/decap-server ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
