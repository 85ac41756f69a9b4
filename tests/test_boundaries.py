"""The layer boundary: models/ and desktop/ never import Qt widgets or ui/."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _parse(path: Path) -> ast.Module:
    try:
        return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    except SystemError:
        # CPython 3.11.7 (gh-106905): after a RecursionError elsewhere in the process (the
        # fuzz tests provoke some on purpose) ast.parse can fail with "AST constructor
        # recursion depth mismatch"; a fresh interpreter lists the imports instead
        return ast.parse(_imports_only(path), filename=str(path))


def _imports_only(path: Path) -> str:
    """The file's import statements alone (shallow code that parses in any state)."""
    script = (
        "import ast, json, sys\n"
        "tree = ast.parse(open(sys.argv[1], encoding='utf-8').read())\n"
        "def dynamic(n):\n"
        "    f = getattr(n, 'func', None)\n"
        "    return isinstance(n, ast.Call) and (getattr(f, 'id', '') == '__import__'"
        " or getattr(f, 'attr', '') == 'import_module')\n"
        "print(json.dumps([ast.unparse(n) for n in ast.walk(tree)"
        " if isinstance(n, (ast.Import, ast.ImportFrom)) or dynamic(n)]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(path)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return "\n".join(json.loads(done.stdout))


def imports_of(path: Path) -> set[str]:
    tree = _parse(path)
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def offending(folder: str, banned: tuple[str, ...]) -> list[str]:
    out = []
    for path in sorted((ROOT / folder).rglob("*.py")):
        for name in imports_of(path):
            if any(name == b or name.startswith(b + ".") for b in banned):
                out.append(f"{path.relative_to(ROOT)} imports {name}")
    return out


def test_models_import_nothing_above_them() -> None:
    assert offending("models", ("PySide6", "ui", "desktop", "server")) == []


def test_desktop_never_imports_widgets_or_ui() -> None:
    assert offending("desktop", ("PySide6", "ui")) == []


def test_the_scanner_sees_imports(tmp_path: Path) -> None:
    sample = tmp_path / "x.py"
    sample.write_text("from PySide6.QtWidgets import QLabel\nimport ui.main_window\n")
    names = imports_of(sample)
    assert "PySide6.QtWidgets" in names and "ui.main_window" in names
