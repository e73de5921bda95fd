#!/usr/bin/env bash
# Set everything up (virtualenv; Chromium for the browser tests, LibreOffice and poppler to open
# the generated templates and print the import fixtures to PDF; Tesseract with its Vietnamese model
# to read scans) and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
node=()
command -v npm >/dev/null 2>&1 || node=(nodejs npm)  # decap-server, the editing page's local backend
bash scripts/setup.sh chromium libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils fonts-liberation2 tesseract-ocr tesseract-ocr-vie "${node[@]}"
bash scripts/npm-ci.sh
export NO_MKDOCS_2_WARNING=1
exec .venv/bin/python -m pytest "$@"
