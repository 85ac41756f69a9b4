"""Alert rules (issue 13, social listening): team data synced like templates (issue 16).

One row per rule: its kind (negativity_spike, volume_spike, keyword, influencer), the
channel it watches ('' = each channel), its word list and watch list (JSON arrays), its
threshold (a ratio over the baseline for spikes, a follower count for influencers; NULL =
the default) and its team. The partial index makes the negative-share baseline of
desktop/alerts.py an index range count (the same clause as sentiment.NEGATIVE_AT)."""

STATEMENTS = [
    'CREATE TABLE "alert_rule" ("id" VARCHAR(255) NOT NULL PRIMARY KEY, "kind" VARCHAR(255) NOT NULL, "channel" VARCHAR(255) NOT NULL DEFAULT \'\', "keywords" TEXT NOT NULL DEFAULT \'[]\', "watch" TEXT NOT NULL DEFAULT \'[]\', "threshold" REAL, "team" VARCHAR(255) NOT NULL DEFAULT \'\', "created_at" INTEGER NOT NULL)',
    'CREATE INDEX "contact_negative" ON "contact" ("channel", "received_at") '
    'WHERE "sentiment" <= -0.05',
    # the alerts of a kind since a time (lastmile alerts --since, the episode check)
    'CREATE INDEX "alert_kind_at" ON "alert" ("kind", "at")',
]


def up(migrator, db):
    for statement in STATEMENTS:
        db.execute_sql(statement)
