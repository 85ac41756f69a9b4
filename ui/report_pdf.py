"""The one-page daily report as PDF (issue 13): the desk's figures and its charts, painted
with QPdfWriter on an A4 page with the same chart painting as the desk (ui/supervisor/
charts.py), in the light palette whatever the screen's theme."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QMarginsF, QPoint, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPalette,
    QPdfWriter,
)


def tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("ReportPdf", text, None, n)


def _app() -> Any:
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        _app.keep = QApplication([])  # type: ignore[attr-defined]  # kept alive on the function
    return QApplication.instance()


def _minutes(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:.0f} min" if value < 120 else f"{value / 60:.1f} h"


def write_pdf(snap: dict[str, Any], target: Path, period: str) -> None:
    """One A4 page: title and as-of line, the figures as tiles, then four charts."""
    _app()
    writer = QPdfWriter(str(target))
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(12, 12, 12, 12),
        )
    )
    writer.setResolution(96)
    writer.setTitle(tr("Lastmile daily report {period}").format(period=period))
    painter = QPainter(writer)
    try:
        page = writer.pageLayout().paintRectPixels(96)
        paint_report(painter, page.width(), page.height(), snap, period)
    finally:
        painter.end()


def write_png(snap: dict[str, Any], target: Path, period: str) -> None:
    """The same page as an image (A4 at 96 dpi less the margins): to look at it."""
    _app()
    image = QImage(794 - 90, 1123 - 90, QImage.Format.Format_RGB32)
    image.fill(QColor("#FFFFFF"))
    painter = QPainter(image)
    try:
        paint_report(painter, image.width(), image.height(), snap, period)
    finally:
        painter.end()
    image.save(str(target))


def paint_report(painter: QPainter, w: int, height: int, snap: dict[str, Any], period: str) -> None:
    """Paint the page into a w × height area at (0, 0)."""
    from ui.supervisor.charts import BarChart, LineChart

    if True:
        painter.setPen(QColor("#111111"))
        title = QFont()
        title.setPointSizeF(16)
        title.setBold(True)
        painter.setFont(title)
        painter.drawText(
            QRectF(0, 0, w, 30),
            Qt.AlignmentFlag.AlignLeft,
            f"Lastmile — supervisor report {period.replace('..', ' to ')}",
        )
        body = QFont()
        body.setPointSizeF(8)
        painter.setFont(body)
        as_of = datetime.fromtimestamp(snap["as_of"] / 1000, UTC).strftime("%Y-%m-%d %H:%M UTC")
        painter.drawText(
            QRectF(0, 30, w, 16),
            Qt.AlignmentFlag.AlignLeft,
            f"as of {as_of}; last sync {snap.get('last_sync') or 'never'}; "
            "training work and trainees are not counted",
        )
        b, p = snap["backlog"], snap["period"]
        sla = p["sla"]
        compliance = "–" if sla["compliance"] is None else f"{sla['compliance']:.0%}"
        tiles = [
            ("Backlog", f"{b['total']:,}"),
            ("Unassigned", f"{b['unassigned']:,}"),
            ("Past SLA now", f"{b['breached']:,}"),
            ("SLA met", compliance),
            ("First response median", _minutes(p["all"]["first_response"]["median"])),
            ("First response p90", _minutes(p["all"]["first_response"]["p90"])),
            ("Resolution median", _minutes(p["all"]["resolution"]["median"])),
            ("Resolution p90", _minutes(p["all"]["resolution"]["p90"])),
            ("Open complaints", f"{snap['complaints']['total']:,}"),
            ("Unacknowledged", f"{snap['unanswered']['unacknowledged']:,}"),
            ("Tasks overdue", f"{snap['tasks']['overdue']:,}"),
            ("Contacts answered", f"{p['all']['first_response']['n']:,}"),
        ]
        tile_w, tile_h, top = w / 4, 46.0, 56.0
        big = QFont()
        big.setPointSizeF(14)
        big.setBold(True)
        for i, (label, value) in enumerate(tiles):
            x, y = (i % 4) * tile_w, top + (i // 4) * (tile_h + 6)
            painter.fillRect(QRectF(x + 2, y, tile_w - 4, tile_h), QColor("#EEF2F6"))
            painter.setFont(body)
            painter.drawText(
                QRectF(x + 8, y + 4, tile_w - 12, 14), Qt.AlignmentFlag.AlignLeft, label
            )
            painter.setFont(big)
            painter.drawText(
                QRectF(x + 8, y + 18, tile_w - 12, 26), Qt.AlignmentFlag.AlignLeft, value
            )
        y = top + 3 * (tile_h + 6) + 6
        # per channel table
        painter.setFont(body)
        cols = ("Channel", "Answered", "FR median", "FR p90", "Res. median", "SLA met", "Breached")
        cw = w / len(cols)
        for k, c in enumerate(cols):
            painter.drawText(QRectF(k * cw, y, cw, 14), Qt.AlignmentFlag.AlignLeft, c)
        painter.drawLine(0, int(y + 15), int(w), int(y + 15))
        y += 17
        for channel, e in list(p["by_channel"].items())[:8]:
            s = e.get("sla", {})
            cells = (
                channel,
                f"{e['first_response']['n']:,}",
                _minutes(e["first_response"]["median"]),
                _minutes(e["first_response"]["p90"]),
                _minutes(e["resolution"]["median"]),
                "–" if s.get("compliance") is None else f"{s['compliance']:.0%}",
                f"{s.get('breached', 0):,}",
            )
            for k, c in enumerate(cells):
                painter.drawText(QRectF(k * cw, y, cw, 14), Qt.AlignmentFlag.AlignLeft, c)
            y += 14
        y += 8
        # charts: the desk's own painting, rendered into the page
        vol, trend = snap["volume"], snap["trend"]
        hours = [
            datetime.fromtimestamp((vol["first_hour"] + h * 3_600_000) / 1000, UTC).strftime("%H")
            for h in range(vol["hours"])
        ]
        days = [
            datetime.fromtimestamp((trend["first_day"] + d * 86_400_000) / 1000, UTC).strftime(
                "%d.%m"
            )
            for d in range(len(trend["points"]))
        ]
        charts: list[Any] = []
        c1 = BarChart("Contacts per channel per hour (last 24 h)")
        c1.set_data(hours, list(vol["series"].items()))
        c2 = LineChart("First response per day (minutes)")
        c2.set_data(
            days,
            [
                ("median", [pt["median"] for pt in trend["points"]]),
                ("p90", [pt["p90"] for pt in trend["points"]]),
            ],
            " min",
        )
        c3 = BarChart("Backlog by age")
        c3.set_data([lbl for lbl, _n in b["by_age"]], [("open", [n for _l, n in b["by_age"]])])
        c4 = BarChart("Open complaints by age")
        c4.set_data(
            [lbl for lbl, _n in snap["complaints"]["by_age"]],
            [("complaints", [n for _l, n in snap["complaints"]["by_age"]])],
        )
        charts = [c1, c2, c3, c4]
        light = QPalette()
        for role, colour in (
            (QPalette.ColorRole.Base, "#FFFFFF"),
            (QPalette.ColorRole.Window, "#FFFFFF"),
            (QPalette.ColorRole.WindowText, "#111111"),
            (QPalette.ColorRole.Text, "#111111"),
        ):
            light.setColor(role, QColor(colour))
        ch = (height - y - 4) / 2
        for i, chart in enumerate(charts):
            chart.setPalette(light)
            chart.resize(QSize(int(w / 2 - 6), int(ch - 6)))
            chart.render(painter, QPoint(int((i % 2) * w / 2), int(y + (i // 2) * ch)))
