"""The window's language: the setting, else LASTMILE_LANG, else the system's locale.

Strings are marked with Qt's tr (``QCoreApplication.translate(context, text)`` outside
QObjects); the German catalogue is resources/i18n/lastmile_de.ts, compiled to .qm with
``pyside6-lrelease`` (README: "Languages"). English's catalogue (lastmile_en.ts) holds only
the plural forms of the ``%n`` texts. Qt's own strings
(standard buttons, context menus of text fields) come from Qt's qtbase catalogue.
"""

from __future__ import annotations

import logging
import os

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from desktop.paths import resource

log = logging.getLogger("lastmile.ui.i18n")
LANGUAGES = ("en", "de")


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Marks a table's text for the catalogue (tools/i18n_catalogue.py); it is translated
    where it is shown. Qt's own is typed to return object, hence ours."""
    return text


# the words of desktop/'s vocabularies the window shows (desktop/ has no Qt to translate)
PRESENCE_LABELS = {
    "available": QT_TRANSLATE_NOOP("Presence", "Available"),
    "busy": QT_TRANSLATE_NOOP("Presence", "Busy"),
    "away": QT_TRANSLATE_NOOP("Presence", "Away"),
    "offline": QT_TRANSLATE_NOOP("Presence", "Offline"),
}


def presence_label(state: str) -> str:
    """An agent's presence as the window says it ("available" → "Verfügbar")."""
    return QCoreApplication.translate("Presence", PRESENCE_LABELS.get(state, state.capitalize()))


def chosen_language(setting: str = "system") -> str:
    """'en' or 'de': an explicit setting wins, then LASTMILE_LANG, then the system."""
    for candidate in (setting, os.environ.get("LASTMILE_LANG", ""), QLocale.system().name()):
        code = (candidate or "").replace("_", "-").split("-")[0].lower()
        if code in LANGUAGES:
            return code
        if code and code != "system":
            return "en"  # a language we have no catalogue for: English
    return "en"


def install_translator(app: QCoreApplication, setting: str = "system") -> str:
    """Load the catalogues for the chosen language; returns its code."""
    language = chosen_language(setting)
    QLocale.setDefault(QLocale(language if language != "en" else QLocale.system().name()))
    if language == "en":
        # English's catalogue only says the plural forms ("%n contact(s)" → "1 contact")
        plurals = QTranslator(app)
        if plurals.load(str(resource("i18n", "lastmile_en.qm"))):
            app.installTranslator(plurals)
        return language
    ours = QTranslator(app)
    path = resource("i18n", f"lastmile_{language}.qm")
    if ours.load(str(path)):
        app.installTranslator(ours)
    else:
        log.warning("no translation catalogue at %s: the window stays in English", path)
        return "en"
    qt = QTranslator(app)
    if qt.load(
        QLocale(language),
        "qtbase",
        "_",
        QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath),
    ):
        app.installTranslator(qt)
    return language
