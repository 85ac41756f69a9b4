"""Update resources/i18n/lastmile_<lang>.ts from the code (keeps what is translated).

    python tools/i18n_catalogue.py de        # then: pyside6-lrelease resources/i18n/lastmile_de.ts
    python tools/i18n_catalogue.py en        # English plural forms only (%n)

pyside6-lupdate finds ``tr("…")`` calls but cannot see the context of a module-level
``tr`` helper nor the strings of a table such as ui/menus.ACTIONS, so this script
collects them: every ``tr("literal")`` of a module whose helper says
``QCoreApplication.translate("Context", text…)``, every ``self.tr("literal")`` (context:
the class it is written in), every ``QT_TRANSLATE_NOOP("Context", "literal")`` (a
table's text, translated where it is shown), the menu table, and every ``said("literal", …)``
of desktop/ and models/ (context "desktop": the lines the layers below the window say,
translated where the window shows them, ui/i18n.user_text). A text with ``%n`` is a plural
(``tr("%n contact(s)", n)``): the catalogue holds one form per plural of the language.
"""

from __future__ import annotations

import ast
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CONTEXT = re.compile(r'QCoreApplication\.translate\(\s*"([A-Za-z]+)",\s*text\b')


def _marked(path: Path) -> list[tuple[str, str]]:
    """(context, text) of every ``tr("…")`` (the module's helper) and ``self.tr("…")``
    (the enclosing class: PySide6 looks a string up along the class's MRO)."""
    import ast

    source = path.read_text(encoding="utf-8")
    helper = CONTEXT.search(source)
    found: list[tuple[str, str]] = []

    def visit(node: ast.AST, cls: str | None) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef):
                visit(child, child.name)
                continue
            if (
                isinstance(child, ast.Call)
                and child.args
                and isinstance(child.args[0], ast.Constant)
                and isinstance(child.args[0].value, str)
            ):
                func = child.func
                second = child.args[1] if len(child.args) > 1 else None
                if (
                    (
                        (isinstance(func, ast.Name) and func.id == "QT_TRANSLATE_NOOP")
                        or (isinstance(func, ast.Attribute) and func.attr == "translate")
                    )
                    and isinstance(child.args[0].value, str)
                    and isinstance(second, ast.Constant)
                    and isinstance(second.value, str)
                ):  # a table's text, translated where it is shown
                    found.append((child.args[0].value, second.value))
                elif isinstance(func, ast.Name) and func.id == "tr" and helper:
                    found.append((helper.group(1), child.args[0].value))
                elif (
                    isinstance(func, ast.Attribute)
                    and func.attr == "tr"
                    and isinstance(func.value, ast.Name)
                    and func.value.id == "self"
                    and cls
                ):
                    found.append((cls, child.args[0].value))
            visit(child, cls)

    visit(ast.parse(source), None)
    return found


DESKTOP = "desktop"  # the context of what desktop/ and models/ say (models/errors.said)


def said_templates(path: Path) -> list[str]:
    """The templates of ``said("…", …)`` and ``SomeError.said("…", …)`` in one module."""
    import ast

    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func, first = node.func, node.args[0]
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        if name == "said" and isinstance(first, ast.Constant) and isinstance(first.value, str):
            found.append(first.value)
    return found


def desktop_templates() -> list[str]:
    """Every marked line of desktop/ and models/, in the order of the code."""
    found: list[str] = []
    for layer in ("models", "desktop"):
        for path in sorted((ROOT / layer).rglob("*.py")):
            found += said_templates(path)
    return list(dict.fromkeys(found))


# the modules whose refusals the window shows; each line they raise goes through said()
# (desktop/ops/alerts.py: being reworked elsewhere, joins when it is marked)
SAID_MODULES = (
    *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "desktop" / "ops").glob("*.py")),
    "desktop/app.py",
    "desktop/attachments.py",
    "desktop/callpop.py",
    "desktop/card.py",
    "desktop/channels/smtp.py",
    "desktop/mutator.py",
    "desktop/routing.py",
    "desktop/rules.py",
    "desktop/sync/account.py",
    "desktop/training/guard.py",
    "desktop/training/session.py",
    "desktop/workspace.py",
    "models/database.py",
    "models/identity.py",
    "models/text.py",
    "models/protocol/settings.py",
    "models/protocol/validation.py",
)
# bugs, not refusals: they go to the crash handler, never to the message bar
_BUILTIN_ERRORS = {
    "ValueError",
    "TypeError",
    "KeyError",
    "RuntimeError",
    "AssertionError",
    "SecondDatabaseError",
}


