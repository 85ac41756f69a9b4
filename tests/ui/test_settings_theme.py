"""Settings dialog, themes and density, human times (issue 15: settings, themes, locale)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, Qt, QTranslator
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QTabWidget

from desktop.paths import resource
from ui.formatting import money, number, when
from ui.main_window import MainWindow
from ui.settings import Settings
from ui.settings_dialog import SettingsDialog
from ui.theme import current, palette, stylesheet


@pytest.fixture(autouse=True)
def restore_look(qapp) -> Iterator[None]:
    """Themes change the whole application: give the next tests back the look they had."""
    style, pal, sheet, font = (qapp.style().name(), qapp.palette(), qapp.styleSheet(), qapp.font())
    yield
    qapp.setStyle(style)
    qapp.setPalette(pal)
    qapp.setStyleSheet(sheet)
    qapp.setFont(font)


@pytest.fixture
def german(qapp) -> Iterator[None]:
    translator = QTranslator()
    assert translator.load(str(resource("i18n", "lastmile_de.qm")))
    QCoreApplication.installTranslator(translator)
    yield
    QCoreApplication.removeTranslator(translator)


def test_the_dialog_validates_inline_and_saves_only_on_ok(qtbot, tmp_path) -> None:
    settings = Settings(tmp_path / "ui.ini")
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.keyClicks(dialog.server, "lastmile.example.com")
    assert not ok.isEnabled()
    assert "https://host" in dialog.server_error.text() and not dialog.server_error.isHidden()
    dialog.server.setText("https://sync.example.com:99999")
    assert "port" in dialog.server_error.text() and not ok.isEnabled()
    dialog.display_name.setText("x" * 61)
    assert "too long" in dialog.name_error.text()
    assert settings.get("sync/server") == ""  # nothing saved while it is wrong
    dialog.server.setText("https://sync.example.com/")
    dialog.display_name.setText("  Ana B.  ")
    assert ok.isEnabled() and dialog.server_error.isHidden() and dialog.name_error.isHidden()
    dialog.notify["alert"].setChecked(False)
    dialog.density.setCurrentIndex(dialog.density.findData("compact"))
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    assert settings.get("appearance/theme") == "system"  # still nothing before OK
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    again = Settings(tmp_path / "ui.ini")
    assert again.get("sync/server") == "https://sync.example.com"
    assert again.get("profile/display_name") == "Ana B."
    assert again.get("notifications/alert") is False
    assert again.get("notifications/offer") is True
    assert again.get("appearance/density") == "compact"
    assert current().scheme == "dark"
    assert QApplication.palette().color(QPalette.ColorRole.Window).lightness() < 60
    current().apply("light", "comfortable")


def test_cancel_keeps_everything(qtbot, tmp_path) -> None:
    settings = Settings(tmp_path / "ui.ini")
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    dialog.display_name.setText("Somebody")
    dialog.reject()
    assert Settings(tmp_path / "ui.ini").get("profile/display_name") == ""


def test_ctrl_comma_opens_settings_from_the_menu(window: MainWindow) -> None:
    action = window.menus.actions["settings"]
    assert action.shortcut().toString() == "Ctrl+,"
    assert action in window.menus.menus["&Lastmile"].actions()


def test_theme_switch_changes_the_palette_and_stylesheet(window: MainWindow) -> None:
    theme = current()
    theme.apply("dark", "comfortable")
    dark = QApplication.palette().color(QPalette.ColorRole.Base)
    # instance() is typed QCoreApplication | None; the tests run in a QApplication
    assert dark.lightness() < 60 and "#161B22" in QApplication.instance().styleSheet()  # type: ignore[union-attr]
    assert window.contact_panel.palette().color(QPalette.ColorRole.Text).lightness() > 200
    theme.apply("light", "compact")
    assert QApplication.palette().color(QPalette.ColorRole.Base).lightness() > 240
    # instance() is typed QCoreApplication | None; the tests run in a QApplication
    assert "padding: 0px 2px" in QApplication.instance().styleSheet()  # type: ignore[union-attr]
    theme.apply("light", "comfortable")
    assert "@" not in stylesheet(True, "dark").split("*/", 1)[1]  # every colour filled in
    assert palette("dark").color(QPalette.ColorRole.Window) != palette("light").color(
        QPalette.ColorRole.Window
    )


def test_times_in_words_and_the_locale() -> None:
    now = datetime(2026, 12, 1, 12, 0, tzinfo=UTC).astimezone()
    local_now = now.replace(hour=10, minute=0)
    tomorrow = (local_now + timedelta(days=1)).replace(hour=14, minute=59)
    en, de = QLocale(QLocale.Language.English), QLocale(QLocale.Language.German)
    assert when(tomorrow, now, en) == "tomorrow 14:59"
    assert when(local_now.replace(hour=9, minute=5), now, en) == "today 09:05"
    assert when(local_now - timedelta(days=1), now, en) == "yesterday 10:00"
    in_three = local_now + timedelta(days=3)
    assert when(in_three, now, de) == f"{de.dayName(in_three.isoweekday())} 10:00"
    far = when(local_now + timedelta(days=30), now, de)
    assert far.endswith(" 10:00") and "." in far  # 31.12.26 10:00
    assert when(None) == ""
    assert number(1234.5, 1, en) == "1,234.5" and number(1234.5, 1, de) == "1.234,5"
    assert money(349900, "EUR", de) == "3.499,00 EUR"


def test_human_times_in_german(german) -> None:
    now = datetime(2026, 12, 1, 10, 0, tzinfo=UTC).astimezone()
    de = QLocale(QLocale.Language.German)
    tomorrow = (now + timedelta(days=1)).replace(hour=14, minute=59)
    assert when(tomorrow, now, de) == "morgen 14:59"


def test_the_settings_dialog_in_german(german, qtbot, tmp_path) -> None:
    dialog = SettingsDialog(Settings(tmp_path / "ui.ini"))
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Einstellungen"
    dialog.server.setText("nope")
    assert "https://host" in dialog.server_error.text()
    assert dialog.server_error.text().startswith("Geben Sie")


def test_the_main_window_in_german(german, window: MainWindow) -> None:
    assert window.next_button.text() == "Nächster Kontakt"
    assert window.queue_title.text() == "Warteschlange"
    assert window.search_box.placeholderText().startswith("Kunden und Nachrichten suchen")
    assert window.statusBar().currentMessage().startswith("Arbeitsbereich ")
    tabs = window.card.findChild(QTabWidget)
    assert tabs is not None
    assert [tabs.tabText(i) for i in range(3)] == ["Verlauf", "Käufe", "Rechnungen"]


def _contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two colours."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_history_kinds_meet_wcag_aa_on_both_themes(qapp, workspace_app) -> None:
    from ui.history_model import HistoryModel
    from ui.theme import COLOURS, KIND_COLOURS, current

    for scheme, kinds in KIND_COLOURS.items():
        rows = COLOURS[scheme]
        for kind, colour in kinds.items():
            for background in ("base", "window", "selection"):  # rows, alternate rows, selected
                ratio = _contrast(colour, rows[background])
                assert ratio >= 4.5, (scheme, kind, background, round(ratio, 2))
    # the model paints with them: a received message is the dark colour on the dark theme
    (customer_id,) = workspace_app.db.execute_sql(
        "SELECT customer_id FROM event WHERE kind = 'inbound' LIMIT 1"
    ).fetchone()
    model = HistoryModel(workspace_app.db)
    model.set_customer([customer_id])
    # item is None only past the last row
    received = next(r for r in range(model.rowCount()) if model.item(r)["kind"] == "inbound")  # type: ignore[index]
    for scheme in ("dark", "light"):
        current().apply(scheme)
        brush = model.index(received, 2).data(Qt.ItemDataRole.ForegroundRole)
        assert brush.color().name().upper() == KIND_COLOURS[scheme]["inbound"]
