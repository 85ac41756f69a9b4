"""The sentiment sweep over contacts from before scoring existed (desktop/sentiment.py):
chunks, a mark in the database that a later run resumes from, languages not scored left
None and read once; and the desk's influencer list (desktop/reports.py)."""

from __future__ import annotations

from pathlib import Path

from desktop import reports, sentiment
from desktop.seed import seed
from models.base import to_ms
from models.database import get_meta
from tests.conftest import NOW, open_app

TEXTS = {
    "en": "This is terrible, my parcel never arrived and nobody answers",
    "fr": "Colis jamais arrivé, service nul, je suis très déçu",
    "ru": "Посылка не пришла, это ужасно",
}


def test_the_sweep_scores_old_contacts_in_chunks_and_resumes(tmp_path: Path) -> None:
    app = open_app(tmp_path / "ws")
    try:
        seed(app.db, customers=20, contacts=300, now=NOW, events_per_contact=1.0)
        db = app.db
        ids = [r[0] for r in db.execute_sql("SELECT id FROM contact ORDER BY rowid")]
        old = {lang: ids[10 + i * 100 : 13 + i * 100] for i, lang in enumerate(TEXTS)}
        for lang, chosen in old.items():
            for cid in chosen:
                db.execute_sql(
                    "UPDATE contact SET sentiment = NULL, direction = 'inbound', subject = ?, "
                    "preview = '' WHERE id = ?",
                    (TEXTS[lang], cid),
                )
                db.execute_sql("UPDATE event SET body = '' WHERE contact_id = ?", (cid,))
        # a first run stops after two small chunks (the window closed, say)
        first = [sentiment.backfill_chunk(db, limit=2, window=100) for _ in range(2)]
        assert not any(s.done for s in first)
        mark = int(get_meta(sentiment.BACKFILL_MARK) or 0)
        assert 0 < mark < len(ids)
        # a later run goes on from the mark to the end
        runs = 0
        while not sentiment.backfill_chunk(db, limit=2, window=100).done:
            runs += 1
            assert runs < 1000
        assert get_meta(sentiment.BACKFILL_MARK) == sentiment.BACKFILL_DONE
        scores = {
            r[0]: r[1]
            for r in db.execute_sql(
                f"SELECT id, sentiment FROM contact WHERE id IN ({','.join('?' * 9)})",
                [c for v in old.values() for c in v],
            )
        }
        assert all(scores[c] is not None and scores[c] < -0.05 for c in old["en"] + old["fr"])
        assert all(scores[c] is None for c in old["ru"])  # not scored, and said so on the panel
        assert sentiment.backfill_chunk(db).done  # finished stays finished: nothing read
    finally:
        app.close()


def test_influencers_by_reach_with_their_recent_sentiment(tmp_path: Path) -> None:
    app = open_app(tmp_path / "ws")
    try:
        seed(app.db, customers=40, contacts=400, now=NOW, events_per_contact=1.0)
        db = app.db
        people = [r[0] for r in db.execute_sql("SELECT id FROM customer ORDER BY id LIMIT 3")]
        db.execute_sql("UPDATE customer SET influencer = 0, reach = 10")
        db.execute_sql("UPDATE customer SET reach = 50000 WHERE id = ?", (people[0],))
        db.execute_sql("UPDATE customer SET reach = 9000 WHERE id = ?", (people[1],))
        db.execute_sql("UPDATE customer SET influencer = 1, reach = 5 WHERE id = ?", (people[2],))
        now = to_ms(NOW)
        rows = reports.influencer_rows(db.connection(), now, min_reach=1000)
        assert [r[0] for r in rows] == people[:3]  # by reach; the watched one whatever theirs
        assert rows[2][4] is True and rows[0][4] is False
        for cid, *_rest, n, negative, _mean, _last in rows:
            recent = db.execute_sql(
                "SELECT count(*), sum(sentiment < -0.05) FROM contact WHERE customer_id = ? "
                "AND received_at >= ? AND direction = 'inbound'",
                (cid, now - 30 * 86_400_000),
            ).fetchone()
            assert (n, negative) == (recent[0], recent[1] or 0)
        posts = reports.influencer_posts(db.connection(), people[0])
        assert [p[1] for p in posts] == sorted((p[1] for p in posts), reverse=True)
    finally:
        app.close()
