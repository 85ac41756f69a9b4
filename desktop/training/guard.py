"""The one check every sender and the sync client make before they are built."""

from __future__ import annotations

from models.errors import UserFacingError


class TrainingWorkspaceError(UserFacingError):
    pass


def ensure_live(kind: str, what: str) -> None:
    """Refuse to build ``what`` (a sender, the sync client) for anything but a live workspace."""
    if kind != "live":
        raise TrainingWorkspaceError.said(
            "{what} is never used in a {kind} workspace: nothing here reaches a customer, the "
            "server or a report",
            what=what,
            kind=kind,
        )
