"""Alerts acknowledged for the team, and alert rules that count their own team (issue 13).

``alert_ack``: the team's acknowledgement of an alert (``alert.ack``, kept by the server and
pulled by every desktop of the team: who, when). Alerts are derived on each desktop with the
same id everywhere, so an acknowledgement may arrive before this desktop has raised the
alert: the trigger makes such an alert born acknowledged, whichever code inserts it.

``contact_team_arrival``: a team's rule counts the arrivals of its team's contacts (and of
contacts with no team yet) per channel and window, as index range counts; it holds the
sentiment, so the negative share is counted from it too, and replaces 0024's
``contact_negative``."""

from peewee import Database
from playhouse.migrate import SchemaMigrator

_ACKED = (
    "json_set(CASE WHEN json_valid(new.detail) THEN new.detail ELSE '{}' END, "
    "'$.acknowledged_by', k.by_name, '$.acknowledged_by_id', k.by_id, "
    "'$.acknowledged_at', k.at)"
)

STATEMENTS = [
    'CREATE TABLE "alert_ack" ("alert_id" VARCHAR(255) NOT NULL PRIMARY KEY, '
    '"by_id" VARCHAR(255), "by_name" VARCHAR(255) NOT NULL DEFAULT \'\', '
    '"at" INTEGER NOT NULL)',
    f'CREATE TRIGGER "alert_born_acknowledged" AFTER INSERT ON "alert" '
    f'WHEN EXISTS (SELECT 1 FROM "alert_ack" WHERE "alert_id" = new.id) BEGIN '
    f"UPDATE \"alert\" SET state = 'acknowledged', detail = (SELECT {_ACKED} "
    f'FROM "alert_ack" k WHERE k.alert_id = new.id) WHERE id = new.id; END',
    'DROP INDEX IF EXISTS "contact_negative"',
    'CREATE INDEX "contact_team_arrival" ON "contact" ("channel", "team", "received_at", '
    '"sentiment")',
]


def up(migrator: SchemaMigrator, db: Database) -> None:
    for statement in STATEMENTS:
        db.execute_sql(statement)
