"""Sign in to a sync server from the window (the same as `lastmile login`)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from desktop.sync.account import Account
from ui.accessibility import name_from_labels
from ui.i18n import user_text
from ui.widgets import named


def tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("SignIn", text, None, n)


SignIn = Callable[[str, str, str, Callable[[Account], None], Callable[[BaseException], None]], None]


class SignInDialog(QDialog):
    """Server address, login and password. The request runs off the UI thread; the dialog
    stays open with the reason when the server refuses or cannot be reached."""

    def __init__(
        self, sign_in: SignIn, server: str = "", login: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Sign in to the Lastmile server"))
        self.setMinimumWidth(420)
        self._sign_in = sign_in
        self.account: Account | None = None
        form = QFormLayout(self)
        intro = QLabel(
            tr(
                "Your work syncs with the team through this server. You keep working "
                "when it cannot be reached; changes wait and are sent later."
            )
        )
        intro.setWordWrap(True)
        form.addRow(intro)
        self.server = named(QLineEdit(server), "ServerEdit")
        self.server.setPlaceholderText("https://sync.example.com")
        self.login = named(QLineEdit(login), "LoginEdit")
        self.login.setPlaceholderText(tr("your login, e.g. ana"))
        self.password = named(QLineEdit(), "PasswordEdit")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(tr("Server"), self.server)
        form.addRow(tr("Login"), self.login)
        form.addRow(tr("Password"), self.password)
        self.problem = named(QLabel(), "SignInProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020;")
        self.problem.hide()
        form.addRow(self.problem)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(tr("Sign in"))
        ok.setObjectName("SignInButton")
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        (self.password if server and login else self.server).setFocus()
        name_from_labels(self)  # a screen reader can say every field

    def submit(self) -> None:
        self.problem.hide()
        self.buttons.setEnabled(False)
        self._sign_in(
            self.server.text(), self.login.text(), self.password.text(), self._done, self._failed
        )

    def _done(self, account: Account) -> None:
        self.account = account
        self.password.clear()
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.problem.setText(user_text(error))
        self.problem.show()
        self.password.selectAll()
        self.password.setFocus()
