"""qtmodeltester on every item model, and laziness of the queue model."""

from __future__ import annotations

from desktop.app import Application
from models.queries import QueueFilter, queue_count
from ui.history_model import HistoryModel
from ui.queue_model import QueueModel


def test_queue_model_passes_modeltester(qapp, qtmodeltester, workspace_app: Application) -> None:
    model = QueueModel(workspace_app.db, workspace_app.clock)
    qtmodeltester.check(model, force_py=True)


def test_queue_model_loads_pages_lazily(qapp, workspace_app: Application) -> None:
    model = QueueModel(workspace_app.db, workspace_app.clock)
    model.PAGE = 25
    model.set_filter(QueueFilter(status="resolved"))
    total = queue_count(workspace_app.db, QueueFilter(status="resolved"))
    assert total > 50
    assert model.rowCount() == 25
    assert model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 50
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == total


def test_history_model_passes_modeltester(qapp, qtmodeltester, workspace_app: Application) -> None:
    model = HistoryModel(workspace_app.db)
    customer_id, total = workspace_app.db.execute_sql(
        "SELECT customer_id, count(*) FROM event GROUP BY customer_id "
        "ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()
    model.PAGE = 10
    model.set_customer([customer_id])
    assert model.rowCount() == 10
    assert model.canFetchMore()
    qtmodeltester.check(model, force_py=True)  # also fetches the remaining pages
    assert model.rowCount() == total
    assert not model.canFetchMore()
    # item is None only past the last row
    ats = [model.item(r)["at"] for r in range(model.rowCount())]  # type: ignore[index]
    assert ats == sorted(ats, reverse=True)
