"""Imports only point down: models/ and desktop/ never reach Qt or ui/.

Scanned with ast, so an import hidden inside a function (a lazy import) counts
as much as one at the top of a module. A second check imports the packages in a
fresh interpreter and looks at what was actually loaded.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.test_boundaries import _parse as parse_file

ROOT = Path(__file__).resolve().parent.parent


def imported_names(path: Path) -> set[str]:
    """Absolute module names imported by one file (relative imports are resolved)."""
    # the package a relative import starts from (for __init__.py: the package itself)
    package = path.relative_to(ROOT).with_suffix("").parts[:-1]
    tree = parse_file(path)  # survives CPython 3.11.7's AST recursion-depth bug
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = list(package[: len(package) - node.level + 1])
                module = ".".join([*parts, node.module] if node.module else parts)
            else:
                module = node.module or ""
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
        elif (
            isinstance(node, ast.Call)
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
            and (
                (isinstance(node.func, ast.Name) and node.func.id == "__import__")
                or (isinstance(node.func, ast.Attribute) and node.func.attr == "import_module")
            )
        ):
            names.add(node.args[0].value)
    return names


def banned_imports(folder: str, banned: tuple[str, ...]) -> list[str]:
    found = []
    files = sorted((ROOT / folder).rglob("*.py"))
    assert files, f"no Python files under {folder}/"
    for path in files:
        for name in sorted(imported_names(path)):
            if any(name == b or name.startswith(b + ".") for b in banned):
                found.append(f"{path.relative_to(ROOT)} imports {name}")
    return found


def test_models_import_no_qt_no_ui_and_no_desktop() -> None:
    assert banned_imports("models", ("PySide6", "ui", "desktop")) == []


def test_desktop_imports_no_qt_and_no_ui() -> None:
    # QtWidgets, QtGui and ui/ are the rule of DESIGN.md; today desktop/ uses no Qt at all
    assert banned_imports("desktop", ("PySide6", "ui")) == []


# What ui/ may take from models/ directly, and why; everything else of models/ (the schema,
# the queries, the database, and peewee under them) it reads through desktop/ (desktop/reads.py
# for what the window shows, desktop/ops for what it changes), so that a schema or binding
# change stops at desktop/.
UI_MAY_IMPORT_FROM_MODELS = {
    "models.base": "only for the two names below",
    "models.base.iso": "the one text form of a time (pure function, no database)",
    "models.base.parse_iso": "its inverse (pure function, no database)",
}


def test_ui_reads_through_desktop() -> None:
    found = [
        line
        for line in banned_imports("ui", ("models", "peewee"))
        if line.split(" imports ")[1] not in UI_MAY_IMPORT_FROM_MODELS
    ]
    assert found == [], "read through desktop/reads.py (or an op) instead: " + "; ".join(found)


@pytest.mark.parametrize(
    ("source", "where", "expected"),
    [
        ("from PySide6.QtWidgets import QLabel\n", "desktop/x.py", "PySide6.QtWidgets"),
        ("import PySide6.QtGui as gui\n", "desktop/x.py", "PySide6.QtGui"),
        ("def later():\n    import ui.main_window\n", "desktop/x.py", "ui.main_window"),
        ("from ui import main_window\n", "models/x.py", "ui.main_window"),
        ("from ..ui import theme\n", "desktop/x.py", "ui.theme"),
        ("from ..desktop.app import Application\n", "models/x.py", "desktop.app"),
        ("import importlib\nimportlib.import_module('ui.app')\n", "desktop/x.py", "ui.app"),
        ("__import__('PySide6.QtWidgets')\n", "desktop/x.py", "PySide6.QtWidgets"),
    ],
)
def test_the_scanner_sees_every_way_of_importing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, source: str, where: str, expected: str
) -> None:
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    path = tmp_path / where
    path.parent.mkdir(parents=True)
    path.write_text(source, encoding="utf-8")
    assert expected in imported_names(path)
    assert banned_imports(where.split("/")[0], (expected,)) != []


def test_the_command_line_loads_no_qt() -> None:
    """What is loaded at run time, not only what is written: scripts stay fast and headless."""
    code = textwrap.dedent(
        """
        import sys
        import desktop.app, desktop.card, desktop.cli, desktop.importer, desktop.seed
        import desktop.templates, desktop.ops.contacts, desktop.ops.tasks, models.queries
        desktop.cli.build_parser()
        bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'ui', 'shiboken6'))
        print(bad)
        """
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


# -- size: a module is easy to change while it fits in one reading ------------------

PRODUCT = ("models", "desktop", "ui", "server")
LONG_MODULE = 500  # lines; past this a module says in its docstring why it is one module
MAIN_WINDOW_MAX = 400  # ui/main_window.py is layout and wiring; actions live in ui/controllers/


def _lines(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def test_the_main_window_stays_layout_and_wiring() -> None:
    lines = _lines(ROOT / "ui" / "main_window.py")
    assert lines < MAIN_WINDOW_MAX, (
        f"ui/main_window.py has {lines} lines: put the new behaviour in a controller "
        "(ui/controllers/) and keep the window to building widgets and connecting them"
    )


def test_long_modules_say_why_they_are_one_module() -> None:
    """Over ~500 lines, the module docstring has a paragraph starting 'Why ~N lines'."""
    unexplained = []
    for folder in PRODUCT:
        for path in sorted((ROOT / folder).rglob("*.py")):
            lines = _lines(path)
            if lines <= LONG_MODULE:
                continue
            doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
            if not re.search(r"^Why ~?\d[\d,]* lines", doc, re.MULTILINE):
                unexplained.append(f"{path.relative_to(ROOT)} ({lines} lines)")
    assert unexplained == [], (
        "split these, or say in the module docstring 'Why ~N lines: ...': " + ", ".join(unexplained)
    )
