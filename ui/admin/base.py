"""What every admin page shares: the context it works in, its message line, running ops."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QWidget

from desktop.app import Application
from desktop.changes import Changes
from desktop.ops import Actor
from ui.executor import DbExecutor
from ui.i18n import user_text
from ui.widgets import named


@dataclass
class AdminContext:
    app: Application
    executor: DbExecutor
    actor: Actor


class AdminPage(QWidget):
    """A page of the admin dialog; ``saved`` carries what changed (for the window)."""

    saved = Signal(object)
    title = ""

    def __init__(self, ctx: AdminContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.message = named(QLabel(), "AdminMessage")
        self.message.setWordWrap(True)
        self.message.hide()

    def say(self, text: str, *, error: bool = False) -> None:
        self.message.setProperty("error", error)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setText(("⚠ " if error else "✓ ") + user_text(text))
        self.message.show()

    def run(
        self, fn: Callable[[], Any], done: str, then: Callable[[Any], None] | None = None
    ) -> None:
        """Run an op on the database thread; a refusal is said here, nothing is saved."""

        def ok(result: Any) -> None:
            self.say(done)
            self.saved.emit(result if isinstance(result, Changes) else Changes())
            if then is not None:
                then(result)

        self.message.hide()
        self.ctx.executor.run(fn, ok, lambda e: self.say(user_text(e), error=True))
