"""Normalizing identity values: moved to :mod:`models.identity` so that the sync server's
intake resolves customers exactly as desktops do; imported from here as before."""

from models.identity import (
    InvalidIdentityError,
    display_phone,
    normalize,
    normalize_email,
    normalize_handle,
    normalize_phone,
    social_limit,
)

__all__ = [
    "InvalidIdentityError",
    "display_phone",
    "normalize",
    "normalize_email",
    "normalize_handle",
    "normalize_phone",
    "social_limit",
]
