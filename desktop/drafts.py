"""Reply drafts per contact, kept as the agent types (also across a restart or a crash):
a small JSON file in the workspace, readable by its owner only, written atomically.
Drafts are this desktop's own: they never sync."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

log = logging.getLogger("lastmile.drafts")

MAX_DRAFTS = 500  # the oldest go first


class DraftStore:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._drafts: dict[str, str] = {}
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(data, dict):
                self._drafts = {str(k): str(v) for k, v in data.items()}
        except FileNotFoundError:
            pass
        except (OSError, ValueError) as exc:  # a damaged file loses no work of today
            log.warning("drafts not read from %s: %s", path, exc)
        self._dirty = False

    def get(self, contact_id: str) -> str:
        return self._drafts.get(contact_id, "")

    def put(self, contact_id: str, text: str) -> None:
        if text.strip():
            self._drafts.pop(contact_id, None)
            self._drafts[contact_id] = text  # newest last
            while len(self._drafts) > MAX_DRAFTS:
                self._drafts.pop(next(iter(self._drafts)))
        elif contact_id not in self._drafts:
            return
        else:
            del self._drafts[contact_id]
        self._dirty = True

    def remove(self, contact_id: str) -> None:
        if self._drafts.pop(contact_id, None) is not None:
            self._dirty = True

    def save(self) -> None:
        if not self._dirty:
            return
        temporary = self.path.with_name(self.path.name + ".tmp")
        try:
            fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(self._drafts, handle)
            os.replace(temporary, self.path)
            self._dirty = False
        except OSError as exc:  # read-only folder, full disk: the text stays in the window
            log.warning("drafts not saved: %s", exc)
