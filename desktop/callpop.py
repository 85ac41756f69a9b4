"""Caller identification for screen-pops: the function a PBX or softphone intake calls."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from desktop.identity import InvalidIdentityError, display_phone, normalize_phone
from models.errors import NotFoundError, UserFacingError

if TYPE_CHECKING:
    from models.queries import Database


class Caller(NamedTuple):
    number: str  # E.164
    display: str
    customer_id: str | None
    name: str

    @property
    def known(self) -> bool:
        return self.customer_id is not None


def identify_caller(number: str, db: Database | None = None) -> Caller:
    """Who is calling? Never creates a customer: an unknown number is for the agent to decide.

    With ``db`` (a plain reader too: ``lastmile call``) by SQL alone, without the models."""
    try:
        e164 = normalize_phone(number)
    except InvalidIdentityError as exc:
        raise UserFacingError(*exc.args) from None
    if db is not None:
        from models.queries import customer_by_identity

        found = customer_by_identity(db, "phone", e164)
        if found is None:
            return Caller(e164, display_phone(e164), None, "")
        return Caller(e164, display_phone(e164), found[0], found[1])
    from desktop.card import find_customer

    try:
        customer = find_customer(phone=e164)
    except NotFoundError:
        return Caller(e164, display_phone(e164), None, "")
    return Caller(e164, display_phone(e164), customer.id, customer.name)
