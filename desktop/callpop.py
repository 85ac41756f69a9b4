"""Caller identification for screen-pops: the function a PBX or softphone intake calls."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.card import find_customer
from desktop.identity import InvalidIdentityError, display_phone, normalize_phone
from models.errors import NotFoundError, UserFacingError


@dataclass(frozen=True)
class Caller:
    number: str  # E.164
    display: str
    customer_id: str | None
    name: str

    @property
    def known(self) -> bool:
        return self.customer_id is not None


def identify_caller(number: str) -> Caller:
    """Who is calling? Never creates a customer: an unknown number is for the agent to decide."""
    try:
        e164 = normalize_phone(number)
    except InvalidIdentityError as exc:
        raise UserFacingError(str(exc)) from None
    try:
        customer = find_customer(phone=e164)
    except NotFoundError:
        return Caller(e164, display_phone(e164), None, "")
    return Caller(e164, display_phone(e164), customer.id, customer.name)
