"""Index only message text: automatic acknowledgements, claims, status lines and other
bookkeeping events stay out of the full-text index (they made imports slower and
searches noisier). The index is rebuilt from the kept kinds."""

from peewee import Database
from playhouse.migrate import SchemaMigrator

INDEXED = "('inbound', 'reply', 'note', 'call', 'reminder', 'purchase', 'invoice')"

STATEMENTS = [
    'DROP TRIGGER IF EXISTS "event_fts_ai"',
    'DROP TRIGGER IF EXISTS "event_fts_ad"',
    'DROP TRIGGER IF EXISTS "event_fts_au"',
    "INSERT INTO message_fts(message_fts) VALUES ('delete-all')",
    f"INSERT INTO message_fts(rowid, subject, body) SELECT seq, subject, body FROM event WHERE kind IN {INDEXED}",
    f'CREATE TRIGGER "event_fts_ai" AFTER INSERT ON "event" WHEN new.kind IN {INDEXED} BEGIN INSERT INTO message_fts(rowid, subject, body) VALUES (new.seq, new.subject, new.body); END',
    f'CREATE TRIGGER "event_fts_ad" AFTER DELETE ON "event" WHEN old.kind IN {INDEXED} BEGIN INSERT INTO message_fts(message_fts, rowid, subject, body) VALUES (\'delete\', old.seq, old.subject, old.body); END',
    # one update trigger doing both steps in order (separate triggers run in reverse order)
    f'CREATE TRIGGER "event_fts_au" AFTER UPDATE OF subject, body, kind ON "event" BEGIN INSERT INTO message_fts(message_fts, rowid, subject, body) SELECT \'delete\', old.seq, old.subject, old.body WHERE old.kind IN {INDEXED}; INSERT INTO message_fts(rowid, subject, body) SELECT new.seq, new.subject, new.body WHERE new.kind IN {INDEXED}; END',
]


def up(migrator: SchemaMigrator, db: Database) -> None:
    for statement in STATEMENTS:
        db.execute_sql(statement)
