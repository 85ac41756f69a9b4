"""Qt fixtures: a real MainWindow over a real (temporary) workspace, offscreen."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from desktop.app import Application
from desktop.seed import seed
from desktop.workspace import Workspace
from ui.executor import DbExecutor
from ui.main_window import MainWindow

SEED_NOW = datetime.now(UTC).replace(microsecond=0)


def _open(tmp_path: Path, kind: str) -> Application:
    app = Application.open(Workspace(tmp_path / "ws", kind))
    seed(
        app.db,
        customers=60,
        contacts=400,
        seed_value=3,
        now=SEED_NOW,
        events_per_contact=2.0,
        open_share=0.2,
    )
    return app


@pytest.fixture
def workspace_app(tmp_path: Path) -> Iterator[Application]:
    app = _open(tmp_path, "live")
    yield app
    app.close()


class Errors:
    def __init__(self) -> None:
        self.items: list[BaseException] = []

    def __call__(self, error: BaseException) -> None:
        self.items.append(error)


@pytest.fixture
def unexpected() -> Errors:
    return Errors()


def _window(qtbot, app: Application, unexpected: Errors, login: str) -> Iterator[MainWindow]:
    app.sign_in(login)
    executor = DbExecutor(app.db)
    window = MainWindow(app, executor, unexpected)
    # not qtbot.addWidget: pytest-qt would close and delete it before this teardown, while
    # reads on the database thread may still be on their way back to it
    window.show()
    qtbot.waitExposed(window)
    # the first contact and its card are read on the database thread: shown once idle
    qtbot.waitUntil(lambda: not executor.busy, timeout=5000)
    yield window
    qtbot.waitUntil(lambda: not executor.busy, timeout=5000)
    window.close()
    executor.shutdown()
    window.deleteLater()
    assert not unexpected.items, unexpected.items


@pytest.fixture
def window(qtbot, workspace_app: Application, unexpected: Errors) -> Iterator[MainWindow]:
    yield from _window(qtbot, workspace_app, unexpected, "ben")


@pytest.fixture
def training_window(qtbot, tmp_path: Path, unexpected: Errors) -> Iterator[MainWindow]:
    app = _open(tmp_path, "training")
    yield from _window(qtbot, app, unexpected, "dana")
    app.close()


@pytest.fixture(autouse=True, scope="session")
def english_plurals(qapp):
    """The window in English as ui/i18n.install_translator sets it up: English's catalogue
    says the plural forms ("1 contact", "3 contacts")."""
    from PySide6.QtCore import QTranslator

    from desktop.paths import resource

    translator = QTranslator()
    assert translator.load(str(resource("i18n", "lastmile_en.qm")))
    qapp.installTranslator(translator)
    yield
    qapp.removeTranslator(translator)
