#!/usr/bin/env bash
# Set everything up and serve the site at http://127.0.0.1:8000. After an edit only the pages
# whose content changed are rebuilt (--dirty; see hooks/portal.py); the search index follows.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh poppler-utils tesseract-ocr tesseract-ocr-vie  # tdkt import of scans and photos (Vietnamese OCR)
export NO_MKDOCS_2_WARNING=1
exec .venv/bin/mkdocs serve --dirty --strict --dev-addr "${TDKT_ADDR:-127.0.0.1:8000}"
