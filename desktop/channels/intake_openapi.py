"""The OpenAPI description of the desktop's HTTP intake: shared with the sync server's
``POST /v1/intake`` in :mod:`models.inbound_openapi`."""

from models.inbound_openapi import OPENAPI

__all__ = ["OPENAPI"]
