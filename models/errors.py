"""Errors the user can act on, as opposed to bugs."""


class UserFacingError(Exception):
    """A problem of the environment or the input, shown to the user as one clear message."""


class WorkspaceKindError(UserFacingError):
    """A live database opened as training, or the reverse."""


class NotFoundError(UserFacingError):
    pass


class ConflictError(UserFacingError):
    """A compare-and-set lost: somebody else got there first."""
