"""models/imap.py's Watch against a real Dovecot: mail that arrives while a round is
running (after its search for new UIDs) is taken in at once, not after the next IDLE
times out — the server announced it during the round's own commands and would not
announce it again."""

from __future__ import annotations

import threading
import time

from models.imap import Session, Watch, new_uids, open_session
from tests.mailservers import PASSWORD, USER, Dovecot


def raw(n: str) -> bytes:
    return f"From: Joan <joan@example.com>\nSubject: {n}\nMessage-ID: <{n}@x>\n\nhi\n".encode()


def test_mail_arriving_during_a_round_is_taken_in_at_once(dovecot: Dovecot) -> None:
    stop = threading.Event()
    rounds: list[tuple[float, list[int]]] = []
    states: list[tuple[str, str]] = []
    last = [0]
    delivered = [0.0]

    def connect() -> Session:
        return open_session(
            host="127.0.0.1",
            port=dovecot.port,
            secure=False,
            user=USER,
            password=PASSWORD,
            folder="INBOX",
        )

    def take_in(session: Session) -> None:
        uids = new_uids(session, last[0])
        rounds.append((time.monotonic(), uids))
        if uids:
            last[0] = uids[-1]
        if len(rounds) == 1:  # a mail comes right after the search ...
            dovecot.deliver(raw(f"during-{time.time_ns()}"))
            delivered[0] = time.monotonic()
            session.imap.noop()  # ... and is announced during a command of this round
        if len(rounds) >= 2:
            stop.set()

    watch = Watch(
        "test",
        connect=connect,
        take_in=take_in,
        record=lambda error, mode, _delay: states.append((error, mode)),
        stop=stop,
        idle_s=30.0,  # a missed announcement would cost this long
    )
    thread = threading.Thread(target=watch.run, daemon=True)
    thread.start()
    thread.join(20)
    assert not thread.is_alive()
    assert len(rounds) >= 2 and rounds[1][1], rounds
    assert rounds[1][0] - delivered[0] < 5.0
    assert states[0] == ("", "idle")  # Dovecot offers IDLE
