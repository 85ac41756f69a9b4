"""The window in German (issue 15, second language): the catalogue is complete for what
is marked, and the menus, shortcut list and tray speak German."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator

from desktop.paths import resource
from ui.i18n import chosen_language
from ui.main_window import MainWindow


@pytest.fixture
def german(qapp) -> Iterator[None]:
    translator = QTranslator()
    assert translator.load(str(resource("i18n", "lastmile_de.qm")))
    QCoreApplication.installTranslator(translator)
    yield
    QCoreApplication.removeTranslator(translator)


def test_the_german_catalogue_has_every_marked_string() -> None:
    from tools.i18n_catalogue import sources

    tree = ET.parse(resource("i18n", "lastmile_de.ts"))
    done = {
        (ctx.findtext("name"), m.findtext("source"))
        for ctx in tree.getroot().iter("context")
        for m in ctx.iter("message")
        if (t := m.find("translation")) is not None and t.text and t.get("type") != "unfinished"
    }
    wanted = {(ctx, s) for ctx, texts in sources().items() for s in texts}
    assert wanted - done == set()


def test_menus_and_tray_in_german(german, window: MainWindow) -> None:
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles == ["&Lastmile", "&Kontakt", "&Anwesenheit", "&Gehe zu", "&Hilfe"]
    assert window.menus.actions["send"].text() == "Antwort &senden"
    assert "wartend" in window.tray.tooltip
    assert window.presence_combo.accessibleName() == "Anwesenheit"


def test_the_language_follows_the_setting_then_the_system(monkeypatch) -> None:
    monkeypatch.setenv("LASTMILE_LANG", "de_DE")
    assert chosen_language("system") == "de"
    assert chosen_language("en") == "en"
    monkeypatch.setenv("LASTMILE_LANG", "fr")
    assert chosen_language("system") == "en"  # no French catalogue: English


def test_selftest_passes_through_the_real_window(capsys) -> None:
    from ui.selftest import run_selftest

    assert run_selftest() == 0
    out = capsys.readouterr().out
    assert "reply sent (Ctrl+Enter)" in out and "selftest passed" in out
