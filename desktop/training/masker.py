"""Consistent fake values for a masked copy (Faker, seeded per original value).

Originals are collected first (names, logins, emails, phones, handles), so that a fake
never equals an original and two originals never share a fake. Free text is scanned
word by word: every original name or handle (in any case), every email address and every
valid phone number (however it is written) is replaced; lower-case ordinary English words
that happen to be names ("will", "may") are left alone.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from typing import Any

import phonenumbers
from faker import Faker
from faker.providers.lorem.en_US import Provider as LoremProvider

# lower-case occurrences of these words are ordinary English, not a name ("will", "may")
COMMON_WORDS = frozenset(LoremProvider.word_list)
DEFAULT_REGION = "US"  # numbers without a country code, as desktop.identity reads them

_SCAN = re.compile(
    r"(?P<email>[\w.+%'-]+@[\w-]+(?:\.[\w-]+)+)"
    r"|(?P<phone>(?<![\w+])\+?\(?\d[\d ()./-]{5,}\d(?!\w))"
    r"|(?P<word>\w+(?:[.'’-]\w+)*)"
)
_PARTS = re.compile(r"[.'’-]")


def _digits(value: str) -> str:
    return re.sub(r"\D", "", value)


class Masker:
    """Consistent fake values for original ones; free text rewritten word by word."""

    def __init__(self, salt: str) -> None:
        self.salt = salt
        self._fake = Faker()
        self.originals: set[str] = set()  # lower-cased original tokens, emails, phones
        self.tokens: dict[str, str] = {}  # lower-cased name/handle token -> fake token
        self.emails: dict[str, str] = {}
        self.phones: dict[str, str] = {}  # E.164 -> fake E.164
        self._national: dict[str, str] = {}  # national digits of an original phone -> E.164
        self._used: set[str] = set()
        self._name_roles: dict[str, str] = {}  # token -> first | last | handle
        self._email_people: dict[str, str] = {}  # email -> original full name

    # -- collecting the originals (first pass) ------------------------------------------

    def add_name(self, name: str) -> None:
        words = [w for w in self._words(name) if len(w) > 1 and not w.isdigit()]
        capitalized = any(not w.islower() for w in words)
        for n, word in enumerate(words):
            if capitalized and word.islower():
                continue  # a particle of a capitalized name: de, van, bin
            key = word.casefold()
            self.originals.add(key)
            self._name_roles.setdefault(key, "first" if n == 0 and len(words) > 1 else "last")

    def add_email(self, email: str, person: str = "") -> None:
        key = email.strip().lower()
        self.originals.add(key)
        local = key.split("@", 1)[0]
        self.originals.update(w.casefold() for w in _PARTS.split(local) if len(w) > 2)
        if person:
            self._email_people.setdefault(key, person)

    def add_phone(self, e164: str) -> None:
        self.originals.add(e164)
        try:
            number = phonenumbers.parse(e164, None)
        except phonenumbers.NumberParseException:
            self._national[_digits(e164)] = e164
            return
        self._national[str(number.national_number)] = e164

    def add_handle(self, name: str) -> None:
        key = name.strip().lstrip("@").casefold()
        if key:
            self.originals.add(key)
            self._name_roles.setdefault(key, "handle")

    # -- fake values -----------------------------------------------------------------

    def _seeded(self, value: str, attempt: int) -> Faker:
        digest = hashlib.sha256(f"{self.salt}\0{value}\0{attempt}".encode()).hexdigest()
        self._fake.seed_instance(int(digest[:12], 16))
        return self._fake

    def _unique(
        self, value: str, make: Callable[[Faker], str], compose: Callable[[Faker], str]
    ) -> str:
        """A fake never equal to an original, and distinct from other fakes.

        Faker's lists are short (about a thousand last names): after a few tries the
        fake is composed (two names, or a number added), so any number of originals fits.
        """
        for attempt in range(10_000):
            fake = self._seeded(value, attempt)
            candidate = make(fake) if attempt < 8 else compose(fake)
            key = candidate.casefold()
            if key not in self.originals and key not in self._used:
                self._used.add(key)
                return candidate
        raise RuntimeError(f"no unique fake value for {value!r}")  # pragma: no cover

    def token(self, word: str) -> str | None:
        """The fake for an original name or handle token (any case), else None."""
        key = word.casefold()
        fake = self.tokens.get(key)
        if fake is None:
            role = self._name_roles.get(key)
            if role is None:
                return None
            if role == "handle":
                fake = self._unique(
                    key,
                    lambda f: f.user_name().replace(".", "_"),
                    lambda f: f"{f.user_name().replace('.', '_')}{f.random_int(10, 9999)}",
                )
            elif role == "first":
                fake = self._unique(
                    key, lambda f: f.first_name(), lambda f: f"{f.first_name()}-{f.first_name()}"
                )
            else:
                fake = self._unique(
                    key, lambda f: f.last_name(), lambda f: f"{f.last_name()}-{f.last_name()}"
                )
            self.tokens[key] = fake
        return fake

    def name(self, value: str) -> str:
        """A full name, word by word: 'Joan Smith' and 'Joan' alone stay one fake Joan."""
        return re.sub(
            r"\w+", lambda m: self._case_aware(m.group(0), in_name=True) or m.group(0), value
        )

    def login(self, value: str) -> str:
        fake = self.token(value)
        return re.sub(r"[^a-z0-9._-]", "", fake.lower()) if fake else value

    def email(self, value: str) -> str:
        key = value.strip().lower()
        fake = self.emails.get(key)
        if fake is None:
            person = self._email_people.get(key)
            stem = ""
            if person:
                stem = ".".join(self.name(w) for w in self._words(person)).lower()
                stem = re.sub(r"[^a-z0-9.]", "", stem)
            if stem:
                fake = self._unique(
                    key,
                    lambda f: stem + "@example.test",
                    lambda f: f"{stem}{f.random_int(1, 99_999)}@example.test",
                )
            else:
                fake = self._unique(
                    key,
                    lambda f: f.user_name() + "@example.test",
                    lambda f: f"{f.user_name()}{f.random_int(1, 99_999)}@example.test",
                )
            self.emails[key] = fake
        return fake

    def phone(self, e164: str) -> str:
        fake = self.phones.get(e164)
        if fake is None:
            # +1 555 numbers are fictional; never a real customer's line
            def make(f: Faker) -> str:
                return f"+1555{f.random_int(0, 9_999_999):07d}"

            fake = self._unique(e164, make, make)
            self.phones[e164] = fake
        return fake

    def handle(self, value: str) -> str:
        """An identity value 'twitter:name' (or a bare name)."""
        network, sep, name = value.rpartition(":")
        return f"{network}{sep}{self.token(name) or name}"

    # -- free text -----------------------------------------------------------------------

    @staticmethod
    def _words(text: str) -> list[str]:
        return [w for w in re.findall(r"\w+", text) if w]

    def text(self, value: str | None) -> str | None:
        if not value:
            return value
        return _SCAN.sub(self._replace, value)

    def _replace(self, match: re.Match[str]) -> str:
        found = match.group(0)
        if match.group("email"):
            fake = self.email(found)
            return fake.upper() if found.isupper() else fake
        if match.group("phone"):
            return self._phone_in_text(found)
        return self._word(found)

    def _word(self, word: str) -> str:
        fake = self._case_aware(word)
        if fake is not None:
            return fake
        if _PARTS.search(word):  # anne-marie, mia.rides, o'brien: part by part
            return re.sub(r"\w+", lambda m: self._case_aware(m.group(0)) or m.group(0), word)
        return word

    def _case_aware(self, word: str, *, in_name: bool = False) -> str | None:
        if not in_name and word.islower() and word in COMMON_WORDS:
            return None
        fake = self.token(word)
        if fake is None:
            return None
        if word.isupper() and len(word) > 1:
            return fake.upper()
        if word[:1].isupper():
            return fake[:1].upper() + fake[1:]
        return fake.lower()

    def _phone_in_text(self, found: str) -> str:
        digits = _digits(found)
        if len(digits) < 7:
            return found
        known = self._national.get(digits.lstrip("0"))
        for e164 in (f"+{digits}", f"+{digits[2:]}" if digits.startswith("00") else ""):
            if known is None and e164 in self.originals:
                known = e164
        if known is not None:
            return self.phone(known)
        international = found.lstrip("(").startswith("+")
        try:
            number = phonenumbers.parse(found, None if international else DEFAULT_REGION)
        except phonenumbers.NumberParseException:
            return found
        if phonenumbers.is_valid_number(number):
            return self.phone(
                phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
            )
        return found

    def json_or_text(self, value: str | None) -> str | None:
        """JSON columns are masked value by value, so escaped (\\u00e9) names are caught too."""
        if not value or value[:1] not in '[{"':
            return self.text(value)
        try:
            data = json.loads(value)
        except ValueError:
            return self.text(value)
        return json.dumps(self._mask_json(data))

    def _mask_json(self, data: Any) -> Any:
        if isinstance(data, str):
            return self.text(data)
        if isinstance(data, list):
            return [self._mask_json(v) for v in data]
        if isinstance(data, dict):
            return {k: self._mask_json(v) for k, v in data.items()}
        return data
