"""`lastmile report` (issue 13): CSV figures equal the desk's (which test_supervisor.py
checks against brute force), trainees' work never counts, the PDF is one real page with the
figures (rendered back to an image by pdftoppm when present), and bad input is one line."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from pathlib import Path

import pytest

from desktop import cli, reports
from desktop import supervisor as sv
from desktop.ops import agents as agent_ops
from desktop.seed import seed
from models.base import to_ms
from tests.conftest import NOW, open_app


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return cli.run(cli.parse_args(list(argv)), out=out, err=out), out.getvalue()


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("rep") / "ws"
    app = open_app(root)
    try:
        seed(app.db, customers=100, contacts=800, now=NOW, events_per_contact=1.2, open_share=0.2)
        agent_ops.add_agent(
            app.mutator, login="sue", display_name="Sue", role="supervisor", skills={"general": 1}
        )
        conn = app.db.connection()
        trainee = conn.execute("SELECT id FROM agent WHERE role = 'trainee'").fetchone()[0]
        conn.execute("UPDATE contact SET assigned_to_id = ? WHERE rowid % 11 = 0", (trainee,))
    finally:
        app.close()
    return root


def test_csv_report_holds_the_desks_figures_without_trainees(ws: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.csv"
    code, text = run(
        "report",
        "--from",
        "2026-11-16",
        "--to",
        "2026-11-22",
        "--format",
        "csv",
        "--out",
        str(out),
        "--as",
        "sue",
        "--workspace",
        str(ws),
    )
    assert code == 0, text
    table = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert table[0] == ["section", "figure", "of", "value"]
    got = {(s, f, o): v for s, f, o, v in table[1:]}
    # brute force over the rows: backlog without the trainee's contacts
    import sqlite3

    snap = reports.report_data(next(ws.glob("*.sqlite3")), "2026-11-16..2026-11-22", to_ms(NOW))
    db = sqlite3.connect(next(ws.glob("*.sqlite3")))
    trainees = {r[0] for r in db.execute("SELECT id FROM agent WHERE role = 'trainee'")}
    backlog = sum(
        1
        for status, holder in db.execute("SELECT status, assigned_to_id FROM contact")
        if status != "resolved" and holder not in trainees
    )
    assert int(got[("backlog", "total", "")]) == backlog == snap["backlog"]["total"]
    start, end = sv.period_bounds("2026-11-16..2026-11-22", to_ms(NOW))
    answered = sum(
        1
        for rec, fr, holder in db.execute(
            "SELECT received_at, first_response_at, assigned_to_id FROM contact"
        )
        if start <= rec < end and fr is not None and holder not in trainees
    )
    assert int(got[("period", "all_first_response_n", "")]) == answered
    assert not any(o in trainees for _s, _f, o in got)  # no trainee row in any table
    db.close()


def test_pdf_report_is_one_page_with_the_figures(ws: Path, tmp_path: Path, qapp: object) -> None:
    from ui.report_pdf import write_pdf

    out = tmp_path / "r.pdf"
    reports.PDF_WRITER = write_pdf
    try:
        code, text = run(
            "report",
            "--from",
            "2026-11-16",
            "--to",
            "2026-11-22",
            "--format",
            "pdf",
            "--out",
            str(out),
            "--as",
            "sue",
            "--workspace",
            str(ws),
        )
    finally:
        reports.PDF_WRITER = None
    assert code == 0, text
    data = out.read_bytes()
    assert (
        data.startswith(b"%PDF")
        and data.count(b"/Type /Page\n") + data.count(b"/Type /Page ") + data.count(b"/Type/Page")
        <= 1
    ) or b"/Count 1" in data
    from ui.report_pdf import write_png

    png = tmp_path / "page.png"
    write_png(
        reports.report_data(next(ws.glob("*.sqlite3")), "2026-11-16..2026-11-22", to_ms(NOW)),
        png,
        "2026-11-16..2026-11-22",
    )
    shots = Path(__file__).parents[2] / "benchmarks" / "results" / "screens"
    if shots.is_dir():
        shutil.copy(png, shots / "report-page.png")
    if shutil.which("pdftoppm"):
        subprocess.run(
            ["pdftoppm", "-png", "-r", "80", str(out), str(tmp_path / "page")], check=True
        )
        pages = list(tmp_path.glob("page*.png"))
        assert len(pages) == 1
        shots = Path(__file__).parents[2] / "benchmarks" / "results" / "screens"
        if shots.is_dir():
            shutil.copy(pages[0], shots / "report-pdf.png")


def test_bad_report_input_is_one_line(ws: Path, tmp_path: Path) -> None:
    code, text = run(
        "report",
        "--from",
        "2026-11-22",
        "--to",
        "2026-11-16",
        "--out",
        str(tmp_path / "x.csv"),
        "--as",
        "sue",
        "--workspace",
        str(ws),
    )
    assert code == 1 and "ends before it starts" in text and "Traceback" not in text
    code, text = run(
        "report",
        "--from",
        "2026-11-16",
        "--to",
        "2026-11-22",
        "--out",
        str(tmp_path / "no" / "x.csv"),
        "--as",
        "sue",
        "--workspace",
        str(ws),
    )
    assert code == 1 and "no folder" in text
    code, text = run(
        "report",
        "--from",
        "2026-11-16",
        "--to",
        "2026-11-22",
        "--format",
        "pdf",
        "--out",
        str(tmp_path / "x.pdf"),
        "--as",
        "sue",
        "--workspace",
        str(ws),
    )
    assert code == 1 and "needs Qt" in text
    code, text = run(
        "report",
        "--from",
        "monday",
        "--to",
        "2026-11-22",
        "--out",
        str(tmp_path / "x.csv"),
        "--as",
        "sue",
        "--workspace",
        str(ws),
    )
    assert code == 1 and "--from is a date YYYY-MM-DD" in text


def test_every_desk_table_exports_to_csv(qapp: object, tmp_path: Path) -> None:
    from ui.supervisor.tables import RowsTable

    table = RowsTable(["Agent", "Held", "Median"])
    table.set_rows([["Ann, the first", 3, 1.5], ["Bo", 12, None]])
    assert [a.text() for a in table.actions()] == ["Export CSV…"]
    out = tmp_path / "t.csv"
    assert table.export_csv(str(out)) == 2
    got = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert got == [["Agent", "Held", "Median"], ["Ann, the first", "3", "1.5"], ["Bo", "12", ""]]
    table.deleteLater()


def test_audit_rows_filter_and_leave_trainees_out(tmp_path: Path) -> None:
    import sqlite3

    db = sqlite3.connect(tmp_path / "a.sqlite3")
    db.executescript(
        "CREATE TABLE agent (id TEXT, login TEXT, role TEXT);"
        "CREATE TABLE audit (seq INTEGER PRIMARY KEY, at INT, agent_id TEXT, action TEXT, "
        "entity TEXT, entity_id TEXT, detail TEXT);"
        "INSERT INTO agent VALUES ('s', 'sue', 'supervisor'), ('t', 'tia', 'trainee'),"
        " ('b', 'ben', 'agent');"
    )
    lines = [
        (10, "b", "contact.claim", "c1", "{}"),
        (20, "b", "contact.reply", "c1", '{"body": "Refund sent"}'),
        (30, "s", "contact.assign", "c1", "{}"),
        (40, "t", "contact.reply", "c2", "{}"),
        (50, "s", "customer.merge", "k9", "{}"),
    ]
    db.executemany(
        "INSERT INTO audit (at, agent_id, action, entity, entity_id, detail) "
        "VALUES (?, ?, ?, 'contact', ?, ?)",
        lines,
    )
    every = reports.audit_rows(db)
    assert [r[0] for r in every] == [50, 30, 20, 10]  # newest first, the trainee's gone
    assert [r[0] for r in reports.audit_rows(db, agent="BEN")] == [20, 10]
    assert [r[0] for r in reports.audit_rows(db, kind="reply")] == [20]
    assert [r[0] for r in reports.audit_rows(db, start_ms=20, end_ms=50)] == [30, 20]
    assert [r[0] for r in reports.audit_rows(db, text="refund")] == [20]
    assert [r[0] for r in reports.audit_rows(db, text="k9")] == [50]
    out = io.StringIO()
    assert reports.write_csv(out, reports.AUDIT_HEADER, every) == 4
    db.close()
