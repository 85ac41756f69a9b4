"""VADER (``vaderSentiment`` 3.3.2) with the same scores in linear time, for
desktop/sentiment.py; tests/test_sentiment.py compares every score with VADER's own."""

from __future__ import annotations

from typing import Any

from vaderSentiment import vaderSentiment as vs  # noqa: N813 - the package's module name

NEGATIONS = frozenset(vs.NEGATE)


def negated(word: str) -> bool:  # vs.negated([word]) for one lowercase word
    return word in NEGATIONS or "n't" in word


class Analyzer(vs.SentimentIntensityAnalyzer):  # type: ignore[misc]  # untyped library
    """VADER, the same scores in linear time (tests/test_sentiment.py compares them
    with VADER's own). VADER's negation and idiom checks lowercase the WHOLE text's
    word list for every word they look at (quadratic: a 2,000-character mail took
    ~3 ms, 94 % of an import's CPU): the negation check here reads the three words
    before i, and the idiom check gets the window i - 3 .. i + 2 that it reads (its
    caller guarantees i >= 3). A text without emoji skips VADER's character-by-
    character emoji rewrite, which leaves such a text as it is."""

    def __init__(self) -> None:
        super().__init__()
        self._emoji = frozenset(self.emojis)

    def polarity_scores(self, text: str) -> Any:
        if not self._emoji.isdisjoint(text):
            return super().polarity_scores(text)
        # the base's body after the emoji rewrite, unchanged
        sentitext = vs.SentiText(text.strip())
        sentiments: list[float] = []
        words = sentitext.words_and_emoticons
        for i, item in enumerate(words):
            lower = item.lower()
            if lower in vs.BOOSTER_DICT or (
                i < len(words) - 1 and lower == "kind" and words[i + 1].lower() == "of"
            ):
                sentiments.append(0)
                continue
            sentiments = self.sentiment_valence(0, sentitext, item, i, sentiments)
        sentiments = self._but_check(words, sentiments)
        return self.score_valence(sentiments, text.strip())

    @staticmethod
    def _negation_check(valence: float, words: list[str], start_i: int, i: int) -> Any:
        if start_i == 0:
            if negated(words[i - 1].lower()):
                valence = valence * vs.N_SCALAR
        elif start_i == 1:
            two, one = words[i - 2].lower(), words[i - 1].lower()
            if two == "never" and one in ("so", "this"):
                valence = valence * 1.25
            elif two == "without" and one == "doubt":
                pass
            elif negated(two):
                valence = valence * vs.N_SCALAR
        elif start_i == 2:
            three, two, one = words[i - 3].lower(), words[i - 2].lower(), words[i - 1].lower()
            if (three == "never" and two in ("so", "this")) or one in ("so", "this"):
                valence = valence * 1.25
            elif three == "without" and (two == "doubt" or one == "doubt"):
                pass
            elif negated(three):
                valence = valence * vs.N_SCALAR
        return valence

    @staticmethod
    def _special_idioms_check(valence: float, words: list[str], i: int) -> Any:
        lo = max(0, i - 3)
        return vs.SentimentIntensityAnalyzer._special_idioms_check(
            valence, words[lo : i + 3], i - lo
        )
