"""Very common words are found by reading the newest messages (models/recent_search.py):
the same hits, in the same order, as the full-text index gives for the same query."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.app import Application
from desktop.seed import seed
from models import recent_search
from models.queries import fts_query, search_messages, search_words
from tests.conftest import NOW, open_app

INDEX = (
    "SELECT e.id FROM message_fts JOIN event e ON e.seq = message_fts.rowid "
    "WHERE message_fts MATCH ? ORDER BY message_fts.rowid DESC LIMIT ?"
)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Application]:
    app = open_app(tmp_path_factory.mktemp("search") / "ws")
    seed(app.db, customers=300, contacts=2500, now=NOW)
    app.db.execute_sql(  # accents: the index folds them (remove_diacritics 2), so must we
        "UPDATE event SET body = 'Le café était froid, REFUNDé? Ça va.' WHERE seq IN "
        "(SELECT seq FROM event WHERE kind = 'inbound' ORDER BY seq DESC LIMIT 3)"
    )
    yield app
    app.close()


def index_ids(app: Application, text: str, limit: int) -> list[str]:
    return [r[0] for r in app.db.execute_sql(INDEX, [fts_query(text), limit]).fetchall()]


@pytest.mark.parametrize(
    "text",
    [
        "the",
        "th",
        "a",
        "order",
        "refund",
        "cafe",
        "etait",
        "ca",
        "the order",
        "bike battery",
        "zzqq",
    ],
)
def test_the_newest_messages_give_the_index_hits(seeded: Application, text: str) -> None:
    words = recent_search.scan_words(search_words(text))
    assert words is not None
    for limit in (1, 51):
        scanned = recent_search.newest_hits(seeded.db, words, limit)
        expected = index_ids(seeded, text, limit)
        if scanned is not None:  # None: not common enough, the index answers
            assert [h["event_id"] for h in scanned] == expected
        assert [m["event_id"] for m in search_messages(seeded.db, text, limit=limit)] == expected


def test_common_words_are_answered_by_the_scan_rare_ones_by_the_index(
    seeded: Application,
) -> None:
    assert recent_search.newest_hits(seeded.db, ["the"], 51) is not None
    assert recent_search.newest_hits(seeded.db, ["zzqq"], 51) is None
    # text the scan leaves to the index: other scripts, punctuation inside words
    assert recent_search.scan_words(["Straße"]) is None
    assert recent_search.scan_words(["foo_bar"]) is None


def test_snippets_bracket_the_hits_like_the_index() -> None:
    body = "Good news: the refund was issued this morning and shows within three working days."
    text = recent_search.snippet(body, ["refund"])
    assert text == "Good news: the [refund] was issued this morning and shows within three…"
    assert recent_search.snippet("short one", ["sh"]) == "[short] one"
    long = " ".join(f"w{i}" for i in range(40)) + " target " + " ".join("x" * 3 for _ in range(40))
    cut = recent_search.snippet(long, ["target"])
    assert cut.startswith("…") and cut.endswith("…") and "[target]" in cut
    assert len(cut.split()) == recent_search.SNIPPET_TOKENS
    assert recent_search.fold("Ça CAFÉ") == "ca cafe"


def test_every_message_read_when_there_are_fewer(tmp_path: Path) -> None:
    app = open_app(tmp_path / "small")
    try:
        seed(app.db, customers=5, contacts=20, now=NOW)
        hits = recent_search.newest_hits(app.db, ["the"], 10_000)
        assert hits is not None  # all read: these are all of them
        assert [h["event_id"] for h in hits] == index_ids(app, "the", 10_000)
    finally:
        app.close()
