"""Light and dark themes and the compact density, applied to the whole application.

``appearance/theme`` is system, light or dark. "system" follows the desktop's colour
scheme (Qt 6.5+ ``QStyleHints.colorScheme()``, also when it changes while the window is
open); where the platform does not say (Unknown), the palette's window colour decides.
The stylesheet (resources/styles/lastmile.qss) names its colours ``@name``; they are
filled in from ``COLOURS`` for the chosen scheme, and the Fusion style gets a matching
QPalette so that every widget (tables, dialogs, admin screens, charts) follows it.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from desktop.paths import resource

COLOURS: dict[str, dict[str, str]] = {
    "light": {
        "window": "#F6F8FA",
        "base": "#FFFFFF",
        "text": "#1F2328",
        "muted": "#57606A",
        "toolbar": "#24292F",
        "toolbartext": "#F6F8FA",
        "bright": "#FFFFFF",
        "border": "#D0D7DE",
        "header": "#EAEEF2",
        "selection": "#DDF4FF",
        "warnbg": "#FFF8C5",
        "warnborder": "#D4A72C",
        "errbg": "#FFEBE9",
        "errborder": "#FF8182",
        "errtext": "#82071E",
        "danger": "#CF222E",
        "infobg": "#DDF4FF",
        "infoborder": "#54AEFF",
        "okbg": "#DAFBE1",
        "okborder": "#4AC26B",
        "button": "#F6F8FA",
        "link": "#0969DA",
    },
    "dark": {
        "window": "#0D1117",
        "base": "#161B22",
        "text": "#E6EDF3",
        "muted": "#9198A1",
        "toolbar": "#010409",
        "toolbartext": "#E6EDF3",
        "bright": "#FFFFFF",
        "border": "#30363D",
        "header": "#21262D",
        "selection": "#1F3A5F",
        "warnbg": "#3B2E05",
        "warnborder": "#9E6A03",
        "errbg": "#3D1214",
        "errborder": "#DA3633",
        "errtext": "#FFA198",
        "danger": "#F85149",
        "infobg": "#0C2D6B",
        "infoborder": "#1F6FEB",
        "okbg": "#0F2D1A",
        "okborder": "#238636",
        "button": "#21262D",
        "link": "#4493F8",
    },
}
# the history's kind colours per theme, each at least 4.5:1 (WCAG AA) against the rows'
# base, alternate and selection colours above (tests/ui/test_settings_theme.py measures)
KIND_COLOURS = {
    "light": {
        "note": "#7D4E00",
        "reply": "#116329",
        "inbound": "#0550AE",
        "purchase": "#57606A",
        "invoice": "#57606A",
        "not sent": "#A40E26",
    },
    "dark": {
        "note": "#E3B341",
        "reply": "#56D364",
        "inbound": "#79C0FF",
        "purchase": "#B1BAC4",
        "invoice": "#B1BAC4",
        "not sent": "#FF7B72",
    },
}


def kind_colour(kind: str, dark: bool) -> str | None:
    """The history's colour for a kind of entry on the light or dark theme (None: text)."""
    return KIND_COLOURS["dark" if dark else "light"].get(kind)


THEMES = ("system", "light", "dark")
DENSITIES = ("comfortable", "compact")
# compact: smaller paddings and one point less, so that more history rows fit 1366x768
COMPACT = """
QTableView::item { padding: 0px 2px; }
QHeaderView::section { padding: 1px 3px; }
QPushButton { padding: 2px 8px; }
QLineEdit, QComboBox, QDateTimeEdit, QSpinBox { padding: 1px 3px; }
QLabel#MessageBar { padding: 3px 8px; }
QToolBar#MainToolbar { padding: 1px; spacing: 3px; }
"""
_TOKEN = re.compile(r"@([a-z]+)")


