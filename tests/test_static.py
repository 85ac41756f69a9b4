"""Lint, format and types are part of the suite: ruff (check and format) and mypy clean."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _tool(name: str) -> str:
    candidate = Path(sys.executable).with_name(name)
    found = str(candidate) if candidate.exists() else shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed: install the test extras (pip install -e '.[test]')")
    return found


FOLDERS = [
    d
    for d in ("models", "desktop", "ui", "server", "tests", "benchmarks", "tools")
    if (ROOT / d).is_dir()
]


@pytest.mark.parametrize("command", [["check"], ["format", "--check"]], ids=["check", "format"])
def test_ruff_is_clean(command: list[str]) -> None:
    result = subprocess.run(
        [_tool("ruff"), *command, *FOLDERS],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_mypy_is_clean() -> None:
    result = subprocess.run(
        [_tool("mypy")], cwd=ROOT, capture_output=True, text=True, timeout=600, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


# a lint or type suppression (noqa with or without codes, type: ignore with or without codes)
# with nothing after it on its line and no comment line above it says nothing about why
# (the markers are spelled in pieces so that this file does not match itself)
SUPPRESSION = re.compile(
    "#" + r"\s*(?:(?:ruff:\s*)?noqa\b(?::\s*[A-Z]+[0-9]+(?:\s*,\s*[A-Z]+[0-9]+)*)?"
    r"|type:\s*ignore\b(?:\[[\w\s,-]*\])?)"
)


def bare_suppressions(text: str) -> list[int]:
    """The line numbers of suppressions that do not say why."""
    lines = text.splitlines()
    bare = []
    for number, line in enumerate(lines):
        found = SUPPRESSION.search(line)
        if found is None:
            continue
        after = SUPPRESSION.sub("", line[found.end() :])
        above = lines[number - 1].strip() if number else ""
        if not re.search(r"[A-Za-z]{3}", after) and not above.startswith("#"):
            bare.append(number + 1)
    return bare


@pytest.mark.parametrize(
    ("line", "bare"),
    [
        ("x = 1  #" + " noqa", True),
        ("x = 1  #" + " noqa: E501", True),
        ("x = f()  #" + " type: ignore[attr-defined]", True),
        ("x = f()  #" + " type: ignore", True),
        ("class A(Exception):  #" + " noqa: N818 - reads better at call sites", False),
        ("x = f()  #" + " type: ignore[misc]  # playhouse is untyped", False),
        ("# playhouse is untyped\nclass M(FTS5Model):  #" + " type: ignore[misc]", False),
        ("x = 1  # no suppression here", False),
        ("#" + " ruff: noqa: F821", True),
        ("#" + " ruff: noqa: F821 - PyInstaller defines these names", False),
    ],
)
def test_the_suppression_check_tells_bare_from_explained(line: str, bare: bool) -> None:
    assert bool(bare_suppressions(line)) is bare


def test_every_lint_and_type_suppression_says_why() -> None:
    files = [ROOT / "build.spec", *(p for d in FOLDERS for p in sorted((ROOT / d).rglob("*.py")))]
    bare = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in files
        if path.is_file()
        for number in bare_suppressions(path.read_text(encoding="utf-8"))
    ]
    assert not bare, (
        "say why beside each suppression (`# noqa: CODE - reason`, "
        "`# type: ignore[code]  # reason`) or in a comment line above it:\n" + "\n".join(bare)
    )
