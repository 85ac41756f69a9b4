"""The database thread's results reach the UI thread without a signal emitted off it
(PySide6 6.12 on Python 3.11 corrupts shared reference counts that way and the process
aborts after enough results: "Fatal Python error: none_dealloc")."""

from __future__ import annotations

from collections.abc import Callable

from desktop.app import Application
from ui.executor import DbExecutor


def test_many_results_come_back_in_order_and_leave_none_alone(
    qtbot, workspace_app: Application
) -> None:
    executor = DbExecutor(workspace_app.db)
    got: list[int] = []
    try:

        def job(n: int) -> Callable[[], tuple[int, None, bool]]:
            return lambda: (n, None, True)

        for n in range(5000):
            executor.run(job(n), lambda r: got.append(r[0]))
        qtbot.waitUntil(lambda: not executor.busy, timeout=20_000)
    finally:
        executor.shutdown()
    assert got == list(range(5000))
    # (with the signal emitted on the worker this aborts the process before it gets here;
    # counting None's references instead is too noisy beside the rest of the suite)
    assert not executor._poll.isActive()  # the UI thread stops looking once all is back


def test_empty_variants_handed_back_by_qt_do_not_use_up_none(qtbot) -> None:
    """Without ui/__init__'s headroom this aborts the process (none_dealloc)."""
    from PySide6.QtWidgets import QComboBox

    import ui  # noqa: F401  (the headroom is given when ui is imported)

    combo = QComboBox()
    qtbot.addWidget(combo)
    combo.addItem("All channels", None)
    for _ in range(300_000):  # more than None's references in a fresh interpreter
        assert combo.currentData() is None