def system_scheme() -> str:
    """'light' or 'dark' as the desktop says; Unknown: judged by the palette."""
    hints = QGuiApplication.styleHints()
    scheme = hints.colorScheme() if hasattr(hints, "colorScheme") else None
    if scheme == Qt.ColorScheme.Dark:
        return "dark"
    if scheme == Qt.ColorScheme.Light:
        return "light"
    window = QGuiApplication.palette().color(QPalette.ColorRole.Window)
    return "dark" if window.lightness() < 128 else "light"


def scheme_for(theme: str) -> str:
    return theme if theme in ("light", "dark") else system_scheme()


def palette(scheme: str) -> QPalette:
    c = {k: QColor(v) for k, v in COLOURS[scheme].items()}
    p = QPalette()
    role_ = QPalette.ColorRole
    for role, colour in (
        (role_.Window, c["window"]),
        (role_.WindowText, c["text"]),
        (role_.Base, c["base"]),
        (role_.AlternateBase, c["window"]),
        (role_.Text, c["text"]),
        (role_.Button, c["button"]),
        (role_.ButtonText, c["text"]),
        (role_.ToolTipBase, c["base"]),
        (role_.ToolTipText, c["text"]),
        (role_.PlaceholderText, c["muted"]),
        (role_.Highlight, c["infoborder"]),
        (role_.HighlightedText, c["bright"]),
        (role_.Link, c["link"]),
        (role_.BrightText, c["bright"]),
        (role_.Mid, c["border"]),
        (role_.Dark, c["border"]),
        (role_.Light, c["base"]),
        (role_.Midlight, c["header"]),
    ):
        p.setColor(role, colour)
    for role in (role_.WindowText, role_.Text, role_.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, c["muted"])
    return p


def stylesheet(training: bool = False, scheme: str = "light", density: str = "comfortable") -> str:
    colours = COLOURS[scheme]
    text = resource("styles", "lastmile.qss").read_text(encoding="utf-8")
    if training:
        text += "\n" + resource("styles", "training.qss").read_text(encoding="utf-8")
    if scheme == "dark" and training:  # the training tint, dark
        text += (
            "\nQMainWindow { background: #1A1024; }\n"
            "QWidget#ContactPanel, QWidget#CustomerCard { background: #1E1628; }\n"
        )
    text = _TOKEN.sub(lambda m: colours.get(m.group(1), m.group(0)), text)
    if density == "compact":
        text += COMPACT
    return text


_current: list[Theme] = []


def current() -> Theme:
    """The application's theme (made on first use, e.g. in tests and the self-test)."""
    if not _current:
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        Theme(app)
    return _current[-1]


class Theme:
    """What is applied now; ``apply`` again after the settings change. With theme
    "system" it follows the desktop when its colour scheme changes."""

    def __init__(self, app: QApplication, training: bool = False) -> None:
        self.app = app
        self.training = training
        self.theme = "system"
        self.density = "comfortable"
        self.scheme = "light"
        self._base_font_size = app.font().pointSizeF()
        _current[:] = [self]
        hints = QGuiApplication.styleHints()
        if hasattr(hints, "colorSchemeChanged"):
            hints.colorSchemeChanged.connect(self._on_system_changed)

    def apply(self, theme: str = "system", density: str = "comfortable") -> str:
        self.theme = theme if theme in THEMES else "system"
        self.density = density if density in DENSITIES else "comfortable"
        self.scheme = scheme_for(self.theme)
        self.app.setStyle("Fusion")  # the same look and a palette that is honoured
        self.app.setPalette(palette(self.scheme))
        font = self.app.font()
        if self._base_font_size > 0:
            font.setPointSizeF(self._base_font_size - (1 if self.density == "compact" else 0))
            self.app.setFont(font)
        self.app.setStyleSheet(stylesheet(self.training, self.scheme, self.density))
        return self.scheme

    def _on_system_changed(self, *_args: object) -> None:
        if self.theme == "system":
            self.apply(self.theme, self.density)


def colour(name: str) -> QColor:
    """A named colour of the scheme now in use (for painted charts and badges)."""
    window = QApplication.palette().color(QPalette.ColorRole.Window)
    return QColor(COLOURS["dark" if window.lightness() < 128 else "light"][name])
