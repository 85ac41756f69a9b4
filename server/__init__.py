"""The sync server: a stateless FastAPI app over PostgreSQL (see server/README.md)."""

PROTOCOL_VERSION = 1
MIN_CLIENT_PROTOCOL = 1
# desktop databases older than this (no sync staging table) must update first
MIN_CLIENT_SCHEMA = 8
