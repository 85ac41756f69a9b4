"""The supervisor desk's backlog ages, SLA breaches and unanswered contacts from counters
kept by the database itself (issue 13), as migration 0030 does for the open work.

``kpi_open_hour`` counts the contacts not yet resolved per (hour received, channel, team,
holder): the backlog's age buckets are these hours summed, plus an exact count of the few
contacts of the one hour each bucket's bound falls in (``contact_open_received``).
``kpi_unanswered`` counts the open contacts without a first response per (hour due,
channel, team, holder; hour -1: no due time): the SLA breaches are the hours before the
running one, plus an exact count of the running hour (``contact_unanswered_due``), and the
unacknowledged contacts of the asynchronous channels are its rows of those channels.
``contact_waiting`` finds the parked contacts without reading every open one.

Triggers on ``contact`` keep both in the writes' own transactions, whichever path wrote
(the ops, the intake's bulk insert, the sync's UPSERT, an erasure's delete); the holder
stays in the key so that trainees' work is left out when they are read. desktop/
supervisor_counters.py's ``rebuild_counters`` recounts them (a repair; tests compare).
"""

from peewee import Database
from playhouse.migrate import SchemaMigrator

OPEN_HOUR = "received_at / 3600000, channel, team, coalesce(assigned_to_id, '')"
DUE_HOUR = "coalesce(due_at / 3600000, -1), channel, team, coalesce(assigned_to_id, '')"
UNANSWERED = "status = 'open' AND first_response_at IS NULL"
# the SLA of a contact with a due time: met or late (answered), open (not yet, not
# resolved: late once due) or none (resolved unanswered)
SLA_OPEN = "first_response_at IS NULL AND status <> 'resolved' AND due_at IS NOT NULL"
SLA_COLS = "hour, channel, agent, state, due_hour"


def sla_key(o: str = "") -> str:
    """``kpi_sla``'s key of a row (``o``: "OLD." or "NEW." in a trigger, "" in a query)."""
    return (
        f"{o}received_at / 3600000, {o}channel, coalesce({o}assigned_to_id, ''), "
        f"CASE WHEN {o}first_response_at IS NOT NULL THEN CASE WHEN {o}first_response_at <= "
        f"{o}due_at THEN 'met' ELSE 'late' END WHEN {o}status <> 'resolved' THEN 'open' "
        f"ELSE 'none' END, CASE WHEN {o}first_response_at IS NULL AND {o}status <> 'resolved' "
        f"THEN {o}due_at / 3600000 ELSE -1 END"
    )


def _keys(o: str) -> tuple[str, str]:
    """The two counters' keys of one row (``o``: OLD or NEW)."""
    holder = f"coalesce({o}.assigned_to_id, '')"
    return (
        f"{o}.received_at / 3600000, {o}.channel, {o}.team, {holder}",
        f"coalesce({o}.due_at / 3600000, -1), {o}.channel, {o}.team, {holder}",
    )


def _add(o: str) -> str:
    open_key, due_key = _keys(o)
    return (
        f"INSERT INTO kpi_open_hour ({OPEN_COLS}, n) SELECT {open_key}, 1 "
        f"WHERE {o}.status <> 'resolved' ON CONFLICT DO UPDATE SET n = n + 1;\n"
        f"        INSERT INTO kpi_unanswered ({DUE_COLS}, n) SELECT {due_key}, 1 "
        f"WHERE {o}.status = 'open' AND {o}.first_response_at IS NULL "
        "ON CONFLICT DO UPDATE SET n = n + 1;\n"
        f"        INSERT INTO kpi_sla ({SLA_COLS}, n) SELECT {sla_key(o + '.')}, 1 "
        f"WHERE {o}.due_at IS NOT NULL ON CONFLICT DO UPDATE SET n = n + 1;"
    )


def _remove(o: str) -> str:
    """Take one row out of the counters; a key whose count reaches 0 goes (what the desk
    reads must not grow with the days: a key per hour, channel, team and holder)."""
    holder = f"coalesce({o}.assigned_to_id, '')"
    open_where = (
        f"hour = {o}.received_at / 3600000 AND channel = {o}.channel "
        f"AND team = {o}.team AND agent = {holder}"
    )
    due_where = (
        f"due_hour = coalesce({o}.due_at / 3600000, -1) "
        f"AND channel = {o}.channel AND team = {o}.team AND agent = {holder}"
    )
    sla_where = f"({SLA_COLS}) = ({sla_key(o + '.')})"
    return (
        f"UPDATE kpi_open_hour SET n = n - 1 WHERE {o}.status <> 'resolved' AND {open_where};\n"
        f"        DELETE FROM kpi_open_hour WHERE {o}.status <> 'resolved' AND {open_where} "
        "AND n = 0;\n"
        f"        UPDATE kpi_unanswered SET n = n - 1 WHERE {o}.status = 'open' "
        f"AND {o}.first_response_at IS NULL AND {due_where};\n"
        f"        DELETE FROM kpi_unanswered WHERE {o}.status = 'open' "
        f"AND {o}.first_response_at IS NULL AND {due_where} AND n = 0;\n"
        f"        UPDATE kpi_sla SET n = n - 1 WHERE {o}.due_at IS NOT NULL AND {sla_where};\n"
        f"        DELETE FROM kpi_sla WHERE {o}.due_at IS NOT NULL AND {sla_where} AND n = 0;"
    )


