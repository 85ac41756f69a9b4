"""The sync protocol both sides import: vocabulary, pure shared rules, intent declarations.

Adding a synced field or action touches ``models/protocol/intents.py`` (the declaration),
the desktop op that builds it and the server handler (server/handlers/); see
server/README.md.
"""

from models.protocol import intents, vocabulary
from models.protocol.intents import REGISTRY, IntentError, IntentSpec, describe, spec_of

__all__ = ["REGISTRY", "IntentError", "IntentSpec", "describe", "intents", "spec_of", "vocabulary"]
