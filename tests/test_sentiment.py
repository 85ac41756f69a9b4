"""Sentiment of inbound text: VADER for English, a small lexicon for German and French."""

from desktop.sentiment import detect_language, score


def test_english_complaint_is_negative_and_praise_positive():
    bad = score("This is the worst service ever, my parcel is broken and nobody answers!")
    good = score("Thanks a lot, the courier was fast and really friendly :)")
    assert bad.method == "vader" and bad.label == "negative" and bad.score is not None
    assert bad.score < -0.5
    assert good.label == "positive" and good.score is not None and good.score > 0.5


def test_english_neutral_question_is_neutral():
    s = score("When will my parcel arrive?")
    assert s.language == "en" and s.label == "neutral"


def test_french_complaint_is_never_silently_neutral():
    s = score(
        "Bonjour, je suis très déçu : le colis est arrivé cassé et personne ne répond. "
        "C'est inadmissible, je veux un remboursement."
    )
    assert s.language == "fr" and s.method == "lexicon"
    assert s.label == "negative" and s.score is not None and s.score < -0.5


def test_german_complaint_negative_and_negation_flips_praise():
    s = score("Das Paket ist kaputt und die Lieferung verspätet, ich bin sehr verärgert.")
    assert s.language == "de" and s.label == "negative"
    assert score("Der Service war nicht gut, ich bin enttäuscht.").label == "negative"
    assert score("Danke, alles super und schnell!").label == "positive"


def test_other_languages_are_recorded_as_not_scored():
    s = score("Посылка пришла сломанной, я очень недоволен")
    assert s.language == "other" and s.label == "not scored" and s.score is None


def test_detection_and_empty_text():
    assert detect_language("Where is my order, please?") == "en"
    assert detect_language("Wo ist meine Bestellung? Ich habe noch nichts bekommen.") == "de"
    assert detect_language("Où est ma commande ? Je n'ai pas reçu le colis.") == "fr"
    assert score("").label == "neutral"
    assert score(None).score == 0.0


def test_intake_scores_inbound_text_and_keeps_a_given_score(tmp_path):
    from models.schema import Contact
    from tests.conftest import contact_record, open_app

    app = open_app(tmp_path / "ws")
    try:
        ids = app.intake.ingest(
            [
                (
                    1,
                    contact_record(
                        1,
                        subject="Broken parcel",
                        body="Terrible service, the box arrived broken. I am furious!",
                    ),
                ),
                (
                    2,
                    contact_record(
                        2, subject="Colis", body="Je suis très déçu, le colis est cassé."
                    ),
                ),
                (3, contact_record(3, body="Worst ever", sentiment=0.4)),
                (4, contact_record(4, subject="Посылка", body="Посылка пришла сломанной")),
            ]
        ).contact_ids
        got = {c.external_id: c.sentiment for c in Contact.select().where(Contact.id.in_(ids))}
    finally:
        app.close()
    assert got["email-1"] is not None and got["email-1"] < -0.5
    assert got["email-2"] is not None and got["email-2"] < -0.05
    assert got["email-3"] == 0.4  # a score the record brought is kept
    assert got["email-4"] is None  # not scored, not a fake neutral


def test_the_linear_vader_scores_exactly_as_vader_does():
    """desktop.sentiment's VADER hands its negation and idiom checks a window of the word
    list instead of the whole list (linear instead of quadratic time): every score must
    be VADER's own, also around negations, idioms, "but", "least" and capitals, and at
    the start and end of a text."""
    import random

    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    from desktop.sentiment import _vader

    words = (
        "not",
        "never",
        "no",
        "nor",
        "or",
        "so",
        "this",
        "very",
        "kind",
        "of",
        "sort",
        "least",
        "at",
        "but",
        "without",
        "doubt",
        "good",
        "bad",
        "terrible",
        "awesome",
        "love",
        "hate",
        "the",
        "a",
        "is",
        "was",
        "isn't",
        "don't",
        ":)",
        ":(",
        "LOVE",
        "HATE",
        "GREAT",
        "cut",
        "mustard",
        "kiss",
        "of",
        "death",
        "yeah",
        "right",
        "bad",
        "ass",
        "the",
        "bomb",
        "shit",
        "bus",
        "stop",
        "to",
        "die",
        "for",
        "beating",
        "heart",
        "hand",
        "upper",
    )
    rng = random.Random(7)
    texts = [" ".join(rng.choice(words) for _ in range(rng.randint(1, 40))) for _ in range(1500)]
    texts += [
        "never so good",
        "not bad at all, but the delivery was the worst",
        "at least it works",
        "least helpful",
        "without doubt the best",
        "he is the bomb",
        "what a day, this is the kiss of death for us",
        "honestly the cake is to die for",
        "great service 😀 thanks",
        "it mayn't be good",
        "terrible 😡 nobody answers",
        "yeah right, that cut the mustard",
        "I do NOT like this at ALL :(",
    ]
    base, ours = SentimentIntensityAnalyzer(), _vader()
    for text in texts:
        assert ours.polarity_scores(text) == base.polarity_scores(text), text