OPEN_COLS = "hour, channel, team, agent"
DUE_COLS = "due_hour, channel, team, agent"


COUNTED = "received_at, due_at, channel, team, assigned_to_id, status, first_response_at"
CHANGED = " OR ".join(f"OLD.{c.strip()} IS NOT NEW.{c.strip()}" for c in COUNTED.split(","))

TABLES = [
    'CREATE TABLE "kpi_open_hour" ("hour" INTEGER NOT NULL, "channel" TEXT NOT NULL, '
    '"team" TEXT NOT NULL, "agent" TEXT NOT NULL, "n" INTEGER NOT NULL, '
    'PRIMARY KEY ("hour", "channel", "team", "agent")) WITHOUT ROWID',
    'CREATE TABLE "kpi_unanswered" ("due_hour" INTEGER NOT NULL, "channel" TEXT NOT NULL, '
    '"team" TEXT NOT NULL, "agent" TEXT NOT NULL, "n" INTEGER NOT NULL, '
    'PRIMARY KEY ("due_hour", "channel", "team", "agent")) WITHOUT ROWID',
    'CREATE TABLE "kpi_sla" ("hour" INTEGER NOT NULL, "channel" TEXT NOT NULL, '
    '"agent" TEXT NOT NULL, "state" TEXT NOT NULL, "due_hour" INTEGER NOT NULL, '
    '"n" INTEGER NOT NULL, PRIMARY KEY ("hour", "channel", "agent", "state", "due_hour")) '
    "WITHOUT ROWID",
]
# every index here also says ``team >= ''`` (always true: the column is text, never
# NULL), which only the desk's own statements say: the queue's, the routing's and the
# sweeps' plans never pick these up in place of the indexes made for them. (Not "IS NOT
# NULL": newer SQLite drops that term from a query on a NOT NULL column, and the index
# would then be no use to the desk either.)
DESK_ONLY = "\"team\" >= ''"
INDEXES = [
    # the exact count of the hour a bucket's bound falls in, and the oldest open contact
    'CREATE INDEX "contact_open_received" ON "contact" ("received_at", "channel", '
    '"assigned_to_id", "team", "status", "first_response_at") WHERE "status" <> \'resolved\' '
    f"AND {DESK_ONLY}",
    # the breaches of the running hour
    'CREATE INDEX "contact_unanswered_due" ON "contact" ("due_at", "assigned_to_id", "team") '
    f"WHERE {UNANSWERED} AND {DESK_ONLY}",
    'CREATE INDEX "contact_waiting" ON "contact" ("assigned_to_id") WHERE "status" = \'waiting\' '
    f"AND {DESK_ONLY}",
    # the SLA's unanswered due this hour: late or not yet is told by the minute
    'CREATE INDEX "contact_sla_due" ON "contact" ("due_at", "received_at", "channel", '
    f'"assigned_to_id") WHERE {SLA_OPEN} AND {DESK_ONLY}',
]
TRIGGERS = [
    f"""CREATE TRIGGER "kpi_desk_insert" AFTER INSERT ON "contact" BEGIN
        {_add("NEW")}
    END""",
    f"""CREATE TRIGGER "kpi_desk_delete" AFTER DELETE ON "contact" BEGIN
        {_remove("OLD")}
    END""",
    f"""CREATE TRIGGER "kpi_desk_update" AFTER UPDATE OF {COUNTED} ON "contact"
        WHEN {CHANGED} BEGIN
        {_remove("OLD")}
        {_add("NEW")}
    END""",
]
# the contacts already there (also the repair's recount)
FILL = [
    f"INSERT INTO kpi_open_hour ({OPEN_COLS}, n) SELECT {OPEN_HOUR}, count(*) FROM contact "
    "WHERE status <> 'resolved' GROUP BY 1, 2, 3, 4",
    f"INSERT INTO kpi_unanswered ({DUE_COLS}, n) SELECT {DUE_HOUR}, count(*) FROM contact "
    f"WHERE {UNANSWERED} GROUP BY 1, 2, 3, 4",
    f"INSERT INTO kpi_sla ({SLA_COLS}, n) SELECT {sla_key()}, count(*) FROM contact "
    "WHERE due_at IS NOT NULL GROUP BY 1, 2, 3, 4, 5",
]
STATEMENTS = TABLES + INDEXES + TRIGGERS + FILL


def up(migrator: SchemaMigrator, db: Database) -> None:
    for statement in STATEMENTS:
        db.execute_sql(statement)
