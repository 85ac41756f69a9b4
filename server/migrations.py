"""The server's numbered schema upgrades (server/store.py's :func:`~server.store.migrate`
applies those a database lacks, in one transaction). Each is idempotent: a database made
by :func:`_create_v2` of a later version already has what an upgrade adds."""

from __future__ import annotations

from peewee import Database

from server.models import (
    TABLES,
    ContactRef,
    Integration,
    LoginThrottle,
    Membership,
    ServerMailbox,
    TeamSetting,
)

SCHEMA_VERSION = 8  # 1 was the pre-release JSON entity store; it is not migrated


# -- the upgrades ------------------------------------------------------------------------------


def _create_v2(db: Database) -> None:
    db.create_tables(TABLES, safe=True)
    db.execute_sql(
        'CREATE INDEX IF NOT EXISTS "result_client_version" ON "result" ("client_id", "version")'
    )


# the sender's columns on outbound (server/sender.py); a database made by _create_v2 of
# this version already has them, hence IF NOT EXISTS
OUTBOUND_V3 = (
    ("channel", "VARCHAR(255) NOT NULL DEFAULT ''"),
    ("recipient", "VARCHAR(255) NOT NULL DEFAULT ''"),
    ("subject", "TEXT NOT NULL DEFAULT ''"),
    ("in_reply_to", "TEXT NOT NULL DEFAULT ''"),
    ("reason", "TEXT NOT NULL DEFAULT ''"),
    ("created_at", "BIGINT NOT NULL DEFAULT 0"),
    ("sent_at", "BIGINT"),
    ("message_id", "VARCHAR(255) NOT NULL DEFAULT ''"),
    ("attempts", "INTEGER NOT NULL DEFAULT 0"),
    ("permanent_failures", "INTEGER NOT NULL DEFAULT 0"),
    ("next_attempt_at", "BIGINT NOT NULL DEFAULT 0"),
    ("claimed_by", "VARCHAR(255)"),
    ("lease_until", "BIGINT"),
)


def _outbound_sender_v3(db: Database) -> None:
    for column, definition in OUTBOUND_V3:
        db.execute_sql(f'ALTER TABLE "outbound" ADD COLUMN IF NOT EXISTS "{column}" {definition}')
    db.execute_sql('CREATE INDEX IF NOT EXISTS "outbound_state" ON "outbound" ("state")')
    db.execute_sql(OUTBOUND_V3_BACKFILL)


# rows queued before v3: what the sender needs, from their contact, event and customer
OUTBOUND_V3_BACKFILL = """
UPDATE "outbound" o SET
  "channel" = c."channel",
  "in_reply_to" = CASE WHEN c."channel" = 'email' THEN coalesce(c."external_id", '') ELSE '' END,
  "subject" = coalesce((SELECT e."subject" FROM "event" e WHERE e."id" = o."id"), ''),
  "created_at" = coalesce((SELECT e."at" FROM "event" e WHERE e."id" = o."id"), 0),
  "recipient" = coalesce((SELECT k->>1 FROM "customer" cu, json_array_elements(cu."keys"::json) k
                          WHERE cu."id" = c."customer_id" AND k->>0 = 'email' LIMIT 1), ''),
  "reason" = CASE WHEN c."channel" <> 'email'
             THEN 'waiting for a gateway: this server sends no ' || c."channel" || ' messages'
             ELSE '' END
FROM "contact" c WHERE c."id" = o."contact_id" AND o."channel" = ''
"""


def _external_ids_per_team_v4(db: Database) -> None:
    """Up to v3 a message id was unique across the whole server, so a mail sent to two
    teams' mailboxes was refused for the second team; now it is unique within a team."""
    db.execute_sql('DROP INDEX IF EXISTS "contact_channel_external_id"')
    db.execute_sql(
        'CREATE UNIQUE INDEX IF NOT EXISTS "contact_space_channel_external_id" '
        'ON "contact" ("space", "channel", "external_id")'
    )


def _login_throttle_v5(db: Database) -> None:
    """Failed sign-ins are counted per account and per client address."""
    db.create_tables([LoginThrottle], safe=True)


def _team_settings_v6(db: Database) -> None:
    """Team settings travel (issue 16): skills, capacity, presence, templates, rules and
    dismissed merge suggestions are kept per team, last writer wins per field."""
    db.create_tables([TeamSetting], safe=True)


def _channels_v7(db: Database) -> None:
    """The server's channels: intake integrations and server-run mailboxes; customers are
    found by identity (jsonb containment on their keys) when the intake resolves one."""
    db.create_tables([Integration, ServerMailbox, ContactRef], safe=True)
    db.execute_sql(
        'CREATE INDEX IF NOT EXISTS "customer_keys" ON "customer" '
        'USING gin (("keys"::jsonb) jsonb_path_ops)'
    )


def _memberships_v8(db: Database) -> None:
    """An account may belong to several teams, with a role in each (issue 16): every
    account's one team and role become its first (home) membership."""
    db.create_tables([Membership], safe=True)
    db.execute_sql(
        'INSERT INTO "membership" ("login", "team", "role", "position") '
        'SELECT "login", "team", "role", 0 FROM "account" ON CONFLICT DO NOTHING'
    )


MIGRATIONS = {
    2: _create_v2,
    3: _outbound_sender_v3,
    4: _external_ids_per_team_v4,
    5: _login_throttle_v5,
    6: _team_settings_v6,
    7: _channels_v7,
    8: _memberships_v8,
}
