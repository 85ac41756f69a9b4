"""Update resources/i18n/lastmile_<lang>.ts from the code (keeps what is translated).

    python tools/i18n_catalogue.py de        # then: pyside6-lrelease resources/i18n/lastmile_de.ts

pyside6-lupdate finds ``tr("…")`` calls but cannot see the context of a module-level
``tr`` helper nor the strings of a table such as ui/menus.ACTIONS, so this script
collects them: every ``tr("literal")`` of a module whose helper says
``QCoreApplication.translate("Context", text)``, and the menu table.
"""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CONTEXT = re.compile(r'QCoreApplication\.translate\("([A-Za-z]+)", text\)')
CALL = re.compile(r'\btr\(\s*((?:"(?:[^"\\]|\\.)*"\s*)+)\)')


def sources() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in sorted((ROOT / "ui").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        context = CONTEXT.search(text)
        if context is None:
            continue
        for match in CALL.finditer(text):
            literal = "".join(
                eval(part) for part in re.findall(r'"(?:[^"\\]|\\.)*"', match.group(1))
            )
            found.setdefault(context.group(1), []).append(literal)
    from ui.menus import ACTIONS

    menus = found.setdefault("Menus", [])
    for spec in ACTIONS:
        menus += [s for s in (spec.menu, spec.text, spec.tip) if s]
    return {c: list(dict.fromkeys(v)) for c, v in found.items()}


# calls whose first argument a user reads; a bare literal there was not marked with tr
SHOWN = {
    "setText",
    "setWindowTitle",
    "setPlaceholderText",
    "setToolTip",
    "setStatusTip",
    "QLabel",
    "QPushButton",
    "QCheckBox",
    "QGroupBox",
    "QAction",
    "addTab",
    "setAccessibleName",
    "showMessage",
    "addRow",
    "information",
    "warning",
    "critical",
    "question",
    "say",
}


def unmarked() -> dict[str, list[str]]:
    """Per ui/ file, the literal strings handed straight to a widget (not through tr)."""
    import ast

    found: dict[str, list[str]] = {}
    for path in sorted((ROOT / "ui").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = (
                node.func.attr
                if isinstance(node.func, ast.Attribute)
                else node.func.id
                if isinstance(node.func, ast.Name)
                else ""
            )
            receiver = node.func.value if isinstance(node.func, ast.Attribute) else None
            if name not in SHOWN or (
                isinstance(receiver, ast.Name) and receiver.id in ("log", "logger", "logging")
            ):
                continue
            for arg in node.args[:3]:
                texts = (
                    [arg.value]
                    if isinstance(arg, ast.Constant)
                    else [v.value for v in arg.values if isinstance(v, ast.Constant)]
                    if isinstance(arg, ast.JoinedStr)
                    else []
                )
                for text in texts:
                    if (
                        isinstance(text, str)
                        and any(c.isalpha() for c in text)
                        and "://" not in text
                    ):
                        found.setdefault(str(path.relative_to(ROOT)), []).append(text)
    return found


def update(language: str) -> Path:
    path = ROOT / "resources" / "i18n" / f"lastmile_{language}.ts"
    known: dict[tuple[str, str], str] = {}
    if path.exists():
        for ctx in ET.parse(path).getroot().iter("context"):
            name = ctx.findtext("name") or ""
            for message in ctx.iter("message"):
                translation = message.find("translation")
                if translation is not None and translation.text:
                    known[(name, message.findtext("source") or "")] = translation.text
    root = ET.Element("TS", version="2.1", language=language)
    for context, texts in sorted(sources().items()):
        ctx = ET.SubElement(root, "context")
        ET.SubElement(ctx, "name").text = context
        for source in texts:
            message = ET.SubElement(ctx, "message")
            ET.SubElement(message, "source").text = source
            translation = ET.SubElement(message, "translation")
            if (context, source) in known:
                translation.text = known[(context, source)]
            else:
                translation.set("type", "unfinished")
    ET.indent(root)
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n'
        + ET.tostring(root, encoding="unicode")
        + "\n",
        encoding="utf-8",
    )
    return path


if __name__ == "__main__":
    if sys.argv[1:2] == ["--unmarked"]:  # what is still shown without tr, per file
        for file, texts in unmarked().items():
            print(f"{file}: {len(texts)}")
            for text in texts:
                print(f"    {text!r}")
    else:
        print(update(sys.argv[1] if len(sys.argv) > 1 else "de"))
