"""A contact remembers the team it belongs to on the server (issue 16): the workspace of
an account in several teams holds all their contacts, and the queue and the supervisor desk
filter by team. '' for a contact the server has not sent yet (and for workspaces that
never synced)."""

from peewee import Database
from playhouse.migrate import SchemaMigrator

STATEMENTS = [
    'ALTER TABLE "contact" ADD COLUMN "team" VARCHAR(255) NOT NULL DEFAULT \'\'',
]


def up(migrator: SchemaMigrator, db: Database) -> None:
    for statement in STATEMENTS:
        db.execute_sql(statement)
