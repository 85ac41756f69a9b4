"""No new user-visible string bypasses the catalogue (issue 15, second language).

tools/i18n_catalogue.unmarked() finds literals handed straight to widgets (setText,
QLabel, setWindowTitle, …) in ui/. The files below still have some (counted when this
test was written); a file may only go down, a file not listed must have none, so a new
string without tr fails here. Lower a count when you mark strings; remove the file at 0.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from PySide6.QtCore import QTranslator

from desktop.paths import resource
from tools.i18n_catalogue import unmarked

NOT_YET_MARKED = {
    "ui/admin/agents.py": 17,
    "ui/admin/dialog.py": 1,
    "ui/admin/hours.py": 8,
    "ui/admin/settings.py": 7,
    "ui/admin/templates.py": 17,
    "ui/app.py": 8,
    "ui/contact_panel.py": 20,
    "ui/controllers/callpop.py": 2,
    "ui/controllers/queue.py": 2,
    "ui/controllers/server.py": 3,
    "ui/controllers/timers.py": 1,
    "ui/controllers/training.py": 3,
    "ui/customer_card.py": 4,
    "ui/customer_dialogs.py": 21,
    "ui/mail_status.py": 8,
    "ui/main_window.py": 2,  # the product name
    "ui/message_bar.py": 1,
    "ui/message_extras.py": 6,
    "ui/offer.py": 6,
    "ui/selftest.py": 1,
    "ui/sign_in.py": 7,
    "ui/supervisor/__init__.py": 1,
    "ui/supervisor/view.py": 28,
    "ui/training_feedback.py": 2,
    "ui/training_panel.py": 11,
}


def test_no_new_string_bypasses_the_catalogue() -> None:
    now = {file: len(texts) for file, texts in unmarked().items()}
    grown = {
        f: (n, NOT_YET_MARKED.get(f, 0)) for f, n in now.items() if n > NOT_YET_MARKED.get(f, 0)
    }
    assert grown == {}, "strings shown without tr (now, allowed): " + repr(
        {f: unmarked()[f] for f in grown}
    )


def test_the_finder_sees_an_unmarked_string(tmp_path, monkeypatch) -> None:
    import tools.i18n_catalogue as catalogue

    (tmp_path / "ui").mkdir()
    (tmp_path / "ui" / "x.py").write_text(
        'label.setText("Hello there")\nlabel.setText(tr("Marked"))\nlog.warning("not shown")\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(catalogue, "ROOT", tmp_path)
    assert catalogue.unmarked() == {"ui/x.py": ["Hello there"]}


def test_the_bundle_resources_are_there() -> None:
    for name in ("lastmile.png", "lastmile.ico", "lastmile.icns"):
        assert resource("icons", name).stat().st_size > 1000
    # the compiled catalogue says what the .ts says (built after the last edit)
    translator = QTranslator()
    assert translator.load(str(resource("i18n", "lastmile_de.qm")))
    stale = [
        (ctx.findtext("name"), m.findtext("source"))
        for ctx in ET.parse(resource("i18n", "lastmile_de.ts")).getroot().iter("context")
        for m in ctx.iter("message")
        if translator.translate(ctx.findtext("name") or "", m.findtext("source") or "")
        != (m.findtext("translation") or "")
    ]
    assert stale == []
    spec = (resource("icons", "lastmile.png").parents[2] / "build.spec").read_text()
    assert '"resources"' in spec and "lastmile.ico" in spec and "version=version_file" in spec
