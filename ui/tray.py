"""The tray icon (waiting contacts and alerts) and notifications, and the window layout
that is remembered between sessions.

Notifications go out for an offered contact, a new alert (SLA, overdue task, and for
supervisors the alert rules' spikes and influencer mentions) and a change the server
refused; clicking one brings the window up at that item. They can be turned off
(Settings → notifications). Where the desktop has no tray (offscreen, some Wayland
shells) nothing is shown, but the window still records what it would have said
(``Tray.sent``) and the counts (``Tray.tooltip``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QRect, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QMenu, QSplitter, QSystemTrayIcon

from desktop.errors import UserFacingError
from desktop.reads import QueueFilter, attention, queue_count
from ui.settings import Settings

if TYPE_CHECKING:
    from ui.main_window import MainWindow


def tr(text: str) -> str:
    return QCoreApplication.translate("Tray", text)


@dataclass(frozen=True)
class Notice:
    kind: str  # offer | alert | refused
    title: str
    text: str
    contact_id: str | None = None


def alert_title(kind: str) -> str:
    """A notification's title by the alert's kind (desktop/alerts.py and the SLA sweep)."""
    titles = {
        "negativity_spike": tr("Negativity spike"),
        "volume_spike": tr("Volume spike"),
        "keyword": tr("Keyword chatter"),
        "influencer": tr("Influencer mention"),
        "task_overdue": tr("Overdue task"),
        "contact_assigned": tr("A contact was assigned to you"),
    }
    return titles.get(kind, tr("SLA alert"))


def tray_icon(waiting: int, alerts: int, size: int = 64) -> QIcon:
    """The app's mark with the number waiting; red when there are alerts."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor("#CF222E" if alerts else "#1F6FEB"))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawRoundedRect(QRect(0, 0, size, size), size / 5, size / 5)
    painter.setPen(QColor("white"))
    font = QFont()
    font.setBold(True)
    text = "L" if waiting == 0 else (str(waiting) if waiting < 100 else "99+")
    font.setPixelSize(int(size * (0.6 if len(text) < 3 else 0.4)))
    painter.setFont(font)
    painter.drawText(QRect(0, 0, size, size), Qt.AlignmentFlag.AlignCenter, text)
    painter.end()
    return QIcon(pixmap)


