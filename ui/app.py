"""Starting the window: Qt application, qasync event loop, services, main window."""

from __future__ import annotations

import argparse
import asyncio
import gc
import logging
import os
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
)

from desktop import reads
from desktop.app import Application
from desktop.errors import UserFacingError
from desktop.ops import agents as agent_ops
from desktop.paths import resource
from desktop.seed import seed
from desktop.supervisor import may_open
from desktop.training.scenario import find_scenario
from desktop.training.session import (
    create_from_scenario,
    make_private,
    open_training,
    training_root,
)
from desktop.training.session import info as training_info
from desktop.training.session import reset as reset_training
from desktop.workspace import (
    ENV_VAR,
    TRAINING_DB_NAME,
    Workspace,
    check_root,
    detect_kind,
    resolve_root,
    setup_logging,
)
from ui.accessibility import name_from_labels
from ui.aio import close_ui_loop, ui_loop
from ui.crash import CrashHandler, install_qt_message_handler
from ui.executor import DbExecutor
from ui.i18n import user_text
from ui.main_window import MainWindow
from ui.supervisor import open_desk


def tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("Welcome", text, None, n)


log = logging.getLogger("lastmile.ui")

DEMO_CUSTOMERS = 400
DEMO_CONTACTS = 3000


def stylesheet(training: bool) -> str:
    from ui.theme import stylesheet as themed

    return themed(training)


def fill_demo(app: Application) -> bool:
    """Seed demo data into an empty workspace; returns whether it did."""
    if reads.has_data():
        return False
    seed(
        app.db,
        customers=DEMO_CUSTOMERS,
        contacts=DEMO_CONTACTS,
        seed_value=7,
        now=datetime.now(UTC),
        events_per_contact=2.5,
        open_share=0.06,
    )
    return True


