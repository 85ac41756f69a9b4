"""Re-exported so that callers above the storage layer have one place to look."""

from models.errors import (
    ConflictError,
    Message,
    NotFoundError,
    UserFacingError,
    WorkspaceKindError,
    said,
)

__all__ = [
    "ConflictError",
    "Message",
    "NotFoundError",
    "UserFacingError",
    "WorkspaceKindError",
    "said",
]
