"""Mailboxes a desktop alone fetches (IMAP) and sends through (SMTP), with their UID
bookkeeping and state; outgoing mail gets its attempts, next attempt and last reason."""

from peewee import Database
from playhouse.migrate import SchemaMigrator

STATEMENTS = [
    'CREATE TABLE "mailbox" ("name" VARCHAR(255) NOT NULL PRIMARY KEY, "imap_url" VARCHAR(1000) NOT NULL, "smtp_url" VARCHAR(1000) NOT NULL DEFAULT \'\', "skill" VARCHAR(100) NOT NULL DEFAULT \'general\', "address" VARCHAR(320) NOT NULL DEFAULT \'\', "uidvalidity" INTEGER, "last_uid" INTEGER NOT NULL DEFAULT 0, "state" VARCHAR(20) NOT NULL DEFAULT \'new\', "last_error" TEXT NOT NULL DEFAULT \'\', "checked_at" INTEGER, "fetched" INTEGER NOT NULL DEFAULT 0, "created_at" INTEGER NOT NULL)',
    'ALTER TABLE "outbound" ADD COLUMN "attempts" INTEGER NOT NULL DEFAULT 0',
    'ALTER TABLE "outbound" ADD COLUMN "next_attempt_at" INTEGER',
    'ALTER TABLE "outbound" ADD COLUMN "reason" TEXT NOT NULL DEFAULT \'\'',
]


def up(migrator: SchemaMigrator, db: Database) -> None:
    for statement in STATEMENTS:
        db.execute_sql(statement)
