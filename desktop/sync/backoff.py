"""When to try the server again (models/backoff.py: the same rule serves the sync client,
the realtime stream and the mail connectors of the desktop and of the server)."""

from models.backoff import Backoff

__all__ = ["Backoff"]