class FirstAgentDialog(QDialog):
    """A new, empty workspace: who is going to work in it? The agent is made by
    ``create(login, name)``; a refusal is shown in the dialog, which stays open."""

    def __init__(self, create: Callable[[str, str], None]) -> None:
        super().__init__()
        self._create = create
        self.setWindowTitle(tr("Welcome to Lastmile"))
        self.setMinimumWidth(460)
        form = QFormLayout(self)
        intro = QLabel(
            tr(
                "This workspace is new. Who works in it? You become its admin; "
                "colleagues are added later."
            )
        )
        intro.setWordWrap(True)
        form.addRow(intro)
        self.name = QLineEdit()
        self.name.setPlaceholderText(tr("Your name as customers will see it"))
        self.name.setAccessibleName(tr("Name"))
        self.login = QLineEdit()
        self.login.setPlaceholderText(tr("lower-case login, e.g. ana"))
        self.login.setAccessibleName(tr("Login"))
        form.addRow(tr("&Name"), self.name)
        form.addRow(tr("&Login"), self.login)
        self.error = QLabel()
        self.error.setObjectName("FormError")
        self.error.setStyleSheet("color: #CF222E")
        self.error.setWordWrap(True)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.hide()
        form.addRow(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.name.textEdited.connect(self.on_name_edited)
        self._login_edited = False
        self.login.textEdited.connect(lambda _text: setattr(self, "_login_edited", True))
        name_from_labels(self)  # a screen reader can say every field

    def on_name_edited(self, text: str) -> None:
        """The login follows the first name until the user types one of their own."""
        if not self._login_edited:
            first = text.strip().split()[0] if text.strip() else ""
            self.login.setText("".join(c for c in first.lower() if c.isalnum()))

    def accept(self) -> None:
        name, login = self.name.text().strip(), self.login.text().strip().lower()
        if not name or not login:
            self._show_error(tr("Say your name and a login to go on."))
            (self.name if not name else self.login).setFocus()
            return
        try:
            self._create(login, name)
        except UserFacingError as exc:
            line = user_text(exc)
            self._show_error(line[:1].upper() + line[1:])
            return
        super().accept()

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
        # grow with the error line instead of squeezing the text above it
        self.resize(self.width(), max(self.height(), self.sizeHint().height()))


def default_login(app: Application) -> str | None:
    """The account this workspace is signed in to a server with, else the first agent."""
    from desktop.sync.account import signed_in

    current = signed_in()
    return reads.working_login(current[1] if current is not None else None)


def build_window(
    app: Application, login: str | None, crash: CrashHandler | None = None
) -> tuple[MainWindow, DbExecutor]:
    app.sign_in(login or default_login(app))
    executor = DbExecutor(app.db)
    window = MainWindow(app, executor, crash.handle_error if crash else None)
    # what is there now (modules, the window's widgets and models) lives as long as the
    # window: moved out of the collector's way, a full collection later walks only what
    # came since (one took 88 ms of the UI thread while scrolling at 1M contacts, #14)
    gc.collect()
    gc.freeze()
    return window, executor


def run_gui(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    root = resolve_root(args.workspace)
    # the default workspace (and --demo) may be made here; a folder somebody named
    # must hold a workspace already, so that a typo does not become a new, empty one
    named = args.workspace is not None or bool(os.environ.get(ENV_VAR))
    try:
        check_root(root, create=args.demo or not named)
        if args.training:
            root = prepare_training(args, root)
        ws = Workspace(root, detect_kind(root))
        ws.ensure()
    except UserFacingError as exc:
        print(f"lastmile: {exc}", file=sys.stderr)
        return 1
    setup_logging(ws, json_logging=args.json_logging, verbose=args.verbose)
    qt_app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(qt_app, QApplication)
    qt_app.setApplicationName("Lastmile")
    qt_app.setOrganizationName("Lastmile")
    from PySide6.QtGui import QIcon

    qt_app.setWindowIcon(QIcon(str(resource("icons", "lastmile.png"))))
    from ui.i18n import install_translator
    from ui.settings import Settings

    install_translator(qt_app, Settings(ws.root / "ui.ini").get("appearance/language"))
    crash = CrashHandler(ws.log_dir, show_dialog=not args.no_crash_dialog)
    crash.install()
    install_qt_message_handler()
    try:
        app = open_training(root) if ws.kind == "training" else Application.open(ws)
    except UserFacingError as exc:
        print(f"lastmile: {exc}", file=sys.stderr)
        return 1
    try:
        if args.demo and fill_demo(app):
            log.info("filled %s with demo data", root)
        if not reads.has_agents():

            def create(login: str, name: str) -> None:
                agent_ops.add_agent(
                    app.mutator, login=login, display_name=name, role="admin", skills={"general": 1}
                )

            if FirstAgentDialog(create).exec() != QDialog.DialogCode.Accepted:
                return 0
        from ui.theme import Theme

        ui_settings = Settings(ws.root / "ui.ini")
        theme = Theme(qt_app, app.is_training)
        theme.apply(ui_settings.get("appearance/theme"), ui_settings.get("appearance/density"))
        # in training the trainee persona of the workspace acts, whoever opened it
        login = (
            training_info().trainee
            if app.is_training
            else (getattr(args, "as_login", None) or args.agent)
        )
        window, executor = build_window(app, login, crash)
        wallboard = getattr(args, "command", None) == "wallboard"  # `lastmile wallboard`
        if wallboard and (refused := may_open(app.require_actor().role, ws.kind)):
            raise UserFacingError(refused)
    except UserFacingError as exc:
        print(f"lastmile: {exc}", file=sys.stderr)
        close_ui_loop()
        app.close()
        return 1
    window.show()
    if wallboard:
        open_desk(window, wallboard=True)
    log.info("window shown %.0f ms after start", (time.perf_counter() - started) * 1000)
    if args.screenshot:

        def snap() -> None:
            window.grab().save(args.screenshot)
            print(f"startup_ms={(time.perf_counter() - started) * 1000:.0f}", flush=True)
            qt_app.quit()

        QTimer.singleShot(300, snap)

    loop = ui_loop()  # made by the window already (its event stream runs on it)
    asyncio.set_event_loop(loop)
    try:
        with loop:
            # Qt's own exec under qasync: it ends with QApplication.quit(). (Waiting on an
            # asyncio.Event set by aboutToQuit raced: quit ended exec before the Event's
            # waiter ran, qasync ran exec again and the window never exited.)
            loop.run_forever()
    finally:
        executor.shutdown()
        app.close()
    if window.restart_after_reset:
        try:
            reset_training(root)
        except UserFacingError as exc:
            print(f"lastmile: {exc}", file=sys.stderr)
            return 1
        restart_command = (
            [sys.executable, *sys.argv]
            if getattr(sys, "frozen", False)
            else [sys.executable, "-m", "ui.main", *sys.argv[1:]]
        )
        subprocess.Popen(restart_command)
    return 0


def prepare_training(args: argparse.Namespace, root: Path) -> Path:
    """--training: use (or create) the trainee's own training workspace.

    With --workspace pointing at a training folder, that folder; with a live folder
    (or none), the trainee's own folder inside it: live/training/<login>/<scenario>.
    """
    if detect_kind(root) == "training":
        return root
    scenario = find_scenario(args.scenario)
    login = (args.agent or "trainee").strip().lower()
    root = training_root(root, login, scenario.name)
    make_private(root.parent)  # the trainee's folder: other trainees cannot look inside
    if not (root / TRAINING_DB_NAME).exists():
        name = getattr(args, "trainee_name", None) or login.capitalize()
        create_from_scenario(root, scenario, trainee=(login, name) if args.agent else None)
    return root
