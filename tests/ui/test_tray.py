"""Tray counts, notifications (offer, alert, refused change) that bring the window to
their item, a setting that turns them off, and the window layout remembered (issue 15)."""

from __future__ import annotations

from PySide6.QtWidgets import QSplitter

from desktop.app import Application
from models.queries import QueueFilter, queue_count
from models.schema import Alert, Contact
from ui.executor import DbExecutor
from ui.main_window import MainWindow
from ui.settings import Settings


def add_alert(window: MainWindow) -> str:
    contact = Contact.select().where(Contact.status == "open").order_by(Contact.id.desc()).first()
    Alert.create(
        id=f"test-alert-{contact.id}",
        contact=contact.id,
        kind="sla_breach",
        at=window.app.clock.now(),
        notify=window.actor.id,
        summary=f"SLA breached: {contact.subject}",
        state="open",
    )
    return str(contact.id)


def test_tray_counts_and_an_alert_notification_brings_its_contact(
    qtbot, window: MainWindow
) -> None:
    tray = window.tray
    waiting = queue_count(window.app.db, QueueFilter())
    assert f"{waiting} waiting" in tray.tooltip
    before = tray.alerts
    contact_id = add_alert(window)
    tray.refresh()
    assert tray.alerts == before + 1 and f"{before + 1} alerts" in tray.tooltip
    notice = tray.sent[-1]
    assert notice.kind == "alert" and notice.contact_id == contact_id
    tray.on_message_clicked()  # the click on the notification
    qtbot.waitUntil(lambda: not window.executor.busy, timeout=5000)
    assert window.contact_panel.contact_id == contact_id
    tray.refresh()
    assert len(tray.sent) == 1  # an alert is notified once


def test_offers_and_refused_changes_notify_and_the_setting_turns_them_off(
    qtbot, window: MainWindow
) -> None:
    tray = window.tray
    row = {"id": window.contact_panel.contact_id, "customer_name": "Ana", "subject": "Hi"}
    tray.notify_offer(row)
    assert tray.sent[-1].kind == "offer" and tray.sent[-1].text == "Ana: Hi"
    tray.on_sync_refused("the server refused: not your contact")
    assert tray.sent[-1].kind == "refused"
    tray.on_message_clicked()
    assert window.message_bar.isVisible()
    assert "not your contact" in window.message_bar.text()
    tray.settings.set("notifications/enabled", False)
    tray.notify_offer(row)
    assert len(tray.sent) == 2


def test_settings_are_typed_and_validated(tmp_path) -> None:
    import pytest

    settings = Settings(tmp_path / "ui.ini")
    assert settings.get("appearance/theme") == "system"
    settings.set("appearance/theme", "dark")
    assert Settings(tmp_path / "ui.ini").get("appearance/theme") == "dark"
    with pytest.raises(ValueError, match="one of system, light, dark"):
        settings.set("appearance/theme", "purple")
    with pytest.raises(ValueError, match="must be bool"):
        settings.set("notifications/enabled", "yes")
    (tmp_path / "ui.ini").write_text("[appearance]\ntheme=purple\n[notifications]\nenabled=false\n")
    fresh = Settings(tmp_path / "ui.ini")
    assert fresh.get("appearance/theme") == "system"  # a bad hand edit reads as default
    assert fresh.get("notifications/enabled") is False


def test_window_layout_is_remembered(qtbot, workspace_app: Application, unexpected) -> None:
    workspace_app.sign_in("ben")
    executor = DbExecutor(workspace_app.db)
    sizes: list[int] = []
    for attempt in range(2):
        window = MainWindow(workspace_app, executor, unexpected)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        splitter = window.findChild(QSplitter, "Splitter0")
        assert splitter is not None
        if attempt == 0:
            window.resize(790, 590)  # inside the offscreen screen (800x600)
            qtbot.wait(50)
            qtbot.waitUntil(lambda w=window: w.width() == 790, timeout=2000)
            splitter.setSizes([200, 590])
            qtbot.wait(50)
            sizes = splitter.sizes()
            assert sizes[0] < 300
        else:
            qtbot.waitUntil(lambda s=splitter, want=sizes: s.sizes() == want, timeout=2000)
            qtbot.waitUntil(lambda w=window: (w.width(), w.height()) == (790, 590), timeout=2000)
        qtbot.waitUntil(lambda: not executor.busy, timeout=5000)
        window.close()
    executor.shutdown()
    assert not unexpected.items
