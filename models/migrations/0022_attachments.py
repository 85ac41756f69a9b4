"""Attachments travel by sync (issue 12): one row per message and file, as the server lists
it (content hash, name, type, size, too-big flag). A desktop's own mail keeps the same list
in its inbound event's data; a teammate's message gets it only from this table. No foreign
key: rows arrive in change-log order and a contact dropped by sync leaves harmless rows."""

from peewee import Database
from playhouse.migrate import SchemaMigrator

STATEMENTS = [
    'CREATE TABLE "attachment" ("id" VARCHAR(255) NOT NULL PRIMARY KEY, "contact_id" VARCHAR(255) NOT NULL, "event_id" VARCHAR(255) NOT NULL, "sha256" VARCHAR(64) NOT NULL, "name" VARCHAR(255) NOT NULL, "type" VARCHAR(255) NOT NULL, "size" INTEGER NOT NULL, "too_big" INTEGER NOT NULL DEFAULT 0)',
    'CREATE INDEX "attachment_contact_id" ON "attachment" ("contact_id")',
    'CREATE INDEX "attachment_sha256" ON "attachment" ("sha256")',
]


def up(migrator: SchemaMigrator, db: Database) -> None:
    for statement in STATEMENTS:
        db.execute_sql(statement)
