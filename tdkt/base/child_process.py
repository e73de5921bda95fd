"""Starting a module of this package in a process of its own (the content process, the index cutter)."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def module_command(module: str, *arguments: str) -> list[str]:
    """The command that runs `python -m module arguments` with this interpreter."""
    return [sys.executable, "-m", module, *arguments]


def package_env() -> dict[str, str]:
    """The environment of a child that imports this same tdkt, wherever this one was imported
    from (a project's copy, an installed package)."""
    package_parent = str(Path(__file__).resolve().parents[2])
    path = os.pathsep.join(filter(None, [package_parent, os.environ.get("PYTHONPATH")]))
    return {**os.environ, "PYTHONPATH": path}
