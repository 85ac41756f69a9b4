"""The supervisor desk's first figures from counters kept by the database itself (issue 13).

``kpi_open`` counts the contacts not yet resolved per (channel, skill, status, team,
holder); ``kpi_hour`` counts every contact received per (hour, channel, holder). Triggers on
``contact`` keep both in the same transaction as the write that changes them, whichever
path wrote it: the ops through desktop/mutator, the intake's bulk insert, the sync's apply
(its UPSERT fires the update trigger), an erasure's delete. The holder stays in the key so
that trainees' work is left out when the counters are read (a role can change later).
Rows whose count falls to 0 are kept (the readers skip them). desktop/supervisor.py's
``rebuild_counters`` recounts both from the contacts (a repair; tests compare the two).
"""

OPEN_KEY = "channel, skill, status, team, agent"

STATEMENTS = [
    'CREATE TABLE "kpi_open" ("channel" TEXT NOT NULL, "skill" TEXT NOT NULL, '
    '"status" TEXT NOT NULL, "team" TEXT NOT NULL, "agent" TEXT NOT NULL, '
    '"n" INTEGER NOT NULL, PRIMARY KEY ("channel", "skill", "status", "team", "agent")) '
    "WITHOUT ROWID",
    'CREATE TABLE "kpi_hour" ("hour" INTEGER NOT NULL, "channel" TEXT NOT NULL, '
    '"agent" TEXT NOT NULL, "n" INTEGER NOT NULL, PRIMARY KEY ("hour", "channel", "agent")) '
    "WITHOUT ROWID",
    # -- added ------------------------------------------------------------------------------
    """CREATE TRIGGER "kpi_contact_insert" AFTER INSERT ON "contact" BEGIN
        INSERT INTO kpi_open (channel, skill, status, team, agent, n)
            SELECT NEW.channel, NEW.skill, NEW.status, NEW.team,
                   coalesce(NEW.assigned_to_id, ''), 1 WHERE NEW.status <> 'resolved'
            ON CONFLICT DO UPDATE SET n = n + 1;
        INSERT INTO kpi_hour (hour, channel, agent, n)
            VALUES (NEW.received_at / 3600000, NEW.channel, coalesce(NEW.assigned_to_id, ''), 1)
            ON CONFLICT DO UPDATE SET n = n + 1;
    END""",
    # -- removed ----------------------------------------------------------------------------
    """CREATE TRIGGER "kpi_contact_delete" AFTER DELETE ON "contact" BEGIN
        UPDATE kpi_open SET n = n - 1 WHERE OLD.status <> 'resolved'
            AND channel = OLD.channel AND skill = OLD.skill AND status = OLD.status
            AND team = OLD.team AND agent = coalesce(OLD.assigned_to_id, '');
        UPDATE kpi_hour SET n = n - 1 WHERE hour = OLD.received_at / 3600000
            AND channel = OLD.channel AND agent = coalesce(OLD.assigned_to_id, '');
    END""",
    # -- changed (only when a counted column did) -------------------------------------------
    """CREATE TRIGGER "kpi_contact_update_open" AFTER UPDATE OF channel, skill, status, team,
        assigned_to_id ON "contact" WHEN OLD.channel IS NOT NEW.channel
        OR OLD.skill IS NOT NEW.skill OR OLD.status IS NOT NEW.status
        OR OLD.team IS NOT NEW.team OR OLD.assigned_to_id IS NOT NEW.assigned_to_id BEGIN
        UPDATE kpi_open SET n = n - 1 WHERE OLD.status <> 'resolved'
            AND channel = OLD.channel AND skill = OLD.skill AND status = OLD.status
            AND team = OLD.team AND agent = coalesce(OLD.assigned_to_id, '');
        INSERT INTO kpi_open (channel, skill, status, team, agent, n)
            SELECT NEW.channel, NEW.skill, NEW.status, NEW.team,
                   coalesce(NEW.assigned_to_id, ''), 1 WHERE NEW.status <> 'resolved'
            ON CONFLICT DO UPDATE SET n = n + 1;
    END""",
    """CREATE TRIGGER "kpi_contact_update_hour" AFTER UPDATE OF received_at, channel,
        assigned_to_id ON "contact" WHEN OLD.channel IS NOT NEW.channel
        OR OLD.received_at / 3600000 IS NOT NEW.received_at / 3600000
        OR OLD.assigned_to_id IS NOT NEW.assigned_to_id BEGIN
        UPDATE kpi_hour SET n = n - 1 WHERE hour = OLD.received_at / 3600000
            AND channel = OLD.channel AND agent = coalesce(OLD.assigned_to_id, '');
        INSERT INTO kpi_hour (hour, channel, agent, n)
            VALUES (NEW.received_at / 3600000, NEW.channel, coalesce(NEW.assigned_to_id, ''), 1)
            ON CONFLICT DO UPDATE SET n = n + 1;
    END""",
    # -- the contacts already there ---------------------------------------------------------
    f"INSERT INTO kpi_open ({OPEN_KEY}, n) SELECT channel, skill, status, team, "
    "coalesce(assigned_to_id, ''), count(*) FROM contact WHERE status <> 'resolved' "
    "GROUP BY 1, 2, 3, 4, 5",
    "INSERT INTO kpi_hour (hour, channel, agent, n) SELECT received_at / 3600000, channel, "
    "coalesce(assigned_to_id, ''), count(*) FROM contact GROUP BY 1, 2, 3",
]


def up(migrator, db):
    for statement in STATEMENTS:
        db.execute_sql(statement)
