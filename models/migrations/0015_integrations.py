"""Integrations of the HTTP intake (SMS gateways, chat, social tools, PBX): a channel,
an optional webhook for replies, and a salted hash of the key (never the key)."""

from peewee import Database
from playhouse.migrate import SchemaMigrator

STATEMENTS = [
    'CREATE TABLE "integration" ("name" VARCHAR(255) NOT NULL PRIMARY KEY, "channel" VARCHAR(255) NOT NULL, "webhook_url" VARCHAR(1000) NOT NULL DEFAULT \'\', "key_id" VARCHAR(255) NOT NULL, "key_salt" VARCHAR(255) NOT NULL, "key_hash" VARCHAR(255) NOT NULL, "created_at" INTEGER NOT NULL, "last_used_at" INTEGER)',
    'CREATE UNIQUE INDEX "integration_key_id" ON "integration" ("key_id")',
]


def up(migrator: SchemaMigrator, db: Database) -> None:
    for statement in STATEMENTS:
        db.execute_sql(statement)
