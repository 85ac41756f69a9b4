"""A second desktop in its own process (the colleague), for tests/server/test_realtime.py and
benchmarks/realtime_bench.py: opens its signed-in workspace, then for each JSON line on
stdin does one action and syncs it, and answers one JSON line.

    {"op": "reply", "contact_id": ID, "body": TEXT}   ->  {"at": T0, "synced": T1}
    {"op": "claim" | "release", "contact_id": ID}       ->  {"at": T0, "synced": T1}
    {"op": "sync"}                                      ->  {"at": T0, "synced": T1}

T0 is the wall time (time.time()) just before the action, T1 when the push came back.
The sign-in token comes in $LASTMILE_PEER_TOKEN (the keychain of the process that signed
in is not this one's).
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path


def main() -> int:
    import keyring
    from keyring.backend import KeyringBackend

    class Memory(KeyringBackend):
        priority = 1  # type: ignore[assignment]
        data: dict[tuple[str, str], str] = {}

        def set_password(self, s: str, u: str, p: str) -> None:
            self.data[(s, u)] = p

        def get_password(self, s: str, u: str) -> str | None:
            return self.data.get((s, u))

        def delete_password(self, s: str, u: str) -> None:
            self.data.pop((s, u), None)

    keyring.set_keyring(Memory())
    from desktop.app import Application
    from desktop.ops import Actor
    from desktop.ops import contacts as contact_ops
    from desktop.sync.client import SyncClient, store_token
    from desktop.workspace import Workspace
    from models.database import get_meta
    from models.schema import Agent

    app = Application.open(Workspace(Path(sys.argv[1])))
    login = get_meta("sync_login") or ""
    store_token(get_meta("server_url") or "", login, os.environ["LASTMILE_PEER_TOKEN"])
    actor = Actor.of(Agent.get(Agent.login == login))
    client = SyncClient(app)
    client.sync_once()
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        order = json.loads(line)
        op = order.get("op")
        if op == "quit":
            break
        at = time.time()
        if op == "reply":
            contact_ops.reply(app.mutator, actor, order["contact_id"], order["body"])
        elif op == "claim":
            contact_ops.claim(app.mutator, actor, order["contact_id"])
        elif op == "release":
            contact_ops.release(app.mutator, actor, order["contact_id"])
        client.sync_once()
        print(json.dumps({"at": at, "synced": time.time()}), flush=True)
    client.close()
    app.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
