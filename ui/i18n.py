"""The window's language: the setting, else LASTMILE_LANG, else the system's locale.

Strings are marked with Qt's tr (``QCoreApplication.translate(context, text)`` outside
QObjects); the German catalogue is resources/i18n/lastmile_de.ts, compiled to .qm with
``pyside6-lrelease`` (README: "Languages"). English's catalogue (lastmile_en.ts) holds only
the plural forms of the ``%n`` texts. What desktop/ and models/ say (refusals, checks of
settings) comes as a ``Message`` (models/errors.py) and is translated by ``user_text``
(context "desktop"). Qt's own strings
(standard buttons, context menus of text fields) come from Qt's qtbase catalogue.
"""

from __future__ import annotations

import logging
import os
import string
from typing import Any

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from desktop.errors import Message
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


ROLE_LABELS = {
    "agent": QT_TRANSLATE_NOOP("Role", "agent"),
    "supervisor": QT_TRANSLATE_NOOP("Role", "supervisor"),
    "admin": QT_TRANSLATE_NOOP("Role", "admin"),
    "trainee": QT_TRANSLATE_NOOP("Role", "trainee"),
}


def role_label(role: str) -> str:
    """An account's role as the window says it ("supervisor" → "Teamleitung")."""
    return QCoreApplication.translate("Role", ROLE_LABELS.get(role, role))


def presence_label(state: str) -> str:
    """An agent's presence as the window says it ("available" → "Verfügbar")."""
    return QCoreApplication.translate("Presence", PRESENCE_LABELS.get(state, state.capitalize()))


class _LocaleFormatter(string.Formatter):
    """str.format, with ``{n:,}`` grouped as the window's locale groups (1.440 in German)."""

    def format_field(self, value: Any, format_spec: str) -> str:
        english = QLocale().language() in (QLocale.Language.C, QLocale.Language.English)
        whole = isinstance(value, int) and not isinstance(value, bool)
        if format_spec == "," and whole and not english:  # English: as str(Message), 1,440
            return QLocale().toString(value)
        return super().format_field(value, format_spec)


_FORMATTER = _LocaleFormatter()


def user_text(said: object) -> str:
    """What desktop/ says to the user, in the window's language: a UserFacingError or a
    line (models/errors.Message: the template is looked up in the catalogue, context
    "desktop", and filled with its parameters, themselves translated when they are
    Messages). A line that was not marked stays as it is; a translation whose
    placeholders do not fit gives the English line (logged), never an exception."""
    if isinstance(said, BaseException):
        first = said.args[0] if len(said.args) == 1 else None
        said = first if isinstance(first, Message) else str(said)
    if not isinstance(said, Message):
        return str(said)
    params = {k: user_text(v) if isinstance(v, Message) else v for k, v in said.params.items()}
    template = QCoreApplication.translate("desktop", said.template)
    try:
        return _FORMATTER.format(template, **params)
    except (KeyError, IndexError, ValueError, AttributeError) as exc:
        log.warning("translation of %r does not fit its parameters: %s", said.template, exc)
        return str(said)


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
