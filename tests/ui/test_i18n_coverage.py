"""No new user-visible string bypasses the catalogue (issue 15, second language).

tools/i18n_catalogue.unmarked() finds literals handed straight to widgets (setText,
QLabel, setWindowTitle, …) in ui/. The files below still have some (counted when this
test was written); a file may only go down, a file not listed must have none, so a new
string without tr fails here. Lower a count when you mark strings; remove the file at 0.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from PySide6.QtCore import QTranslator

from desktop.paths import resource
from tools.i18n_catalogue import unmarked

NOT_YET_MARKED: dict[str, int] = {}  # every file marked (issue 15)


def _written(message: ET.Element) -> list[str]:
    forms = [f.text or "" for f in message.iter("numerusform")]
    return forms or [message.findtext("translation") or ""]


def _compiled(translator: QTranslator, context: str, message: ET.Element) -> list[str]:
    source = message.findtext("source") or ""
    if message.get("numerus") != "yes":
        return [translator.translate(context, source) or ""]
    return [translator.translate(context, source, None, n) or "" for n in (1, 2)]


def test_the_german_catalogue_is_complete() -> None:
    from tools.i18n_catalogue import sources

    messages = {
        (ctx.findtext("name"), m.findtext("source")): m
        for ctx in ET.parse(resource("i18n", "lastmile_de.ts")).getroot().iter("context")
        for m in ctx.iter("message")
    }
    missing = [(c, t) for c, texts in sources().items() for t in texts if (c, t) not in messages]
    unfinished = [k for k, m in messages.items() if not any(_written(m))]
    assert missing == [] and unfinished == []


def test_plurals_read_right_in_both_languages(qapp) -> None:
    from PySide6.QtCore import QCoreApplication

    def said(language: str, n: int) -> str:
        translator = QTranslator()
        assert translator.load(str(resource("i18n", f"lastmile_{language}.qm")))
        QCoreApplication.installTranslator(translator)
        try:
            return QCoreApplication.translate("QueueController", "%Ln contact(s)", None, n)
        finally:
            QCoreApplication.removeTranslator(translator)

    assert [said("en", 1), said("en", 3)] == ["1 contact", "3 contacts"]
    assert [said("de", 1), said("de", 3)] == ["1 Kontakt", "3 Kontakte"]


def test_no_new_string_bypasses_the_catalogue() -> None:
    now = {file: len(texts) for file, texts in unmarked().items()}
    grown = {
        f: (n, NOT_YET_MARKED.get(f, 0)) for f, n in now.items() if n > NOT_YET_MARKED.get(f, 0)
    }
    assert grown == {}, "strings shown without tr (now, allowed): " + repr(
        {f: unmarked()[f] for f in grown}
    )


def test_the_finder_sees_an_unmarked_string(tmp_path, monkeypatch) -> None:
    import tools.i18n_catalogue as catalogue

    (tmp_path / "ui").mkdir()
    (tmp_path / "ui" / "x.py").write_text(
        'label.setText("Hello there")\nlabel.setText(tr("Marked"))\nlog.warning("not shown")\n'
        'class Page:\n    title = "Templates"\n'
        'w.run_op(fn, "Note added.")\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(catalogue, "ROOT", tmp_path)
    assert sorted(catalogue.unmarked()["ui/x.py"]) == ["Hello there", "Note added.", "Templates"]


def test_the_bundle_resources_are_there() -> None:
    for name in ("lastmile.png", "lastmile.ico", "lastmile.icns"):
        assert resource("icons", name).stat().st_size > 1000
    # each compiled catalogue says what its .ts says (built after the last edit)
    for language in ("de", "en"):
        translator = QTranslator()
        assert translator.load(str(resource("i18n", f"lastmile_{language}.qm")))
        stale = [
            (ctx.findtext("name"), m.findtext("source"))
            for ctx in ET.parse(resource("i18n", f"lastmile_{language}.ts"))
            .getroot()
            .iter("context")
            for m in ctx.iter("message")
            if _compiled(translator, ctx.findtext("name") or "", m) != _written(m)
        ]
        assert stale == [], language
    spec = (resource("icons", "lastmile.png").parents[2] / "build.spec").read_text()
    assert '"resources"' in spec and "lastmile.ico" in spec and "version=version_file" in spec


def test_every_desktop_line_has_its_german_with_the_same_placeholders(qapp) -> None:
    """Each said("…") of desktop/ and models/ is in the compiled German catalogue, and the
    German names the same parameters (else ui/i18n.user_text falls back to English)."""
    import string

    from tools.i18n_catalogue import DESKTOP, desktop_templates

    def fields(text: str) -> list[tuple[str, str, str]]:
        return sorted((n, c or "", s or "") for _, n, s, c in string.Formatter().parse(text) if n)

    translator = QTranslator()
    assert translator.load(str(resource("i18n", "lastmile_de.qm")))
    templates = desktop_templates()
    assert "the reply is empty" in templates and len(templates) > 100
    german = {t: translator.translate(DESKTOP, t) or "" for t in templates}
    untranslated = [t for t, g in german.items() if not g]
    mismatched = [t for t, g in german.items() if g and fields(g) != fields(t)]
    assert untranslated == [] and mismatched == []
