"""The menu bar, the window's shortcuts and the context menus, from one table.

Every frequent action is declared once in ``ACTIONS`` (where it sits in the menu bar, its
text, its shortcuts, what it does for the user); the menu bar, the shortcut list (F1) and
the tests all read that table. The window only says what each action runs
(``handlers``): a new action is one row here and one entry there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QModelIndex, QPoint, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QApplication, QMenu, QWidget

if TYPE_CHECKING:
    from ui.main_window import MainWindow


def tr(text: str) -> str:
    return QCoreApplication.translate("Menus", text)


@dataclass(frozen=True)
class ActionSpec:
    """One action of the window: its menu, text, shortcuts and what it is for."""

    key: str
    menu: str
    text: str
    shortcuts: tuple[str, ...] = ()
    tip: str = ""
    training: bool = True  # offered in a training window too


# Ctrl+Alt+letter is avoided: on a German keyboard AltGr is Ctrl+Alt (AltGr+Q types @).
ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec(
        "practice",
        "&Lastmile",
        "&Practice…",
        (),
        "Open your own training workspace in a separate window",
        training=False,
    ),
    ActionSpec(
        "sync_now", "&Lastmile", "S&ync now", (), "Sync with the server now", training=False
    ),
    ActionSpec("sign_in", "&Lastmile", "Sign &in to a server…", (), training=False),
    ActionSpec(
        "admin",
        "&Lastmile",
        "&Administration…",
        ("Ctrl+Shift+A",),
        "Agents, templates, hours, SLA targets, routing (supervisors and admins)",
    ),
    ActionSpec(
        "settings",
        "&Lastmile",
        "&Settings…",
        ("Ctrl+,",),
        "Display name, server, notifications, theme, density",
    ),
    ActionSpec("quit", "&Lastmile", "&Quit", ("Ctrl+Q",), "Close the window"),
    ActionSpec(
        "next",
        "&Contact",
        "&Next contact",
        ("Ctrl+N",),
        "Get the next contact for your skills and put the cursor in the reply box",
    ),
    ActionSpec("take", "&Contact", "&Take it", ("Ctrl+T",), "Take the selected contact"),
    ActionSpec(
        "hand_back",
        "&Contact",
        "&Hand back",
        ("Ctrl+Shift+H",),
        "Give the contact back to the queue",
    ),
    ActionSpec(
        "send",
        "&Contact",
        "&Send reply",
        ("Ctrl+Return", "Ctrl+Enter"),
        "Send what is in the reply box",
    ),
    ActionSpec(
        "note",
        "&Contact",
        "Add internal &note",
        ("Ctrl+Shift+Return",),
        "Keep what is in the reply box as a note only colleagues see",
    ),
    ActionSpec(
        "template",
        "&Contact",
        "Insert te&mplate…",
        ("Ctrl+Shift+M",),
        "Choose a template; it goes in at the cursor",
    ),
    ActionSpec(
        "log_call", "&Contact", "&Log call…", ("Ctrl+L",), "Record a call with this customer"
    ),
    ActionSpec(
        "follow_up",
        "&Contact",
        "&Follow-up…",
        ("Ctrl+U",),
        "Put the cursor in the follow-up fields",
    ),
    ActionSpec("status_open", "&Contact", "Status: &open", ("Ctrl+Shift+O",)),
    ActionSpec("status_waiting", "&Contact", "Status: &waiting on the customer", ("Ctrl+Shift+W",)),
    ActionSpec(
        "status_resolved",
        "&Contact",
        "Status: &resolved",
        ("Ctrl+Shift+R",),
        "Resolve: the contact leaves the queue (Ctrl+Shift+Z undoes it)",
    ),
    ActionSpec("undo", "&Contact", "&Undo the last status change", ("Ctrl+Shift+Z",)),
    ActionSpec(
        "edit_customer", "&Contact", "&Edit customer…", ("Ctrl+E",), "Edit the customer on the card"
    ),
    ActionSpec(
        "presence_available", "&Presence", "&Available", ("Alt+1",), "Routing gives you contacts"
    ),
    ActionSpec("presence_busy", "&Presence", "&Busy", ("Alt+2",), "No new contacts for now"),
    ActionSpec("presence_away", "&Presence", "A&way", ("Alt+3",)),
    ActionSpec("presence_offline", "&Presence", "&Offline", ("Alt+4",)),
    ActionSpec(
        "offers",
        "&Presence",
        "&Offer me contacts",
        (),
        "Routing offers you the next contact when you are free",
    ),
    ActionSpec("search", "&Go", "&Search", ("Ctrl+F",), "Search customers and messages"),
    ActionSpec("focus_queue", "&Go", "&Queue", ("Ctrl+1",), "Move to the queue"),
    ActionSpec(
        "focus_contact",
        "&Go",
        "&Contact (reply box)",
        ("Ctrl+2",),
        "Move to the reply box of the selected contact",
    ),
    ActionSpec(
        "focus_card",
        "&Go",
        "Customer c&ard (history)",
        ("Ctrl+3",),
        "Move to the customer's history",
    ),
    ActionSpec("next_area", "&Go", "Next &area", ("F6",), "Queue → contact → card → queue"),
    ActionSpec("previous_area", "&Go", "&Previous area", ("Shift+F6",)),
    ActionSpec(
        "attention",
        "&Go",
        "Alerts and &follow-ups",
        ("Ctrl+Shift+L",),
        "SLA alerts and follow-ups that need you",
    ),
    ActionSpec("refresh", "&Go", "&Refresh", ("F5",)),
    ActionSpec(
        "shortcuts",
        "&Help",
        "&Keyboard shortcuts",
        ("F1", "Ctrl+/"),
        "Every shortcut of this window",
    ),
    ActionSpec("about", "&Help", "&About Lastmile"),
)

SPECS = {spec.key: spec for spec in ACTIONS}

# an action the window already had keeps its object (tests and wiring use it)
EXISTING = {
    "next": "next_action",
    "search": "search_action",
    "refresh": "refresh_action",
    "undo": "undo_action",
    "admin": "admin_action",
}

AREAS = ("queue", "contact", "card")


def plain(text: str) -> str:
    """Menu text without its mnemonic marks."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def shortcut_text(spec: ActionSpec) -> str:
    return ", ".join(
        QKeySequence(s).toString(QKeySequence.SequenceFormat.NativeText) for s in spec.shortcuts
    )


