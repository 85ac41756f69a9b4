"""Mail: the Message-ID of an outgoing message (a bounce names it), the message ids an
inbound contact refers to (a reply that arrives before its parent is threaded when the
parent comes), and the index for one acknowledgement per recipient and window."""

from peewee import Database
from playhouse.migrate import SchemaMigrator

STATEMENTS = [
    'ALTER TABLE "outbound" ADD COLUMN "message_id" VARCHAR(255)',
    'CREATE INDEX "outbound_message_id" ON "outbound" ("message_id") WHERE "message_id" IS NOT NULL',
    'CREATE INDEX "outbound_recipient_created" ON "outbound" ("recipient", "created_at")',
    'CREATE TABLE "contact_ref" ("channel" VARCHAR(255) NOT NULL, "ref" VARCHAR(255) NOT NULL, "contact_id" VARCHAR(255) NOT NULL, PRIMARY KEY ("channel", "ref", "contact_id"))',
]


def up(migrator: SchemaMigrator, db: Database) -> None:
    for statement in STATEMENTS:
        db.execute_sql(statement)
