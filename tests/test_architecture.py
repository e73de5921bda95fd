"""The package keeps the layout its sub-packages' docstrings draw: each names what it may import,
dependencies flow one way, and no module imports another that (through others) imports it back."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "tdkt"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports() -> dict[str, set[str]]:
    """Every module's imports of tdkt modules, those only for type checkers included."""
    modules = {_module_name(path): path for path in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - node.level + 1]
                    target = ".".join(base + ([node.module] if node.module else []))
                else:
                    target = node.module or ""
                for alias in node.names:
                    if f"{target}.{alias.name}" in modules:
                        found.add(f"{target}.{alias.name}")
                    elif target in modules:
                        found.add(target)
            elif isinstance(node, ast.Import):
                found |= {alias.name for alias in node.names if alias.name in modules}
        found.discard(name)
        graph[name] = found
    return graph


def _part(module: str) -> str:
    """The sub-package a module belongs to ("tdkt.content.catalog" -> "content"), or the module
    itself at the top ("tdkt.cli" -> "cli")."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _allowed() -> dict[str, set[str]]:
    allowed: dict[str, set[str]] = {}
    for init in sorted(PACKAGE.glob("*/__init__.py")):
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
        match = re.search(r"May import: ([^\n]*(?:\n(?!\n)[^\n]*)*)", doc)
        names = set(re.findall(r"tdkt\.(\w+)", match.group(1))) if match else set()
        if "Imports nothing else of tdkt" in doc:
            names = set()
        elif match is None:
            raise AssertionError(f"{init.relative_to(ROOT)}: the docstring must say what the sub-package may import")
        allowed[init.parent.name] = names
    return allowed


def test_top_level_stays_small() -> None:
    entries = [p.name for p in PACKAGE.iterdir() if p.name != "__pycache__"]
    assert len(entries) <= 12, sorted(entries)


def test_every_sub_package_says_what_it_owns_and_may_import() -> None:
    allowed = _allowed()
    assert allowed, "no sub-package found"
    for init in PACKAGE.glob("*/__init__.py"):
        assert len(ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or "") > 40, init


def test_dependencies_flow_as_the_docstrings_say() -> None:
    allowed = _allowed()
    wrong = []
    for module, targets in _imports().items():
        part = _part(module)
        if part not in allowed:  # a top-level module (the command line) may use everything
            continue
        for target in targets:
            other = _part(target)
            if other and other != part and other not in allowed[part]:
                wrong.append(f"{module} imports {target} (tdkt.{part} may import: {sorted(allowed[part]) or 'nothing'})")
    assert not wrong, "\n".join(sorted(wrong))


def test_sub_packages_form_no_cycle() -> None:
    allowed = _allowed()
    seen: set[str] = set()

    def visit(part: str, path: tuple[str, ...]) -> None:
        assert part not in path, " -> ".join((*path, part))
        if part in seen:
            return
        for other in allowed.get(part, ()):
            visit(other, (*path, part))
        seen.add(part)

    for part in allowed:
        visit(part, ())


def test_no_import_cycle_between_modules() -> None:
    graph = _imports()
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def strong(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph[node]:
            if target not in index:
                strong(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            strong(node)
    assert not cycles, cycles


def test_imports_are_resolved() -> None:
    """The checks above read real edges (a change to how relative imports are resolved would
    leave an empty graph, which has no cycle and breaks no rule)."""
    graph = _imports()
    assert "tdkt.content.catalog" in graph["tdkt.build.site"], "imports were not resolved"
    assert "tdkt.base.problems" in graph["tdkt.content.catalog"]
