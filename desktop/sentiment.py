"""Offline sentiment of inbound text.

Method:
- Language: a cheap stop-word vote. The text's lowercase word tokens are counted
  against short lists of very common English, German and French function words;
  the language with most hits wins (ties and texts with no hit count as English,
  because VADER is also the only scorer that reads emoji and punctuation).
- English: VADER (``vaderSentiment`` 3.3.2, lexicon shipped in the wheel, no
  network; desktop/vader.py computes VADER's scores in linear time). The score is
  VADER's ``compound`` in [-1, 1]; <= -0.05 is negative, >= 0.05 positive, otherwise
  neutral (VADER's own published thresholds).
- German and French: a small lexicon of complaint words (and a few positive
  ones) with simple negation of the next word ("nicht gut", "pas content").
  score = (pos - neg) / sqrt((pos + neg)^2 + 15), the same normalisation VADER
  uses, so a French complaint is negative and never silently neutral.
- Other languages are not guessed at: they come back as ``label="not scored"``
  with ``score=None``.

Contacts stored before scoring existed are scored by ``backfill_chunk``, a resumable sweep
in short chunks (the desk runs it off the UI thread: ui/supervisor/sweep.py).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

NEGATIVE_AT = -0.05
POSITIVE_AT = 0.05

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def _words(spaced: str) -> frozenset[str]:
    return frozenset(spaced.split())


_STOP = {
    "en": _words(
        "the and is are was were you your my i it this that not have has with for of to "
        "in on me we they be been do does did but no yes please thanks"
    ),
    "de": _words(
        "der die das und ist sind war nicht ich mich mir sie wir ihr ein eine einen mit "
        "für auf zu von bei noch schon aber kein keine habe hat haben bitte danke"
    ),
    "fr": _words(
        "le la les et est sont était pas je me moi vous nous un une des avec pour sur de "
        "du au aux mais ne plus très ai avez merci bonjour votre mon ma"
    ),
}

_NEG = {
    "de": _words(
        "schlecht schlechter schlechteste schrecklich furchtbar katastrophe katastrophal "
        "ärgerlich verärgert wütend enttäuscht enttäuschend unzufrieden beschwerde "
        "reklamation kaputt defekt beschädigt falsch fehler mangelhaft unverschämt frechheit "
        "skandal betrug abzocke nie niemals storno stornieren kündigen kündigung "
        "zurückerstattung erstattung verspätet verspätung ignoriert unmöglich nervig "
        "inakzeptabel miserabel lächerlich"
    ),
    "fr": _words(
        "mauvais mauvaise nul nulle horrible terrible catastrophe catastrophique inadmissible "
        "inacceptable déçu déçue décevant mécontent mécontente furieux furieuse fâché "
        "plainte réclamation cassé cassée défectueux défectueuse abîmé erreur faux fausse "
        "scandale arnaque escroquerie jamais annuler annulation résilier remboursement "
        "rembourser retard retardé ignoré impossible honteux honte lamentable pire "
        "insupportable"
    ),
}

_POS = {
    "de": _words("gut super toll prima danke zufrieden perfekt schnell freundlich"),
    "fr": _words("bien bon bonne super parfait merci content contente rapide excellent"),
}

_NEGATORS = {
    "de": _words("nicht kein keine keinen nie"),
    "fr": _words("pas jamais ni aucun aucune"),
}


@dataclass(frozen=True)
class Sentiment:
    score: float | None  # [-1, 1]; None when the language is not scored
    label: str  # "negative" | "neutral" | "positive" | "not scored"
    language: str  # "en" | "de" | "fr" | "other"
    method: str  # "vader" | "lexicon" | "none"


def detect_language(text: str) -> str:
    """'en', 'de', 'fr' by stop-word vote; 'other' for letters in none of them."""
    words = [w.lower() for w in _WORD.findall(text)]
    if not words:
        return "en"
    hits = {lang: sum(1 for w in words if w in stop) for lang, stop in _STOP.items()}
    best = max(hits, key=lambda k: (hits[k], k == "en"))
    if hits[best] == 0:
        # Non-Latin scripts (Cyrillic, Arabic, CJK …) are not ours to guess.
        if any(not w.isascii() and not _latin(w) for w in words):
            return "other"
        return "en"
    return best


def _latin(word: str) -> bool:
    return all(ord(c) < 0x250 for c in word)


@lru_cache(maxsize=1)
def _vader() -> Any:
    from desktop.vader import Analyzer  # loaded on first use: VADER's lexicon takes ~0.1 s

    return Analyzer()


def _label(score: float) -> str:
    if score <= NEGATIVE_AT:
        return "negative"
    if score >= POSITIVE_AT:
        return "positive"
    return "neutral"


def _lexicon(text: str, lang: str) -> float:
    pos = neg = 0
    flip = False
    for w in (w.lower() for w in _WORD.findall(text)):
        if w in _NEGATORS[lang]:
            flip = True
            if lang == "de" and w in ("nie",):
                neg += 1
            continue
        if w in _NEG[lang]:
            pos, neg = (pos + 1, neg) if flip else (pos, neg + 1)
        elif w in _POS[lang]:
            pos, neg = (pos, neg + 1) if flip else (pos + 1, neg)
        flip = False
    total = pos - neg
    if total == 0:
        return 0.0
    return total / math.sqrt(total * total + 15)


def score(text: str | None) -> Sentiment:
    """The sentiment of one inbound text; empty text is neutral English."""
    text = (text or "").strip()
    if not text:
        return Sentiment(0.0, "neutral", "en", "vader")
    lang = detect_language(text)
    if lang == "en":
        value = float(_vader().polarity_scores(text[:5000])["compound"])
        return Sentiment(round(value, 4), _label(value), "en", "vader")
    if lang in _NEG:
        value = _lexicon(text[:5000], lang)
        return Sentiment(round(value, 4), _label(value), lang, "lexicon")
    return Sentiment(None, "not scored", "other", "none")


# -- the sweep over contacts from before scoring ---------------------------------------------

BACKFILL_MARK = "sentiment_backfill_rowid"  # workspace_meta: the last contact rowid swept
BACKFILL_DONE = "done"


@dataclass(frozen=True)
class Swept:
    seen: int  # inbound contacts without a score looked at in this chunk
    scored: int  # of which now have one (the others are in a language not scored)
    done: bool  # the sweep has reached the newest contact
    ids: tuple[str, ...] = ()  # the contacts scored


def backfill_chunk(db: Any, limit: int = 500, window: int = 20_000) -> Swept:
    """Score the next ``limit`` inbound contacts that have no sentiment (those from before
    scoring existed), in rowid order after the mark kept in workspace_meta, in one short
    transaction: the sweep stops anywhere and goes on from its mark (another run, another
    day). The text is the subject and the contact's first message (its preview without
    one). Contacts in a language not scored keep None; the mark moves past them, so each
    is read once. A local figure, like the intake's score: not an intent."""
    from models.database import get_meta, set_meta

    with db.atomic("IMMEDIATE"):  # the write lock first: a busy one is waited for
        mark = get_meta(BACKFILL_MARK) or "0"
        if mark == BACKFILL_DONE:
            return Swept(0, 0, True)
        # at most ``window`` rowids a chunk, so a chunk over scored contacts stays short
        end = int(mark) + window
        rows = db.execute_sql(
            "SELECT rowid, id, subject, preview FROM contact WHERE rowid > ? AND rowid <= ? "
            "AND sentiment IS NULL AND direction = 'inbound' ORDER BY rowid LIMIT ?",
            (int(mark), end, limit),
        ).fetchall()
        scored: list[str] = []
        for _rowid, cid, subject, preview in rows:
            first = db.execute_sql(
                "SELECT body FROM event WHERE contact_id = ? AND body <> '' ORDER BY at, seq "
                "LIMIT 1",
                (cid,),
            ).fetchone()
            value = score(f"{subject} {first[0] if first else preview}").score
            if value is not None:
                db.execute_sql("UPDATE contact SET sentiment = ? WHERE id = ?", (value, cid))
                scored.append(cid)
        if len(rows) == limit:
            end = rows[-1][0]  # more in this window: go on after the last one read
        newest = db.execute_sql("SELECT max(rowid) FROM contact").fetchone()[0] or 0
        done = end >= newest
        set_meta(BACKFILL_MARK, BACKFILL_DONE if done else str(end))
    return Swept(len(rows), len(scored), done, tuple(scored))


def backfill_step(db: Any, limit: int = 500) -> Swept | None:
    """``backfill_chunk``, or None when the database is busy with other writes (the
    caller tries again later, from the same mark)."""
    import peewee

    from models.database import db_errors

    try:
        return backfill_chunk(db, limit)
    except db_errors(peewee.PeeweeException):
        return None
