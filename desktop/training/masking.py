"""A training workspace from a masked copy of live data.

Names, emails, phones and handles are replaced with fake ones (Faker, seeded per
original value), consistently: the same customer is the same fake person in all
their history. Free text (subjects, bodies, previews, notes, task titles, JSON
details) is scanned word by word: every original name, handle, email and phone
number in it is replaced by the same fake value, and any other email address or
valid phone number found in free text is replaced too.

Safe by construction: every text column of the database must be classified below
(personal free text, rewritten identity, emptied, or not personal); an unknown
column makes the copy refuse, so a column added later cannot leak unnoticed. The
copy is rewritten with secure_delete and vacuumed, so no page of the file keeps an
original value.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import phonenumbers
from faker import Faker
from faker.providers.lorem.en_US import Provider as LoremProvider

from desktop.workspace import DB_NAME, TRAINING_DB_NAME
from models.errors import UserFacingError

# free text that may hold personal data: masked value by value (JSON-aware)
PERSONAL_TEXT: dict[str, tuple[str, ...]] = {
    "customer": ("culture_notes", "tags"),
    "contact": ("subject", "preview", "external_id"),
    "event": ("subject", "body", "data"),
    "outbound": ("recipient", "subject", "body"),
    "task": ("title",),
    "template": ("name", "body"),
    "purchase": ("external_id",),
    "invoice": ("external_id",),
    "merge_record": ("evidence",),
    "merge_suggestion": ("evidence",),
    "training_arrival": ("record", "why"),
    "rule": ("value",),
}
# identity values: replaced by their fake counterpart
REWRITTEN: dict[str, tuple[str, ...]] = {
    "customer": ("name",),
    "identity": ("value",),
    "agent": ("login", "display_name"),
}
# sync, audit and monitoring of the live workspace: nothing of it comes along
EMPTIED = ("outbox", "audit", "alert", "sync_staging")
# workspace_meta keeps only these keys (sync cursors, notices, server, client ids go)
KEPT_META = ("schema_version",)
# ids, enums, codes, times: no personal data
NOT_PERSONAL: dict[str, tuple[str, ...]] = {
    "workspace_meta": ("key", "value"),
    "schema_migration": ("*",),
    "agent": ("id", "role", "presence", "team", "capacity"),
    "agent_skill": ("id", "agent_id", "skill"),
    "customer": ("id", "locale", "timezone", "merged_into"),
    "identity": ("id", "customer_id", "kind", "network"),
    "contact": (
        "id", "channel", "direction", "customer_id", "thread_id", "skill", "status",
        "assigned_to_id", "outcome",
    ),
    "event": ("id", "customer_id", "contact_id", "channel", "kind", "agent_id"),
    "purchase": ("id", "customer_id", "product", "currency"),
    "invoice": ("id", "customer_id", "number", "currency"),
    "task": ("id", "customer_id", "contact_id", "kind", "owner_id", "state"),
    "template": ("id", "channel", "language", "purpose"),
    "outbound": ("id", "contact_id", "event_id", "channel", "state"),
    "merge_record": ("id", "survivor_id", "duplicate_id", "agent_id"),
    "merge_suggestion": ("id", "customer_a", "customer_b", "state"),
    "training_arrival": ("key", "practices", "contact_id"),
    "rule": ("key",),
}
INTERNAL_PREFIXES = ("sqlite_", "message_fts")  # SQLite's own tables, the rebuilt index

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
        return re.sub(r"\w+", lambda m: self._case_aware(m.group(0), in_name=True)
                      or m.group(0), value)

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
        if not value or value[:1] not in "[{\"":
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


def text_columns(db: sqlite3.Connection) -> dict[str, list[str]]:
    """Every table's text columns (SQLite's own tables and the full-text index aside)."""
    out: dict[str, list[str]] = {}
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    for table in tables:
        if table.startswith(INTERNAL_PREFIXES):
            continue
        columns = [
            name
            for _, name, decl, *_ in db.execute(f'PRAGMA table_info("{table}")')
            if not decl or any(t in decl.upper() for t in ("CHAR", "TEXT", "CLOB"))
        ]
        out[table] = columns
    return out


def unclassified_columns(db: sqlite3.Connection) -> list[str]:
    """Text columns masking does not know about: the copy is refused while there are any."""
    missing = []
    for table, columns in text_columns(db).items():
        if table in EMPTIED:
            continue
        known = {
            *PERSONAL_TEXT.get(table, ()),
            *REWRITTEN.get(table, ()),
            *NOT_PERSONAL.get(table, ()),
        }
        if "*" in known:
            continue
        missing += [f"{table}.{c}" for c in columns if c not in known]
    return missing


def _collect(db: sqlite3.Connection, masker: Masker) -> None:
    names = dict(db.execute("SELECT id, name FROM customer"))
    for name in names.values():
        masker.add_name(name)
    for (name,) in db.execute("SELECT display_name FROM agent"):
        masker.add_name(name)
    for (login,) in db.execute("SELECT login FROM agent"):
        masker.add_handle(login)
    for customer_id, kind, value in db.execute("SELECT customer_id, kind, value FROM identity"):
        if kind == "email":
            masker.add_email(value, names.get(customer_id, ""))
        elif kind == "phone":
            masker.add_phone(value)
        elif kind == "handle":
            masker.add_handle(value.rpartition(":")[2])


def _rewrite(db: sqlite3.Connection, masker: Masker, progress: Callable[[str], None]) -> None:
    for cid, name in db.execute("SELECT id, name FROM customer").fetchall():
        db.execute("UPDATE customer SET name = ? WHERE id = ?", (masker.name(name), cid))
    for aid, login, display in db.execute("SELECT id, login, display_name FROM agent").fetchall():
        db.execute(
            "UPDATE agent SET login = ?, display_name = ? WHERE id = ?",
            (masker.login(login), masker.name(display), aid),
        )
    for iid, kind, value in db.execute("SELECT id, kind, value FROM identity").fetchall():
        fake = (
            masker.email(value)
            if kind == "email"
            else masker.phone(value)
            if kind == "phone"
            else masker.handle(value)
            if kind == "handle"
            else "visitor-" + hashlib.sha256((masker.salt + value).encode()).hexdigest()[:16]
        )
        db.execute("UPDATE identity SET value = ? WHERE id = ?", (fake, iid))
    for table, columns in PERSONAL_TEXT.items():
        progress(table)
        selected = ", ".join(f'"{c}"' for c in columns)
        sets = ", ".join(f'"{c}" = ?' for c in columns)
        rows = db.execute(f'SELECT rowid, {selected} FROM "{table}"').fetchall()
        updates = []
        for row in rows:
            new = [masker.json_or_text(v) if isinstance(v, str) else v for v in row[1:]]
            if new != list(row[1:]):
                updates.append((*new, row[0]))
        db.executemany(f'UPDATE "{table}" SET {sets} WHERE rowid = ?', updates)


def masked_copy(
    live_root: Path,
    target_root: Path,
    *,
    salt: str | None = None,
    trainee: tuple[str, str] = ("trainee", "Sam Trainee"),
    progress: Callable[[str], None] = lambda _stage: None,
) -> Path:
    """A training workspace at target_root from a masked copy of the live workspace.

    The live file is only read (VACUUM INTO from a read-only connection). ``trainee`` is
    the (login, display name) the trainee works as in the copy.
    """
    from desktop.training.session import add_trainee, check_login, make_private, save_start_copy

    check_login(trainee[0])
    live = live_root / DB_NAME
    if not live.exists():
        raise UserFacingError(f"no live workspace in {live_root}")
    if (target_root / DB_NAME).exists():
        raise UserFacingError(f"{target_root} is a live workspace; choose another folder")
    target = target_root / TRAINING_DB_NAME
    if target.exists():
        raise UserFacingError(f"{target_root} already holds a training workspace")
    make_private(target_root)
    tmp = target.with_name("masking.tmp.sqlite3")
    for leftover in _with_sidecars(tmp):
        leftover.unlink(missing_ok=True)
    _read_live(live, tmp)
    try:
        _mask_file(tmp, live_root, masker=Masker(salt or _random_salt()), progress=progress)
        tmp.rename(target)
    finally:
        for leftover in _with_sidecars(tmp):
            leftover.unlink(missing_ok=True)
    add_trainee(target_root, trainee, title=f"Masked copy of {live_root.name}")
    save_start_copy(target)
    return target


def _read_live(live: Path, copy: Path) -> None:
    """VACUUM INTO a copy, touching nothing of the live workspace.

    A live database nobody has open (no -wal file) is read as immutable, so not even the
    -wal/-shm files a read-only connection would leave behind appear; one that is open in a
    window is read through its WAL like any other reader.
    """
    wal = live.with_name(live.name + "-wal")
    for immutable in (not wal.exists(), False):
        copy.unlink(missing_ok=True)
        uri = live.resolve().as_uri() + "?mode=ro" + ("&immutable=1" if immutable else "")
        source = sqlite3.connect(uri, uri=True)
        try:
            kind = source.execute(
                "SELECT value FROM workspace_meta WHERE key = 'kind'"
            ).fetchone()
            if kind is None or kind[0] != "live":
                raise UserFacingError(f"{live.parent} is not a live workspace")
            source.execute("VACUUM INTO ?", (str(copy),))
        except sqlite3.DatabaseError as exc:
            raise UserFacingError(f"cannot read the live workspace {live.parent}: {exc}") from None
        finally:
            source.close()
        if not (immutable and wal.exists()):  # nobody opened it meanwhile: a clean copy
            return


def _random_salt() -> str:
    import secrets

    return secrets.token_hex(16)


def _with_sidecars(path: Path) -> Iterable[Path]:
    return [path, *(path.with_name(path.name + s) for s in ("-wal", "-shm", "-journal"))]


def _mask_file(
    path: Path, live_root: Path, *, masker: Masker, progress: Callable[[str], None]
) -> None:
    db = sqlite3.connect(path)
    try:
        # no WAL: changes go straight into the file, and freed pages are zeroed
        db.execute("PRAGMA journal_mode = DELETE")
        db.execute("PRAGMA secure_delete = ON")
        missing = unclassified_columns(db)
        if missing:
            raise UserFacingError(
                "masking does not know what these columns hold, so no copy is made: "
                + ", ".join(missing)
            )
        _collect(db, masker)
        with db:
            for table in EMPTIED:
                db.execute(f'DELETE FROM "{table}"')
            _rewrite(db, masker, progress)
            db.execute("UPDATE outbound SET state = 'simulated'")
            # the open queue is the trainee's to practise on, whoever held it in live work
            db.execute(
                "UPDATE contact SET assigned_to_id = NULL WHERE status IN ('open', 'waiting')"
            )
            marks = ",".join("?" * len(KEPT_META))
            db.execute(f"DELETE FROM workspace_meta WHERE key NOT IN ({marks})", KEPT_META)
            db.execute("INSERT INTO workspace_meta VALUES ('kind', 'training')")
            now = datetime.now(UTC).replace(second=0, microsecond=0)
            for key, value in (
                ("training_scenario", "masked copy"),
                ("training_start", now.strftime("%Y-%m-%dT%H:%M:%SZ")),
                ("training_speed", f"{1 / 60:.6f}"),  # real time: nothing arrives
                ("training_elapsed", "0"),
            ):
                db.execute("INSERT INTO workspace_meta VALUES (?, ?)", (key, value))
            # a fresh full-text index: old segments could still hold original words
            db.execute("INSERT INTO message_fts(message_fts) VALUES ('rebuild')")
            if db.execute(
                "SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat4'"
            ).fetchone():
                db.execute("DELETE FROM sqlite_stat4")  # sampled index keys
        progress("vacuum")
        db.execute("VACUUM")
    finally:
        db.close()
