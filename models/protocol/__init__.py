"""The sync protocol both sides import: vocabulary, pure shared rules, intent declarations.

Adding a synced field or action touches ``models/protocol/intents.py`` (the declaration),
the desktop op that builds it and the server handler (server/handlers/); see
server/README.md.
"""

from typing import TYPE_CHECKING, Any

from models.protocol import vocabulary

if TYPE_CHECKING:
    from models.protocol import intents
    from models.protocol.intents import REGISTRY, IntentError, IntentSpec, describe, spec_of
_FROM_INTENTS = {"REGISTRY", "IntentError", "IntentSpec", "describe", "spec_of"}


def __getattr__(name: str) -> Any:
    """The intents are imported when first named: the command line's read commands use
    the vocabulary alone (intents is built on dataclasses, and those on inspect)."""
    if name == "intents" or name in _FROM_INTENTS:
        import importlib

        module = importlib.import_module("models.protocol.intents")  # sets .intents here
        return module if name == "intents" else getattr(module, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["REGISTRY", "IntentError", "IntentSpec", "describe", "intents", "spec_of", "vocabulary"]
