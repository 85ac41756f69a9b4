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


def _lines(*ids: str) -> list[dict[str, object]]:
    return [{"id": i, "kind": "note", "summary": f"line {i}"} for i in ids]


def _shown(model: HistoryModel) -> list[object]:
    return [(model.item(r) or {})["id"] for r in range(model.rowCount())]


def test_history_read_again_in_place_is_exactly_the_new_page(
    qapp, workspace_app: Application
) -> None:
    model = HistoryModel(workspace_app.db)
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))
    model.set_customer(["c"], first_page=_lines("b", "c"), has_more=False)
    # a line at the top, and one at the bottom (an older line, e.g. from a merge)
    model.set_customer(["c"], first_page=_lines("a", "b", "c", "d"), has_more=False)
    assert _shown(model) == ["a", "b", "c", "d"]
    # the last line is gone: not kept on screen
    model.set_customer(["c"], first_page=_lines("a", "b", "c"), has_more=False)
    assert _shown(model) == ["a", "b", "c"]
    assert len(resets) == 2  # the first card, then the removal; the additions in place
    # a full page with more behind it keeps the lines loaded past it
    model.set_customer(["c"], first_page=_lines("a", "b"), has_more=True)
    assert _shown(model) == ["a", "b", "c"]


class _Synchronous:
    """An executor that runs the read at once and counts what it was asked for."""

    def __init__(self) -> None:
        self.asked: list[list[str]] = []

    def run(self, fn, on_success, on_failure=None) -> None:
        self.asked.append([])
        on_success(fn())


def test_a_contact_deleted_while_shown_is_not_read_again_and_again(
    qapp, workspace_app: Application, monkeypatch
) -> None:
    import ui.queue_model as queue_model_module

    model = QueueModel(workspace_app.db, workspace_app.clock)
    model.set_filter(QueueFilter())
    executor = _Synchronous()
    model.set_executor(executor)
    gone = model.contact_id(0)
    real = queue_model_module.read_rows
    monkeypatch.setattr(
        queue_model_module,
        "read_rows",
        lambda db, ids: {k: v for k, v in real(db, ids).items() if k != gone},
    )
    model._clear_cache()
    for _repaint in range(3):
        assert model.index(0, 1).data() == "…"  # deleted since the keys were read
    assert len(executor.asked) == 1  # read once, then known to be gone
    assert model.index(1, 1).data() not in (None, "…")
