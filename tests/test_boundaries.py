"""The layer boundary: models/ and desktop/ never import Qt widgets or ui/."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
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
