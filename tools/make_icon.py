"""Draw the app icon (resources/icons/lastmile.png/.ico/.icns) with Qt: a rounded blue
square with an "L" and a dot — run once after changing it: python tools/make_icon.py"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter

OUT = Path(__file__).resolve().parent.parent / "resources" / "icons"


def draw(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#1F6FEB"))
    p.drawRoundedRect(
        QRectF(0, 0, size, size).adjusted(size * 0.04, size * 0.04, -size * 0.04, -size * 0.04),
        size * 0.2,
        size * 0.2,
    )
    font = QFont("DejaVu Sans")
    font.setBold(True)
    font.setPixelSize(int(size * 0.62))
    p.setFont(font)
    p.setPen(QColor("white"))
    p.drawText(QRectF(0, -size * 0.04, size, size), Qt.AlignmentFlag.AlignCenter, "L")
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#3FB950"))
    p.drawEllipse(QRectF(size * 0.66, size * 0.62, size * 0.18, size * 0.18))
    p.end()
    return image


def main() -> int:
    QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    OUT.mkdir(parents=True, exist_ok=True)
    big = draw(512)
    big.save(str(OUT / "lastmile.png"))
    draw(256).save(str(OUT / "lastmile.ico"))
    for name in ("lastmile.icns",):
        if not big.save(str(OUT / name)):
            print(f"no {name}: this Qt has no ICNS writer (PyInstaller converts the PNG)")
    print(OUT)
    return 0


if __name__ == "__main__":
    sys.exit(main())