class Menus:
    """The window's menu bar and context menus; ``actions`` by key."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.actions: dict[str, QAction] = {}
        handlers = self.handlers()
        bar = window.menuBar()
        bar.setObjectName("MenuBar")
        menus: dict[str, QMenu] = {}
        training = window.app.is_training
        for spec in ACTIONS:
            if training and not spec.training:
                continue
            if spec.key not in handlers and spec.key not in EXISTING and spec.key != "offers":
                continue  # nothing to run yet (Settings… until its dialog exists)
            existing = getattr(window, EXISTING.get(spec.key, ""), None)
            action = existing if isinstance(existing, QAction) else QAction(window)
            action.setText(tr(spec.text))
            action.setShortcuts([QKeySequence(s) for s in spec.shortcuts])
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            if spec.tip:
                action.setStatusTip(tr(spec.tip))
                action.setToolTip(tr(spec.tip))
            action.setObjectName(f"action_{spec.key}")
            handler = handlers.get(spec.key)
            if handler is not None and existing is None:
                action.triggered.connect(lambda _checked=False, h=handler: h())
            if spec.menu not in menus:
                menus[spec.menu] = bar.addMenu(tr(spec.menu))
                menus[spec.menu].setObjectName(f"menu_{plain(spec.menu)}")
            menus[spec.menu].addAction(action)
            window.addAction(action)  # the shortcut works while the menu bar is hidden too
            self.actions[spec.key] = action
        self.menus = menus
        offers = self.actions["offers"]
        offers.setCheckable(True)
        offers.setChecked(window.offers_check.isChecked())
        offers.toggled.connect(window.offers_check.setChecked)
        window.offers_check.toggled.connect(offers.setChecked)
        self._separate()
        self._install_context_menus()

    def _separate(self) -> None:
        """Separators between the groups of a menu."""
        before = {
            "settings",
            "quit",
            "status_open",
            "undo",
            "edit_customer",
            "offers",
            "focus_queue",
            "attention",
            "about",
        }
        for key in before & set(self.actions):
            action = self.actions[key]
            for menu in self.menus.values():
                if action in menu.actions() and menu.actions()[0] is not action:
                    menu.insertSeparator(action)

    # -- what each action does ---------------------------------------------------

    def handlers(self) -> dict[str, Callable[[], object]]:
        w = self.window
        panel = w.contact_panel
        handlers: dict[str, Callable[[], object]] = {
            "quit": w.close,
            # a button does nothing while it is disabled: the panel decides what applies
            "take": panel.claim_button.click,
            "hand_back": panel.release_button.click,
            "send": panel.reply_button.click,
            "note": panel.note_button.click,
            "template": self.choose_template,
            "log_call": panel.call_button.click,
            "follow_up": self.focus_follow_up,
            "edit_customer": w.card.on_edit_clicked,
            "focus_queue": lambda: self.focus_area("queue"),
            "focus_contact": lambda: self.focus_area("contact"),
            "focus_card": lambda: self.focus_area("card"),
            "next_area": lambda: self.cycle_area(1),
            "previous_area": lambda: self.cycle_area(-1),
            "attention": w.attention.show_attention,
            "shortcuts": self.show_shortcuts,
            "about": self.show_about,
            "settings": self.show_settings,
        }
        for status in ("open", "waiting", "resolved"):
            handlers[f"status_{status}"] = partial(self.set_status, status)
        for presence in ("available", "busy", "away", "offline"):
            handlers[f"presence_{presence}"] = partial(self.set_presence, presence)
        if not w.app.is_training:
            handlers["practice"] = w.training.on_practice_clicked
        if w.server is not None:
            handlers["sync_now"] = w.server.sync_now
            handlers["sign_in"] = w.server.open_sign_in
        return handlers

    def set_status(self, status: str) -> None:
        panel = self.window.contact_panel
        index = panel.status_combo.findData(status)  # by value: the label is translated
        if panel.contact_id and panel.status_combo.isEnabled() and index >= 0:
            panel.status_combo.setCurrentIndex(index)
            panel.on_status_activated(index)

    def set_presence(self, presence: str) -> None:
        combo = self.window.presence_combo
        index = combo.findData(presence)
        if index >= 0:
            combo.setCurrentIndex(index)
            self.window.contacts.on_presence_activated(index)

    def choose_template(self) -> None:
        combo = self.window.contact_panel.template_combo
        if combo.isEnabled():
            combo.setFocus()
            combo.showPopup()

    def focus_follow_up(self) -> None:
        title = self.window.contact_panel.follow_title
        if title.isEnabled():
            title.setFocus()
            title.selectAll()

    def area_widget(self, area: str) -> QWidget:
        w = self.window
        if area == "queue":
            return w.left_stack.currentWidget() or w.queue_view
        if area == "contact":
            panel = w.contact_panel
            return panel.composer if panel.composer.isEnabled() else panel
        return w.card.history_view if w.card.isEnabled() else w.card

    def current_area(self) -> str | None:
        focus = QApplication.focusWidget()
        w = self.window
        for area, root in (("queue", w.left_stack), ("contact", w.contact_panel), ("card", w.card)):
            if focus is not None and (focus is root or root.isAncestorOf(focus)):
                return area
        return None

    def focus_area(self, area: str) -> None:
        if area == "queue" and not self.window.search_box.text().strip():
            self.window.left_stack.setCurrentWidget(self.window.queue_view)
        widget = self.area_widget(area)
        widget.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if area == "queue" and isinstance(widget, QAbstractItemView):
            model = widget.model()
            if model is not None and not widget.currentIndex().isValid() and model.rowCount():
                widget.setCurrentIndex(model.index(0, 0))

    def cycle_area(self, step: int) -> None:
        current = self.current_area()
        index = AREAS.index(current) + step if current else (0 if step > 0 else -1)
        self.focus_area(AREAS[index % len(AREAS)])

    def show_shortcuts(self) -> None:
        from ui.shortcuts_dialog import ShortcutsDialog

        dialog = ShortcutsDialog(self.window)
        self.shortcuts_dialog = dialog
        dialog.open()

    def show_settings(self) -> None:
        from ui.settings_dialog import open_settings

        open_settings(self.window, self.window.tray.settings)

    def show_about(self) -> None:
        from importlib.metadata import PackageNotFoundError, version

        from PySide6.QtWidgets import QMessageBox

        try:
            __version__ = version("lastmile")
        except PackageNotFoundError:  # a bundle without package metadata
            __version__ = ""
        QMessageBox.about(
            self.window,
            tr("About Lastmile"),
            tr(
                "Lastmile {version}: one blended queue and a customer card for "
                "small contact centers."
            ).format(version=__version__),
        )

    # -- context menus -----------------------------------------------------------

    def _install_context_menus(self) -> None:
        w = self.window
        for view, builder in (
            (w.queue_view, self.queue_menu),
            (w.card.history_view, self.history_menu),
        ):
            view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            view.customContextMenuRequested.connect(
                lambda pos, v=view, b=builder: self._popup(v, pos, b)
            )

    def _popup(
        self, view: QAbstractItemView, pos: QPoint, builder: Callable[[QModelIndex], QMenu | None]
    ) -> None:
        index = view.indexAt(pos)
        if not index.isValid():  # the keyboard's menu key: the current row
            index = view.currentIndex()
            pos = view.visualRect(index).center() if index.isValid() else pos
        if not index.isValid():
            return
        view.setCurrentIndex(index)
        menu = builder(index)
        if menu is not None:
            self.context_menu = menu
            menu.aboutToHide.connect(self._enable_all)
            menu.popup(view.viewport().mapToGlobal(pos))

    def queue_menu(self, index: QModelIndex) -> QMenu:
        """Take, hand back, status and the card, on the row under the pointer."""
        menu = QMenu(self.window.queue_view)
        menu.setObjectName("QueueContextMenu")
        for key in (
            "take",
            "hand_back",
            None,
            "status_open",
            "status_waiting",
            "status_resolved",
            None,
            "log_call",
            "follow_up",
            "edit_customer",
        ):
            if key is None:
                menu.addSeparator()
            else:
                menu.addAction(self.actions[key])
        self._sync_enabled()
        return menu

    def history_menu(self, index: QModelIndex) -> QMenu | None:
        """Open the contact a history line belongs to, copy its text, or save one of its
        attachments."""
        from ui.history_model import AttachmentsRole, EventRole

        card = self.window.card
        item = card.history_model.data(index, EventRole)
        if not item:
            return None
        menu = QMenu(card.history_view)
        menu.setObjectName("HistoryContextMenu")
        open_contact = menu.addAction(tr("Open this contact"))
        open_contact.setEnabled(bool(item.get("contact_id")))
        open_contact.triggered.connect(lambda: card.contact_requested.emit(item["contact_id"]))
        copy = menu.addAction(tr("Copy text"))
        copy.triggered.connect(
            lambda: QGuiApplication.clipboard().setText(
                "\n".join(p for p in (item.get("subject") or "", item.get("body") or "") if p)
            )
        )
        # its attachments: saved to a file the agent picks, never opened or run here
        extras = self.window.contact_panel.extras
        for meta in card.history_model.data(index, AttachmentsRole) or []:
            save = menu.addAction(tr("Save “{name}”…").format(name=meta.get("name") or "?"))
            save.setEnabled(bool(meta.get("kept") or meta.get("fetchable")) and not extras.saving)
            save.triggered.connect(lambda _=False, m=meta: extras.save(m))
        return menu

    def _enable_all(self) -> None:
        """Shortcuts always reach their handler (the panel's buttons decide); only an
        open menu greys out what does not apply."""
        for action in self.actions.values():
            action.setEnabled(True)

    def _sync_enabled(self) -> None:
        """Contact actions are enabled as the panel's buttons are."""
        panel = self.window.contact_panel
        pairs = {
            "take": panel.claim_button,
            "hand_back": panel.release_button,
            "log_call": panel.call_button,
            "follow_up": panel.follow_button,
            "note": panel.note_button,
            "send": panel.reply_button,
            "template": panel.template_combo,
        }
        for key, widget in pairs.items():
            self.actions[key].setEnabled(widget.isEnabled())
        for status in ("open", "waiting", "resolved"):
            self.actions[f"status_{status}"].setEnabled(panel.status_combo.isEnabled())
        self.actions["edit_customer"].setEnabled(self.window.card.customer_id is not None)


def install(window: MainWindow) -> Menus:
    """Give the window its menu bar, shortcuts and context menus."""
    menus = Menus(window)
    for menu in menus.menus.values():
        menu.aboutToShow.connect(menus._sync_enabled)
        menu.aboutToHide.connect(menus._enable_all)
    return menus
