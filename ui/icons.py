"""Channel icons, painted in code so that they look the same on every platform."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap

CHANNEL_STYLE: dict[str, tuple[str, str, str]] = {
    # channel: (colour, glyph, label)
    "email": ("#2F6FEB", "@", "Email"),
    "phone": ("#1A7F37", "☎", "Phone"),
    "fax": ("#6E7781", "F", "Fax"),
    "chat": ("#8250DF", "C", "Chat"),
    "webform": ("#BF8700", "W", "Web form"),
    "sms": ("#0A7EA4", "S", "SMS"),
    "social": ("#D1246F", "#", "Social"),
    "session": ("#CF222E", "!", "Session"),
    "commerce": ("#57606A", "$", "Commerce"),
}


def channel_label(channel: str) -> str:
    return CHANNEL_STYLE.get(channel, ("", "", channel.capitalize()))[2]


def channel_color(channel: str) -> QColor:
    return QColor(CHANNEL_STYLE.get(channel, ("#57606A", "", ""))[0])


@cache
def channel_icon(channel: str, size: int = 18) -> QIcon:
    colour, glyph, _ = CHANNEL_STYLE.get(channel, ("#57606A", "?", channel))
    pixmap = QPixmap(size * 2, size * 2)
    pixmap.setDevicePixelRatio(2.0)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(colour))
    painter.drawRoundedRect(QRectF(0, 0, size, size), 4, 4)
    font = QFont()
    font.setBold(True)
    font.setPixelSize(int(size * 0.62))
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(QRectF(0, 0, size, size), Qt.AlignmentFlag.AlignCenter, glyph)
    painter.end()
    return QIcon(pixmap)


@cache
def paperclip_icon(size: int = 14) -> QIcon:
    """A paperclip (a message with attachments), painted: no emoji font needed."""
    from PySide6.QtGui import QPainterPath, QPen

    pixmap = QPixmap(size * 2, size * 2)
    pixmap.setDevicePixelRatio(2.0)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(QColor("#57606A"), max(1.2, size / 10))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    s = size
    path = QPainterPath()
    # the outer loop, down and up again, then the inner loop
    path.moveTo(s * 0.62, s * 0.30)
    path.lineTo(s * 0.62, s * 0.72)
    path.arcTo(QRectF(s * 0.30, s * 0.56, s * 0.32, s * 0.32), 0, -180)
    path.lineTo(s * 0.30, s * 0.22)
    path.arcTo(QRectF(s * 0.30, s * 0.06, s * 0.44, s * 0.32), 180, -180)
    path.lineTo(s * 0.74, s * 0.70)
    painter.drawPath(path)
    painter.end()
    return QIcon(pixmap)
