"""A training workspace from a masked copy of live data.

Names, emails, phones and handles are replaced with fake ones (Faker, seeded per
original value), consistently: the same customer is the same fake person in all
their history, and free text (subjects, bodies, previews, notes, outbound
messages) has every original value replaced too. The copy is rewritten in place
and vacuumed, so no page of the file keeps an original value.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from pathlib import Path

from faker import Faker

from desktop.workspace import DB_NAME, TRAINING_DB_NAME
from models.base import new_id
from models.errors import UserFacingError


class Masker:
    def __init__(self, salt: str) -> None:
        self.salt = salt
        self.mapping: dict[str, str] = {}

    def _faker(self, value: str) -> Faker:
        fake = Faker()
        fake.seed_instance(int(hashlib.sha256((self.salt + value).encode()).hexdigest()[:12], 16))
        return fake

    def name(self, value: str) -> str:
        if not value.strip():
            return value
        if value not in self.mapping:
            self.mapping[value] = self._faker(value).name()
            # first and last names alone are also replaced in free text
            real, fake = value.split(), self.mapping[value].split()
            for r, f in zip(real, fake, strict=False):
                if len(r) > 2:
                    self.mapping.setdefault(r, f)
        return self.mapping[value]

    def email(self, value: str) -> str:
        if value not in self.mapping:
            fake = self._faker(value)
            self.mapping[value] = f"{fake.user_name()}{len(self.mapping)}@example.test"
        return self.mapping[value]

    def phone(self, value: str) -> str:
        if value not in self.mapping:
            digits = int(hashlib.sha256((self.salt + value).encode()).hexdigest()[:8], 16)
            self.mapping[value] = f"+1555{digits % 10_000_000:07d}"
        return self.mapping[value]

    def handle(self, value: str) -> str:
        network, _, name = value.partition(":")
        if value not in self.mapping:
            fake_name = self._faker(value).user_name() + str(len(self.mapping))
            self.mapping[value] = f"{network}:{fake_name}"
            if name:
                self.mapping.setdefault("@" + name, "@" + fake_name)
                self.mapping.setdefault(name, fake_name)
        return self.mapping[value]

    def text(self, value: str | None) -> str | None:
        if not value or not self.mapping:
            return value
        return self._pattern().sub(lambda m: self.mapping[m.group(0)], value)

    def _pattern(self) -> re.Pattern[str]:
        keys = sorted(self.mapping, key=len, reverse=True)
        return re.compile("|".join(re.escape(k) for k in keys))


INDEXED_KINDS = "('inbound', 'reply', 'note', 'call', 'reminder', 'purchase', 'invoice')"
TEXT_COLUMNS = {
    "contact": ("subject", "preview"),
    "event": ("subject", "body", "data"),
    "outbound": ("recipient", "subject", "body"),
    "task": ("title",),
    "customer": ("culture_notes",),
    "merge_record": ("evidence",),
    "merge_suggestion": ("evidence",),
    "alert": ("summary",),
}


def masked_copy(live_root: Path, target_root: Path, *, salt: str | None = None) -> Path:
    live = live_root / DB_NAME
    if not live.exists():
        raise UserFacingError(f"no live workspace in {live_root}")
    target_root.mkdir(parents=True, exist_ok=True)
    target = target_root / TRAINING_DB_NAME
    if target.exists():
        raise UserFacingError(f"{target_root} already holds a training workspace")
    tmp = target.with_name("masking.tmp.sqlite3")
    tmp.unlink(missing_ok=True)
    source = sqlite3.connect(f"file:{live}?mode=ro", uri=True)
    try:
        source.execute("VACUUM INTO ?", (str(tmp),))
    finally:
        source.close()
    masker = Masker(salt or new_id())
    db = sqlite3.connect(tmp)
    try:
        with db:
            for cid, name in db.execute("SELECT id, name FROM customer").fetchall():
                db.execute("UPDATE customer SET name = ? WHERE id = ?", (masker.name(name), cid))
            for iid, kind, value in db.execute("SELECT id, kind, value FROM identity").fetchall():
                fake = {"email": masker.email, "phone": masker.phone, "handle": masker.handle}.get(
                    kind, lambda v: "visitor-" + new_id()
                )(value)
                db.execute("UPDATE identity SET value = ? WHERE id = ?", (fake, iid))
            for table, columns in TEXT_COLUMNS.items():
                rows = db.execute(f"SELECT rowid, {', '.join(columns)} FROM {table}").fetchall()
                for row in rows:
                    new = [masker.text(v) for v in row[1:]]
                    if new != list(row[1:]):
                        sets = ", ".join(f"{c} = ?" for c in columns)
                        db.execute(f"UPDATE {table} SET {sets} WHERE rowid = ?", (*new, row[0]))
            # nothing of the live workspace's sync or monitoring comes along
            for table in ("outbox", "audit", "alert"):
                db.execute(f"DELETE FROM {table}")
            db.execute("UPDATE outbound SET state = 'simulated'")
            db.execute("UPDATE workspace_meta SET value = 'training' WHERE key = 'kind'")
            db.execute(
                "DELETE FROM workspace_meta WHERE key IN ('client_id', 'client_fingerprint', 'hlc')"
            )
            db.execute(
                "INSERT OR REPLACE INTO workspace_meta VALUES ('training_scenario', 'masked copy')"
            )
            db.execute(
                "INSERT OR REPLACE INTO workspace_meta VALUES ('training_title', ?)",
                (f"Masked copy of {live_root.name}",),
            )
            # a fresh full-text index: old segments could still hold original words
            db.execute("INSERT INTO message_fts(message_fts) VALUES ('delete-all')")
            db.execute(
                "INSERT INTO message_fts(rowid, subject, body) SELECT seq, subject, body "
                f"FROM event WHERE kind IN {INDEXED_KINDS}"
            )
        db.execute("VACUUM")
    finally:
        db.close()
    tmp.rename(target)
    from desktop.training.session import save_start_copy

    save_start_copy(target)
    return target