class Tray(QObject):
    def __init__(self, window: MainWindow, settings: Settings) -> None:
        super().__init__(window)
        self.window = window
        self.settings = settings
        self.sent: list[Notice] = []
        self._last: Notice | None = None
        self._known_alerts: set[str] | None = None
        self.waiting = self.alerts = 0
        self.icon = QSystemTrayIcon(tray_icon(0, 0), self)
        menu = QMenu(window)
        menu.addAction(tr("Show Lastmile"), self.bring_up)
        menu.addAction(tr("Next contact"), window.contacts.on_next_triggered)
        menu.addSeparator()
        menu.addAction(tr("Quit"), window.close)
        self.icon.setContextMenu(menu)
        self.icon.activated.connect(self.on_icon_activated)
        self.icon.messageClicked.connect(self.on_message_clicked)
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.icon.show()
        self._timer = QTimer(self)
        self._timer.setInterval(20_000)
        self._timer.timeout.connect(self.refresh_soon)
        self._timer.start()
        self._reading = False
        window.changes_applied.connect(lambda _c: self.refresh_soon())
        if window.sync is not None:
            window.sync.refused.connect(self.on_sync_refused)
        self.refresh()

    @property
    def tooltip(self) -> str:
        return self.icon.toolTip()

    def refresh_soon(self) -> None:
        """:meth:`refresh` with the counts read on the database thread (after a change,
        on the timer): the UI thread only paints the icon."""
        if self._reading:
            return  # one read at a time: the one on its way sees this change too
        self._reading = True
        app, actor = self.window.app, self.window.actor

        def read() -> tuple[int, list[Any]]:
            return queue_count(app.db, QueueFilter()), attention(actor.id, app.clock.now())[0]

        def done(result: tuple[int, list[Any]]) -> None:
            self._reading = False
            self._show(*result)

        def failed(_error: BaseException) -> None:
            self._reading = False

        self.window.executor.run(read, done, failed)

    def refresh(self) -> None:
        """Counts for the icon; a notification for each alert not seen before."""
        app, actor = self.window.app, self.window.actor
        try:
            counts = queue_count(app.db, QueueFilter()), attention(actor.id, app.clock.now())[0]
        except UserFacingError:  # damaged pages: the window's message bar says so
            return  # the icon keeps its last counts
        self._show(*counts)

    def _show(self, waiting: int, open_alerts: list[Any]) -> None:
        self.waiting = waiting
        self.alerts = len(open_alerts)
        self.icon.setIcon(tray_icon(self.waiting, self.alerts))
        self.icon.setToolTip(
            tr("Lastmile — {w} waiting · {a} alerts").format(w=self.waiting, a=self.alerts)
        )
        ids = {str(a.id) for a in open_alerts}
        if self._known_alerts is not None:  # the first look only learns what is there
            for alert in open_alerts:
                if str(alert.id) not in self._known_alerts:
                    self.notify(
                        Notice(
                            "alert", alert_title(alert.kind), str(alert.summary), alert.contact_id
                        )
                    )
        self._known_alerts = ids

    def notify(self, notice: Notice) -> None:
        if not self.settings.get("notifications/enabled") or not self.settings.get(
            f"notifications/{notice.kind}"
        ):
            return
        self.sent.append(notice)
        self._last = notice
        if self.icon.isVisible() and QSystemTrayIcon.supportsMessages():
            icon = (
                QSystemTrayIcon.MessageIcon.Warning
                if notice.kind != "offer"
                else QSystemTrayIcon.MessageIcon.Information
            )
            self.icon.showMessage(notice.title, notice.text, icon, 10_000)

    def notify_offer(self, row: dict[str, Any]) -> None:
        self.notify(
            Notice(
                "offer",
                tr("A contact is offered to you"),
                f"{row.get('customer_name') or ''}: {row.get('subject') or ''}",
                row.get("id"),
            )
        )

    def on_sync_refused(self, text: str) -> None:
        self.notify(Notice("refused", tr("The server refused a change"), text))

    def on_message_clicked(self) -> None:
        self.bring_up(self._last)

    def on_icon_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (
            QSystemTrayIcon.ActivationReason.Trigger,
            QSystemTrayIcon.ActivationReason.DoubleClick,
        ):
            self.bring_up()

    def bring_up(self, notice: Notice | None = None) -> None:
        """The window in front, at the notice's contact when it has one."""
        w = self.window
        if w.isMinimized():
            w.showNormal()
        w.show()
        w.raise_()
        w.activateWindow()
        if notice is not None and notice.contact_id:
            w.queue.show_contact(notice.contact_id)
        elif notice is not None and notice.kind == "refused":
            w.message_bar.show_message(notice.text, error=True, seconds=30)

    def stop(self) -> None:
        self._timer.stop()
        self.icon.hide()


class LayoutMemory(QObject):
    """Geometry, toolbar/dock state and every splitter of the window, saved when it
    closes and restored when it opens."""

    def __init__(self, window: MainWindow, settings: Settings) -> None:
        super().__init__(window)
        self.window = window
        self.settings = settings
        for n, splitter in enumerate(window.findChildren(QSplitter)):
            if not splitter.objectName():
                splitter.setObjectName(f"Splitter{n}")
        self._splitters_pending = False
        window.installEventFilter(self)

    def restore(self) -> None:
        w, s = self.window, self.settings
        if (geometry := s.layout("geometry")) is not None:
            w.restoreGeometry(geometry)
        if (state := s.layout("state")) is not None:
            w.restoreState(state)
        self._splitters_pending = True  # once the window is laid out (first show)

    def _restore_splitters(self) -> None:
        for splitter in self.window.findChildren(QSplitter):
            if (sizes := self.settings.layout(f"splitter/{splitter.objectName()}")) is not None:
                splitter.restoreState(sizes)

    def save(self) -> None:
        w, s = self.window, self.settings
        s.set_layout("geometry", w.saveGeometry())
        s.set_layout("state", w.saveState())
        for splitter in w.findChildren(QSplitter):
            s.set_layout(f"splitter/{splitter.objectName()}", splitter.saveState())
        s.sync()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Close:
            self.save()
        elif (
            watched is self.window and event.type() == QEvent.Type.Show and self._splitters_pending
        ):
            self._splitters_pending = False
            QTimer.singleShot(0, self._restore_splitters)
        return False


def install(window: MainWindow) -> tuple[Tray, LayoutMemory]:
    settings = Settings(window.app.workspace.root / "ui.ini")
    memory = LayoutMemory(window, settings)
    memory.restore()
    tray = Tray(window, settings)
    return tray, memory
