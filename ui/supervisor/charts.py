"""Small charts painted with QPainter: bars and lines over a few dozen points.

QtCharts lives in PySide6-Addons (~200 MB more in every bundle) for what is here ~200 lines.
Colours come from the widget's palette (text, window, mid) plus a series palette that reads
on light and dark backgrounds alike, so a chart follows the theme it is shown in.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

# Okabe-Ito: distinguishable for colour-blind readers, readable on white and on near-black
SERIES_COLOURS = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#999999",
)


def nice_max(value: float) -> float:
    """A round axis maximum at or above value (1, 2, 2.5, 5 × 10^n)."""
    if value <= 0:
        return 1.0
    exponent = math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        candidate = step * 10**exponent
        if candidate >= value:
            return float(candidate)
    return float(10 ** (exponent + 1))


def short(value: float) -> str:
    if value >= 10_000:
        return f"{value / 1000:.0f}k"
    if value >= 1000:
        return f"{value / 1000:.1f}k"
    return f"{value:.0f}" if value == int(value) or value >= 100 else f"{value:.1f}"


class Chart(QWidget):
    """Shared frame: title, y axis with 4 grid lines, x labels, legend."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.labels: list[str] = []
        self.series: list[tuple[str, list[float | None]]] = []
        self.unit = ""
        self.scale = 1.0  # font scale (the wallboard doubles it)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(220, 150)

    def sizeHint(self) -> QSize:
        return QSize(420, 220)

    def set_data(
        self,
        labels: Sequence[str],
        series: Sequence[tuple[str, Sequence[float | None]]],
        unit: str = "",
    ) -> None:
        self.labels = list(labels)
        self.series = [(name, list(values)) for name, values in series]
        self.unit = unit
        self.update()

    def _font(self, painter: QPainter, size: float, bold: bool = False) -> None:
        font = QFont(self.font())
        font.setPointSizeF(size * self.scale)
        font.setBold(bold)
        painter.setFont(font)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        text = pal.color(QPalette.ColorRole.WindowText)
        grid = QColor(text)
        grid.setAlpha(45)
        painter.fillRect(self.rect(), pal.color(QPalette.ColorRole.Base))
        self._font(painter, 10, bold=True)
        metrics = painter.fontMetrics()
        line = metrics.height()
        painter.setPen(text)
        painter.drawText(  # elided when the chart is narrower than its title (wallboard)
            QRectF(8, 4, self.width() - 16, line),
            Qt.AlignmentFlag.AlignLeft,
            metrics.elidedText(self.title, Qt.TextElideMode.ElideRight, self.width() - 16),
        )
        values = [v for _n, vs in self.series for v in vs if v is not None]
        self._font(painter, 8)
        small = painter.fontMetrics()
        places = self.legend_places(small) if len(self.series) > 1 else []
        rows = 1 + max((row for _x, row in places), default=-1)
        top = 8 + line + (rows * (small.height() + 2) + 2 if rows else 4)
        for i, ((name, _vs), (x, row)) in enumerate(zip(self.series, places, strict=False)):
            at = 8.0 + line + row * (small.height() + 2)  # legend under the title, wrapped
            colour = QColor(SERIES_COLOURS[i % len(SERIES_COLOURS)])
            painter.fillRect(QRectF(x, at + 3, 10 * self.scale, 8 * self.scale), colour)
            painter.setPen(text)
            painter.drawText(QPointF(x + 13 * self.scale, at + small.ascent()), name)
        if not values:
            painter.setPen(text)
            painter.drawText(
                self.rect().adjusted(0, int(top), 0, 0), Qt.AlignmentFlag.AlignCenter, "No data yet"
            )
            return
        maximum = self._maximum(values)
        left = (
            8
            + max(small.horizontalAdvance(short(maximum * k / 4)) for k in range(5))
            + small.horizontalAdvance(self.unit)
            + 6
        )
        bottom = self.height() - small.height() - 6
        plot = QRectF(left, top, max(10, self.width() - left - 10), max(10, bottom - top))
        for k in range(5):  # grid and y labels
            y = plot.bottom() - plot.height() * k / 4
            painter.setPen(QPen(grid, 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(text)
            painter.drawText(
                QRectF(0, y - small.height() / 2, left - 4, small.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                short(maximum * k / 4) + (self.unit if k == 4 else ""),
            )
        self._plot(painter, plot, maximum)
        # x labels: as many as fit
        if self.labels:
            width = max(small.horizontalAdvance(lbl) for lbl in self.labels) + 8
            every = max(1, math.ceil(len(self.labels) * width / plot.width()))
            step = plot.width() / len(self.labels)
            painter.setPen(text)
            for i, label in enumerate(self.labels):
                if i % every:
                    continue
                painter.drawText(
                    QRectF(
                        plot.left() + i * step - width / 2 + step / 2,
                        bottom + 2,
                        width,
                        small.height(),
                    ),
                    Qt.AlignmentFlag.AlignHCenter,
                    label,
                )

    def legend_places(self, metrics: QFontMetrics) -> list[tuple[float, int]]:
        """Where each series' legend entry goes: (x, row), wrapped to the chart's width
        (eight channels do not fit on one line of a third of 1366 pixels)."""
        places: list[tuple[float, int]] = []
        x, row = 8.0, 0
        for name, _vs in self.series:
            width = 13 * self.scale + metrics.horizontalAdvance(name) + 12
            if x > 8.0 and x + width - 12 > self.width() - 8:
                x, row = 8.0, row + 1
            places.append((x, row))
            x += width
        return places

    def _maximum(self, values: list[float]) -> float:
        return nice_max(max(values))

    def _plot(self, painter: QPainter, plot: QRectF, maximum: float) -> None:
        raise NotImplementedError


class BarChart(Chart):
    """Bars per label; several series are stacked (e.g. channels per hour)."""

    def _maximum(self, values: list[float]) -> float:
        totals = [
            sum(vs[i] or 0 for _n, vs in self.series if i < len(vs))
            for i in range(len(self.labels))
        ]
        return nice_max(max(totals, default=0))

    def _plot(self, painter: QPainter, plot: QRectF, maximum: float) -> None:
        step = plot.width() / max(1, len(self.labels))
        width = max(2.0, step * 0.7)
        painter.setPen(Qt.PenStyle.NoPen)
        for i in range(len(self.labels)):
            base = plot.bottom()
            for k, (_name, values) in enumerate(self.series):
                value = values[i] if i < len(values) else None
                if not value:
                    continue
                height = plot.height() * value / maximum
                painter.setBrush(QColor(SERIES_COLOURS[k % len(SERIES_COLOURS)]))
                painter.drawRect(
                    QRectF(
                        plot.left() + i * step + (step - width) / 2, base - height, width, height
                    )
                )
                base -= height


class LineChart(Chart):
    """One line per series; a gap where a value is missing (a day with no answers)."""

    def _plot(self, painter: QPainter, plot: QRectF, maximum: float) -> None:
        step = plot.width() / max(1, len(self.labels))
        for k, (_name, values) in enumerate(self.series):
            colour = QColor(SERIES_COLOURS[k % len(SERIES_COLOURS)])
            painter.setPen(QPen(colour, 2 * self.scale))
            previous: QPointF | None = None
            for i, value in enumerate(values):
                if value is None:
                    previous = None
                    continue
                point = QPointF(
                    plot.left() + i * step + step / 2,
                    plot.bottom() - plot.height() * value / maximum,
                )
                if previous is not None:
                    painter.drawLine(previous, point)
                painter.setBrush(colour)
                painter.drawEllipse(point, 2.5 * self.scale, 2.5 * self.scale)
                previous = point
