"""Typed settings of the window, each declared once (type, default, allowed values), over
QSettings in INI format in the workspace (``ui.ini``): a per-desktop file like the
workspace itself, which keeps tests out of the user's own settings."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings


@dataclass(frozen=True)
class Option:
    key: str
    type: type
    default: Any
    choices: tuple[Any, ...] = ()
    help: str = ""


OPTIONS: dict[str, Option] = {
    o.key: o
    for o in (
        Option(
            "notifications/enabled",
            bool,
            True,
            help="Notify about offers, alerts and refused changes",
        ),
        Option("notifications/offer", bool, True, help="A contact is offered to you"),
        Option("notifications/alert", bool, True, help="An SLA alert"),
        Option("notifications/refused", bool, True, help="The server refused a change"),
        Option("appearance/theme", str, "system", ("system", "light", "dark")),
        Option("appearance/density", str, "comfortable", ("comfortable", "compact")),
        Option("appearance/language", str, "system", ("system", "en", "de")),
        Option("profile/display_name", str, ""),
        Option("sync/server", str, ""),
        # the team the queue shows and new rows go to, for an account in several teams
        # ('' : all of them, new rows to the home team)
        Option("queue/team", str, ""),
    )
}


class Settings:
    """``get``/``set`` by key; a stored value of the wrong type or out of its choices reads
    as the default (a hand-edited file never breaks the window)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._q = QSettings(str(path), QSettings.Format.IniFormat)

    def get(self, key: str) -> Any:
        option = OPTIONS[key]
        raw = self._q.value(key, option.default)
        try:
            if option.type is bool and isinstance(raw, str):
                value: Any = raw.strip().lower() in ("1", "true", "yes", "on")
            else:
                value = option.type(raw)
        except (TypeError, ValueError):
            return option.default
        if option.choices and value not in option.choices:
            return option.default
        return value

    def set(self, key: str, value: Any) -> None:
        option = OPTIONS[key]
        if not isinstance(value, option.type):
            raise ValueError(f"{key} must be {option.type.__name__}, not {value!r}")
        if option.choices and value not in option.choices:
            raise ValueError(f"{key} must be one of {', '.join(map(str, option.choices))}")
        self._q.setValue(key, value)
        self._q.sync()

    # window layout: opaque Qt state, not typed options
    def layout(self, key: str) -> QByteArray | None:
        value = self._q.value(f"layout/{key}")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_layout(self, key: str, value: QByteArray) -> None:
        self._q.setValue(f"layout/{key}", value)

    def sync(self) -> None:
        self._q.sync()
