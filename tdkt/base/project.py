"""Places in a project that the core, the command line and the build share."""

from __future__ import annotations

from pathlib import Path

# Kept between builds (never published): validated files, templates, compiled page templates,
# what the last build wrote into each site folder.
CACHE_DIR = Path(".cache")
