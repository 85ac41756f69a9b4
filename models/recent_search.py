"""Full-text search for very common words: the newest messages read in order, no index.

FTS5 answers a prefix query (``"the"*``, what the search box sends for every word) by
merging the whole doclist of every term with that prefix before it returns the first
row, whatever the LIMIT: 70-130 ms for "the" at 1M contacts / 3M indexed messages,
while an exact term (``"the"``) returns its newest 50 hits in 0.2 ms (measured in
benchmarks/search_bench.py). The commoner a word, the slower its index answer and the
sooner the newest messages hold enough hits. So the newest indexed messages are read
first, newest first, in pages, and matched here the way the index's tokenizer would
(unicode61 remove_diacritics 2: a token is a run of letters and digits, compared
without case or accents; each query word a prefix of some token of subject or body,
all words in one message). When ``limit`` hits turn up within ``SCAN_ROWS`` messages
they are exactly the index's first ``limit`` hits (every newer message was read);
otherwise the caller asks FTS5, which is quick then: the words are not that common.

Only plain ASCII words take this way (the common ones); other text goes to the index,
so no question of how the tokenizer folds a script arises. The snippet is made in the
manner of FTS5's ``snippet(…, '[', ']', '…', 12)``: 12 tokens of the body around the
first hit, hits bracketed (FTS5 may choose a window a few tokens off).
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from models.queries import Database

# models/migrations/0006_fts_messages_only.py: the kinds the index holds
INDEXED_KINDS = ("inbound", "reply", "note", "call", "reminder", "purchase", "invoice")
SCAN_ROWS = 6000  # read at most about this many of the newest messages, then the index
PAGE = 300
SNIPPET_TOKENS = 12
_WORD = re.compile(r"[a-z0-9]+")
_TOKEN = re.compile(r"[^\W_]+")


def scan_words(words: list[str]) -> list[str] | None:
    """The query words, folded, if all are plain ASCII letters and digits (else None)."""
    folded = [w.lower() for w in words]
    return folded if folded and all(_WORD.fullmatch(w) for w in folded) else None


def fold(text: str) -> str:
    """What unicode61 remove_diacritics 2 compares: lower case, accents off."""
    text = text.lower()
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def _has_word_start(text: str, word: str) -> bool:
    """Whether word starts a token somewhere in text (str.find: no regex per position)."""
    at = text.find(word)
    while at >= 0:
        if at == 0 or not (text[at - 1].isalnum() and text[at - 1] != "_"):
            return True
        at = text.find(word, at + 1)
    return False


def snippet(body: str, words: list[str]) -> str:
    """FTS5's snippet of the body: SNIPPET_TOKENS tokens around the first hit."""
    tokens = list(_TOKEN.finditer(body))
    if not tokens:
        return body
    hits = [any(fold(t.group()).startswith(w) for w in words) for t in tokens]
    first = hits.index(True) if True in hits else 0
    start = first - (SNIPPET_TOKENS - 1) // 2
    start = max(0, min(start, len(tokens) - SNIPPET_TOKENS))
    end = min(len(tokens), start + SNIPPET_TOKENS)
    parts = ["…" if start > 0 else body[: tokens[0].start()]]
    for i in range(start, end):
        token = tokens[i]
        parts.append(f"[{token.group()}]" if hits[i] else token.group())
        following = tokens[i + 1].start() if i + 1 < len(tokens) else len(body)
        if i + 1 < end or end == len(tokens):
            parts.append(body[token.end() : following])
    if end < len(tokens):
        parts.append("…")
    return "".join(parts)


def newest_hits(db: Database, words: list[str], limit: int) -> list[dict[str, Any]] | None:
    """The newest ``limit`` messages holding every word (as a token prefix), if they are
    among the newest SCAN_ROWS indexed messages; None when the index must answer (also
    as soon as the hits so far say that SCAN_ROWS will not hold ``limit`` of them)."""
    kinds = ",".join("?" * len(INDEXED_KINDS))
    sql = (  # only what is matched: the other columns are read for the hits alone
        "SELECT seq, subject, body FROM event "
        f"WHERE seq < ? AND kind IN ({kinds}) ORDER BY seq DESC LIMIT ?"
    )
    found: list[tuple[int, str]] = []  # (seq, snippet)
    below, read = 1 << 62, 0
    while len(found) < limit:
        rows = db.execute_sql(sql, [below, *INDEXED_KINDS, PAGE]).fetchall()
        for seq, subject, body in rows:
            text = fold(f"{subject}\n{body}")
            if all(_has_word_start(text, w) for w in words):
                found.append((seq, snippet(body, words)))
                if len(found) >= limit:
                    break
        if len(found) >= limit or len(rows) < PAGE:
            break  # enough, or every indexed message was read: these are all the hits
        read += len(rows)
        below = rows[-1][0]
        # not common enough to fill the page from the newest SCAN_ROWS: the index is quick
        if not found or read * limit / len(found) > SCAN_ROWS:
            return None
    return _details(db, found)


def _details(db: Database, found: list[tuple[int, str]]) -> list[dict[str, Any]]:
    if not found:
        return []
    marks = ",".join("?" * len(found))
    rows = db.execute_sql(
        "SELECT seq, id, contact_id, customer_id, at, channel, kind, subject FROM event "
        f"WHERE seq IN ({marks})",
        [seq for seq, _ in found],
    ).fetchall()
    by_seq = {row[0]: row for row in rows}
    out = []
    for seq, text in found:
        _seq, eid, contact, customer, at, channel, kind, subject = by_seq[seq]
        out.append(
            {
                "event_id": eid,
                "contact_id": contact,
                "customer_id": customer,
                "at": at,
                "channel": channel,
                "kind": kind,
                "subject": subject,
                "snippet": text,
            }
        )
    return out
