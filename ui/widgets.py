"""Small widget helpers shared by the panels."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtWidgets import QWidget

W = TypeVar("W", bound=QWidget)


def named(widget: W, name: str) -> W:
    """Give a widget an object name (stylesheets and tests find it by that)."""
    widget.setObjectName(name)
    return widget
