"""Identity resolution: which customer an incoming contact belongs to.

A pure function over the identities already known. Strong keys (email, a
handle on its own network, a chat visitor id) decide. A phone number alone is
weak — families share one — so it only decides when the names agree; otherwise
a new customer is made and a merge with that evidence is *suggested*, never
done silently. When keys point at different customers, the first strong one
wins and the others become suggestions.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from difflib import SequenceMatcher

STRENGTH = {"email": 0, "handle": 1, "visitor": 2, "phone": 3}


@dataclass(frozen=True)
class Known:
    customer_id: str
    name: str


@dataclass(frozen=True)
class Suggestion:
    customer_id: str
    evidence: str
    confidence: float


@dataclass
class Resolution:
    customer_id: str | None
    suggestions: list[Suggestion] = field(default_factory=list)


def _plain(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return " ".join(text.lower().replace(".", " ").replace("-", " ").split())


def real_name(name: str) -> str:
    """The name, or "" when it is only an address: intake names a customer who gave no
    name after their email or phone number, and that says nothing about who they are."""
    return "" if "@" in name or not any(ch.isalpha() for ch in name) else name


def names_agree(a: str, b: str) -> bool:
    """Same person by name? Empty names never disagree; typos and initials are tolerated."""
    pa, pb = _plain(real_name(a)), _plain(real_name(b))
    if not pa or not pb:
        return True
    if pa == pb:
        return True
    ta, tb = pa.split(), pb.split()
    if ta[-1] == tb[-1] and (ta[0][0] == tb[0][0]):
        return (
            SequenceMatcher(None, ta[0], tb[0]).ratio() >= 0.6 or len(ta[0]) == 1 or len(tb[0]) == 1
        )
    return SequenceMatcher(None, pa, pb).ratio() >= 0.85


def name_similarity(a: str, b: str) -> float:
    return SequenceMatcher(None, _plain(a), _plain(b)).ratio()


def resolve(
    keys: list[tuple[str, str, str]], name: str, known: dict[tuple[str, str], Known]
) -> Resolution:
    """Decide the customer for identity keys (kind, normalized value, network) and a name."""
    ordered = sorted(keys, key=lambda k: STRENGTH.get(k[0], 9))
    matches: list[tuple[str, str, Known]] = []
    for kind, value, _ in ordered:
        hit = known.get((kind, value))
        if hit is not None and all(hit.customer_id != m[2].customer_id for m in matches):
            matches.append((kind, value, hit))
    if not matches:
        return Resolution(None)
    strong = [m for m in matches if m[0] != "phone"]
    if strong:
        chosen = strong[0][2]
        others = [m for m in matches if m[2].customer_id != chosen.customer_id]
        return Resolution(
            chosen.customer_id,
            [
                Suggestion(
                    k.customer_id,
                    f"same {kind} {value} as this contact's {strong[0][0]}",
                    0.8 if kind != "phone" else 0.6,
                )
                for kind, value, k in others
            ],
        )
    kind, value, hit = matches[0]
    if names_agree(name, hit.name):
        return Resolution(hit.customer_id)
    return Resolution(
        None,
        [
            Suggestion(
                hit.customer_id,
                f"shares phone {value}, but the names differ ({name or '?'} / {hit.name or '?'})",
                0.5,
            )
        ],
    )