def _text_built(node: ast.expr) -> bool:
    """A line made here without said(): a literal, an f-string, %, + or .format, str()."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp):
        return _text_built(node.left) or _text_built(node.right)
    if isinstance(node, ast.Call):
        func = node.func
        return (isinstance(func, ast.Attribute) and func.attr == "format") or (
            isinstance(func, ast.Name) and func.id == "str"
        )
    return False


def bypassing(path: Path) -> list[str]:
    """``line: source`` of each user-facing raise (and each ``return`` of a check_*
    function) whose text is built in place instead of with said(): the window would show
    it in English."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            func = node.exc.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            args = node.exc.args
            ours = name.endswith("Error") and name not in _BUILTIN_ERRORS
            if ours and args and _text_built(args[0]):
                found.append(f"{node.lineno}: {ast.unparse(node.exc)[:80]}")
        elif isinstance(node, ast.FunctionDef) and node.name.lstrip("_").startswith("check"):
            for inner in ast.walk(node):  # a check's line (str() of a value is the value)
                value = inner.value if isinstance(inner, ast.Return) else None
                if value is not None and _text_built(value) and not isinstance(value, ast.Call):
                    found.append(f"{value.lineno}: return {ast.unparse(value)[:80]}")
    return sorted(found, key=lambda line: int(line.split(":")[0]))


def sources() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in sorted((ROOT / "ui").rglob("*.py")):
        for context, literal in _marked(path):
            found.setdefault(context, []).append(literal)
    found.setdefault(DESKTOP, []).extend(desktop_templates())
    from desktop.sync.transport import NETWORK_CAUSES
    from ui.menus import ACTIONS

    found.setdefault("Network", []).extend(NETWORK_CAUSES.values())
    menus = found.setdefault("Menus", [])
    for spec in ACTIONS:
        menus += [s for s in (spec.menu, spec.text, spec.tip) if s]
    return {c: list(dict.fromkeys(v)) for c, v in found.items()}


def is_plural(text: str) -> bool:
    """Qt's %n form: the catalogue holds one translation per plural form."""
    return re.search(r"%L?n", text) is not None


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
    "show_message",
    "notify",
    "setTitle",
    "addItem",
    "addAction",
    "addMenu",
    "QMenu",
    "QRadioButton",
    "QToolButton",
    "QTableWidgetItem",
    "QListWidgetItem",
    "setAccessibleDescription",
    "setWhatsThis",
    "setSuffix",
    "setPrefix",
    "setSpecialValueText",
    "setLabelText",
    "setHorizontalHeaderLabels",
    "setNameFilter",
    "getSaveFileName",
    "getOpenFileName",
    "getText",
    "run_op",  # its done message goes to the status bar
    "show_undo",
}


def words(text: str) -> bool:
    """Whether a literal has words to translate (not only markup, an address, a number)."""
    bare = re.sub(r"<[^>]*>|&\w+;|\{[^}]*\}|\bLastmile\b", "", text)  # the name stays
    return re.search(r"[^\W\d_]{2,}", bare) is not None and "://" not in text


def unmarked() -> dict[str, list[str]]:
    """Per ui/ file, the literal strings handed straight to a widget (not through tr)."""
    import ast

    found: dict[str, list[str]] = {}
    for path in sorted((ROOT / "ui").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (  # a page's or a dialog's title given as a bare literal (class attribute)
                isinstance(node, ast.Assign)
                and any(isinstance(t, ast.Name) and t.id == "title" for t in node.targets)
                and isinstance(node.value, ast.Constant)
                and isinstance(node.value.value, str)
                and words(node.value.value)
            ):
                found.setdefault(str(path.relative_to(ROOT)), []).append(node.value.value)
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
            args = node.args[:3]
            if name == "addItem" and len(args) > 1:
                args = args[:-1]  # the last is the item's data, not shown
            for arg in args:
                texts = (
                    [arg.value]
                    if isinstance(arg, ast.Constant)
                    else [e.value for e in arg.elts if isinstance(e, ast.Constant)]
                    if isinstance(arg, ast.List | ast.Tuple)
                    else [v.value for v in arg.values if isinstance(v, ast.Constant)]
                    if isinstance(arg, ast.JoinedStr)
                    else []
                )
                for text in texts:
                    if isinstance(text, str) and words(text):
                        found.setdefault(str(path.relative_to(ROOT)), []).append(text)
    return found


def update(language: str) -> Path:
    """Rewrite the catalogue from the code, keeping every translation it already has.

    English needs only the plural forms (``%n``): its catalogue holds just those."""
    path = ROOT / "resources" / "i18n" / f"lastmile_{language}.ts"
    known: dict[tuple[str, str], list[str]] = {}
    if path.exists():
        for ctx in ET.parse(path).getroot().iter("context"):
            name = ctx.findtext("name") or ""
            for message in ctx.iter("message"):
                translation = message.find("translation")
                if translation is None:
                    continue
                forms = [f.text or "" for f in translation.iter("numerusform")]
                if not forms and translation.text:
                    forms = [translation.text]
                if any(forms):
                    known[(name, message.findtext("source") or "")] = forms
    root = ET.Element("TS", version="2.1", language=language)
    for context, texts in sorted(sources().items()):
        if language == "en":
            texts = [t for t in texts if is_plural(t)]
        if not texts:
            continue
        ctx = ET.SubElement(root, "context")
        ET.SubElement(ctx, "name").text = context
        for source in texts:
            message = ET.SubElement(ctx, "message")
            ET.SubElement(message, "source").text = source
            translation = ET.SubElement(message, "translation")
            kept = known.get((context, source))
            if is_plural(source):
                message.set("numerus", "yes")
                for form in kept or ["", ""]:
                    ET.SubElement(translation, "numerusform").text = form
            elif kept:
                translation.text = kept[0]
            if not kept:
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
