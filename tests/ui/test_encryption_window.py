"""The window over an encrypted workspace (issue 11): queue, card, search and the
background integrity check work as on a plain one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.app import Application
from desktop.encryption import create_encrypted
from desktop.seed import seed
from desktop.workspace import Workspace
from models.database import is_encrypted
from tests.conftest import contact_record
from tests.ui.conftest import SEED_NOW, Errors, _window
from ui.main_window import MainWindow


@pytest.fixture
def encrypted_window(
    qtbot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    unexpected: Errors,
) -> Iterator[MainWindow]:
    monkeypatch.setenv("LASTMILE_SECRETS_FILE", str(tmp_path / "secrets.json"))
    ws = Workspace(tmp_path / "ws")
    create_encrypted(ws.database_path)
    app = Application.open(ws)
    try:
        seed(
            app.db,
            customers=60,
            contacts=400,
            seed_value=3,
            now=SEED_NOW,
            events_per_contact=2.0,
            open_share=0.2,
        )
        app.intake.ingest(
            [
                (
                    1,
                    contact_record(
                        1,
                        sender={"name": "Zebulon Quaxworthy", "email": "zq@example.net"},
                        body="Cornelius Wobblebottom ate it",
                    ),
                )
            ]
        )
        yield from _window(qtbot, app, unexpected, "ben")
    finally:
        app.close()
    assert is_encrypted(ws.database_path)


def test_the_window_works_on_an_encrypted_workspace(
    qtbot,
    encrypted_window: MainWindow,
    tmp_path: Path,
) -> None:
    window = encrypted_window
    assert window.queue_model.rowCount() > 10
    # row_data is None only past the last row
    assert window.card.customer_id == window.queue_model.row_data(0)["customer_id"]  # type: ignore[index]
    check = window.timers.integrity
    assert check is not None
    qtbot.waitUntil(lambda: check.result is not None, timeout=10000)
    assert check.result == "ok"  # its own connection found the key too
    window.search_box.setText("Wobblebottom")
    window.search.run_search()
    texts = [window.results_list.item(i).text() for i in range(window.results_list.count())]
    assert any("Wobblebottom" in t for t in texts), texts
    window.resize(1366, 768)
    assert not window.grab().isNull()
