"""Errors the user can act on, as opposed to bugs, and the lines they say.

A line the window may show is built with :func:`said` (or ``SomeError.said``): a
:class:`Message`, which *is* its English text (``str``: the CLI, the logs and the server's
JSON are unchanged) and also keeps its template and parameters, so that the window says
it in its own language (ui/i18n.py ``user_text``: ``QCoreApplication.translate("desktop",
template)`` filled with the parameters). tools/i18n_catalogue.py collects every
``said("literal", ...)`` of desktop/ and models/ into the catalogue (context "desktop");
tests/test_i18n_desktop.py refuses a raise in desktop/ops with an f-string instead.
"""

from __future__ import annotations

from typing import Any, Self


class Message(str):
    """An English line that remembers how it was made: ``template.format(**params)``.

    A parameter may itself be a Message (translated too where it is shown)."""

    template: str
    params: dict[str, Any]

    def __new__(cls, template: str, /, **params: Any) -> Self:
        self = super().__new__(cls, template.format(**params))
        self.template = template
        self.params = params
        return self

    def __reduce__(self) -> tuple[Any, ...]:  # pickles (and copies) as a Message
        return (_message, (self.template, self.params))


def _message(template: str, params: dict[str, Any]) -> Message:
    return Message(template, **params)


def said(template: str, /, **params: Any) -> Message:
    """A line for the user, marked for translation: ``said("no agent {login}", login=x)``.

    The template is a literal (the catalogue reads it from the code) in ``str.format``
    syntax; the parameters are what changes (names, numbers, the wrong value)."""
    return Message(template, **params)


class UserFacingError(Exception):
    """A problem of the environment or the input, shown to the user as one clear message."""

    @classmethod
    def said(cls, template: str, /, **params: Any) -> Self:
        """``raise UserFacingError.said("the reply is empty")``: see :func:`said`."""
        return cls(Message(template, **params))

    def __str__(self) -> str:
        # the Message itself (a str): a caller's str(error) or f"{error}" keeps what the
        # window needs to translate it (ui/i18n.user_text, the message bar)
        first = self.args[0] if len(self.args) == 1 else None
        return first if isinstance(first, Message) else super().__str__()

    @property
    def message(self) -> str:
        """The line (a :class:`Message` when it was marked for translation)."""
        first = self.args[0] if len(self.args) == 1 else None
        return first if isinstance(first, str) else str(self)


class WorkspaceKindError(UserFacingError):
    """A live database opened as training, or the reverse."""


class NotFoundError(UserFacingError):
    pass


class ConflictError(UserFacingError):
    """A compare-and-set lost: somebody else got there first."""
