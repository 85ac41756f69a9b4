"""Re-exported so that callers above the storage layer have one place to look."""

from models.errors import ConflictError, NotFoundError, UserFacingError, WorkspaceKindError

__all__ = ["ConflictError", "NotFoundError", "UserFacingError", "WorkspaceKindError"]
